import type { ExpressionNode } from './ast.ts';
import { compileTest, type Test } from './compile-condition.ts';
import { parseCondition } from './condition-parser.ts';
import type { ExpressionKind } from './errors.ts';
import { ExpressionCache } from './expression-cache.ts';
import { conditionChecks, type ValueCheck } from './expression-checks.ts';
import { collectPlaceholders, type Placeholders } from './placeholders.ts';

/** A condition or filter expression, parsed, checked and compiled once per text. */
export interface CompiledCondition extends Placeholders {
  readonly node: ExpressionNode;
  readonly test: Test;
  readonly checks: readonly ValueCheck[];
  /** The first segment of every path (a name or `#name`): a filter may not read key attributes. */
  readonly attributes: readonly string[];
}

const conditions = new ExpressionCache<CompiledCondition>((text) => {
  const node = parseCondition(text);
  return {
    node,
    test: compileTest(node),
    checks: conditionChecks(node),
    attributes: firstSegments(node),
    ...collectPlaceholders([node]),
  };
});

/** The compiled condition of `text`; `ValidationException` naming `kind` if DynamoDB would refuse it. */
export function compiledCondition(text: string, kind: ExpressionKind): CompiledCondition {
  return conditions.get(text, kind);
}

function firstSegments(node: ExpressionNode): string[] {
  switch (node.kind) {
    case 'path':
      return [node.segments[0] as string];
    case 'value':
      return [];
    case 'function':
      return node.args.flatMap(firstSegments);
    case 'not':
      return firstSegments(node.operand);
    case 'between':
      return [node.operand, node.low, node.high].flatMap(firstSegments);
    case 'in':
      return [node.operand, ...node.list].flatMap(firstSegments);
    default:
      return [...firstSegments(node.left), ...firstSegments(node.right)];
  }
}

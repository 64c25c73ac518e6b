import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { ExpressionNode } from './ast.ts';
import { typeOf } from './attribute-values.ts';
import { type CompiledCondition, compiledCondition } from './condition-expression.ts';
import { resolveName, type Scope } from './document-path.ts';
import { ExpressionError, validationError } from './errors.ts';
import { ExpressionCache } from './expression-cache.ts';
import { bytesStartWith, compareValues } from './ordering.ts';
import type { Table } from './table.ts';

/**
 * KeyConditionExpression: `=` on the partition key, optionally AND one condition on the sort key
 * (`=`, `<`, `<=`, `>`, `>=`, `BETWEEN`, `begins_with`), in either order, operands either side.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.KeyConditionExpressions.html
 */
export interface CompiledKeyCondition {
  readonly condition: CompiledCondition;
  readonly terms: readonly KeyTerm[];
}

/** One condition on one key attribute. */
interface KeyTerm {
  /** The attribute: a name or `#name`. */
  readonly attribute: string;
  readonly operator: '=' | '<' | '<=' | '>' | '>=' | 'BETWEEN' | 'begins_with';
  /** The `:value` placeholders it compares with. */
  readonly values: readonly string[];
}

/** The partition to read and the test of each item's sort key. */
export interface KeyRange {
  readonly partition: AttributeValue;
  readonly sortTest: ((sortValue: AttributeValue) => boolean) | undefined;
}

const FLIPPED = { '=': '=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' } as const;

const keyConditions = new ExpressionCache<CompiledKeyCondition>((text) => {
  const condition = compiledCondition(text, 'KeyConditionExpression');
  return { condition, terms: termsOf(condition.node) };
});

/** The compiled key condition of `text`; `ValidationException` if DynamoDB would refuse it. */
export function compiledKeyCondition(text: string): CompiledKeyCondition {
  return keyConditions.get(text, 'KeyConditionExpression');
}

function termsOf(node: ExpressionNode): KeyTerm[] {
  if (node.kind === 'and') return [...termsOf(node.left), ...termsOf(node.right)];
  if (node.kind === 'compare') {
    if (node.operator === '<>') throw unsupportedOperator('<>');
    if (node.left.kind === 'path' && node.right.kind === 'value') {
      return [term(node.left.segments, node.operator, [node.right.name])];
    }
    if (node.left.kind === 'value' && node.right.kind === 'path') {
      return [term(node.right.segments, FLIPPED[node.operator], [node.left.name])];
    }
  } else if (node.kind === 'between' && node.operand.kind === 'path') {
    const bounds = [node.low, node.high].flatMap((bound) => (bound.kind === 'value' ? [bound.name] : []));
    if (bounds.length === 2) return [term(node.operand.segments, 'BETWEEN', bounds)];
  } else if (node.kind === 'function' && node.name === 'begins_with') {
    const [path, prefix] = node.args;
    if (path?.kind === 'path' && prefix?.kind === 'value')
      return [term(path.segments, 'begins_with', [prefix.name])];
  } else {
    throw unsupportedOperator(node.kind === 'function' ? node.name : node.kind.toUpperCase());
  }
  throw new ExpressionError('Query key condition not supported', false);
}

function term(
  segments: readonly (string | number)[],
  operator: KeyTerm['operator'],
  values: string[],
): KeyTerm {
  if (segments.length !== 1) throw new ExpressionError('Query key condition not supported', false);
  return { attribute: segments[0] as string, operator, values };
}

function unsupportedOperator(operator: string): ExpressionError {
  return new ExpressionError(`Invalid operator used in KeyConditionExpression: ${operator}`, false);
}

/** The key condition in a request's scope, checked against the table's key schema. */
export function keyRange(keyCondition: CompiledKeyCondition, scope: Scope, table: Table): KeyRange {
  const { partitionKey, sortKey } = table.spec;
  const byKey = new Map<string, KeyTerm>();
  for (const each of keyCondition.terms) {
    const name = resolveName(each.attribute, scope);
    if (byKey.has(name))
      throw validationError('KeyConditionExpressions must only contain one condition per key');
    if (name !== partitionKey && name !== sortKey) {
      throw validationError(`Query condition missed key schema element: ${sortKey ?? partitionKey}`);
    }
    byKey.set(name, each);
  }
  const partitionTerm = byKey.get(partitionKey);
  if (!partitionTerm) throw validationError(`Query condition missed key schema element: ${partitionKey}`);
  if (partitionTerm.operator !== '=') throw validationError('Query key condition not supported');
  const partition = keyValue(partitionTerm, 0, scope, table.keyType('partition'));
  const sortTerm = sortKey === undefined ? undefined : byKey.get(sortKey);
  return { partition, sortTest: sortTerm && sortTest(sortTerm, scope, table.keyType('sort')) };
}

function keyValue(each: KeyTerm, index: number, scope: Scope, type: string | undefined): AttributeValue {
  const value = scope.values[each.values[index] as string] as AttributeValue;
  const valueType = typeOf(value);
  if ((type !== undefined && valueType !== type) || !['S', 'N', 'B'].includes(valueType)) {
    throw validationError(
      'One or more parameter values were invalid: Condition parameter type does not match schema type',
    );
  }
  return value;
}

function sortTest(
  each: KeyTerm,
  scope: Scope,
  type: string | undefined,
): (sortValue: AttributeValue) => boolean {
  const first = keyValue(each, 0, scope, type);
  const order = (sortValue: AttributeValue) => compareValues(sortValue, first) ?? Number.NaN;
  switch (each.operator) {
    case '=':
      return (sortValue) => order(sortValue) === 0;
    case '<':
      return (sortValue) => order(sortValue) < 0;
    case '<=':
      return (sortValue) => order(sortValue) <= 0;
    case '>':
      return (sortValue) => order(sortValue) > 0;
    case '>=':
      return (sortValue) => order(sortValue) >= 0;
    case 'BETWEEN': {
      const last = keyValue(each, 1, scope, type);
      return (sortValue) => order(sortValue) >= 0 && (compareValues(sortValue, last) ?? Number.NaN) <= 0;
    }
    default:
      return (sortValue) => beginsWith(sortValue, first);
  }
}

function beginsWith(value: AttributeValue, prefix: AttributeValue): boolean {
  if (value.S !== undefined && prefix.S !== undefined) return value.S.startsWith(prefix.S);
  return value.B !== undefined && prefix.B !== undefined && bytesStartWith(value.B, prefix.B);
}

import type { ExpressionNode, UpdateAction, UpdateNode } from './ast.ts';
import { ExpressionError } from './errors.ts';
import { parsePath, parsePrimary } from './operand-parser.ts';
import { TokenStream } from './token-stream.ts';

/**
 * Update expressions: up to four clauses in any order, each at most once, each a comma-separated
 * list of actions.
 *
 * ```
 * update ::= [SET path = value (, …)] [REMOVE path (, …)] [ADD path :value (, …)] [DELETE path :value (, …)]
 * value  ::= operand | operand + operand | operand - operand
 * operand ::= path | :value | if_not_exists(path, value) | list_append(value, value)
 * ```
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html
 */
type Clause = keyof UpdateNode;
const CLAUSES: Readonly<Record<string, Clause>> = {
  SET: 'set',
  REMOVE: 'remove',
  ADD: 'add',
  DELETE: 'delete',
};

/** The clauses of an update expression's text; `ExpressionError` for anything DynamoDB would refuse. */
export function parseUpdate(text: string): UpdateNode {
  const stream = new TokenStream(text, 'update');
  const clauses: Partial<Record<Clause, UpdateAction[]>> = {};
  while (!stream.at('eof')) {
    const keyword = stream.next();
    const clause = keyword.kind === 'name' ? CLAUSES[keyword.text.toUpperCase()] : undefined;
    if (clause === undefined) throw stream.syntaxError(keyword);
    if (clauses[clause]) {
      throw new ExpressionError(
        `The "${keyword.text.toUpperCase()}" section can only be used once in an update expression;`,
      );
    }
    clauses[clause] = parseActions(stream, clause);
  }
  return {
    set: clauses.set ?? [],
    remove: clauses.remove ?? [],
    add: clauses.add ?? [],
    delete: clauses.delete ?? [],
  };
}

function parseActions(stream: TokenStream, clause: Clause): UpdateAction[] {
  const actions: UpdateAction[] = [];
  do actions.push(parseAction(stream, clause));
  while (stream.at(',') && stream.next());
  return actions;
}

function parseAction(stream: TokenStream, clause: Clause): UpdateAction {
  const path = parsePath(stream);
  switch (clause) {
    case 'set':
      if (stream.peek().text !== '=') throw stream.syntaxError();
      stream.next();
      return { path, value: parseSetValue(stream) };
    case 'remove':
      return { path };
    default: {
      const value = stream.expect('valueRef');
      return { path, value: { kind: 'value', name: value.text } };
    }
  }
}

/** `operand`, or `operand + operand` / `operand - operand`. */
function parseSetValue(stream: TokenStream): ExpressionNode {
  const left = parsePrimary(stream, parseSetValue);
  if (!stream.at('arithmetic')) return left;
  const operator = stream.next().text as '+' | '-';
  const right = parsePrimary(stream, parseSetValue);
  return { kind: 'arithmetic', operator, left, right };
}

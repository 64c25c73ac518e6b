import { type Comparator, type ExpressionNode, isCondition } from './ast.ts';
import { ExpressionError } from './errors.ts';
import type { Token } from './lexer.ts';
import { parsePrimary, requireOperand } from './operand-parser.ts';
import { TokenStream } from './token-stream.ts';

/**
 * Condition expressions (ConditionExpression, FilterExpression, KeyConditionExpression) with
 * DynamoDB's precedence, loosest first: `OR`, `AND`, `NOT`, then comparisons, `BETWEEN`, `IN`
 * and functions; parentheses override it.
 *
 * ```
 * condition ::= operand comparator operand | operand BETWEEN operand AND operand
 *             | operand IN ( operand (, operand)* ) | function
 *             | condition AND condition | condition OR condition | NOT condition | ( condition )
 * ```
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html
 */
const MAX_IN_OPERANDS = 100;

/** The condition of an expression's text; `ExpressionError` for anything DynamoDB would refuse. */
export function parseCondition(text: string): ExpressionNode {
  const stream = new TokenStream(text, 'condition');
  const node = parseOr(stream);
  requireCondition(stream, node, stream.peek());
  stream.expectEnd();
  return node;
}

function parseOr(stream: TokenStream): ExpressionNode {
  let left = parseAnd(stream);
  while (stream.atKeyword('OR')) {
    const operator = stream.next();
    const right = parseAnd(stream);
    left = {
      kind: 'or',
      left: requireCondition(stream, left, operator),
      right: requireCondition(stream, right, operator),
    };
  }
  return left;
}

function parseAnd(stream: TokenStream): ExpressionNode {
  let left = parseNot(stream);
  while (stream.atKeyword('AND')) {
    const operator = stream.next();
    const right = parseNot(stream);
    left = {
      kind: 'and',
      left: requireCondition(stream, left, operator),
      right: requireCondition(stream, right, operator),
    };
  }
  return left;
}

function parseNot(stream: TokenStream): ExpressionNode {
  if (!stream.atKeyword('NOT')) return parseComparison(stream);
  const operator = stream.next();
  return { kind: 'not', operand: requireCondition(stream, parseNot(stream), operator) };
}

function parseComparison(stream: TokenStream): ExpressionNode {
  const left = parsePrimary(stream, parseOr);
  if (stream.at('comparator')) {
    const operator = stream.next().text as Comparator;
    const right = requireOperand(parsePrimary(stream, parseOr));
    return { kind: 'compare', operator, left: requireOperand(left), right };
  }
  if (stream.atKeyword('BETWEEN')) {
    stream.next();
    const low = requireOperand(parsePrimary(stream, parseOr));
    stream.expectKeyword('AND');
    const high = requireOperand(parsePrimary(stream, parseOr));
    return { kind: 'between', operand: requireOperand(left), low, high };
  }
  if (stream.atKeyword('IN')) return parseIn(stream, requireOperand(left));
  return left;
}

function parseIn(stream: TokenStream, operand: ExpressionNode): ExpressionNode {
  stream.next();
  stream.expect('(');
  const list: ExpressionNode[] = [];
  do list.push(requireOperand(parsePrimary(stream, parseOr)));
  while (stream.at(',') && stream.next());
  stream.expect(')');
  if (list.length > MAX_IN_OPERANDS) {
    throw new ExpressionError(
      `The IN operator is provided with too many operands; number of operands: ${list.length}`,
    );
  }
  return { kind: 'in', operand, list };
}

/** The node, which must be a condition where `at` stands (an operator, or the end). */
function requireCondition(stream: TokenStream, node: ExpressionNode, at: Token): ExpressionNode {
  if (isCondition(node)) return node;
  if (node.kind === 'function') {
    throw new ExpressionError(
      `The function is not allowed to be used this way in an expression; function: ${node.name}`,
    );
  }
  throw stream.syntaxError(at);
}

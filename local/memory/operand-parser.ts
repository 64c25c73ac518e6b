import {
  CONDITION_FUNCTIONS,
  type ExpressionNode,
  FUNCTION_ARITY,
  type FunctionName,
  type FunctionNode,
  isCondition,
  type PathNode,
  type PathSegment,
  UPDATE_FUNCTIONS,
} from './ast.ts';
import { ExpressionError } from './errors.ts';
import type { Token } from './lexer.ts';
import { isReservedWord } from './reserved-words.ts';
import type { TokenStream } from './token-stream.ts';

/**
 * Operands shared by every expression: document paths (`a.b[0].#c`), `:value` placeholders,
 * function calls and parenthesized expressions.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html
 */

/** Words of the grammar itself: never attribute names. */
const KEYWORDS: ReadonlySet<string> = new Set([
  'AND',
  'OR',
  'NOT',
  'BETWEEN',
  'IN',
  'SET',
  'REMOVE',
  'ADD',
  'DELETE',
]);
const MAX_PATH_DEPTH = 32;
const MAX_LIST_INDEX = 2 ** 31 - 1;

/** Parses what goes inside parentheses, which depends on the expression. */
export type InnerParser = (stream: TokenStream) => ExpressionNode;

/** A path, a `:value`, a function call, or `( inner )`. */
export function parsePrimary(stream: TokenStream, inner: InnerParser): ExpressionNode {
  const token = stream.peek();
  if (token.kind === '(') {
    stream.next();
    const node = inner(stream);
    stream.expect(')');
    return stream.markParenthesized(node);
  }
  if (token.kind === 'valueRef') {
    stream.next();
    return { kind: 'value', name: token.text };
  }
  if (token.kind === 'name' && stream.peek(1).kind === '(') return parseFunction(stream, inner);
  return parsePath(stream);
}

/** A document path: a name or `#name`, then `.name`, `.#name` or `[index]` elements. */
export function parsePath(stream: TokenStream): PathNode {
  const segments: PathSegment[] = [nameSegment(stream, stream.next())];
  for (;;) {
    if (stream.at('.')) {
      stream.next();
      segments.push(nameSegment(stream, stream.next()));
    } else if (stream.at('[')) {
      stream.next();
      segments.push(listIndex(stream.expect('index')));
      stream.expect(']');
    } else break;
  }
  if (segments.length > MAX_PATH_DEPTH) {
    throw new ExpressionError(
      `The document path has too many nesting levels; nesting levels: ${segments.length}`,
    );
  }
  return { kind: 'path', segments };
}

function nameSegment(stream: TokenStream, token: Token): string {
  if (token.kind === 'nameRef') return token.text;
  if (token.kind !== 'name' || KEYWORDS.has(token.text.toUpperCase())) throw stream.syntaxError(token);
  if (isReservedWord(token.text)) {
    throw new ExpressionError(`Attribute name is a reserved keyword; reserved keyword: ${token.text}`);
  }
  return token.text;
}

function listIndex(token: Token): number {
  const index = Number(token.text);
  if (index > MAX_LIST_INDEX) {
    throw new ExpressionError(`List index is not within the allowable range; index: [${token.text}]`);
  }
  return index;
}

function parseFunction(stream: TokenStream, inner: InnerParser): FunctionNode {
  const name = stream.next().text;
  checkFunctionAllowed(stream, name);
  stream.expect('(');
  const args: ExpressionNode[] = [];
  if (!stream.at(')')) {
    do args.push(requireOperand(parsePrimary(stream, inner)));
    while (stream.at(',') && stream.next());
  }
  stream.expect(')');
  const functionName = name as FunctionName;
  if (args.length !== FUNCTION_ARITY[functionName]) {
    throw new ExpressionError(
      `Incorrect number of operands for operator or function; operator or function: ${name}, number of operands: ${args.length}`,
    );
  }
  requirePaths(functionName, args);
  return { kind: 'function', name: functionName, args };
}

function checkFunctionAllowed(stream: TokenStream, name: string): void {
  const isConditionFunction = (CONDITION_FUNCTIONS as readonly string[]).includes(name);
  const isUpdateFunction = (UPDATE_FUNCTIONS as readonly string[]).includes(name);
  if (!isConditionFunction && !isUpdateFunction && name !== 'size') {
    throw new ExpressionError(`Invalid function name; function: ${name}`);
  }
  if (stream.context === 'condition' && isUpdateFunction) {
    throw new ExpressionError(`The function is not allowed in a condition expression; function: ${name}`);
  }
  if (stream.context === 'update' && !isUpdateFunction) {
    throw new ExpressionError(`The function is not allowed in an update expression; function: ${name}`);
  }
}

/** Functions whose first argument names an attribute, not a value. */
const PATH_FIRST: ReadonlySet<FunctionName> = new Set([
  'attribute_exists',
  'attribute_not_exists',
  'attribute_type',
  'if_not_exists',
]);

function requirePaths(name: FunctionName, args: readonly ExpressionNode[]): void {
  if (PATH_FIRST.has(name) && args[0]?.kind !== 'path') {
    throw new ExpressionError(`Operator or function requires a document path; operator or function: ${name}`);
  }
}

/** The node, which must be a value (a path, a `:value`, `size`…), not a condition. */
export function requireOperand(node: ExpressionNode): ExpressionNode {
  if (!isCondition(node)) return node;
  if (node.kind === 'function') {
    throw new ExpressionError(
      `The function is not allowed to be used this way in an expression; function: ${node.name}`,
    );
  }
  throw new ExpressionError('Syntax error; a condition was found where an operand is expected');
}

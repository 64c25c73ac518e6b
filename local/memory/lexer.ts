import { ExpressionError } from './errors.ts';

/**
 * The tokens of DynamoDB's expression language: names (`a-z A-Z` then `a-z A-Z 0-9 _`),
 * `#name` and `:value` placeholders (`a-z A-Z 0-9 _` after the sign), list indexes, and the
 * punctuation and comparators. Keywords (`AND`, `SET`…) are names, told apart by the parser.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.Attributes.html
 */
/** What a token is. */
export type TokenKind =
  | 'name'
  | 'nameRef'
  | 'valueRef'
  | 'index'
  | 'comparator'
  | 'arithmetic'
  | ','
  | '('
  | ')'
  | '.'
  | '['
  | ']'
  | 'eof';

/** One token and where it starts. */
export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** Where the token starts in the expression. */
  readonly at: number;
}

const NAME = /[A-Za-z][A-Za-z0-9_]*/y;
const PLACEHOLDER = /[#:][A-Za-z0-9_]+/y;
const INDEX = /[0-9]+/y;
const COMPARATOR = /<>|<=|>=|[=<>]/y;
const SINGLE: Record<string, TokenKind> = {
  ',': ',',
  '(': '(',
  ')': ')',
  '.': '.',
  '[': '[',
  ']': ']',
  '+': 'arithmetic',
  '-': 'arithmetic',
};

/** The expression's tokens, ending with `eof`; an unknown character is a syntax error. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const code = text.charCodeAt(at);
    if (code === 32 || code === 9 || code === 10 || code === 13) {
      at += 1;
      continue;
    }
    const token = readToken(text, at);
    tokens.push(token);
    at += token.text.length;
  }
  tokens.push({ kind: 'eof', text: '<EOF>', at: text.length });
  return tokens;
}

function readToken(text: string, at: number): Token {
  const single = SINGLE[text.charAt(at)];
  if (single) return { kind: single, text: text.charAt(at), at };
  const matched =
    match(NAME, 'name', text, at) ??
    match(PLACEHOLDER, text.charAt(at) === '#' ? 'nameRef' : 'valueRef', text, at) ??
    match(INDEX, 'index', text, at) ??
    match(COMPARATOR, 'comparator', text, at);
  if (matched) return matched;
  throw new ExpressionError(`Syntax error; token: "${text.charAt(at)}", near: "${near(text, at)}"`);
}

function match(pattern: RegExp, kind: TokenKind, text: string, at: number): Token | undefined {
  pattern.lastIndex = at;
  const found = pattern.exec(text);
  return found ? { kind, text: found[0], at } : undefined;
}

/** A few characters either side of a position, as DynamoDB quotes them in syntax errors. */
export function near(text: string, at: number): string {
  const start = text.lastIndexOf(' ', Math.max(0, at - 2)) + 1;
  const end = text.indexOf(' ', at + 1);
  return text.slice(start, end < 0 ? text.length : end);
}

import type { ExpressionNode } from './ast.ts';
import { ExpressionError } from './errors.ts';
import { type Token, type TokenKind, tokenize } from './lexer.ts';

/** Where an expression is parsed: the functions allowed differ. */
export type ExpressionContext = 'condition' | 'update' | 'projection';

/** The tokens of one expression, read front to back by the parsers. */
export class TokenStream {
  readonly #tokens: Token[];
  #position = 0;
  /** Nodes written inside parentheses, to refuse `((…))` as DynamoDB does. */
  readonly #parenthesized = new WeakSet<ExpressionNode>();

  constructor(
    readonly text: string,
    readonly context: ExpressionContext,
  ) {
    if (text.trim().length === 0) throw new ExpressionError('The expression can not be empty;');
    this.#tokens = tokenize(text);
  }

  /** The token `offset` places ahead, without taking it. */
  peek(offset = 0): Token {
    return this.#tokens[Math.min(this.#position + offset, this.#tokens.length - 1)] as Token;
  }

  next(): Token {
    const token = this.peek();
    if (this.#position < this.#tokens.length - 1) this.#position += 1;
    return token;
  }

  /** Whether the next token is `kind`. */
  at(kind: TokenKind): boolean {
    return this.peek().kind === kind;
  }

  /** Whether the next token is the keyword `word` (any case). */
  atKeyword(word: string): boolean {
    const token = this.peek();
    return token.kind === 'name' && token.text.toUpperCase() === word;
  }

  /** Takes the next token, which must be `kind`. */
  expect(kind: TokenKind): Token {
    if (!this.at(kind)) throw this.syntaxError();
    return this.next();
  }

  /** Takes the keyword `word`, which must come next. */
  expectKeyword(word: string): Token {
    if (!this.atKeyword(word)) throw this.syntaxError();
    return this.next();
  }

  /** DynamoDB's syntax error at a token (the next one unless given), quoting the text around it. */
  syntaxError(token: Token = this.peek()): ExpressionError {
    const index = this.#tokens.indexOf(token);
    const previous = index > 0 ? (this.#tokens[index - 1] as Token) : token;
    const near = this.text.slice(previous.at, token.at + (token.kind === 'eof' ? 0 : token.text.length));
    return new ExpressionError(`Syntax error; token: "${token.text}", near: "${near}"`);
  }

  /** Records that `node` was written in parentheses; `((node))` is refused. */
  markParenthesized(node: ExpressionNode): ExpressionNode {
    if (this.#parenthesized.has(node)) {
      throw new ExpressionError('The expression has redundant parentheses;');
    }
    this.#parenthesized.add(node);
    return node;
  }

  /** Fails unless every token was read. */
  expectEnd(): void {
    if (!this.at('eof')) throw this.syntaxError();
  }
}

import { ExpressionError, type ExpressionKind, invalidExpression, validationError } from './errors.ts';

/** Expressions kept per cache; past it the cache starts over (tests repeat a few expressions). */
const CAPACITY = 10_000;

/**
 * Compiled expressions by their text. The same few expressions come back thousands of times in a
 * test run with other values, so each text is parsed, checked and compiled once; a text DynamoDB
 * would refuse is remembered too, and refused again at once.
 */
export class ExpressionCache<T> {
  readonly #entries = new Map<string, T | ExpressionError>();
  readonly #compile: (text: string) => T;

  constructor(compile: (text: string) => T) {
    this.#compile = compile;
  }

  /** The compiled expression; `ValidationException: Invalid <kind>: …` when DynamoDB would refuse it. */
  get(text: string, kind: ExpressionKind): T {
    const entry = this.#entries.get(text) ?? this.#add(text);
    if (entry instanceof ExpressionError) {
      throw entry.prefixed ? invalidExpression(kind, entry.message) : validationError(entry.message);
    }
    return entry;
  }

  #add(text: string): T | ExpressionError {
    let entry: T | ExpressionError;
    try {
      entry = this.#compile(text);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      entry = error;
    }
    if (this.#entries.size >= CAPACITY) this.#entries.clear();
    this.#entries.set(text, entry);
    return entry;
  }
}

import type { InputValidator } from './input-schema.ts';

/** What a saga accepts as input: the starter and the local engines check the same rules. */
export interface SagaInputRules {
  /** The largest saga input, in bytes of its JSON (the saga's `maxInputBytes`). */
  readonly maxInputBytes: number;
  /** The saga's input schema, compiled, when it declares one. */
  readonly validateInput?: InputValidator;
}

/**
 * Why a saga input cannot start a saga, or `undefined` when it can: not an object, an integer JSON
 * cannot carry exactly, larger than the saga allows, or against its schema. `where` names the input
 * in the reason (`detail`, or the path it was read from).
 */
export function sagaInputProblem(input: unknown, rules: SagaInputRules, where: string): string | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return `no saga input object at "${where}"`;
  }
  const inexact = firstUnsafeInteger(input, where === '(the whole message)' ? '' : where);
  if (inexact) {
    return `the input holds at "${inexact}" an integer beyond what JSON numbers carry exactly (2^53): send it as a string`;
  }
  const bytes = Buffer.byteLength(JSON.stringify(input), 'utf8');
  if (bytes > rules.maxInputBytes) {
    return `the saga input at "${where}" is ${bytes} bytes, over the saga's maxInputBytes ${rules.maxInputBytes}: send references (ids, S3 keys), not documents`;
  }
  const invalid = rules.validateInput?.(input);
  return invalid ? `the saga input does not match the saga's inputSchema: ${invalid}` : undefined;
}

/** The path of the first integer in `value` that JSON parsing may have rounded, or `undefined`. */
function firstUnsafeInteger(value: unknown, path: string): string | undefined {
  if (typeof value === 'number')
    return Number.isInteger(value) && !Number.isSafeInteger(value) ? path : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    const found = firstUnsafeInteger(inner, path ? `${path}.${key}` : key);
    if (found) return found;
  }
  return undefined;
}

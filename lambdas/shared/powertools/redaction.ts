/**
 * Redaction of sensitive values before anything is logged, stored as an error message or
 * persisted (step outputs in the event log, idempotency records): by key (a property whose name
 * is sensitive, see `redaction/sensitive-keys.ts` for the rule) and by value (a `password=…`
 * pair, a URL's password, a bearer token, a JWT, a social security number or a card number inside
 * a text; a card number written as a number).
 */
import { isCardNumberValue } from './redaction/card-numbers.ts';
import { redactTokens, redactUrlAndCookieCredentials } from './redaction/credentials.ts';
import { redactIdentityNumbers } from './redaction/identity-numbers.ts';
import { holdsSecret, type RedactedValue, redactJsonValue } from './redaction/redact-value.ts';
import { REDACTED } from './redaction/redacted.ts';
import { secretPairRedactor } from './redaction/secret-pairs.ts';
import { DEFAULT_SENSITIVE_KEYS, SensitiveKeyRule } from './redaction/sensitive-keys.ts';

export { clipText } from './redaction/clip-text.ts';
export type { RedactedValue } from './redaction/redact-value.ts';
export { REDACTED } from './redaction/redacted.ts';
export {
  DEFAULT_SENSITIVE_KEYS,
  KEY_DESCRIPTOR_PREFIXES,
  SENSITIVE_KEY_FRAGMENTS,
  SENSITIVE_KEY_WORDS,
} from './redaction/sensitive-keys.ts';

/**
 * How many keys a redactor remembers its decision for. Property names repeat (the same few
 * dozen on every log line), so the cache saves the rule's work; the bound keeps keys made of
 * data (ids used as keys) from growing it without end.
 */
const MAX_REMEMBERED_KEYS = 2_000;

/**
 * Redacts values by key name and by their shape, in free text and in JSON values. Build one per
 * key list and reuse it: its patterns are compiled once and its key decisions remembered.
 * @example
 * const redactor = new Redactor([...DEFAULT_SENSITIVE_KEYS, 'dateOfBirth']);
 * redactor.redactValue({ customer: { dateOfBirth: '1990-01-01', cvv: 123 } });
 * // { customer: { dateOfBirth: '[REDACTED]', cvv: '[REDACTED]' } }
 */
export class Redactor {
  private readonly rule: SensitiveKeyRule;
  private readonly decisions = new Map<string, boolean>();
  private readonly redactPairs: (text: string) => string;

  /**
   * @param sensitiveKeys - keys redacted on top of the built-in rule (which always includes
   * {@link DEFAULT_SENSITIVE_KEYS}), compared whole after normalising case and separators
   * @default DEFAULT_SENSITIVE_KEYS
   */
  constructor(sensitiveKeys: readonly string[] = DEFAULT_SENSITIVE_KEYS) {
    this.rule = new SensitiveKeyRule(sensitiveKeys);
    this.redactPairs = secretPairRedactor((key) => this.isSensitiveKey(key));
  }

  /** Whether a property with this name holds a sensitive value (see `redaction/sensitive-keys.ts`). */
  isSensitiveKey(key: string): boolean {
    const remembered = this.decisions.get(key);
    if (remembered !== undefined) return remembered;
    const sensitive = this.rule.matches(key);
    if (this.decisions.size < MAX_REMEMBERED_KEYS) this.decisions.set(key, sensitive);
    return sensitive;
  }

  /**
   * The text with passwords in URLs, cookie headers, sensitive `key=value` pairs, bearer and
   * basic credentials, JWTs, social security numbers and card numbers replaced by
   * {@link REDACTED}.
   */
  redactText(text: string): string {
    const withoutPairs = this.redactPairs(redactUrlAndCookieCredentials(text));
    return redactIdentityNumbers(redactTokens(withoutPairs));
  }

  /**
   * A deep copy of a JSON value for data that is persisted (step outputs, idempotency records):
   * the value of every sensitive key replaced by {@link REDACTED} (booleans and nulls aside, which
   * say nothing secret), every string redacted as {@link redactText} does, every card number
   * written as a number replaced. Walks the value once, without serialising it; never changes
   * it. The type is kept for the caller's convenience: a redacted value is the string
   * {@link REDACTED} whatever its type was.
   */
  redactValue<T>(value: T): T {
    return redactJsonValue(value, this).value as T;
  }

  /** {@link redactValue}, and how many values it redacted (0: nothing in the value was secret). */
  redactValueCounting(value: unknown): RedactedValue {
    return redactJsonValue(value, this);
  }

  /**
   * Redacts `keys` too from now on (a saga's declared `sensitiveKeys`, which reach a step in its
   * envelope). Keys are only ever added, so a redactor shared by the steps of several sagas in one
   * process redacts the union of what they declared — never less than one of them asked for.
   * Cheap when every key is already known.
   */
  addSensitiveKeys(keys: readonly string[]): void {
    if (this.rule.add(keys)) this.decisions.clear();
  }

  /**
   * A `JSON.stringify` replacer (Powertools Logger's `jsonReplacerFn`): sensitive keys lose their
   * value, every other string has its text redacted, card numbers written as numbers are replaced.
   */
  readonly jsonReplacer = (key: string, value: unknown): unknown => {
    if (key !== '' && this.isSensitiveKey(key) && holdsSecret(value)) return REDACTED;
    if (typeof value === 'string') return this.redactText(value);
    if (typeof value === 'number' && isCardNumberValue(value)) return REDACTED;
    return value;
  };
}

/**
 * Redaction of sensitive values before anything is logged or stored as an error message: by key
 * (a JSON property whose name is sensitive, see `redaction/sensitive-keys.ts` for the rule) and
 * by text (a `password=…` pair or a card number inside a free-text message).
 */

import { REDACTED } from './redaction/redacted.ts';
import { DEFAULT_SENSITIVE_KEYS, SensitiveKeyRule } from './redaction/sensitive-keys.ts';

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
 * Payment card numbers are 13 to 19 digits long. (12 would catch every AWS account id in an ARN.)
 */
const CARD_DIGITS = { min: 13, max: 19 } as const;

/** A run of digits, possibly grouped by single spaces or dashes, as long as a card number. */
const DIGIT_RUN = new RegExp(`\\b\\d(?:[ -]?\\d){${CARD_DIGITS.min - 1},${CARD_DIGITS.max - 1}}\\b`, 'g');

/** `cardNumber` or `card_number` → a pattern matching either spelling (and `card-number`, `card number`). */
function keyPattern(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^a-z0-9]+/i)
    .filter((word) => word.length > 0);
  return words.map((word) => word.replace(/[^a-z0-9]/gi, '')).join('[_\\-\\s]?');
}

/** Redacts values by key name and inside free text. Build one per key list and reuse it. */
export class Redactor {
  private readonly rule: SensitiveKeyRule;
  private readonly decisions = new Map<string, boolean>();
  private readonly pairs: RegExp;

  /**
   * @param sensitiveKeys - keys redacted on top of the built-in rule (which always includes
   * {@link DEFAULT_SENSITIVE_KEYS}), compared whole after normalising case and separators
   * @default DEFAULT_SENSITIVE_KEYS
   */
  constructor(sensitiveKeys: readonly string[] = DEFAULT_SENSITIVE_KEYS) {
    this.rule = new SensitiveKeyRule(sensitiveKeys);
    const names = [...DEFAULT_SENSITIVE_KEYS, ...sensitiveKeys]
      .map(keyPattern)
      .filter((pattern) => pattern.length > 0);
    // `password=hunter2`, `"apiKey": "abc"`, `card number: 4111…` — the key, a separator, the value.
    this.pairs = new RegExp(`(\\b(?:${names.join('|')})\\b["']?\\s*[:=]\\s*["']?)([^\\s"',;&)}\\]]+)`, 'gi');
  }

  /** Whether a property with this name holds a sensitive value (see `redaction/sensitive-keys.ts`). */
  isSensitiveKey(key: string): boolean {
    const remembered = this.decisions.get(key);
    if (remembered !== undefined) return remembered;
    const sensitive = this.rule.matches(key);
    if (this.decisions.size < MAX_REMEMBERED_KEYS) this.decisions.set(key, sensitive);
    return sensitive;
  }

  /** The text with sensitive `key=value` pairs and card numbers replaced by {@link REDACTED}. */
  redactText(text: string): string {
    return text.replace(this.pairs, `$1${REDACTED}`).replace(DIGIT_RUN, redactCardNumber);
  }

  /**
   * A `JSON.stringify` replacer (Powertools Logger's `jsonReplacerFn`): sensitive keys lose their
   * value, every other string has its text redacted.
   */
  readonly jsonReplacer = (key: string, value: unknown): unknown => {
    if (key !== '' && this.isSensitiveKey(key)) return REDACTED;
    return typeof value === 'string' ? this.redactText(value) : value;
  };
}

function redactCardNumber(match: string): string {
  const digits = match.replace(/\D/g, '');
  const repeated = /^(\d)\1*$/.test(digits);
  return !repeated && passesLuhn(digits) ? REDACTED : match;
}

/** The Luhn checksum every payment card number satisfies; it keeps most ids and timestamps in clear. */
function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

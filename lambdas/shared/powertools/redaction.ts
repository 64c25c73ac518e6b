/**
 * Redaction of sensitive values before anything is logged or stored as an error message: by key
 * (a JSON property whose name is sensitive) and by text (a `password=…` pair or a card number
 * inside a free-text message).
 */

/**
 * Keys whose values never reach a log line in clear. Matched case-insensitively, ignoring `_`,
 * `-`, spaces and other separators, so `cardNumber`, `card_number` and `CARD-NUMBER` all match.
 */
export const DEFAULT_SENSITIVE_KEYS: readonly string[] = [
  'cardNumber',
  'pan',
  'cvv',
  'cvc',
  'password',
  'apiKey',
  'secret',
  'token',
  'accessToken',
  'nationalId',
  'ssn',
  'authorization',
];

/** What a redacted value is replaced with. */
export const REDACTED = '[REDACTED]';

/**
 * Payment card numbers are 13 to 19 digits long. (12 would catch every AWS account id in an ARN.)
 */
const CARD_DIGITS = { min: 13, max: 19 } as const;

/** A run of digits, possibly grouped by single spaces or dashes, as long as a card number. */
const DIGIT_RUN = new RegExp(`\\b\\d(?:[ -]?\\d){${CARD_DIGITS.min - 1},${CARD_DIGITS.max - 1}}\\b`, 'g');

/** `cardNumber` → `cardnumber`, `card_number` → `cardnumber`. */
const normalizeKey = (key: string): string => key.replace(/[^a-z0-9]/gi, '').toLowerCase();

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
  private readonly keys: ReadonlySet<string>;
  private readonly pairs: RegExp;

  constructor(sensitiveKeys: readonly string[] = DEFAULT_SENSITIVE_KEYS) {
    this.keys = new Set(sensitiveKeys.map(normalizeKey));
    const names = sensitiveKeys.map(keyPattern).filter((pattern) => pattern.length > 0);
    // `password=hunter2`, `"apiKey": "abc"`, `card number: 4111…` — the key, a separator, the value.
    this.pairs = new RegExp(`(\\b(?:${names.join('|')})\\b["']?\\s*[:=]\\s*["']?)([^\\s"',;&)}\\]]+)`, 'gi');
  }

  /** Whether a property with this name holds a sensitive value. */
  isSensitiveKey(key: string): boolean {
    return this.keys.has(normalizeKey(key));
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

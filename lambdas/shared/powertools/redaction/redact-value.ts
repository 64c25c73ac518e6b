import { isCardNumberValue } from './card-numbers.ts';
import { REDACTED } from './redacted.ts';

/** What a value that contains itself is replaced with (as Powertools Logger writes it). */
export const CIRCULAR = '[Circular]';

/** How a value's keys and texts are judged (a `Redactor`). */
export interface ValueRedaction {
  isSensitiveKey(key: string): boolean;
  redactText(text: string): string;
}

/** What {@link redactJsonValue} returns: the copy, and how many values in it were redacted. */
export interface RedactedValue {
  readonly value: unknown;
  /** Values replaced (a sensitive key's value, a card number) or texts changed; 0 when nothing was secret. */
  readonly redactions: number;
}

/** Counts, during one walk, the values the walk redacted. */
interface Walk {
  readonly redaction: ValueRedaction;
  readonly ancestors: object[];
  redactions: number;
}

/**
 * Whether the value of a sensitive key is redacted: a boolean or a null says nothing secret
 * (`hasPassword: true`, `cookieConsent: false`, `token: null`) and stays, as does an absent
 * value; anything else, objects and arrays included, is replaced whole.
 */
export function holdsSecret(value: unknown): boolean {
  return value !== null && value !== undefined && typeof value !== 'boolean';
}

/**
 * A copy of a JSON value, walked once, without serialising: sensitive keys' values replaced by
 * `REDACTED`, strings redacted as text, card numbers written as numbers replaced, everything
 * else copied as `JSON.stringify` would see it (`toJSON` is called, a value that contains itself
 * becomes {@link CIRCULAR}). The input is not changed.
 */
export function redactJsonValue(value: unknown, redaction: ValueRedaction): RedactedValue {
  const walk: Walk = { redaction, ancestors: [], redactions: 0 };
  return { value: copyValue(value, walk), redactions: walk.redactions };
}

function copyValue(value: unknown, walk: Walk): unknown {
  switch (typeof value) {
    case 'string': {
      const text = walk.redaction.redactText(value);
      if (text !== value) walk.redactions += 1;
      return text;
    }
    case 'number':
      if (!isCardNumberValue(value)) return value;
      walk.redactions += 1;
      return REDACTED;
    case 'object':
      return value === null ? null : copyObject(value, walk);
    default:
      return value;
  }
}

function copyObject(value: object, walk: Walk): unknown {
  const { ancestors } = walk;
  if (ancestors.includes(value)) return CIRCULAR;
  const toJSON = (value as { readonly toJSON?: unknown }).toJSON;
  ancestors.push(value);
  try {
    if (typeof toJSON === 'function') return copyValue(toJSON.call(value), walk);
    return Array.isArray(value) ? copyArray(value, walk) : copyRecord(value, walk);
  } finally {
    ancestors.pop();
  }
}

function copyArray(value: readonly unknown[], walk: Walk): unknown[] {
  const copy = new Array<unknown>(value.length);
  for (let index = 0; index < value.length; index += 1) {
    copy[index] = copyValue(value[index], walk);
  }
  return copy;
}

function copyRecord(value: object, walk: Walk): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    let redacted: unknown;
    if (walk.redaction.isSensitiveKey(key) && holdsSecret(item)) {
      walk.redactions += 1;
      redacted = REDACTED;
    } else {
      redacted = copyValue(item, walk);
    }
    // `__proto__` is an own key of parsed JSON; assigning it would set the copy's prototype instead.
    if (key === '__proto__')
      Object.defineProperty(copy, key, {
        value: redacted,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else copy[key] = redacted;
  }
  return copy;
}

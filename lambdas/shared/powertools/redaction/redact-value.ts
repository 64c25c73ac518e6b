import { isCardNumberValue } from './card-numbers.ts';
import { REDACTED } from './redacted.ts';

/** What a value that contains itself is replaced with (as Powertools Logger writes it). */
export const CIRCULAR = '[Circular]';

/** How a value's keys and texts are judged (a `Redactor`). */
export interface ValueRedaction {
  isSensitiveKey(key: string): boolean;
  redactText(text: string): string;
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
export function redactJsonValue(value: unknown, redaction: ValueRedaction): unknown {
  return copyValue(value, redaction, []);
}

function copyValue(value: unknown, redaction: ValueRedaction, ancestors: object[]): unknown {
  switch (typeof value) {
    case 'string':
      return redaction.redactText(value);
    case 'number':
      return isCardNumberValue(value) ? REDACTED : value;
    case 'object':
      return value === null ? null : copyObject(value, redaction, ancestors);
    default:
      return value;
  }
}

function copyObject(value: object, redaction: ValueRedaction, ancestors: object[]): unknown {
  if (ancestors.includes(value)) return CIRCULAR;
  const toJSON = (value as { readonly toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return copyValue(toJSON.call(value), redaction, [...ancestors, value]);
  ancestors.push(value);
  try {
    return Array.isArray(value)
      ? copyArray(value, redaction, ancestors)
      : copyRecord(value, redaction, ancestors);
  } finally {
    ancestors.pop();
  }
}

function copyArray(value: readonly unknown[], redaction: ValueRedaction, ancestors: object[]): unknown[] {
  const copy = new Array<unknown>(value.length);
  for (let index = 0; index < value.length; index += 1) {
    copy[index] = copyValue(value[index], redaction, ancestors);
  }
  return copy;
}

function copyRecord(value: object, redaction: ValueRedaction, ancestors: object[]): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    const redacted =
      redaction.isSensitiveKey(key) && holdsSecret(item) ? REDACTED : copyValue(item, redaction, ancestors);
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

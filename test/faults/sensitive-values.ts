import { createHash } from 'node:crypto';

/** A secret the run puts in saga inputs; it must be found nowhere at rest afterwards. */
export interface SensitiveValue {
  readonly kind: 'card number' | 'password' | 'bearer token' | 'api key';
  readonly value: string;
}

/** Digits of a test card number before its check digit (a Visa range; 15 + 1 = 16 digits). */
const CARD_PREFIX = '4539';
const CARD_BODY_DIGITS = 11;

/** Secrets unique to the run `run`, so a hit can only come from this run's inputs. */
export function sensitiveValuesOf(run: string): SensitiveValue[] {
  const seed = createHash('sha256').update(run).digest('hex');
  const digits = BigInt(`0x${seed.slice(0, 15)}`)
    .toString()
    .padStart(CARD_BODY_DIGITS, '0');
  const base64url = (text: string) => Buffer.from(text).toString('base64url');
  return [
    { kind: 'card number', value: withLuhnCheckDigit(`${CARD_PREFIX}${digits.slice(0, CARD_BODY_DIGITS)}`) },
    { kind: 'password', value: `Tr0ub4dor-${seed.slice(0, 12)}` },
    {
      kind: 'bearer token',
      value: `${base64url('{"alg":"HS256","typ":"JWT"}')}.${base64url(`{"sub":"fault-${run}"}`)}.${seed.slice(12, 44)}`,
    },
    { kind: 'api key', value: `sk_live_${seed.slice(44, 64)}` },
  ];
}

/** `digits` followed by the Luhn check digit that makes the whole a valid card number. */
export function withLuhnCheckDigit(digits: string): string {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    // From the right, every second digit of the final number (the check digit is position 0) is doubled.
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 0) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return `${digits}${(10 - (sum % 10)) % 10}`;
}

/**
 * Payment card numbers (PANs) among digits: a number of 13 to 19 digits that starts as payment
 * networks' numbers start and passes the Luhn checksum. Ids, timestamps and account ids that
 * merely look long stay in clear.
 */

/** Payment card numbers are 13 to 19 digits long. (12 would catch every AWS account id.) */
export const CARD_DIGITS = { min: 13, max: 19 } as const;

/**
 * The first digit of payment networks' card numbers: 2 (Mastercard 2-series), 3 (Amex, Diners,
 * JCB), 4 (Visa), 5 (Mastercard, Maestro), 6 (Discover, UnionPay, Maestro). Keeps epoch micro- and
 * nanoseconds (16 and 19 digits starting with 1 until 2033) in clear.
 */
const CARD_FIRST_DIGITS = '23456';

/**
 * Only Visa issued 13-digit numbers: keeps epoch milliseconds (13 digits starting with 1 until
 * 2033, and with 2 or 3 until 2096) in clear.
 */
const THIRTEEN_DIGIT_CARD_FIRST_DIGIT = '4';

/** The shortest group of a card number written in groups (4-4-4-4, 4-6-5, 4-3-3-3), its last aside. */
const MIN_CARD_GROUP_DIGITS = 3;

/** The character code of `0`: a digit's value is its code minus this. */
const ZERO_CHAR_CODE = 48;

/** The character code of `9`. */
const NINE_CHAR_CODE = 57;

/** The smallest integer with {@link CARD_DIGITS}.min digits. */
const SMALLEST_CARD_NUMBER = 10 ** (CARD_DIGITS.min - 1);

/** Whether a string of digits (no separators) is a payment card number. */
export function isCardNumber(digits: string): boolean {
  if (digits.length < CARD_DIGITS.min || digits.length > CARD_DIGITS.max) return false;
  const first = digits[0] ?? '';
  if (!CARD_FIRST_DIGITS.includes(first)) return false;
  if (digits.length === CARD_DIGITS.min && first !== THIRTEEN_DIGIT_CARD_FIRST_DIGIT) return false;
  return passesLuhn(digits) && !isOneDigitRepeated(digits);
}

/** `4444444444444` passes the checksum but is no card number. */
function isOneDigitRepeated(digits: string): boolean {
  for (let index = 1; index < digits.length; index += 1) {
    if (digits[index] !== digits[0]) return false;
  }
  return true;
}

/**
 * Whether a JSON number is a payment card number. Only safe integers can be: a number above
 * 2^53 has already lost its last digits.
 */
export function isCardNumberValue(value: number): boolean {
  return Number.isSafeInteger(value) && value >= SMALLEST_CARD_NUMBER && isCardNumber(String(value));
}

/**
 * A run of digits grouped by single spaces, dashes or dots (`4111 1111 1111 1111`,
 * `order 12 4111-1111-1111-1111`) with every card number inside it replaced: the longest run of
 * whole groups that is one, unless `isProtected` says its place (from, to) in the run is part of
 * something else (a UUID). A decimal number (`0.4111111111111111`) holds none.
 */
export function replaceCardNumbers(
  run: string,
  replacement: string,
  isProtected: (from: number, to: number) => boolean = () => false,
): string {
  if (run.length < CARD_DIGITS.min) return run;
  const groups = digitGroups(run);
  if (groups.length === 2 && run[(groups[1]?.from ?? 0) - 1] === '.') return run;
  const parts: string[] = [];
  let copied = 0;
  for (let start = 0; start < groups.length; ) {
    const end = longestCardWindow(groups, start);
    const first = groups[start];
    const last = end === undefined ? undefined : groups[end];
    const to = (last?.from ?? 0) + (last?.digits.length ?? 0);
    if (end === undefined || !first || !last || isProtected(first.from, to)) {
      start += 1;
      continue;
    }
    parts.push(run.slice(copied, first.from), replacement);
    copied = to;
    start = end + 1;
  }
  if (parts.length === 0) return run;
  parts.push(run.slice(copied));
  return parts.join('');
}

interface DigitGroup {
  readonly from: number;
  readonly digits: string;
}

/** `4111 1111-22` → its groups of digits and where each starts. */
function digitGroups(run: string): DigitGroup[] {
  const groups: DigitGroup[] = [];
  let from = 0;
  for (let index = 0; index <= run.length; index += 1) {
    const code = run.charCodeAt(index);
    if (code >= ZERO_CHAR_CODE && code <= NINE_CHAR_CODE) continue;
    if (index > from) groups.push({ from, digits: run.slice(from, index) });
    from = index + 1;
  }
  return groups;
}

/** The last group of the longest card number starting at group `start`, if there is one. */
function longestCardWindow(groups: readonly DigitGroup[], start: number): number | undefined {
  let digits = '';
  let found: number | undefined;
  for (let end = start; end < groups.length; end += 1) {
    const previous = groups[end - 1];
    if (end > start && previous && previous.digits.length < MIN_CARD_GROUP_DIGITS) break;
    digits += groups[end]?.digits ?? '';
    if (digits.length > CARD_DIGITS.max) break;
    if (isCardNumber(digits)) found = end;
  }
  return found;
}

/** The Luhn checksum every payment card number satisfies; it keeps most ids and timestamps in clear. */
function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = digits.charCodeAt(digits.length - 1 - index) - ZERO_CHAR_CODE;
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

import { replaceCardNumbers } from './card-numbers.ts';
import { REDACTED } from './redacted.ts';

/**
 * US social security numbers and payment card numbers in free text. UUIDs, AWS account ids,
 * timestamps, epoch times and other numbers stay in clear.
 */

/**
 * A US social security number after its name: `ssn 123456789`, `SSN# 123-45-6789`,
 * `social security number: 123 45 6789`.
 */
const NAMED_SSN =
  /(?<![a-z])(ssn|social[ \t]security(?:[ \t]number)?)((?:[ \t]*(?:#|no\.?|number))?[ \t]*[:=#]?[ \t]*)\d{3}([- .]?)\d{2}\3\d{4}(?!\d)/gi;

/**
 * A US social security number in its written form `###-##-####`, without the numbers the Social
 * Security Administration never issues (area 000, 666 or 9xx; group 00; serial 0000).
 */
const DASHED_SSN = /^(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}$/;

/**
 * A run of at least 9 digits (a social security number; a card number has 13 or more) grouped
 * by single spaces, dashes or dots, even glued to letters (`card4111111111111111`).
 */
const DIGIT_RUN = /(?<!\d)\d(?:[ .-]?\d){8,}/g;

/** The shortest text that may hold a social security number (`123-45-6789`). */
const SHORTEST_SSN_TEXT = 11;

/** Whether a text may hold either number: long enough, with three digits in a row. */
const mayHoldIdentityNumber = (text: string): boolean =>
  text.length >= SHORTEST_SSN_TEXT && /\d{3}/.test(text);

/** Whether a text may name a social security number (before the slower {@link NAMED_SSN}). */
const mayNameSsn = (text: string): boolean => /ssn|ocial/i.test(text);

/** A UUID, whose digit groups are never a card number. */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** Social security numbers and payment card numbers, redacted. */
export function redactIdentityNumbers(text: string): string {
  if (!mayHoldIdentityNumber(text)) return text;
  const named = mayNameSsn(text) ? text.replace(NAMED_SSN, `$1$2${REDACTED}`) : text;
  // An `exec` loop: faster than `replace` with a callback, and a run left as it is costs no copy.
  const parts: string[] = [];
  let copied = 0;
  DIGIT_RUN.lastIndex = 0;
  for (let match = DIGIT_RUN.exec(named); match !== null; match = DIGIT_RUN.exec(named)) {
    const run = match[0];
    const redacted = redactDigitRun(run, match.index, named);
    if (redacted === run) continue;
    parts.push(named.slice(copied, match.index), redacted);
    copied = match.index + run.length;
  }
  if (parts.length === 0) return named;
  parts.push(named.slice(copied));
  return parts.join('');
}

/** A run of digits at `offset` in `text`, with the social security or card numbers in it redacted. */
function redactDigitRun(run: string, offset: number, text: string): string {
  if (isDashedSsn(text, run, offset)) return REDACTED;
  return replaceCardNumbers(run, REDACTED, (from, to) => overlapsUuid(text, offset + from, offset + to));
}

/** `123-45-6789` on its own (not part of a longer word or dashed number). */
function isDashedSsn(text: string, run: string, offset: number): boolean {
  if (!DASHED_SSN.test(run)) return false;
  const before = text[offset - 1] ?? ' ';
  const after = text[offset + run.length] ?? ' ';
  return !/[\w-]/.test(before) && !/[\w-]/.test(after);
}

/** Whether the characters from `from` to `to` are part of a UUID (asked only of card numbers). */
function overlapsUuid(text: string, from: number, to: number): boolean {
  for (const uuid of text.matchAll(UUID)) {
    if (from < uuid.index + uuid[0].length && to > uuid.index) return true;
  }
  return false;
}

/** Digits in groups of three (`98 304`), readable in any locale. */
const THOUSANDS = /\B(?=(?:\d{3})+(?!\d))/g;

/** The first of the two UTF-16 code units of a character outside the Basic Multilingual Plane. */
const HIGH_SURROGATE = { min: 0xd800, max: 0xdbff } as const;

/** `… [clipped 98 304 characters]`: what ends a clipped text. */
function clipMarker(cutLength: number): string {
  const count = String(cutLength).replace(THOUSANDS, ' ');
  return `… [clipped ${count} character${cutLength === 1 ? '' : 's'}]`;
}

/**
 * The text cut to at most `maxLength` characters (UTF-16 code units, as `String.length` counts),
 * its end replaced by a marker saying how much was cut (`… [clipped 98 304 characters]`); a
 * shorter text unchanged. Never splits a character in two. When not even the marker fits, the
 * text is cut to `maxLength` without one. Clip after redacting: half a card number no longer
 * looks like one.
 * @example clipText(redactor.redactText(reason), maxReasonLength)
 * @throws RangeError when `maxLength` is not a non-negative integer
 */
export function clipText(text: string, maxLength: number): string {
  if (!Number.isSafeInteger(maxLength) || maxLength < 0) {
    throw new RangeError(`clipText: maxLength must be a non-negative integer (got ${maxLength})`);
  }
  if (text.length <= maxLength) return text;
  const longestMarker = clipMarker(text.length);
  if (longestMarker.length >= maxLength) return text.slice(0, wholeCharacters(text, maxLength));
  // The marker of the actual cut may be shorter than the longest: keep what that frees, if it fits.
  const surelyKept = wholeCharacters(text, maxLength - longestMarker.length);
  const kept = wholeCharacters(text, maxLength - clipMarker(text.length - surelyKept).length);
  const clipped = clipAt(text, kept);
  return clipped.length <= maxLength ? clipped : clipAt(text, surelyKept);
}

function clipAt(text: string, kept: number): string {
  return `${text.slice(0, kept)}${clipMarker(text.length - kept)}`;
}

/** `length`, or one less when the character at the cut would be split in two. */
function wholeCharacters(text: string, length: number): number {
  const last = text.charCodeAt(length - 1);
  return last >= HIGH_SURROGATE.min && last <= HIGH_SURROGATE.max ? length - 1 : length;
}

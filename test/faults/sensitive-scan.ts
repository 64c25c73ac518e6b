import type { SensitiveValue } from './sensitive-values.ts';

/** One thing at rest: where it is, and its text. */
export interface AtRestText {
  readonly where: string;
  readonly text: string;
  /**
   * The message as its producer sent it, when this place is a dead letter's body: kept byte for byte
   * so it can be redriven. The secrets it carried itself are not counted there; any other is.
   */
  readonly asSent?: string;
}

/** A secret found at rest. */
export interface SensitiveHit {
  readonly kind: SensitiveValue['kind'];
  readonly where: string;
}

/**
 * Every place where one of `values` is found in clear. A card number is also looked for with its
 * separators dropped (`4539 1234…`, `4539-1234…`), as a person or a formatter may write it.
 */
export function findSensitiveValues(
  places: readonly AtRestText[],
  values: readonly SensitiveValue[],
): SensitiveHit[] {
  const hits: SensitiveHit[] = [];
  for (const place of places) {
    const compact = place.text.replace(/[\s.-]/g, '');
    for (const { kind, value } of values) {
      if (place.asSent?.includes(value)) continue;
      const found = place.text.includes(value) || (kind === 'card number' && compact.includes(value));
      if (found) hits.push({ kind, where: place.where });
    }
  }
  return hits;
}

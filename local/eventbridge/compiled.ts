import type { EventPatternScalar } from './event-pattern.ts';

/** Whether one leaf value of the event (a string, number, boolean or null) passes a filter. */
export type ValueTest = (value: EventPatternScalar) => boolean;

/** What one element of a leaf array compiles to. */
export type LeafTerm =
  | { readonly kind: 'test'; readonly test: ValueTest }
  | { readonly kind: 'exists'; readonly present: boolean };

/** A field whose pattern is an array of alternatives. */
export interface LeafField {
  readonly kind: 'leaf';
  readonly name: string;
  /** The field names from the event's root to this field (`$or` is not a field). */
  readonly path: readonly string[];
  readonly tests: readonly ValueTest[];
  /** The leaf holds `{ "exists": true }`. */
  readonly mustExist: boolean;
  /** The leaf holds `{ "exists": false }`. */
  readonly mayBeAbsent: boolean;
}

/** A field whose pattern is a nested pattern. */
export interface ObjectField {
  readonly kind: 'object';
  readonly name: string;
  readonly node: PatternNode;
}

/** A pattern object: all `fields` must match, and for each `$or`, one of its branches. */
export interface PatternNode {
  readonly fields: readonly (LeafField | ObjectField)[];
  readonly anyOf: readonly (readonly PatternNode[])[];
}

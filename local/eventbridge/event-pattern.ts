/**
 * The shape of an Amazon EventBridge event pattern, as `PutRule` and `TestEventPattern` take it.
 *
 * A pattern is an object whose fields mirror the event's. A field's value is either a nested pattern
 * (the event field must be an object that matches it) or a *leaf*: an array of alternatives, any one of
 * which may match. `$or` takes two or more patterns, any one of which may match.
 *
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 */

/** A value a leaf matches exactly: strings character by character, numbers by value, `true`, `false`, `null`. */
export type EventPatternScalar = string | number | boolean | null;

/** `{ "equals-ignore-case": "..." }`, the case-insensitive form of `prefix` and `suffix`. */
export interface IgnoreCase {
  readonly 'equals-ignore-case': string;
}

/** What `anything-but` excludes: values, or strings by prefix, suffix, case-insensitive value or wildcard. */
export type AnythingBut =
  | string
  | number
  | readonly string[]
  | readonly number[]
  | { readonly prefix: string | readonly string[] }
  | { readonly suffix: string | readonly string[] }
  | { readonly 'equals-ignore-case': string | readonly string[] }
  | { readonly wildcard: string | readonly string[] };

/** One content filter: an object with exactly one operator. */
export type ContentFilter =
  | { readonly prefix: string | IgnoreCase }
  | { readonly suffix: string | IgnoreCase }
  | { readonly 'equals-ignore-case': string }
  | { readonly 'anything-but': AnythingBut }
  | { readonly numeric: readonly (string | number)[] }
  | { readonly exists: boolean }
  | { readonly cidr: string }
  | { readonly wildcard: string };

/** A leaf: the alternatives a field may match (OR). */
export type EventPatternLeaf = readonly (EventPatternScalar | ContentFilter)[];

/**
 * An event pattern: every field must match (AND); `$or` holds alternative patterns.
 *
 * @example
 * const pattern: EventPattern = {
 *   source: ['aws.ec2'],
 *   detail: { state: [{ 'anything-but': 'initializing' }], 'c-count': [{ numeric: ['>', 0, '<=', 5] }] },
 * };
 */
export interface EventPattern {
  readonly [field: string]: EventPatternLeaf | EventPattern | readonly EventPattern[];
}

/** A pattern checked once, ready to match many events. */
export interface CompiledEventPattern {
  /** Whether `event` (a parsed JSON event) matches the pattern. */
  matches(event: unknown): boolean;
}

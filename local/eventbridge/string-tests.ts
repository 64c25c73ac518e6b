/**
 * The string filters: they only ever match string values of the event.
 *
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 */
import { matchesWildcard, parseWildcard } from './wildcard.ts';

/** Whether a string value of the event passes a filter. */
export type StringTest = (value: string) => boolean;

/** Strings that begin with `prefix`. */
export function startsWith(prefix: string): StringTest {
  return (value) => value.startsWith(prefix);
}

/** Strings that end with `suffix`. */
export function endsWith(suffix: string): StringTest {
  return (value) => value.endsWith(suffix);
}

/** Strings that begin with `prefix` regardless of case. */
export function startsWithIgnoringCase(prefix: string): StringTest {
  const folded = prefix.toLowerCase();
  return (value) => value.toLowerCase().startsWith(folded);
}

/** Strings that end with `suffix` regardless of case. */
export function endsWithIgnoringCase(suffix: string): StringTest {
  const folded = suffix.toLowerCase();
  return (value) => value.toLowerCase().endsWith(folded);
}

/** Strings equal to `expected` regardless of case. */
export function equalsIgnoringCase(expected: string): StringTest {
  const folded = expected.toLowerCase();
  return (value) => value.toLowerCase() === folded;
}

/** Strings matching the wildcard filter `text`, or what is wrong with the filter. */
export function wildcardTest(text: string): StringTest | string {
  const parsed = parseWildcard(text);
  if ('error' in parsed) return parsed.error;
  return (value) => matchesWildcard(parsed.parts, value);
}

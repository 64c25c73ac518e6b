/**
 * `anything-but`: matches any value of the field except the ones described. The field must be there
 * (a missing field never matches), but any value counts, `null` and numbers included: only strings can be
 * excluded by `prefix`, `suffix`, `equals-ignore-case` or `wildcard`, and only numbers by numbers.
 *
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html#eb-filtering-anything-but
 */
import type { ValueTest } from './compiled.ts';
import type { EventPatternScalar } from './event-pattern.ts';
import { checkNumericOperand, sameNumber } from './numeric.ts';
import { isJsonNumber, isJsonObject, type PatternPath, type ReportProblem } from './problems.ts';
import { endsWith, equalsIgnoringCase, type StringTest, startsWith, wildcardTest } from './string-tests.ts';

/** The string operators `anything-but` takes, each turning one given string into a test. */
const STRING_OPERATORS: ReadonlyMap<string, (given: string) => StringTest | string> = new Map([
  ['prefix', (given: string) => (given === '' ? 'an empty prefix is not allowed' : startsWith(given))],
  ['suffix', (given: string) => (given === '' ? 'an empty suffix is not allowed' : endsWith(given))],
  ['equals-ignore-case', (given: string) => equalsIgnoringCase(given)],
  ['wildcard', (given: string) => wildcardTest(given)],
]);

/** Parses the value of `anything-but` into the test of a value that is *not* excluded. */
export function parseAnythingBut(
  operand: unknown,
  at: PatternPath,
  report: ReportProblem,
): ValueTest | undefined {
  if (typeof operand === 'string') return excludingStrings([(value) => value === operand]);
  if (isJsonNumber(operand)) {
    return checkNumericOperand(operand, at, report, 'a number in "anything-but"')
      ? excludingNumbers([operand])
      : undefined;
  }
  if (Array.isArray(operand)) return parseValueList(operand, at, report);
  if (isJsonObject(operand)) return parseStringOperator(operand, at, report);
  report(
    at,
    'the value of "anything-but" must be a string, a number, a list of strings or of numbers, or an object with one of prefix, suffix, equals-ignore-case, wildcard',
    operand,
  );
  return undefined;
}

function parseValueList(
  list: readonly unknown[],
  at: PatternPath,
  report: ReportProblem,
): ValueTest | undefined {
  if (list.length === 0) {
    report(at, 'empty arrays are not allowed', list);
    return undefined;
  }
  const wrong = list.findIndex((value) => typeof value !== 'string' && !isJsonNumber(value));
  if (wrong !== -1) {
    report([...at, wrong], 'a list in "anything-but" may hold only strings or only numbers', list[wrong]);
    return undefined;
  }
  if (list.every((value) => typeof value === 'string')) {
    return excludingStrings(list.map((excluded) => (value: string) => value === excluded));
  }
  if (!list.every(isJsonNumber)) {
    report(at, 'a list in "anything-but" must not mix strings and numbers', list);
    return undefined;
  }
  const inRange = list.every((value, index) =>
    checkNumericOperand(value, [...at, index], report, 'a number'),
  );
  return inRange ? excludingNumbers(list) : undefined;
}

function parseStringOperator(
  operand: Readonly<Record<string, unknown>>,
  at: PatternPath,
  report: ReportProblem,
): ValueTest | undefined {
  const keys = Object.keys(operand);
  const [operator] = keys;
  const toTest = operator === undefined ? undefined : STRING_OPERATORS.get(operator);
  if (operator === undefined || keys.length > 1) {
    report(
      at,
      'an "anything-but" object takes exactly one of prefix, suffix, equals-ignore-case, wildcard',
      operand,
    );
  } else if (toTest === undefined) {
    report(
      at,
      `"anything-but" does not support "${operator}": use prefix, suffix, equals-ignore-case or wildcard`,
      operand,
    );
  } else {
    return parseExcludedStrings(operator, operand[operator], toTest, [...at, operator], report);
  }
  return undefined;
}

/** The string or list of strings of `{ "anything-but": { operator: given } }`. */
function parseExcludedStrings(
  operator: string,
  given: unknown,
  toTest: (text: string) => StringTest | string,
  at: PatternPath,
  report: ReportProblem,
): ValueTest | undefined {
  const strings: unknown = typeof given === 'string' ? [given] : given;
  if (!Array.isArray(strings) || strings.length === 0 || !strings.every((text) => typeof text === 'string')) {
    report(at, `"${operator}" in "anything-but" must be a string or a non-empty list of strings`, given);
    return undefined;
  }
  const tests: StringTest[] = [];
  strings.forEach((text: string, index) => {
    const test = toTest(text);
    if (typeof test === 'string') report(typeof given === 'string' ? at : [...at, index], test, text);
    else tests.push(test);
  });
  return tests.length === strings.length ? excludingStrings(tests) : undefined;
}

function excludingStrings(excluded: readonly StringTest[]): ValueTest {
  return (value: EventPatternScalar) => typeof value !== 'string' || !excluded.some((test) => test(value));
}

function excludingNumbers(excluded: readonly number[]): ValueTest {
  return (value: EventPatternScalar) =>
    typeof value !== 'number' || !excluded.some((number) => sameNumber(value, number));
}

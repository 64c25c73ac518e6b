/**
 * Numeric matching. It works on JSON numbers only (never on a string that looks like one), for values
 * from -5.0e9 to +5.0e9 inclusive, six digits to the right of the decimal point.
 *
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html#filtering-numeric-matching
 */
import type { ValueTest } from './compiled.ts';
import { isJsonNumber, type PatternPath, type ReportProblem } from './problems.ts';

/** Numeric matching covers -NUMERIC_LIMIT..+NUMERIC_LIMIT inclusive. */
export const NUMERIC_LIMIT = 5e9;

/** Numbers compare in millionths: six digits to the right of the decimal point. */
const MILLIONTHS = 1e6;

/**
 * A number as the matching engine compares it: shifted to be positive and cut to millionths, or
 * `undefined` outside the numeric range (such numbers only ever match themselves exactly).
 */
export function comparableNumber(value: number): number | undefined {
  if (!Number.isFinite(value) || value < -NUMERIC_LIMIT || value > NUMERIC_LIMIT) return undefined;
  return Math.floor((value + NUMERIC_LIMIT) * MILLIONTHS);
}

/** Equality as exact numeric values and `anything-but` numbers use it: 300, 300.0 and 3.0e2 are equal. */
export function sameNumber(left: number, right: number): boolean {
  const comparable = comparableNumber(left);
  return left === right || (comparable !== undefined && comparable === comparableNumber(right));
}

/** Whether `value` can be used in a numeric filter; reports it if not. */
export function checkNumericOperand(
  value: unknown,
  at: PatternPath,
  report: ReportProblem,
  what: string,
): boolean {
  if (!isJsonNumber(value)) {
    report(at, `${what} must be a number`, value);
    return false;
  }
  if (comparableNumber(value) === undefined) {
    report(at, `numbers in numeric matching must be between ${-NUMERIC_LIMIT} and ${NUMERIC_LIMIT}`, value);
    return false;
  }
  return true;
}

interface Bound {
  readonly at: number;
  readonly inclusive: boolean;
}

const LOWER = new Map([
  ['>', false],
  ['>=', true],
]);
const UPPER = new Map([
  ['<', false],
  ['<=', true],
]);

/**
 * Parses `{ "numeric": [...] }`: `["=", n]`, `["<" | "<=", n]`, or `[">" | ">=", n]` optionally followed by
 * `"<" | "<=", m` with n below m.
 */
export function parseNumeric(
  operand: unknown,
  at: PatternPath,
  report: ReportProblem,
): ValueTest | undefined {
  if (!Array.isArray(operand)) {
    report(at, 'the value of "numeric" must be an array, such as [">", 0, "<=", 5]', operand);
    return undefined;
  }
  const [operator, value, ...rest] = operand as readonly unknown[];
  const operatorAt = [...at, 0];
  if (typeof operator !== 'string') {
    report(operatorAt, 'a numeric expression starts with one of "=", "<", "<=", ">", ">="', operator);
    return undefined;
  }
  const isLower = LOWER.has(operator);
  if (!isLower && !UPPER.has(operator) && operator !== '=') {
    report(operatorAt, `unknown numeric operator "${operator}": use "=", "<", "<=", ">" or ">="`, operator);
    return undefined;
  }
  if (!checkNumericOperand(value, [...at, 1], report, `the value after "${operator}"`)) return undefined;
  if (isLower) return parseRange(operator, value as number, rest, at, report);
  if (rest.length > 0) {
    report([...at, 2], `"${operator}" takes one number; only ">" or ">=" may start a two-sided range`, rest);
    return undefined;
  }
  if (operator === '=') return equalTo(value as number);
  return between(undefined, { at: value as number, inclusive: UPPER.get(operator) === true });
}

function parseRange(
  operator: string,
  bottom: number,
  rest: readonly unknown[],
  at: PatternPath,
  report: ReportProblem,
): ValueTest | undefined {
  const lower = { at: bottom, inclusive: LOWER.get(operator) === true };
  if (rest.length === 0) return between(lower, undefined);
  const [upperOperator, top, ...extra] = rest;
  if (typeof upperOperator !== 'string' || !UPPER.has(upperOperator)) {
    report([...at, 2], 'the upper bound of a range must be "<" or "<="', upperOperator);
    return undefined;
  }
  if (!checkNumericOperand(top, [...at, 3], report, `the value after "${upperOperator}"`)) return undefined;
  if (extra.length > 0) {
    report([...at, 4], 'a numeric range has at most two comparisons', extra);
    return undefined;
  }
  if ((comparableNumber(bottom) ?? 0) >= (comparableNumber(top as number) ?? 0)) {
    report(at, 'the lower bound of a numeric range must be below its upper bound', [bottom, top]);
    return undefined;
  }
  return between(lower, { at: top as number, inclusive: UPPER.get(upperOperator) === true });
}

function equalTo(expected: number): ValueTest {
  const target = comparableNumber(expected);
  return (value) => typeof value === 'number' && comparableNumber(value) === target;
}

function between(lower: Bound | undefined, upper: Bound | undefined): ValueTest {
  const low = lower && { key: comparableNumber(lower.at) ?? 0, inclusive: lower.inclusive };
  const high = upper && { key: comparableNumber(upper.at) ?? 0, inclusive: upper.inclusive };
  return (value) => {
    if (typeof value !== 'number') return false;
    const key = comparableNumber(value);
    if (key === undefined) return false;
    const aboveLow = low === undefined || key > low.key || (low.inclusive && key === low.key);
    const belowHigh = high === undefined || key < high.key || (high.inclusive && key === high.key);
    return aboveLow && belowHigh;
  };
}

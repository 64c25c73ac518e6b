/**
 * One element of a leaf array: an exact value, or a content filter object with one operator.
 *
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 */
import { parseAnythingBut } from './anything-but.ts';
import { inCidrRange, parseCidr } from './cidr.ts';
import type { LeafTerm, ValueTest } from './compiled.ts';
import { parseNumeric, sameNumber } from './numeric.ts';
import { isJsonNumber, isJsonObject, type PatternPath, type ReportProblem } from './problems.ts';
import {
  endsWith,
  endsWithIgnoringCase,
  equalsIgnoringCase,
  type StringTest,
  startsWith,
  startsWithIgnoringCase,
  wildcardTest,
} from './string-tests.ts';

type OperatorParser = (operand: unknown, at: PatternPath, report: ReportProblem) => LeafTerm | undefined;

/** Every operator a content filter may use; names are case-sensitive. */
const OPERATORS: ReadonlyMap<string, OperatorParser> = new Map<string, OperatorParser>([
  ['prefix', (operand, at, report) => parseAffix('prefix', operand, at, report)],
  ['suffix', (operand, at, report) => parseAffix('suffix', operand, at, report)],
  [
    'equals-ignore-case',
    (operand, at, report) => parseString('equals-ignore-case', operand, at, report, equalsIgnoringCase),
  ],
  ['wildcard', (operand, at, report) => parseString('wildcard', operand, at, report, wildcardTest)],
  ['cidr', parseCidrFilter],
  ['numeric', (operand, at, report) => asTerm(parseNumeric(operand, at, report))],
  ['anything-but', (operand, at, report) => asTerm(parseAnythingBut(operand, at, report))],
  ['exists', parseExists],
]);

/** The names of all operators, for messages and for the words `$or` reserves. */
export const OPERATOR_NAMES: readonly string[] = [...OPERATORS.keys()];

/** Parses one element of a leaf array at `at`. */
export function parseLeafElement(
  element: unknown,
  at: PatternPath,
  report: ReportProblem,
): LeafTerm | undefined {
  if (typeof element === 'string') return test((value) => value === element);
  if (isJsonNumber(element)) return test((value) => typeof value === 'number' && sameNumber(value, element));
  if (typeof element === 'boolean' || element === null) return test((value) => value === element);
  if (!isJsonObject(element)) {
    report(at, 'a match value must be a string, a number, true, false, null or a filter object', element);
    return undefined;
  }
  const operators = Object.keys(element);
  const [operator] = operators;
  if (operator === undefined || operators.length > 1) {
    report(at, `a filter object takes exactly one operator, got ${operators.length}`, element);
    return undefined;
  }
  const parse = OPERATORS.get(operator);
  if (parse === undefined) {
    report(
      at,
      `unknown operator "${operator}" (operators are case-sensitive: ${OPERATOR_NAMES.join(', ')})`,
      element,
    );
    return undefined;
  }
  return parse(element[operator], [...at, operator], report);
}

function test(valueTest: ValueTest): LeafTerm {
  return { kind: 'test', test: valueTest };
}

function asTerm(valueTest: ValueTest | undefined): LeafTerm | undefined {
  return valueTest && test(valueTest);
}

function ofStrings(stringTest: StringTest): LeafTerm {
  return test((value) => typeof value === 'string' && stringTest(value));
}

/** `prefix` / `suffix`: a string, or `{ "equals-ignore-case": string }`. */
function parseAffix(
  operator: 'prefix' | 'suffix',
  operand: unknown,
  at: PatternPath,
  report: ReportProblem,
): LeafTerm | undefined {
  if (typeof operand === 'string') {
    return ofStrings(operator === 'prefix' ? startsWith(operand) : endsWith(operand));
  }
  const ignoreCase = isJsonObject(operand) ? operand['equals-ignore-case'] : undefined;
  if (isJsonObject(operand) && Object.keys(operand).length === 1 && typeof ignoreCase === 'string') {
    return ofStrings(
      operator === 'prefix' ? startsWithIgnoringCase(ignoreCase) : endsWithIgnoringCase(ignoreCase),
    );
  }
  report(at, `"${operator}" must be a string or { "equals-ignore-case": string }`, operand);
  return undefined;
}

function parseString(
  operator: string,
  operand: unknown,
  at: PatternPath,
  report: ReportProblem,
  toTest: (text: string) => StringTest | string,
): LeafTerm | undefined {
  if (typeof operand !== 'string') {
    report(at, `"${operator}" must be a string`, operand);
    return undefined;
  }
  const stringTest = toTest(operand);
  if (typeof stringTest === 'string') {
    report(at, stringTest, operand);
    return undefined;
  }
  return ofStrings(stringTest);
}

function parseCidrFilter(operand: unknown, at: PatternPath, report: ReportProblem): LeafTerm | undefined {
  if (typeof operand !== 'string') {
    report(at, '"cidr" must be a string such as "10.0.0.0/24"', operand);
    return undefined;
  }
  const range = parseCidr(operand);
  if ('error' in range) {
    report(at, range.error, operand);
    return undefined;
  }
  return ofStrings((value) => inCidrRange(range, value));
}

function parseExists(operand: unknown, at: PatternPath, report: ReportProblem): LeafTerm | undefined {
  if (typeof operand !== 'boolean') {
    report(at, '"exists" must be true or false', operand);
    return undefined;
  }
  return { kind: 'exists', present: operand };
}

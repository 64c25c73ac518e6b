/**
 * Checks an event pattern the way EventBridge does when a rule is created, and compiles it for matching.
 *
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern.html
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-arrays.html
 */
import type { LeafField, LeafTerm, ObjectField, PatternNode, ValueTest } from './compiled.ts';
import type { CompiledEventPattern, EventPattern } from './event-pattern.ts';
import { OPERATOR_NAMES, parseLeafElement } from './filters.ts';
import { matchesNode } from './match.ts';
import {
  type EventPatternProblem,
  formatPath,
  InvalidEventPatternError,
  isJsonObject,
  type PatternPath,
  type ReportProblem,
} from './problems.ts';

/** The key that holds alternative patterns. */
const OR = '$or';

/**
 * Field names EventBridge refuses inside `$or` branches: the operators, the numeric comparisons and the
 * words its matching engine (Event Ruler) keeps for future operators.
 */
const RESERVED_IN_OR: ReadonlySet<string> = new Set([
  ...OPERATOR_NAMES,
  ...['exactly', '=', '<', '<=', '>', '>=', 'regex', 'not-wildcard', 'not-equals-ignore-case'],
  ...['date-after', 'date-on-or-after', 'date-before', 'date-on-or-before', 'in-date-range'],
  ...['ip-address-in-range', 'ip-address-not-in-range'],
]);

/**
 * Every reason EventBridge would reject `pattern`, or an empty list if it is valid. A string is read as
 * the pattern's JSON text, as the EventBridge API takes it (a repeated key keeps its last value there too).
 *
 * @example validateEventPattern({ source: 'aws.ec2' }) // [{ path: '$.source', problem: '"source" must be an object or an array', ... }]
 */
export function validateEventPattern(pattern: unknown): EventPatternProblem[] {
  return compile(pattern).problems;
}

/**
 * Checks `pattern` once and returns a matcher for many events.
 *
 * @throws InvalidEventPatternError listing every problem, if EventBridge would reject the pattern.
 */
export function parseEventPattern(pattern: EventPattern | string): CompiledEventPattern {
  const { node, problems } = compile(pattern);
  if (node === undefined || problems.length > 0) throw new InvalidEventPatternError(problems);
  return { matches: (event) => matchesNode(node, event, event) };
}

/**
 * Whether `event` (the parsed JSON of an EventBridge event, envelope fields included) matches `pattern`,
 * with EventBridge's semantics.
 *
 * @example matchesEventPattern({ detail: { state: [{ 'anything-but': 'initializing' }] } }, event)
 * @throws InvalidEventPatternError if EventBridge would reject the pattern.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
 */
export function matchesEventPattern(pattern: EventPattern | string, event: unknown): boolean {
  return parseEventPattern(pattern).matches(event);
}

function compile(pattern: unknown): { node: PatternNode | undefined; problems: EventPatternProblem[] } {
  const problems: EventPatternProblem[] = [];
  const report: ReportProblem = (at, problem, given) =>
    problems.push({ path: formatPath(at), problem, given });
  let parsed = pattern;
  if (typeof pattern === 'string') {
    try {
      parsed = JSON.parse(pattern);
    } catch (error) {
      report([], `the pattern is not valid JSON: ${(error as Error).message}`, pattern);
      return { node: undefined, problems };
    }
  }
  if (!isJsonObject(parsed)) {
    report([], 'an event pattern must be a JSON object', parsed);
    return { node: undefined, problems };
  }
  return { node: parseObject(parsed, { at: [], fields: [], insideOr: false }, report), problems };
}

/** Where the parser is: the path in the pattern, the event fields it names, and whether inside `$or`. */
interface Place {
  readonly at: PatternPath;
  readonly fields: readonly string[];
  readonly insideOr: boolean;
}

function parseObject(
  object: Readonly<Record<string, unknown>>,
  place: Place,
  report: ReportProblem,
): PatternNode {
  const fields: (LeafField | ObjectField)[] = [];
  const anyOf: PatternNode[][] = [];
  const entries = Object.entries(object);
  if (entries.length === 0) report(place.at, 'empty objects are not allowed', object);
  for (const [name, value] of entries) {
    const at = [...place.at, name];
    const child = { ...place, at, fields: [...place.fields, name] };
    if (name === OR) {
      anyOf.push(parseOr(value, { ...place, at }, report));
    } else if (place.insideOr && RESERVED_IN_OR.has(name)) {
      report(at, `"${name}" is a reserved word and cannot be a field name inside "$or"`, value);
    } else if (Array.isArray(value)) {
      fields.push(parseLeaf(name, value, child, report));
    } else if (isJsonObject(value)) {
      fields.push({ kind: 'object', name, node: parseObject(value, child, report) });
    } else {
      const example = JSON.stringify(value) ?? '"value"';
      report(
        at,
        `"${name}" must be an object or an array (a leaf lists its values, e.g. [${example}])`,
        value,
      );
    }
  }
  return { fields, anyOf };
}

function parseOr(value: unknown, place: Place, report: ReportProblem): PatternNode[] {
  if (!Array.isArray(value)) {
    report(place.at, '"$or" must be an array of at least two pattern objects', value);
    return [];
  }
  if (value.length < 2) report(place.at, '"$or" needs at least two pattern objects', value);
  return value.flatMap((branch: unknown, index) => {
    const at = [...place.at, index];
    if (isJsonObject(branch)) return [parseObject(branch, { ...place, at, insideOr: true }, report)];
    report(at, 'each element of "$or" must be a pattern object', branch);
    return [];
  });
}

function parseLeaf(
  name: string,
  elements: readonly unknown[],
  place: Place,
  report: ReportProblem,
): LeafField {
  if (elements.length === 0) report(place.at, 'empty arrays are not allowed', elements);
  const terms = elements
    .map((element, index) => parseLeafElement(element, [...place.at, index], report))
    .filter((term): term is LeafTerm => term !== undefined);
  const tests = terms.flatMap((term): ValueTest[] => (term.kind === 'test' ? [term.test] : []));
  const exists = (present: boolean) =>
    terms.some((term) => term.kind === 'exists' && term.present === present);
  return {
    kind: 'leaf',
    name,
    path: place.fields,
    tests,
    mustExist: exists(true),
    mayBeAbsent: exists(false),
  };
}

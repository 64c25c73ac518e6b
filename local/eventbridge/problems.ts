/** One reason EventBridge would reject an event pattern (`InvalidEventPatternException`). */
export interface EventPatternProblem {
  /** Where in the pattern, as a path from its root `$`, e.g. `$.detail.state[0].numeric`. */
  readonly path: string;
  /** What is wrong, e.g. `empty arrays are not allowed`. */
  readonly problem: string;
  /** The value at `path`, as given. */
  readonly given: unknown;
}

/**
 * An event pattern EventBridge would refuse. Thrown by `parseEventPattern` and `matchesEventPattern`;
 * the message lists every problem, one a line, each with its path and the value given.
 */
export class InvalidEventPatternError extends Error {
  override readonly name = 'InvalidEventPatternError';
  readonly problems: readonly EventPatternProblem[];

  constructor(problems: readonly EventPatternProblem[]) {
    const lines = problems.map((problem) => `  ${describeEventPatternProblem(problem)}`);
    super(`Invalid event pattern:\n${lines.join('\n')}`);
    this.problems = problems;
  }
}

/** One line: `$.detail.state[0]: <problem> (given: <value>)`. */
export function describeEventPatternProblem(problem: EventPatternProblem): string {
  return `${problem.path}: ${problem.problem} (given: ${formatGiven(problem.given)})`;
}

/** A place in a pattern: field names and array indexes from the root. */
export type PatternPath = readonly (string | number)[];

/** Where the parser reports a problem; it collects them so that every problem is reported at once. */
export type ReportProblem = (at: PatternPath, problem: string, given: unknown) => void;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `['detail', 'x-limit', 0]` → `$.detail["x-limit"][0]`. */
export function formatPath(path: PatternPath): string {
  return path.reduce<string>((text, segment) => {
    if (typeof segment === 'number') return `${text}[${segment}]`;
    return IDENTIFIER.test(segment) ? `${text}.${segment}` : `${text}[${JSON.stringify(segment)}]`;
  }, '$');
}

/** A value as it would appear in the pattern's JSON, shortened. */
export function formatGiven(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  try {
    const json = JSON.stringify(value) ?? String(value);
    return json.length > 120 ? `${json.slice(0, 117)}...` : json;
  } catch {
    return String(value);
  }
}

/** Whether `value` is a JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether `value` is a finite number, the only kind JSON has. */
export function isJsonNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

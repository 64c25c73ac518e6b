/** Where in a saga definition a problem is, and what to do about it. */
export interface SagaDefinitionProblem {
  /** The saga's name (or `<unnamed>`). */
  readonly saga: string;
  /** The step or parallel group, when the problem is in one. */
  readonly step?: string;
  /** The field at fault, e.g. `retry.maxAttempts`. */
  readonly field: string;
  /** What was given, as written. */
  readonly given: unknown;
  /** What is wrong. */
  readonly problem: string;
  /** How to fix it. */
  readonly fix: string;
}

/**
 * A saga definition that cannot be compiled. Thrown by `defineSaga` and `compileSaga` at the
 * earliest point; the message names the saga, the step, the field, the value and the fix.
 */
export class SagaDefinitionError extends Error {
  override readonly name = 'SagaDefinitionError';
  readonly problems: readonly SagaDefinitionProblem[];

  constructor(problems: readonly SagaDefinitionProblem[]) {
    super(problems.map(describeProblem).join('\n'));
    this.problems = problems;
  }
}

/** One line: `Saga "S", step "T", field "f": <problem> (given: <value>). Fix: <fix>` */
export function describeProblem(problem: SagaDefinitionProblem): string {
  const where = [`Saga "${problem.saga}"`];
  if (problem.step !== undefined) where.push(`step "${problem.step}"`);
  where.push(`field "${problem.field}"`);
  return `${where.join(', ')}: ${problem.problem} (given: ${formatGiven(problem.given)}). Fix: ${problem.fix}`;
}

function formatGiven(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    const json = JSON.stringify(value);
    return json.length > 120 ? `${json.slice(0, 117)}...` : json;
  } catch {
    return String(value);
  }
}

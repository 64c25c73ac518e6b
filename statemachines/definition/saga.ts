import type { RetryPolicy } from './retry-policy.ts';
import type { TaskTarget } from './task-target.ts';

/**
 * Marks the sagas `defineSaga` built. A registered symbol (`Symbol.for`), so a saga stays a saga
 * across two copies of the package in one process (a CLI and a project, say); the property is not
 * enumerable, so a spread copy — which skipped validation — loses it.
 */
export const SAGA_BRAND: unique symbol = Symbol.for('sfn-saga.saga');

/**
 * A saga after `defineSaga` validated it and filled in every default: what the compiler,
 * the CDK constructs and the local engine read. Only `defineSaga` makes one (it is branded and
 * frozen), so an unvalidated object cannot reach the compiler or a deployment.
 */
export interface Saga {
  readonly [SAGA_BRAND]: true;
  readonly name: string;
  readonly description: string;
  /** The deadline from the start: an action that would start later rolls the saga back (TIMED_OUT). */
  readonly timeoutSeconds: number;
  /** The execution's own limit: the deadline plus what may still run after it (see `executionBudget`). */
  readonly executionTimeoutSeconds: number;
  readonly retentionDays: number;
  readonly maxInputBytes: number;
  /** Keys redacted, besides the defaults, in everything the step runtime logs or stores. */
  readonly sensitiveKeys: readonly string[];
  /** JSON Schema the starter checks every start's input against, if the saga declares one. */
  readonly inputSchema: Readonly<Record<string, unknown>> | undefined;
  /** Positions in order; a parallel group is one position. */
  readonly units: readonly SagaUnit[];
}

/** One position of the forward path. */
export type SagaUnit = SagaStep | SagaParallelGroup;

/** A step with every default applied. */
export interface SagaStep {
  readonly kind: 'step';
  readonly name: string;
  readonly action: TaskTarget;
  /** Undefined when the step is a pivot, comes after the pivot, or declared `NO_COMPENSATION`. */
  readonly compensation: TaskTarget | undefined;
  readonly pivot: boolean;
  /** True for steps after the pivot: failures retry forward and are never compensated. */
  readonly forwardOnly: boolean;
  readonly retry: RetryPolicy;
  readonly compensationRetry: RetryPolicy;
  readonly timeoutSeconds: number;
  readonly compensationTimeoutSeconds: number;
  /** Always includes `SagaTerminalError`. */
  readonly terminalErrors: readonly string[];
  /** Terminal errors of the compensation; always includes `SagaTerminalError`. */
  readonly compensationTerminalErrors: readonly string[];
  readonly compensateOnTimeout: boolean;
  readonly maxOutputBytes: number;
  /** Lambda tasks retry the Lambda service's own errors (throttling, service faults). */
  readonly retryLambdaServiceErrors: boolean;
}

/** A parallel group with its members resolved. */
export interface SagaParallelGroup {
  readonly kind: 'parallel';
  readonly name: string;
  readonly forwardOnly: boolean;
  readonly steps: readonly SagaStep[];
}

/** True for the sagas `defineSaga` returned. */
export function isSaga(value: unknown): value is Saga {
  return typeof value === 'object' && value !== null && (value as Saga)[SAGA_BRAND] === true;
}

/**
 * Throws a `TypeError` naming `where` and the fix unless `value` came from `defineSaga`: a
 * hand-made object has not been validated, so it must not be compiled or deployed.
 */
export function assertSaga(value: unknown, where: string): asserts value is Saga {
  if (isSaga(value)) return;
  const given =
    typeof value === 'object' && value !== null ? 'an object not built by defineSaga' : typeof value;
  throw new TypeError(
    `${where}: expected a saga from defineSaga(...), got ${given}. Build it with defineSaga({ name, steps }) (it validates the saga and fills in its defaults) and pass its result unchanged.`,
  );
}

/** Every step of the saga in declaration order, group members in place. */
export function allSteps(saga: Saga): SagaStep[] {
  return saga.units.flatMap((unit) => (unit.kind === 'step' ? [unit] : [...unit.steps]));
}

/** Every Lambda and DynamoDB target the saga calls, actions then compensations, in declaration order. */
export function allTargets(saga: Saga): TaskTarget[] {
  return allSteps(saga).flatMap((step) =>
    step.compensation ? [step.action, step.compensation] : [step.action],
  );
}

import type { RetryPolicy } from './retry-policy.ts';
import type { TaskTarget } from './task-target.ts';

/**
 * Marks a step that deliberately has nothing to undo (e.g. a read, or a notification that is
 * fine to have sent). A non-pivot step must say so explicitly: a forgotten compensation is an error.
 */
export const NO_COMPENSATION = 'none';

/** One step of a saga as its author writes it. */
export interface StepSpec {
  /** Stable id of the step: letters, digits, `-` and `_`, starting with a letter; it names the step's states. */
  readonly name: string;
  /** What the step does. */
  readonly action: TaskTarget;
  /**
   * What undoes the step. Required unless the step is a pivot or declares `NO_COMPENSATION`.
   * Compensations must be idempotent: they are retried, and may run after an action whose outcome is unknown.
   */
  readonly compensation?: TaskTarget | typeof NO_COMPENSATION;
  /**
   * A step that cannot be undone (e.g. "ship"). Once it succeeds nothing before it is compensated;
   * failures after it are retried forward and, if retries run out, park the saga as FAILED.
   * @default false
   */
  readonly pivot?: boolean;
  /** @default RetryPolicies.default before the pivot, RetryPolicies.critical after it */
  readonly retry?: RetryPolicy;
  /** @default RetryPolicies.critical */
  readonly compensationRetry?: RetryPolicy;
  /** @default DEFAULT_STEP_TIMEOUT_SECONDS (30) */
  readonly timeoutSeconds?: number;
  /** @default DEFAULT_COMPENSATION_TIMEOUT_SECONDS (60) */
  readonly compensationTimeoutSeconds?: number;
  /**
   * Error names that skip retries and go straight to compensation. `SagaTerminalError` is always terminal.
   * @default []
   */
  readonly terminalErrors?: readonly string[];
  /**
   * Error names that make the compensation give up at once (the saga is parked as FAILED).
   * `SagaTerminalError` is always terminal. The action's `terminalErrors` do not apply here.
   * @default []
   */
  readonly compensationTerminalErrors?: readonly string[];
  /**
   * When the action times out its outcome is unknown: compensate this step too, not only the ones before it.
   * @default false
   */
  readonly compensateOnTimeout?: boolean;
  /**
   * Largest output the step returns, for the payload-size check. The step runtime enforces it: a
   * larger output fails the step with `SagaOutputTooLarge` (terminal; the step compensates itself).
   * @default DEFAULT_MAX_OUTPUT_BYTES (2 KiB)
   */
  readonly maxOutputBytes?: number;
  /**
   * Retry the Lambda service's own errors (`Lambda.ServiceException`, `Lambda.TooManyRequestsException`,
   * …: 2 s doubling, 6 retries, as aws-cdk-lib's LambdaInvoke does), before and beside the step's
   * policy, even with `RetryPolicies.none`. Lambda targets only.
   * @default true
   */
  readonly retryLambdaServiceErrors?: boolean;
}

/** Steps that run side by side. If one fails, its completed siblings are compensated, then everything before the group. */
export interface ParallelGroupSpec {
  readonly kind: 'parallel';
  /** Stable id of the group: names its Parallel state; the members' outputs land under `$.steps.<name>`. */
  readonly name: string;
  readonly steps: readonly StepSpec[];
}

/** A saga as its author writes it. */
export interface SagaSpec {
  /** The saga type, e.g. `OrderSaga`: names the state machine and every record of this saga. */
  readonly name: string;
  /** Ordered steps; a parallel group counts as one position in the order. */
  readonly steps: readonly (StepSpec | ParallelGroupSpec)[];
  /**
   * The saga's deadline from its start: an action that would start later rolls the saga back, which
   * ends TIMED_OUT. The rollback itself is never cut short: the execution may run for the deadline
   * plus what can still run after it (the step in flight, the steps after the pivot, every
   * compensation with its retries).
   * @default DEFAULT_SAGA_TIMEOUT_SECONDS (300)
   */
  readonly timeoutSeconds?: number;
  /** @default DEFAULT_RETENTION_DAYS (7) */
  readonly retentionDays?: number;
  /** @default DEFAULT_MAX_INPUT_BYTES (16 KiB) */
  readonly maxInputBytes?: number;
  /** A sentence for the state machine's `Comment`. @default `Saga <name>` */
  readonly description?: string;
  /**
   * Keys to redact, beside the default ones (card numbers, passwords, tokens…), in everything the step
   * runtime logs or stores (step outputs in the event log, idempotency records, error messages), e.g.
   * `['iban', 'dateOfBirth']`. Inputs should carry tokens, never card numbers or CVVs.
   * @default []
   */
  readonly sensitiveKeys?: readonly string[];
  /**
   * A JSON Schema (draft 7 or 2020-12) of the saga's input: the starter refuses (dead-letters, with the
   * reason) a start whose input does not match, before anything runs.
   * @default none: any JSON object starts a saga
   */
  readonly inputSchema?: Readonly<Record<string, unknown>>;
}

/** Declares a parallel group. */
export function parallel(name: string, steps: readonly StepSpec[]): ParallelGroupSpec {
  return { kind: 'parallel', name, steps };
}

/** True when an entry of `SagaSpec.steps` is a parallel group. */
export function isParallelGroupSpec(entry: StepSpec | ParallelGroupSpec): entry is ParallelGroupSpec {
  return 'kind' in entry && entry.kind === 'parallel';
}

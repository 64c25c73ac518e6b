import type { RetryPolicy } from './retry-policy.ts';
import type { TaskTarget } from './task-target.ts';

/**
 * A saga after `defineSaga` validated it and filled in every default: what the compiler,
 * the CDK constructs and the local engine read. Never built by hand.
 */
export interface Saga {
  readonly name: string;
  readonly description: string;
  readonly timeoutSeconds: number;
  readonly retentionDays: number;
  readonly maxInputBytes: number;
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
}

/** A parallel group with its members resolved. */
export interface SagaParallelGroup {
  readonly kind: 'parallel';
  readonly name: string;
  readonly forwardOnly: boolean;
  readonly steps: readonly SagaStep[];
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

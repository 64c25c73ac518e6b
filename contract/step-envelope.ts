import type { SagaExecutionInput } from './execution-input.ts';

/** Whether a task does a step or undoes it. */
export type StepPhase = 'action' | 'compensation';

/** Every phase, in the order a saga meets them. */
export const STEP_PHASES: readonly StepPhase[] = ['action', 'compensation'];

/**
 * The event the compiled state machine invokes every Lambda step with, and the step runtime
 * validates (`sagaStep`).
 * @typeParam TInput - the saga's input, unchanged for the whole saga
 */
export interface SagaStepEvent<TInput = unknown> {
  readonly saga: SagaExecutionInput['saga'];
  /** The step's name in the saga definition. */
  readonly step: string;
  /** Whether this invocation does the step or undoes it. */
  readonly phase: StepPhase;
  /** Step Functions' retry count of this state: 0 on the first attempt. */
  readonly attempt: number;
  readonly input: TInput;
  /** Outputs of the completed steps, by step name. */
  readonly steps: Readonly<Record<string, unknown>>;
  /**
   * An action before the pivot: the saga's deadline (ISO). A step runtime that starts the action
   * later fails it with `SagaDeadlineExceeded` instead, which rolls the saga back (TIMED_OUT).
   */
  readonly deadline?: string;
  /**
   * An action before the pivot: before the step's code runs, the runtime reads the saga item and
   * fails the action with `SagaCancelled` when an operator asked to cancel (`saga cancel`), which
   * rolls the saga back and records CANCELLED.
   */
  readonly cancellable?: boolean;
  /** An action: the largest output the step may return (its `maxOutputBytes`), checked before success is reported. */
  readonly maxOutputBytes?: number;
  /** Keys the saga declares sensitive, redacted by the runtime beside its defaults. */
  readonly sensitiveKeys?: readonly string[];
}

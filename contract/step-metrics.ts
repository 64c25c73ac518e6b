import type { StepPhase } from './step-envelope.ts';

/** The dimension naming the step on every step metric (low cardinality: one per step). */
export const STEP_DIMENSION = 'Step';

/** The metrics of one phase of a step (EMF, Count unless said otherwise). */
export interface PhaseMetricNames {
  /** An invocation began running the step's code. */
  readonly started: string;
  /** A retry began (Step Functions' attempt > 0). */
  readonly retried: string;
  readonly succeeded: string;
  readonly failed: string;
  /** Milliseconds from start to outcome, step record included. */
  readonly duration: string;
}

/**
 * The step runtime's metrics by phase, with the dimensions service, SagaType and Step (never the
 * saga id). Totals per saga type are a CloudWatch Metrics Insights query away
 * (`SELECT SUM(StepFailed) FROM SfnSaga WHERE SagaType = 'OrderSaga'`).
 */
export const STEP_METRICS: Readonly<Record<StepPhase, PhaseMetricNames>> = {
  action: {
    started: 'StepStarted',
    retried: 'StepRetried',
    succeeded: 'StepSucceeded',
    failed: 'StepFailed',
    duration: 'StepDuration',
  },
  compensation: {
    started: 'CompensationStarted',
    retried: 'CompensationRetried',
    succeeded: 'CompensationSucceeded',
    failed: 'CompensationFailed',
    duration: 'CompensationDuration',
  },
};

/** Count: an invocation answered with the first result of the same saga, step and phase (idempotent replay). */
export const STEP_REPLAYED_METRIC = 'StepReplayed';

/**
 * Count: an invocation refused before the step's code ran — a malformed envelope, a duplicate
 * while the first is still in progress, or the same step called again with a different input.
 */
export const STEP_REJECTED_METRIC = 'StepRejected';

/** Count: a step's outcome could not be written to the saga's event log (the step's own outcome stands). */
export const STEP_RECORD_FAILED_METRIC = 'StepRecordFailed';

/**
 * `sfn-saga/contract`: what the compiled state machine, the step runtime, the CDK construct and
 * the services around a saga agree on — the saga table's schema and statuses, the execution input
 * and the step envelope, the state and error names, the lifecycle events and the metric names.
 * Import it to read saga records or subscribe to lifecycle events from another service.
 */
export { RuntimeEnvironment } from './environment.ts';
export {
  CANCELLED_ERROR_NAME,
  CONFIGURATION_ERROR_NAME,
  DEADLINE_ERROR_NAME,
  LAMBDA_SERVICE_ERRORS,
  OUTCOME_UNKNOWN_ERRORS,
  OUTPUT_TOO_LARGE_ERROR_NAME,
  RETRYABLE_ERROR_NAME,
  TERMINAL_ERROR_NAME,
} from './error-names.ts';
export { type SagaExecutionInput, sagaIdFor } from './execution-input.ts';
export {
  boundedErrorTypes,
  ERROR_TYPE_DIMENSION,
  errorTypeOf,
  FIXED_ERROR_TYPES,
  LAMBDA_ERROR_TYPE,
  MAX_DECLARED_ERROR_TYPES,
  OTHER_ERROR_TYPE,
} from './failure-reasons.ts';
export {
  LIFECYCLE_DETAIL_TYPES,
  LIFECYCLE_EVENT_SOURCE,
  type SagaLifecycleDetail,
} from './lifecycle-events.ts';
export { type SagaFailure, type StateError, sagaFailure } from './saga-failure.ts';
export { SAGA_TYPE_DIMENSION, SagaMetrics, SERVICE_DIMENSION, STATUS_DIMENSION } from './saga-metrics.ts';
export {
  SAGA_OUTPUT_PREFIX,
  type SagaResources,
  sagaOutputKey,
  sagaResourcesOf,
} from './saga-stack-outputs.ts';
export { SAGA_TABLE, SagaStatus, TERMINAL_STATUSES } from './saga-table.ts';
export { StateNames, stepOfState } from './state-names.ts';
export type { SagaStepEvent, StepPhase } from './step-envelope.ts';
export { STEP_DIMENSION, STEP_METRICS, STEP_REJECTED_METRIC, STEP_REPLAYED_METRIC } from './step-metrics.ts';

/** The step runtime: what a saga's Lambda steps import. */

export { STEP_METRICS, STEP_REJECTED_METRIC, STEP_REPLAYED_METRIC } from '../../contract/step-metrics.ts';
export { SagaError, SagaRetryableError, SagaTerminalError } from './errors.ts';
export {
  DEFAULT_IDEMPOTENCY_EXPIRY_SECONDS,
  IDEMPOTENCY_KEY_PATH,
  IDEMPOTENCY_KEY_PREFIX,
  PAYLOAD_VALIDATION_PATH,
} from './idempotency.ts';
export { InMemoryPersistenceLayer } from './in-memory-persistence.ts';
export {
  IDEMPOTENCY_TABLE_NAME_ENV,
  SAGA_TABLE_NAME_ENV,
  type SagaStepOptions,
  type StepIdempotencySettings,
} from './options.ts';
export { MAX_ERROR_MESSAGE_LENGTH, type StoredError } from './safe-error.ts';
export { type StepContext, type StepFunction, sagaStep } from './saga-step.ts';
export { parseStepEvent, type SagaStepEvent } from './step-event.ts';
export { type AppendResult, appendSagaEvent } from './step-record/append-saga-event.ts';
export { type ExpireResult, expireSagaEvents } from './step-record/expire-saga-events.ts';
export { foldSagaEvents, type StepState, type StepStatus } from './step-record/fold-saga-events.ts';
export { readSagaHistory, type SagaHistory } from './step-record/read-saga-history.ts';
export { eventSortKey, type SagaEvent, SagaEventType } from './step-record/saga-event.ts';

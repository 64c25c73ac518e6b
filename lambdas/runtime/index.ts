/**
 * `sfn-saga/runtime`: what a saga's Lambda steps import. Wrap a step's code with `sagaStep` and
 * throw `SagaTerminalError` for failures no retry can fix.
 */

export { DEFAULT_SENSITIVE_KEYS } from '../shared/powertools/redaction.ts';
export {
  SagaConfigurationError,
  SagaError,
  SagaRetryableError,
  SagaTerminalError,
} from './errors.ts';
export { InMemoryPersistenceLayer } from './in-memory-persistence.ts';
export type { SagaStepOptions, StepIdempotencySettings } from './options.ts';
export { type StepContext, type StepFunction, sagaStep } from './saga-step.ts';
export type { SagaStepEvent } from './step-event.ts';

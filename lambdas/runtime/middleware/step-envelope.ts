import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import type { MiddlewareObj } from '@middy/core';
import { SAGA_TYPE_DIMENSION } from '../../../contract/saga-metrics.ts';
import { STEP_DIMENSION } from '../../../contract/step-metrics.ts';
import { TRACE_ANNOTATIONS } from '../../../contract/trace-annotations.ts';
import type { Redactor } from '../../shared/powertools/redaction.ts';
import { parseStepEvent, type SagaStepEvent } from '../step-event.ts';
import { type StepRequest, setStepEvent } from './request-state.ts';

/** What {@link stepEnvelope} puts the saga's context on. */
export interface StepEnvelopeOptions {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly tracer: Tracer;
  /** Learns the saga's declared `sensitiveKeys` from the envelope. */
  readonly redactor: Redactor;
}

/**
 * The X-Ray annotations of a step invocation (indexed, searchable; names in
 * `contract/trace-annotations.ts`): saga id and type, step, phase and attempt, and on a
 * compensation `compensates`, the step it undoes.
 * @see https://docs.aws.amazon.com/xray/latest/devguide/xray-concepts.html#xray-concepts-annotations
 */
export function stepAnnotations(event: SagaStepEvent): Record<string, string | number> {
  return {
    [TRACE_ANNOTATIONS.sagaId]: event.saga.id,
    [TRACE_ANNOTATIONS.sagaType]: event.saga.type,
    [TRACE_ANNOTATIONS.step]: event.step,
    [TRACE_ANNOTATIONS.phase]: event.phase,
    [TRACE_ANNOTATIONS.attempt]: event.attempt,
    ...(event.phase === 'compensation' ? { [TRACE_ANNOTATIONS.compensates]: event.step } : {}),
  };
}

/**
 * Checks the step envelope (a malformed one fails with `SagaTerminalError` naming the field) and
 * adds the saga's declared `sensitiveKeys` to the redactor, and puts the saga's context on this
 * invocation's telemetry: the log keys sagaId, sagaType, step,
 * phase and attempt; the metric dimensions SagaType and Step; the annotations of
 * {@link stepAnnotations} on the handler's X-Ray subsegment. Register it after Powertools'
 * middlewares (which clear that context after each invocation) and before the idempotency one.
 */
export function stepEnvelope(options: StepEnvelopeOptions): MiddlewareObj {
  const { logger, metrics, tracer, redactor } = options;
  const stepEnvelopeBefore = (request: StepRequest) => {
    const event = parseStepEvent(request.event);
    setStepEvent(request, event);
    if (event.sensitiveKeys) redactor.addSensitiveKeys(event.sensitiveKeys);
    logger.appendKeys({
      sagaId: event.saga.id,
      sagaType: event.saga.type,
      step: event.step,
      phase: event.phase,
      attempt: event.attempt,
    });
    metrics.addDimension(SAGA_TYPE_DIMENSION, event.saga.type).addDimension(STEP_DIMENSION, event.step);
    if (!tracer.isTracingEnabled()) return;
    for (const [key, value] of Object.entries(stepAnnotations(event))) tracer.putAnnotation(key, value);
  };
  return { before: stepEnvelopeBefore };
}

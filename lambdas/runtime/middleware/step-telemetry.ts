import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import type { MiddlewareObj } from '@middy/core';
import { STEP_METRICS, STEP_REJECTED_METRIC } from '../../../contract/step-metrics.ts';
import { STEP_SUBSEGMENT_PREFIX } from '../../../contract/trace-annotations.ts';
import type { Redactor } from '../../shared/powertools/redaction.ts';
import { toTracedError } from '../safe-error.ts';
import type { SagaStepEvent } from '../step-event.ts';
import {
  executionOf,
  type StepExecution,
  type StepRequest,
  startExecution,
  stepEventOf,
} from './request-state.ts';
import { stepAnnotations } from './step-envelope.ts';

/** What {@link stepTelemetry} reports through. */
export interface StepTelemetryOptions {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly tracer: Tracer;
  readonly clock: () => Date;
  readonly redactor: Redactor;
}

/**
 * Reports each run of the step's code — not replays, not refusals: a `### <Step> <phase>` X-Ray
 * subsegment annotated with the saga, step, phase and attempt (and `compensates` on compensations) that records
 * the error, the phase's Started / Retried / Succeeded / Failed / Duration metrics, and log lines:
 * `Step failed` (ERROR) and `Step invocation refused before the step ran` (WARN); `Step started`
 * and `Step succeeded` at DEBUG. Register it after the idempotency middleware, so a replay never
 * reaches it.
 */
export function stepTelemetry(options: StepTelemetryOptions): MiddlewareObj {
  const { logger, metrics, tracer, clock, redactor } = options;

  const stepTelemetryBefore = (request: StepRequest) => {
    const event = stepEventOf(request);
    if (!event) return;
    const execution = startExecution(request, clock());
    const names = STEP_METRICS[event.phase];
    metrics.addMetric(names.started, MetricUnit.Count, 1);
    if (event.attempt > 0) metrics.addMetric(names.retried, MetricUnit.Count, 1);
    openSubsegment(tracer, event, execution);
    logger.debug('Step started');
  };

  const stepTelemetryAfter = (request: StepRequest) => {
    const finished = finish(request, 'succeeded');
    if (!finished) return;
    closeSubsegment(tracer, finished.execution);
    // DEBUG: a success is already in the metrics and the step record; a line per step would cost
    // more than the rest of the wrapper (see bench/runtime-overhead.ts).
    logger.debug('Step succeeded', { durationMs: finished.durationMs });
  };

  const stepTelemetryOnError = (request: StepRequest) => {
    const error = toTracedError(request.error, redactor);
    const execution = executionOf(request);
    if (!execution) {
      metrics.addMetric(STEP_REJECTED_METRIC, MetricUnit.Count, 1);
      logger.warn('Step invocation refused before the step ran', { error });
      return;
    }
    const finished = finish(request, 'failed');
    if (!finished) {
      logger.error('Step invocation failed after the step succeeded', { error });
      return;
    }
    execution.trace?.subsegment.addError(error);
    closeSubsegment(tracer, execution);
    logger.error('Step failed', { error, durationMs: finished.durationMs });
  };

  /** Records the outcome's metrics once; `undefined` when the step did not run or was already reported. */
  function finish(request: StepRequest, outcome: 'succeeded' | 'failed') {
    const event = stepEventOf(request);
    const execution = executionOf(request);
    if (!event || !execution || execution.outcome !== 'running') return undefined;
    execution.outcome = outcome;
    const names = STEP_METRICS[event.phase];
    const durationMs = clock().getTime() - execution.startedAt.getTime();
    metrics.addMetric(outcome === 'succeeded' ? names.succeeded : names.failed, MetricUnit.Count, 1);
    metrics.addMetric(names.duration, MetricUnit.Milliseconds, durationMs);
    return { execution, durationMs };
  }

  return { before: stepTelemetryBefore, after: stepTelemetryAfter, onError: stepTelemetryOnError };
}

function openSubsegment(tracer: Tracer, event: SagaStepEvent, execution: StepExecution): void {
  if (!tracer.isTracingEnabled()) return;
  const parent = tracer.getSegment();
  if (!parent) return;
  const subsegment = parent.addNewSubsegment(`${STEP_SUBSEGMENT_PREFIX}${event.step} ${event.phase}`);
  for (const [key, value] of Object.entries(stepAnnotations(event))) subsegment.addAnnotation(key, value);
  tracer.setSegment(subsegment);
  execution.trace = { subsegment, parent };
}

function closeSubsegment(tracer: Tracer, execution: StepExecution): void {
  if (!execution.trace) return;
  execution.trace.subsegment.close();
  tracer.setSegment(execution.trace.parent);
}

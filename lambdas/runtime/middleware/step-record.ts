import { getXRayTraceIdFromEnv } from '@aws-lambda-powertools/commons/utils/env';
import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { MiddlewareObj } from '@middy/core';
import { STEP_RECORD_FAILED_METRIC } from '../../../contract/step-metrics.ts';
import type { Redactor } from '../../shared/powertools/redaction.ts';
import { toStoredError } from '../safe-error.ts';
import type { SagaStepEvent } from '../step-event.ts';
import { appendSagaEvent } from '../step-record/append-saga-event.ts';
import { eventExpiresAt } from '../step-record/event-expiry.ts';
import { eventTypeOf, type SagaEvent } from '../step-record/saga-event.ts';
import { persistedOutputOf } from './persisted-output.ts';
import { executionOf, type StepRequest, stepEventOf, storageOf } from './request-state.ts';

/** How {@link stepRecord} writes (where comes from this invocation's storage, see `stepStorage`). */
export interface StepRecordOptions {
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly redactor: Redactor;
}

/**
 * Appends the outcome of each run of the step's code to the saga's partition of the saga table
 * (`step.succeeded` with the output, redacted, `step.failed` with the redacted error, and the same for
 * compensations; see `appendSagaEvent`), each with an upper-bound TTL from its write (`eventExpiresAt`). Register it outside the idempotency middleware: its `after`
 * runs once the step's result is durable, and a replay (which returns early) never writes again.
 * A failed write never fails the invocation — the step did run, and failing it would make a retry
 * run it twice — it is logged (ERROR) and counted (`StepRecordFailed`).
 */
export function stepRecord(options: StepRecordOptions): MiddlewareObj {
  const { clock, logger, metrics, redactor } = options;

  const record = (
    target: { readonly client: Pick<DynamoDBClient, 'send'>; readonly tableName: string },
    event: SagaStepEvent,
    succeeded: boolean,
    outcome: Pick<SagaEvent, 'output' | 'error'>,
  ) => {
    const traceId = getXRayTraceIdFromEnv();
    const time = clock();
    return appendSagaEvent(target.client, target.tableName, {
      sagaId: event.saga.id,
      type: eventTypeOf(event.phase, succeeded),
      step: event.step,
      phase: event.phase,
      attempt: event.attempt,
      time: time.toISOString(),
      ...(traceId ? { traceId } : {}),
      ...outcome,
      expiresAt: eventExpiresAt(event.saga, time),
    });
  };

  const stepRecordAfter = async (request: StepRequest) => {
    const event = stepEventOf(request);
    const execution = executionOf(request);
    const target = storageOf(request)?.stepRecord;
    if (!event || !execution || !target) return;
    execution.recorded = 'succeeded';
    const output = event.phase === 'action' ? { output: persistedOutputOf(request, redactor, logger) } : {};
    try {
      const { appended } = await record(target, event, true, output);
      if (!appended) logger.warn('Step outcome was already recorded');
    } catch (error) {
      metrics.addMetric(STEP_RECORD_FAILED_METRIC, MetricUnit.Count, 1);
      logger.error('Could not record the step success in the event log; the step succeeded', { error });
    }
  };

  const stepRecordOnError = async (request: StepRequest) => {
    const event = stepEventOf(request);
    const execution = executionOf(request);
    const target = storageOf(request)?.stepRecord;
    if (!event || !execution || !target || execution.recorded) return;
    execution.recorded = 'failed';
    try {
      await record(target, event, false, { error: toStoredError(request.error, redactor) });
    } catch (error) {
      metrics.addMetric(STEP_RECORD_FAILED_METRIC, MetricUnit.Count, 1);
      logger.error('Could not record the step failure', { error });
    }
  };

  return { after: stepRecordAfter, onError: stepRecordOnError };
}

import { getXRayTraceIdFromEnv } from '@aws-lambda-powertools/commons/utils/env';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { MiddlewareObj } from '@middy/core';
import type { Redactor } from '../../shared/powertools/redaction.ts';
import { toStoredError } from '../safe-error.ts';
import type { SagaStepEvent } from '../step-event.ts';
import { appendSagaEvent } from '../step-record/append-saga-event.ts';
import { eventTypeOf, type SagaEvent } from '../step-record/saga-event.ts';
import { executionOf, type StepRequest, stepEventOf, storageOf } from './request-state.ts';

/** How {@link stepRecord} writes (where comes from this invocation's storage, see `stepStorage`). */
export interface StepRecordOptions {
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly redactor: Redactor;
}

/**
 * Appends the outcome of each run of the step's code to the saga's partition of the saga table
 * (`step.succeeded` with the output, `step.failed` with the redacted error, and the same for
 * compensations; see `appendSagaEvent`). Register it last, inside the idempotency middleware: the
 * success is written before the idempotency record completes, so a replay never writes it again.
 * A failed write of a success fails the invocation (retryable); a failed write of a failure is
 * logged and the step's own error is thrown.
 */
export function stepRecord(options: StepRecordOptions): MiddlewareObj {
  const { clock, logger, redactor } = options;

  const record = (
    target: { readonly client: Pick<DynamoDBClient, 'send'>; readonly tableName: string },
    event: SagaStepEvent,
    succeeded: boolean,
    outcome: Pick<SagaEvent, 'output' | 'error'>,
  ) => {
    const traceId = getXRayTraceIdFromEnv();
    return appendSagaEvent(target.client, target.tableName, {
      sagaId: event.saga.id,
      type: eventTypeOf(event.phase, succeeded),
      step: event.step,
      phase: event.phase,
      attempt: event.attempt,
      time: clock().toISOString(),
      ...(traceId ? { traceId } : {}),
      ...outcome,
    });
  };

  const stepRecordAfter = async (request: StepRequest) => {
    const event = stepEventOf(request);
    const execution = executionOf(request);
    const target = storageOf(request)?.stepRecord;
    if (!event || !execution || !target) return;
    execution.recorded = 'succeeded';
    const output = event.phase === 'action' ? { output: request.response } : {};
    const { appended } = await record(target, event, true, output);
    if (!appended) logger.warn('Step outcome was already recorded');
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
      logger.error('Could not record the step failure', { error });
    }
  };

  return { after: stepRecordAfter, onError: stepRecordOnError };
}

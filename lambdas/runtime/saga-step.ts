import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy, { type MiddyfiedHandler } from '@middy/core';
import type { Context } from 'aws-lambda';
import { SagaOutputTooLarge } from './errors.ts';
import { stepIdempotency } from './idempotency.ts';
import { safeErrors } from './middleware/safe-errors.ts';
import { stepCancellation } from './middleware/step-cancellation.ts';
import { stepEnvelope } from './middleware/step-envelope.ts';
import { stepLimits } from './middleware/step-limits.ts';
import { stepRecord } from './middleware/step-record.ts';
import { stepStorage } from './middleware/step-storage.ts';
import { stepTelemetry } from './middleware/step-telemetry.ts';
import { resolveStepTelemetry, type SagaStepOptions } from './options.ts';
import type { SagaStepEvent } from './step-event.ts';

/** What a step's code gets besides its event. */
export interface StepContext {
  /** The Lambda context of the invocation. */
  readonly lambda: Context;
  /** The logger, carrying this invocation's saga keys and redacting sensitive fields. */
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly tracer: Tracer;
  /** Aborted just before the function times out (middy's `timeoutEarlyInMillis`). */
  readonly signal: AbortSignal;
}

/** A step's code: the validated envelope in, the step's output out. */
export type StepFunction<TInput, TOutput> = (
  event: SagaStepEvent<TInput>,
  ctx: StepContext,
) => Promise<TOutput>;

/**
 * Wraps a step's code as a Lambda handler for the compiled saga, composed of Powertools' middy
 * middlewares and the runtime's own, outermost first:
 * `captureLambdaHandler` (X-Ray), `logMetrics` (EMF), `injectLambdaContext` (logger, keys reset per
 * invocation), `safeErrors` (what may leave the function), `stepEnvelope` (validation and saga
 * context), `stepStorage` (where records go), `stepRecord` (the saga's event log, written once the
 * result is durable), `makeHandlerIdempotent` (saga id + step + phase; replays skip everything
 * below), `stepLimits` (the saga's deadline), `stepCancellation` (an operator's cancel) and `stepTelemetry` (subsegment, metrics, outcome logs).
 * The output is checked against the step's `maxOutputBytes` before success is reported.
 * Per-invocation state lives in `request.internal`.
 *
 * Reads `SAGA_TABLE_NAME` and `IDEMPOTENCY_TABLE_NAME` unless the options name the tables, and
 * Powertools' own variables (`POWERTOOLS_SERVICE_NAME`, `POWERTOOLS_METRICS_NAMESPACE`,
 * `POWERTOOLS_LOG_LEVEL`…).
 *
 * @example
 * export const handler = sagaStep<Order, { paymentId: string }>(async (event, ctx) => {
 *   return { paymentId: await charge(event.saga.id, event.input.amountCents) };
 * });
 */
export function sagaStep<TInput = unknown, TOutput = unknown>(
  stepFunction: StepFunction<TInput, TOutput>,
  options: SagaStepOptions = {},
): MiddyfiedHandler<unknown, TOutput | null> {
  const { logger, metrics, tracer, clock, redactor } = resolveStepTelemetry(options);
  const runStep = async (event: unknown, lambda: Context, { signal }: { signal: AbortSignal }) => {
    const envelope = event as SagaStepEvent<TInput>;
    // Powertools' idempotency middleware needs a result other than `undefined` to store.
    const output = (await stepFunction(envelope, { lambda, logger, metrics, tracer, signal })) ?? null;
    checkOutputSize(envelope, output);
    return output;
  };

  const handler = middy<unknown, TOutput | null>(runStep)
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(logMetrics(metrics))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(safeErrors({ redactor }))
    .use(stepEnvelope({ logger, metrics, tracer, redactor }))
    .use(stepStorage(options))
    // Outside the idempotency middleware: a success is written to the event log only once its
    // result is durable, so a failed write can never make a retry run the step again.
    .use(stepRecord({ clock, logger, metrics, redactor }))
    .use(stepIdempotency({ logger, metrics, redactor }))
    .use(stepLimits({ clock }))
    .use(stepCancellation())
    .use(stepTelemetry({ logger, metrics, tracer, clock, redactor }));
  return handler;
}

/**
 * Refuses an output larger than the step's `maxOutputBytes` before success is reported: Step
 * Functions would fail the task with `States.DataLimitExceeded`, which no `Catch` sees.
 */
function checkOutputSize(event: SagaStepEvent, output: unknown): void {
  if (event.phase !== 'action' || event.maxOutputBytes === undefined) return;
  const bytes = Buffer.byteLength(JSON.stringify(output) ?? 'null', 'utf8');
  if (bytes <= event.maxOutputBytes) return;
  throw new SagaOutputTooLarge(
    `${event.step} returned ${bytes} bytes, over its maxOutputBytes ${event.maxOutputBytes}: return references (ids, S3 keys), not documents, or raise maxOutputBytes`,
  );
}

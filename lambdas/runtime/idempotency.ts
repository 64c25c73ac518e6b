import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import { STEP_REPLAYED_METRIC } from '../../contract/step-metrics.ts';
import type { Redactor } from '../shared/powertools/redaction.ts';
import { persistedOutputOf } from './middleware/persisted-output.ts';
import { type StepRequest, storageOf } from './middleware/request-state.ts';
import type { StepStorage } from './options.ts';

/**
 * The idempotency key: the saga, the step and the phase — not the attempt, so Step Functions'
 * retries of a step that already succeeded replay its result instead of running it again.
 */
export const IDEMPOTENCY_KEY_PATH = '[saga.id, step, phase]';

/**
 * What must not change between two invocations with the same key: the saga's input. A changed
 * input fails with Powertools' `IdempotencyValidationError` (turned terminal by the runtime).
 */
export const PAYLOAD_VALIDATION_PATH = 'input';

/**
 * How long a step's first result is replayed: a day, longer than any saga within the default
 * timeouts (5 min per saga) and its retries. Raise it for sagas that run longer.
 */
export const DEFAULT_IDEMPOTENCY_EXPIRY_SECONDS = 86_400;

/**
 * The prefix of every idempotency key. Fixed rather than Powertools' default (the function's name),
 * so the key depends only on the saga, the step and the phase: the same on Lambda and locally, and
 * stable when a function is renamed.
 */
export const IDEMPOTENCY_KEY_PREFIX = 'sfn-saga-step';

/** What {@link stepIdempotency} needs. */
export interface StepIdempotencyOptions {
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Redacts the result before it is saved (see `persistedOutputOf`). */
  readonly redactor: Redactor;
}

/**
 * Powertools' idempotency middleware keyed per saga, step and phase, with payload validation on
 * the saga input, on the persistence store this invocation resolved (see `stepStorage`), saving
 * the result with its sensitive values redacted (see `persistedOutputOf`): one
 * Powertools middleware per store, built on first use. A repeated invocation returns the first
 * result without running the step; a concurrent duplicate fails with
 * `IdempotencyAlreadyInProgressError`, which the compiled `Retry` retries like any error that is
 * not `SagaTerminalError`. Without idempotency in the storage it does nothing.
 * @see https://docs.powertools.aws.dev/lambda/typescript/latest/utilities/idempotency/
 */
export function stepIdempotency(options: StepIdempotencyOptions): MiddlewareObj {
  const { logger, metrics, redactor } = options;
  const byStore = new WeakMap<BasePersistenceLayer, MiddlewareObj>();
  const middlewareFor = (settings: NonNullable<StepStorage['idempotency']>) => {
    let middleware = byStore.get(settings.persistenceStore);
    if (!middleware) {
      const config = new IdempotencyConfig({
        eventKeyJmesPath: IDEMPOTENCY_KEY_PATH,
        payloadValidationJmesPath: PAYLOAD_VALIDATION_PATH,
        throwOnNoIdempotencyKey: true,
        expiresAfterSeconds: settings.expiresAfterSeconds,
        responseHook: (response) => {
          metrics.addMetric(STEP_REPLAYED_METRIC, MetricUnit.Count, 1);
          logger.info('Step replayed its first result');
          return response;
        },
      });
      middleware = saveRedacted(
        keepRecordOnRefusal(
          makeHandlerIdempotent({
            persistenceStore: settings.persistenceStore,
            config,
            keyPrefix: IDEMPOTENCY_KEY_PREFIX,
          }),
        ),
        (request) => persistedOutputOf(request, redactor, logger),
      );
      byStore.set(settings.persistenceStore, middleware);
    }
    return middleware;
  };
  const active = (request: StepRequest) => {
    const settings = storageOf(request)?.idempotency;
    return settings ? middlewareFor(settings) : undefined;
  };
  return {
    before: (request: StepRequest) => active(request)?.before?.(request),
    after: (request: StepRequest) => active(request)?.after?.(request),
    onError: (request: StepRequest) => active(request)?.onError?.(request),
  };
}

/** Errors with which Powertools' `before` refuses an invocation instead of running it. */
const REFUSALS = new Set(['IdempotencyAlreadyInProgressError', 'IdempotencyValidationError']);
const REFUSED = 'sagaIdempotencyRefused';

/**
 * Powertools 2.35's middleware deletes the idempotency record in `onError` even when its own `before`
 * refused the call — a concurrent duplicate, or a changed payload — so the next retry runs the step
 * again while the first is still running, or after it already succeeded
 * (powertools-lambda-typescript#5675, fixed upstream, not yet released). This keeps the record when
 * the middleware itself refused; remove it once a release carries the fix.
 */
function keepRecordOnRefusal(inner: MiddlewareObj): MiddlewareObj {
  return {
    before: async (request) => {
      try {
        return await inner.before?.(request);
      } catch (error) {
        if (error instanceof Error && REFUSALS.has(error.name))
          (request.internal as Record<string, unknown>)[REFUSED] = true;
        throw error;
      }
    },
    ...(inner.after ? { after: inner.after } : {}),
    onError: async (request) => {
      if ((request.internal as Record<string, unknown>)[REFUSED]) return;
      return inner.onError?.(request);
    },
  };
}

/**
 * Powertools saves `request.response` in its `after`; this hands it the redacted copy for that
 * call only and gives the handler's own result back to the state machine. Done here rather than
 * in a persistence layer so it holds for any `persistenceStore`, the user's own included.
 */
function saveRedacted(inner: MiddlewareObj, redacted: (request: StepRequest) => unknown): MiddlewareObj {
  if (!inner.after) return inner;
  const after = inner.after;
  return {
    ...inner,
    after: async (request: StepRequest) => {
      const response = request.response;
      request.response = redacted(request);
      try {
        return await after(request);
      } finally {
        request.response = response;
      }
    },
  };
}

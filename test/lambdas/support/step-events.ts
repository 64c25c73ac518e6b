import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import type { SagaStepEvent } from '../../../lambdas/runtime/step-event.ts';

/** How long the fake Lambda context says the invocation has left. */
const REMAINING_TIME_MS = 30_000;

/** A fixed start, so expiry values are known. */
export const SAGA_STARTED_AT = '2026-01-02T03:04:05.000Z';
/** The saga's deadline: 5 minutes after its start. */
export const SAGA_DEADLINE = '2026-01-02T03:09:05.000Z';
/** The saga's TTL in the envelope (epoch seconds): start + 5 min timeout + 7 days of retention. */
export const SAGA_EXPIRES_AT = Date.parse(SAGA_STARTED_AT) / 1000 + 300 + 7 * 86_400;

/** A valid step envelope for a fresh saga; `overrides` replace top-level fields. */
export function stepEvent(overrides: Partial<SagaStepEvent> = {}): SagaStepEvent {
  return {
    saga: {
      id: `OrderSaga-${randomUUID()}`,
      type: 'OrderSaga',
      businessKey: `order-${randomUUID().slice(0, 8)}`,
      startedAt: SAGA_STARTED_AT,
      deadline: SAGA_DEADLINE,
      expiresAt: SAGA_EXPIRES_AT,
    },
    step: 'ChargePayment',
    phase: 'action',
    attempt: 0,
    input: { orderId: 'o-1', amountCents: 1_250 },
    steps: {},
    ...overrides,
  };
}

/** The same saga's envelope for another step, phase or attempt. */
export function nextEvent(event: SagaStepEvent, overrides: Partial<SagaStepEvent>): SagaStepEvent {
  return { ...event, ...overrides };
}

/** A Lambda context as the Lambda runtime hands it over. */
export function lambdaContext(functionName = 'charge-payment'): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'test',
    getRemainingTimeInMillis: () => REMAINING_TIME_MS,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Settles a promise into its value or its error, for asserting on both outcomes of concurrent calls. */
export async function settle<T>(promise: Promise<T>): Promise<{ value?: T; error?: Error }> {
  try {
    return { value: await promise };
  } catch (error) {
    return { error: error as Error };
  }
}

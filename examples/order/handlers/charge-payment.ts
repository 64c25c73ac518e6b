import type { Context } from 'aws-lambda';
import { injectFailure } from './inject-failure.ts';
import type { OrderStepEvent } from './step-event.ts';

/** Charges the customer for the order. Idempotent per saga: the payment id derives from the saga id. */
export async function handler(event: OrderStepEvent, context: Context) {
  await injectFailure(event, context);
  return { paymentId: `pay-${event.saga.id.slice(-12)}`, amountCents: event.input.amountCents };
}

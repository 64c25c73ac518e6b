import type { Context } from 'aws-lambda';
import { injectFailure } from './inject-failure.ts';
import type { OrderStepEvent } from './step-event.ts';

/** Emails the customer. After the pivot: retried forward, never compensated. */
export async function handler(event: OrderStepEvent, context: Context) {
  await injectFailure(event, context);
  return { sentTo: event.input.customerId };
}

import type { Context } from 'aws-lambda';
import { injectFailure } from './inject-failure.ts';
import type { OrderStepEvent } from './step-event.ts';

/** Hands the order to the carrier: the saga's pivot, it cannot be undone. */
export async function handler(event: OrderStepEvent, context: Context) {
  await injectFailure(event, context);
  return { shipmentId: `shp-${event.saga.id.slice(-12)}`, carrier: 'local-post' };
}

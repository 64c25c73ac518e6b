import { sagaStep } from '../../../lambdas/runtime/index.ts';
import type { Order } from '../order.ts';
import { injectFailure } from './inject-failure.ts';

/** Hands the order to the carrier: the saga's pivot, it cannot be undone. */
export const handler = sagaStep<Order, { shipmentId: string; carrier: string }>(async (event, { lambda }) => {
  await injectFailure(event, lambda);
  return { shipmentId: `shp-${event.saga.id.slice(-12)}`, carrier: 'local-post' };
});

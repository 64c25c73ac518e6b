import { sagaStep } from '../../../lambdas/runtime/index.ts';
import type { Order } from '../order.ts';
import { injectFailure } from './inject-failure.ts';

/** Emails the customer. After the pivot: retried forward, never compensated. */
export const handler = sagaStep<Order, { sentTo: string }>(async (event, { lambda }) => {
  await injectFailure(event, lambda);
  return { sentTo: event.input.customerId };
});

import { sagaStep } from '../../../lambdas/runtime/index.ts';
import type { Order } from '../order.ts';
import { injectFailure } from './inject-failure.ts';

/** Charges the customer for the order; the runtime replays a repeated invocation instead of charging twice. */
export const handler = sagaStep<Order, { paymentId: string; amountCents: number }>(
  async (event, { lambda }) => {
    await injectFailure(event, lambda);
    return { paymentId: `pay-${event.saga.id.slice(-12)}`, amountCents: event.input.amountCents };
  },
);

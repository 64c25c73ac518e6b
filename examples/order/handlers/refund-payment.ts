import { sagaStep } from '../../../lambdas/runtime/index.ts';
import type { Order } from '../order.ts';
import { injectFailure } from './inject-failure.ts';

/** Refunds the order's payment. Safe to repeat, and safe when the charge never happened. */
export const handler = sagaStep<Order, { refunded: string | null }>(async (event, { lambda }) => {
  await injectFailure(event, lambda);
  const payment = event.steps.ChargePayment as { paymentId?: string } | undefined;
  return { refunded: payment?.paymentId ?? null };
});

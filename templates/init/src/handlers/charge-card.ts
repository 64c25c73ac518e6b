import { sagaStep } from 'sfn-saga/runtime';
import type { Order } from '../order.js';

/** Charges the customer. The runtime replays a repeated invocation instead of charging twice. */
export const handler = sagaStep<Order, { paymentId: string }>(async (event) => {
  // Call your payment provider here, with event.saga.id as its idempotency key.
  return { paymentId: `pay-${event.input.orderId}` };
});

/** Refunds the charge. Safe to repeat, and safe when the charge never happened. */
export const refund = sagaStep<Order, { refunded: string | null }>(async (event) => {
  const payment = event.steps.ChargeCard as { paymentId?: string } | undefined;
  return { refunded: payment?.paymentId ?? null };
});

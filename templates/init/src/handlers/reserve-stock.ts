import { SagaTerminalError, sagaStep } from 'sfn-saga/runtime';
import type { Order } from '../order.js';

/** Reserves the order's stock. A quantity no warehouse holds is terminal: no retry will help. */
export const handler = sagaStep<Order, { reservationId: string }>(async (event) => {
  if (event.input.quantity <= 0)
    throw new SagaTerminalError(`quantity ${event.input.quantity} is not an order`);
  // Call your inventory service here, with event.saga.id as its idempotency key.
  return { reservationId: `res-${event.input.orderId}` };
});

/** Releases the reservation. Safe to repeat, and safe when nothing was reserved. */
export const release = sagaStep<Order, { released: boolean }>(async (event) => {
  const reservation = event.steps.ReserveStock as { reservationId?: string } | undefined;
  return { released: reservation?.reservationId !== undefined };
});

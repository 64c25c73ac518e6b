import { sagaStep } from 'sfn-saga/runtime';
import type { Order } from '../order.js';

/** Hands the order to the carrier: the pivot, it cannot be undone. */
export const handler = sagaStep<Order, { shipmentId: string }>(async (event) => {
  return { shipmentId: `shp-${event.input.orderId}` };
});

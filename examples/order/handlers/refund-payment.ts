import type { Context } from 'aws-lambda';
import { injectFailure } from './inject-failure.ts';
import type { OrderStepEvent } from './step-event.ts';

/** Refunds the order's payment. Safe to repeat, and safe when the charge never happened. */
export async function handler(event: OrderStepEvent, context: Context) {
  await injectFailure(event, context);
  const payment = event.steps.ChargePayment as { paymentId?: string } | undefined;
  return { refunded: payment?.paymentId ?? null };
}

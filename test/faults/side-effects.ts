import type { SagaItem } from './accounting.ts';
import type { FaultMessage } from './fault-messages.ts';

/** A side effect that happened more (or less) often than once per saga. */
export interface RepeatedSideEffect {
  readonly orderId: string;
  readonly what: string;
  /** Runs beyond the one the saga may have. */
  readonly extra: number;
}

/** What the side-effect check reads. */
export interface SideEffectInput {
  readonly messages: readonly FaultMessage[];
  /** The saga items, by business key. */
  readonly sagas: ReadonlyMap<string, SagaItem>;
  /** The event-log items of each saga, by saga id. */
  readonly events: ReadonlyMap<string, readonly SagaItem[]>;
  /** The stock of each SKU at the end. */
  readonly stock: ReadonlyMap<string, number>;
  readonly initialStock: number;
}

/** Statuses after which the reservation was given back (the rollback reached ReserveInventory). */
const RELEASED = ['COMPENSATED', 'TIMED_OUT'];

/**
 * Every side effect that ran more than once for one business key: a step that succeeded twice
 * (`step.succeeded` events of one step), a compensation that succeeded twice, and the inventory —
 * reserved once, and given back exactly once when the saga rolled back (an operator's status write
 * aside: what the execution reached, `outcome`, is what happened).
 */
export function repeatedSideEffects(input: SideEffectInput): RepeatedSideEffect[] {
  const repeated: RepeatedSideEffect[] = [];
  const orders = new Map<string, FaultMessage>();
  for (const message of input.messages) {
    if (message.orderId !== undefined && !orders.has(message.orderId)) orders.set(message.orderId, message);
  }
  for (const [orderId, message] of orders) {
    const saga = input.sagas.get(orderId);
    if (!saga) continue;
    const runs = new Map<string, number>();
    for (const event of input.events.get(String(saga.sagaId)) ?? []) {
      if (event.type !== 'step.succeeded' && event.type !== 'compensation.succeeded') continue;
      const what = `${event.type} ${String(event.step)}`;
      runs.set(what, (runs.get(what) ?? 0) + 1);
    }
    for (const [what, count] of runs) if (count > 1) repeated.push({ orderId, what, extra: count - 1 });
    if (message.sku === undefined || message.quantity === undefined) continue;
    const released = RELEASED.includes(String(saga.outcome ?? saga.status));
    const expected = input.initialStock - (released ? 0 : message.quantity);
    const stock = input.stock.get(message.sku);
    if (stock !== expected) {
      repeated.push({
        orderId,
        what: `stock of ${message.sku}: ${stock} instead of ${expected}`,
        extra: Math.max(1, Math.abs((stock ?? input.initialStock) - expected) / message.quantity),
      });
    }
  }
  return repeated;
}

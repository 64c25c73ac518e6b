import { expect } from 'vitest';
import type { Order } from '../../examples/order/order.ts';
import { orderSaga } from '../../examples/order/order-saga.ts';
import type { OrderWorld } from './order-world.ts';
import type { SagaBackend } from './saga-backend.ts';
import { waitFor } from './wait-for.ts';

/** One full-stack scenario: data in, behaviour asserted, on any backend. */
export interface Scenario {
  readonly name: string;
  run(world: OrderWorld): Promise<void>;
}

let orders = 0;
/** A fresh order (unique id and SKU per run, so scenarios never see each other's data). */
const order = (overrides: Partial<Order> = {}): Order => {
  orders += 1;
  const id = `${Date.now().toString(36)}-${orders}`;
  return {
    orderId: `order-${id}`,
    customerId: 'c-1',
    sku: `SKU-${id}`,
    quantity: 2,
    amountCents: 1_999,
    ...overrides,
  };
};
const STOCK = 10;

/**
 * The full-stack scenarios of the example stack. The local-cloud suite and the LocalStack suite both
 * run exactly this list.
 */
export const orderScenarios: readonly Scenario[] = [
  {
    name: 'an OrderPlaced event completes its saga, emits lifecycle events and leaves the record in the table',
    async run(world) {
      const input = order();
      await world.stock(input.sku, STOCK);
      await world.place(input);
      const record = await world.until(input.orderId, ['COMPLETED']);
      expect(record).toMatchObject({
        sagaType: 'OrderSaga',
        businessKey: input.orderId,
        expiresAt: expect.any(Number),
      });
      const events = await world.lifecycleOf(input.orderId, ['Saga Started', 'Saga Completed']);
      expect(events.find((event) => event['detail-type'] === 'Saga Completed')?.detail).toMatchObject({
        status: 'COMPLETED',
        businessKey: input.orderId,
      });
      expect(await world.stockOf(input.sku)).toBe(STOCK - input.quantity);
      // The saga's step records expire with it (the lifecycle publisher lends them its TTL).
      const items = await waitFor(
        `the step records of order ${input.orderId} to carry the saga's TTL`,
        () => world.items(input.orderId),
        (found) => found.length >= 4 && found.every((item) => item.expiresAt === record.expiresAt),
        world.timeoutMs,
      );
      expect(items.filter((item) => String(item.sk).startsWith('EVENT#')).map((item) => item.step)).toEqual(
        expect.arrayContaining(['ChargePayment', 'CreateShipment', 'SendConfirmation']),
      );
    },
  },
  {
    name: 'the same event delivered three times runs exactly one saga',
    async run(world) {
      const input = order();
      await world.stock(input.sku, STOCK);
      await Promise.all([world.place(input), world.place(input), world.place(input)]);
      await world.until(input.orderId, ['COMPLETED']);
      const events = await world.lifecycleOf(input.orderId, ['Saga Started', 'Saga Completed']);
      expect(events.filter((event) => event['detail-type'] === 'Saga Started')).toHaveLength(1);
      expect(await world.stockOf(input.sku)).toBe(STOCK - input.quantity);
    },
  },
  {
    name: 'a malformed event goes to the dead-letter queue with the reason and starts no saga',
    async run(world) {
      const marker = `malformed-${Date.now().toString(36)}`;
      await world.place({ note: marker, customerId: 'c-1' });
      const letter = await world.deadLetter(marker);
      expect(letter.reason).toMatch(/no business key at "detail.orderId"/);
    },
  },
  {
    name: 'a declined payment compensates in reverse order, ends COMPENSATED and says so',
    async run(world) {
      const input = order({ failure: { step: 'ChargePayment', mode: 'terminal' } });
      await world.stock(input.sku, STOCK);
      await world.place(input);
      const record = await world.until(input.orderId, ['COMPENSATED']);
      expect(JSON.parse(String(record.failure))).toMatchObject({ Error: 'SagaTerminalError' });
      await world.lifecycleOf(input.orderId, ['Saga Compensated']);
      expect(await world.stockOf(input.sku)).toBe(STOCK);
    },
  },
  {
    name: 'a compensation that keeps failing parks the saga as FAILED with the error, and says so',
    async run(world) {
      const input = order({
        failure: [
          { step: 'CreateShipment', mode: 'terminal' },
          { step: 'ChargePayment', phase: 'compensation', mode: 'terminal' },
        ],
      });
      await world.stock(input.sku, STOCK);
      await world.place(input);
      const record = await world.until(input.orderId, ['FAILED']);
      expect(record).toMatchObject({ failedStep: 'Compensate ChargePayment', error: 'SagaTerminalError' });
      expect(String(record.cause)).toMatch(/injected terminal failure in ChargePayment \(compensation/);
      // What started the rollback: the shipment's failure.
      expect(JSON.parse(String(record.failure))).toMatchObject({ Error: 'SagaTerminalError' });
      expect(String(record.failure)).toMatch(/CreateShipment/);
      const events = await world.lifecycleOf(input.orderId, ['Saga Failed']);
      expect(events.find((event) => event['detail-type'] === 'Saga Failed')?.detail).toMatchObject({
        failedStep: 'Compensate ChargePayment',
      });
    },
  },
  {
    name: 'every saga item carries a TTL — a running one past its execution limit, so none is kept forever — and a finished one expires',
    async run(world) {
      const finished = order();
      const running = order({ failure: { step: 'ChargePayment', mode: 'timeout' } });
      await world.stock(finished.sku, STOCK);
      await world.stock(running.sku, STOCK);
      await world.place(running);
      // Checked first: its payment hangs past the step timeout, then it compensates.
      const open = await world.until(running.orderId, ['RUNNING']);
      expect(Number(open.expiresAt)).toBeGreaterThanOrEqual(
        Date.parse(String(open.startedAt)) / 1000 + orderSaga.executionTimeoutSeconds,
      );
      await world.place(finished);
      expect(await world.until(finished.orderId, ['COMPLETED'])).toHaveProperty('expiresAt');
      if (!world.backend.expiresItems) {
        console.info(`${world.backend.name} does not remove expired items: TTL expiry not checked here`);
        return;
      }
      await world.expireNow(finished.orderId);
      await waitFor(
        `the expired saga item of order ${finished.orderId} to be deleted by TTL`,
        () => world.record(finished.orderId),
        (found) => found === undefined,
        world.timeoutMs * 4,
        1_000,
      );
      expect(await world.record(running.orderId)).toBeDefined();
    },
  },
];

export function scenarioNames(): string[] {
  return orderScenarios.map((scenario) => scenario.name);
}

export type { SagaBackend };

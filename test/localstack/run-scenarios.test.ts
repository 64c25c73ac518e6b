import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../scenarios/order-scenarios.ts';
import { FakeSagaCloud } from './fake-saga-cloud.ts';
import { formatResults, recordingPlacedOrders, runScenario, runScenarios } from './run-scenarios.ts';

const order = (orderId: string, extra: Record<string, unknown> = {}) => ({
  orderId,
  customerId: 'c-1',
  sku: 'SKU-1',
  quantity: 1,
  amountCents: 100,
  ...extra,
});

const completes: Scenario = {
  name: 'an order completes',
  async run(world) {
    await world.stock('SKU-1', 5);
    await world.place(order('o-1'));
    expect(await world.until('o-1', ['COMPLETED'])).toMatchObject({ status: 'COMPLETED' });
  },
};
const neverCompensates: Scenario = {
  name: 'a declined order compensates',
  async run(world) {
    await world.place(order('o-2', { failure: { step: 'ChargePayment', mode: 'terminal' } }));
    await world.until('o-2', ['COMPENSATED']);
  },
};
const wrongStock: Scenario = {
  name: 'the stock went down',
  async run(world) {
    await world.stock('SKU-9', 5);
    expect(await world.stockOf('SKU-9')).toBe(4);
  },
};

describe('the scenario runner', () => {
  it('runs a scenario on a fresh world and reports it passed, with the orders it placed', async () => {
    // Arrange
    const cloud = new FakeSagaCloud();
    // Act
    const result = await runScenario(cloud.backend(), completes);
    // Assert
    expect(result).toMatchObject({ name: 'an order completes', passed: true, placedOrderIds: ['o-1'] });
    expect(result.error).toBeUndefined();
  });

  it('drives the backend through its SDK clients: PutEvents on the bus, then reads of the saga table', async () => {
    // Arrange
    const cloud = new FakeSagaCloud();
    // Act
    await runScenario(cloud.backend(), completes);
    // Assert
    expect(cloud.commandsOf('eventBridge')).toEqual(['PutEventsCommand']);
    expect(cloud.commandsOf('dynamoDb')).toEqual(['PutItemCommand', 'GetItemCommand']);
    const putEvents = cloud.calls.find((call) => call.command === 'PutEventsCommand');
    expect(putEvents?.input).toMatchObject({
      Entries: [{ EventBusName: 'orders-bus', Source: 'shop', DetailType: 'OrderPlaced' }],
    });
    const read = cloud.calls.find((call) => call.command === 'GetItemCommand');
    expect(read?.input).toMatchObject({
      TableName: 'sagas',
      Key: { sk: { S: 'SAGA' } },
      ConsistentRead: true,
    });
  });

  it('reports a wait that timed out with what it expected and what it last saw', async () => {
    // Arrange
    const cloud = new FakeSagaCloud(300);
    // Act
    const result = await runScenario(cloud.backend(), neverCompensates);
    // Assert
    expect(result.passed).toBe(false);
    expect(result.error).toMatch(
      /Timed out after 300 ms waiting for the saga of order o-2 on the fake cloud to reach COMPENSATED/,
    );
    expect(result.error).toMatch(/Last seen: .*"status": "RUNNING"/s);
    expect(result.placedOrderIds).toEqual(['o-2']);
  });

  it('reports a failed assertion with its message and keeps what was thrown', async () => {
    // Arrange
    const cloud = new FakeSagaCloud();
    // Act
    const result = await runScenario(cloud.backend(), wrongStock);
    // Assert
    expect(result.passed).toBe(false);
    expect(result.error).toMatch(/expected 5 to be 4/);
    expect(result.thrown).toBeInstanceOf(Error);
  });

  it('runs afterScenario with the orders placed, and fails the scenario when it throws', async () => {
    // Arrange
    const cloud = new FakeSagaCloud();
    const seen: (readonly string[])[] = [];
    // Act
    const result = await runScenario(cloud.backend(), completes, {
      async afterScenario({ placedOrderIds }) {
        seen.push(placedOrderIds);
        throw new Error('the execution history disagrees');
      },
    });
    // Assert
    expect(seen).toEqual([['o-1']]);
    expect(result).toMatchObject({ passed: false, error: 'the execution history disagrees' });
  });

  it('does not run afterScenario after a scenario that failed', async () => {
    // Arrange
    const cloud = new FakeSagaCloud();
    let calls = 0;
    // Act
    await runScenario(cloud.backend(), wrongStock, {
      async afterScenario() {
        calls += 1;
      },
    });
    // Assert
    expect(calls).toBe(0);
  });

  it('runs a list in order and reports every outcome, one line each, failures with their message', async () => {
    // Arrange
    const cloud = new FakeSagaCloud();
    let clock = 0;
    const now = () => (clock += 1_500);
    // Act
    const results = await runScenarios(cloud.backend(), [completes, wrongStock], { now });
    // Assert
    expect(results.map((result) => [result.name, result.passed])).toEqual([
      ['an order completes', true],
      ['the stock went down', false],
    ]);
    expect(formatResults('the fake cloud', results)).toBe(
      [
        'the fake cloud: 1 of 2 scenarios passed',
        '✓ an order completes (1.5 s)',
        '✗ the stock went down (1.5 s)',
        '    expected 5 to be 4 // Object.is equality',
      ].join('\n'),
    );
  });

  it('records each placed order once, however often it is sent, and ignores details without one', async () => {
    // Arrange
    const cloud = new FakeSagaCloud();
    const { backend, placedOrderIds } = recordingPlacedOrders(cloud.backend());
    const send = (detail: unknown) =>
      backend.clients.eventBridge.send(
        new PutEventsCommand({ Entries: [{ Detail: JSON.stringify(detail) }] }),
      );
    // Act
    await Promise.all([
      send(order('o-7')),
      send(order('o-7')),
      send({ note: 'malformed' }),
      send(order('o-8')),
    ]);
    // Assert
    expect(placedOrderIds()).toEqual(['o-7', 'o-8']);
    expect(cloud.calls.filter((call) => call.client === 'eventBridge')).toHaveLength(4);
  });
});

import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { SAGA_INDEX } from '../../../contract/saga-index.ts';
import { indexSagaChanges } from '../../../lambdas/core/index-saga-changes.ts';
import { eventSortKey } from '../../../lambdas/runtime/step-record/saga-event.ts';
import { sagaItem, sagaTableInMemory, TABLE } from '../../cli/support/saga-index-fixtures.ts';

const STARTED = '2026-12-02T10:00:00.000Z';
const image = (item: Record<string, unknown>) => marshall(item) as Record<string, AttributeValue>;
const change = (before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined) => ({
  eventName: after ? (before ? 'MODIFY' : 'INSERT') : 'REMOVE',
  dynamodb: { ...(before ? { OldImage: image(before) } : {}), ...(after ? { NewImage: image(after) } : {}) },
});
const running = sagaItem('s-1', 'RUNNING', STARTED);
const compensating = sagaItem('s-1', 'COMPENSATING', STARTED);
const failure = JSON.stringify({ Error: 'PaymentDeclined', Cause: '{}' });
const compensated = sagaItem('s-1', 'COMPENSATED', STARTED, {
  endedAt: '2026-12-02T10:00:03.000Z',
  failure,
  expiresAt: 1_900_600_000,
});

function indexItems(store: ReturnType<typeof sagaTableInMemory>['store']) {
  return store
    .items(TABLE)
    .map((item) => unmarshall(item))
    .filter((item) => String(item.sagaId).startsWith(`${SAGA_INDEX.partitionPrefix}#`));
}

describe('the saga index, kept by the lifecycle publisher', () => {
  it('indexes a new saga under RUNNING with its TTL', async () => {
    // Arrange
    const { store, client } = sagaTableInMemory();
    // Act
    await indexSagaChanges(client, TABLE, [change(undefined, running)]);
    // Assert
    expect(indexItems(store)).toEqual([
      expect.objectContaining({
        sagaId: expect.stringMatching(/^INDEX#OrderSaga#RUNNING#[0-7]$/),
        sk: `${STARTED}#s-1`,
        indexedSagaId: 's-1',
        status: 'RUNNING',
        expiresAt: 1_900_000_000,
      }),
    ]);
  });

  it('moves the saga to its new status, with the new TTL, and leaves no item under the old ones', async () => {
    // Arrange
    const { store, client } = sagaTableInMemory();
    await indexSagaChanges(client, TABLE, [change(undefined, running)]);
    // Act
    await indexSagaChanges(client, TABLE, [change(running, compensating), change(compensating, compensated)]);
    // Assert
    expect(indexItems(store)).toEqual([
      expect.objectContaining({ status: 'COMPENSATED', error: 'PaymentDeclined', expiresAt: 1_900_600_000 }),
    ]);
  });

  it('writes the same single item when a stream batch is delivered again', async () => {
    // Arrange
    const { store, client } = sagaTableInMemory();
    const batch = [
      change(undefined, running),
      change(running, compensating),
      change(compensating, compensated),
    ];
    await indexSagaChanges(client, TABLE, batch);
    const once = indexItems(store);
    // Act
    await indexSagaChanges(client, TABLE, batch);
    await indexSagaChanges(client, TABLE, batch.slice(1));
    // Assert
    expect(indexItems(store)).toEqual(once);
    expect(once).toHaveLength(1);
  });

  it('removes the index item when the saga item goes (TTL, a start taken back)', async () => {
    // Arrange
    const { store, client } = sagaTableInMemory();
    await indexSagaChanges(client, TABLE, [change(undefined, running)]);
    // Act
    await indexSagaChanges(client, TABLE, [change(running, undefined)]);
    // Assert
    expect(indexItems(store)).toEqual([]);
  });

  it('names the step of a rolled-back saga from its event log when the record does not', async () => {
    // Arrange
    const { store, client } = sagaTableInMemory();
    for (const [step, type, time] of [
      ['ReserveStock', 'step.succeeded', '2026-12-02T10:00:01.000Z'],
      ['ChargePayment', 'step.failed', '2026-12-02T10:00:02.000Z'],
      ['ReserveStock', 'compensation.succeeded', '2026-12-02T10:00:02.500Z'],
    ] as const) {
      const sk = eventSortKey({
        time,
        step,
        phase: type.startsWith('step') ? 'action' : 'compensation',
        attempt: 0,
      });
      await client.send(
        new PutItemCommand({ TableName: TABLE, Item: marshall({ sagaId: 's-1', sk, type, step, time }) }),
      );
    }
    // Act
    await indexSagaChanges(client, TABLE, [change(compensating, compensated)]);
    // Assert
    expect(indexItems(store)).toEqual([
      expect.objectContaining({ error: 'PaymentDeclined', step: 'ChargePayment' }),
    ]);
  });

  it('ignores changes of items that are not saga items (step events, index items)', async () => {
    // Arrange
    const { store, client } = sagaTableInMemory();
    const event = {
      sagaId: 's-1',
      sk: 'EVENT#2026-12-02T10:00:01.000Z#ReserveStock#action#0000',
      type: 'step.succeeded',
    };
    // Act
    const writes = await indexSagaChanges(client, TABLE, [change(undefined, event)]);
    // Assert
    expect(writes).toEqual([]);
    expect(indexItems(store)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { sagaIdFor } from '../../contract/execution-input.ts';
import {
  entryOfIndexItem,
  INDEX_SHARDS,
  indexEntryOf,
  indexItemOf,
  indexShardOf,
} from '../../contract/saga-index.ts';

const record = {
  sagaId: 'OrderSaga-abc',
  sk: 'SAGA',
  sagaType: 'OrderSaga',
  businessKey: '1001',
  status: 'FAILED',
  startedAt: '2026-12-02T11:00:00.000Z',
  endedAt: '2026-12-02T11:00:05.000Z',
  failure: JSON.stringify({ Error: 'PaymentDeclined' }),
  error: 'RefundRefused',
  failedStep: 'Compensate ChargePayment',
  expiresAt: 1_900_000_000,
};

describe('the saga index item', () => {
  it('lives in the partition of its type, status and shard, sorted by start time then saga id', () => {
    // Act
    const item = indexItemOf(indexEntryOf(record) ?? ({} as never));
    // Assert
    expect(item).toMatchObject({
      sagaId: `INDEX#OrderSaga#FAILED#${indexShardOf('OrderSaga-abc')}`,
      sk: '2026-12-02T11:00:00.000Z#OrderSaga-abc',
      indexedSagaId: 'OrderSaga-abc',
      expiresAt: 1_900_000_000,
    });
  });

  it('keeps what ended the saga and where, and reads back as the same entry', () => {
    // Arrange
    const entry = indexEntryOf(record);
    // Act
    const back = entryOfIndexItem(indexItemOf(entry ?? ({} as never)));
    // Assert
    expect(entry).toMatchObject({ error: 'RefundRefused', step: 'Compensate ChargePayment' });
    expect(back).toEqual(entry);
  });

  it('is not made for items other than saga items', () => {
    // Act
    const entry = indexEntryOf({ ...record, sk: 'EVENT#2026-12-02T11:00:01.000Z#Charge#action#0000' });
    // Assert
    expect(entry).toBeUndefined();
  });

  it('spreads sagas over every shard', () => {
    // Arrange
    const ids = Array.from({ length: 400 }, (_, index) => sagaIdFor('OrderSaga', String(index)));
    // Act
    const shards = new Set(ids.map(indexShardOf));
    // Assert
    expect([...shards].sort()).toEqual(Array.from({ length: INDEX_SHARDS }, (_, shard) => shard));
  });
});

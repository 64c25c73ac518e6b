import { describe, expect, it } from 'vitest';
import { itemsWithoutSaneTtl } from './ttl-check.ts';

const range = { notBefore: 1_000, notAfter: 2_000 };

describe('the TTL check', () => {
  it('reports items of a table with a TTL whose expiry is missing, before the run or past the longest retention', () => {
    // Arrange
    const tables = [
      {
        tableName: 'sagas',
        ttlAttribute: 'expiresAt',
        items: [
          { sagaId: 's-1', sk: 'SAGA', expiresAt: 1_500 },
          { sagaId: 's-1', sk: 'EVENT#1' },
          { sagaId: 's-2', sk: 'SAGA', expiresAt: 0 },
          { sagaId: 's-3', sk: 'SAGA', expiresAt: 4_102_444_800 },
        ],
      },
      { tableName: 'inventory', items: [{ sku: 'SKU-1', stock: 3 }] },
    ];
    // Act
    const problems = itemsWithoutSaneTtl(tables, range);
    // Assert
    expect(problems).toEqual([
      { tableName: 'sagas', key: 's-1 / EVENT#1', expiresAt: undefined },
      { tableName: 'sagas', key: 's-2 / SAGA', expiresAt: 0 },
      { tableName: 'sagas', key: 's-3 / SAGA', expiresAt: 4_102_444_800 },
    ]);
  });
});

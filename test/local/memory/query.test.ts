import type { AttributeValue, QueryCommandInput } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { InMemoryDynamoDb } from '../../../local/memory/index.ts';
import { storeWith, TABLE, thrownBy } from './support/store.ts';

const SORT_KEYS = ['b', 'B', '😀', 'a', '\uffff', 'ab'];

function partitionStore() {
  return storeWith(
    ...SORT_KEYS.map((sk, index) => ({
      pk: { S: 'p' },
      sk: { S: sk },
      v: { N: String(index) },
      m: { M: { x: { N: '1' }, y: { N: '2' } } },
    })),
    { pk: { S: 'other' }, sk: { S: 'a' } },
  );
}

function query(
  store: InMemoryDynamoDb,
  input: Partial<QueryCommandInput>,
  values: Record<string, AttributeValue> = {},
) {
  return store.query({
    TableName: TABLE,
    KeyConditionExpression: 'pk = :p',
    ExpressionAttributeValues: { ':p': { S: 'p' }, ...values },
    ...input,
  });
}

const sortKeysOf = (items: Record<string, AttributeValue>[] | undefined) =>
  items?.map((item) => item.sk?.S ?? item.sk?.N);

describe('Query order', () => {
  it('answers a partition in sort-key order, strings by their UTF-8 bytes', () => {
    // Act
    const { Items } = query(partitionStore(), {});
    // Assert
    expect(sortKeysOf(Items)).toEqual(['B', 'a', 'ab', 'b', '\uffff', '😀']);
  });

  it('answers backwards with ScanIndexForward false', () => {
    // Act
    const { Items } = query(partitionStore(), { ScanIndexForward: false });
    // Assert
    expect(sortKeysOf(Items)).toEqual(['😀', '\uffff', 'b', 'ab', 'a', 'B']);
  });

  it('orders number sort keys by value', () => {
    // Arrange
    const store = new InMemoryDynamoDb();
    store.createTable({ name: TABLE, partitionKey: 'pk', sortKey: 'sk', sortKeyType: 'N' });
    for (const sk of ['10', '-5', '9.5', '100', '2'])
      store.putItem({ TableName: TABLE, Item: { pk: { S: 'p' }, sk: { N: sk } } });
    // Act
    const { Items } = query(store, {});
    // Assert
    expect(sortKeysOf(Items)).toEqual(['-5', '2', '9.5', '10', '100']);
  });
});

describe('Query key conditions', () => {
  it.each([
    ['pk = :p AND sk = :a', ['a']],
    ['pk = :p AND sk < :a', ['B']],
    ['pk = :p AND sk <= :a', ['B', 'a']],
    ['pk = :p AND sk > :b', ['\uffff', '😀']],
    ['pk = :p AND sk >= :b', ['b', '\uffff', '😀']],
    ['pk = :p AND sk BETWEEN :a AND :b', ['a', 'ab', 'b']],
    ['pk = :p AND begins_with(sk, :a)', ['a', 'ab']],
    ['sk BETWEEN :a AND :b AND :p = pk', ['a', 'ab', 'b']],
  ])('%s reads %j', (condition, expected) => {
    // Arrange
    const used = Object.fromEntries(
      Object.entries({ ':a': { S: 'a' }, ':b': { S: 'b' } }).filter(([name]) => condition.includes(name)),
    );
    // Act
    const { Items } = query(partitionStore(), { KeyConditionExpression: condition }, used);
    // Assert
    expect(sortKeysOf(Items)).toEqual(expected);
  });

  it.each([
    ['pk < :p', 'Query key condition not supported'],
    ['pk = :p OR sk = :p', 'Invalid operator used in KeyConditionExpression: OR'],
    ['pk = :p AND sk <> :p', 'Invalid operator used in KeyConditionExpression: <>'],
    ['pk = :p AND v = :p', 'Query condition missed key schema element: sk'],
    ['sk = :p', 'Query condition missed key schema element: pk'],
    ['pk = :p AND pk = :p', 'KeyConditionExpressions must only contain one condition per key'],
  ])('refuses %s', (condition, message) => {
    // Act
    const error = thrownBy(() => query(partitionStore(), { KeyConditionExpression: condition }));
    // Assert
    expect([error.name, error.message]).toEqual(['ValidationException', message]);
  });
});

describe('Query pages', () => {
  it('ends a page after Limit items with their LastEvaluatedKey, even on the last item', () => {
    // Act
    const pages = [query(partitionStore(), { Limit: 2 }), query(partitionStore(), { Limit: 6 })];
    // Assert
    expect(pages.map((page) => page.LastEvaluatedKey)).toEqual([
      { pk: { S: 'p' }, sk: { S: 'a' } },
      { pk: { S: 'p' }, sk: { S: '😀' } },
    ]);
  });

  it('continues after ExclusiveStartKey, in either direction, even from a key no item has', () => {
    // Arrange
    const store = partitionStore();
    // Act
    const forward = query(store, { ExclusiveStartKey: { pk: { S: 'p' }, sk: { S: 'aa' } }, Limit: 2 });
    const backward = query(store, {
      ExclusiveStartKey: { pk: { S: 'p' }, sk: { S: 'b' } },
      ScanIndexForward: false,
    });
    // Assert
    expect(sortKeysOf(forward.Items)).toEqual(['ab', 'b']);
    expect(sortKeysOf(backward.Items)).toEqual(['ab', 'a', 'B']);
  });

  it('reads every item once when paging through a partition', () => {
    // Arrange
    const store = partitionStore();
    const seen: (string | undefined)[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    // Act
    do {
      const page = query(store, { Limit: 4, ...(startKey ? { ExclusiveStartKey: startKey } : {}) });
      seen.push(...(sortKeysOf(page.Items) ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    // Assert
    expect(seen).toEqual(['B', 'a', 'ab', 'b', '\uffff', '😀']);
  });

  it('ends a page once 1 MB has been read', () => {
    // Arrange
    const big = 'x'.repeat(350_000);
    const store = storeWith(
      ...['1', '2', '3', '4'].map((sk) => ({ pk: { S: 'p' }, sk: { S: sk }, big: { S: big } })),
    );
    // Act
    const page = query(store, { ProjectionExpression: 'sk' });
    // Assert
    expect([page.Count, page.LastEvaluatedKey]).toEqual([3, { pk: { S: 'p' }, sk: { S: '3' } }]);
  });
});

describe('Query filters and projections', () => {
  it('filters after Limit, so Count may be below ScannedCount', () => {
    // Act
    const page = query(partitionStore(), { FilterExpression: 'v > :two', Limit: 4 }, { ':two': { N: '2' } });
    // Assert
    expect([page.Count, page.ScannedCount, sortKeysOf(page.Items)]).toEqual([2, 4, ['a', 'ab']]);
  });

  it('counts without items for Select COUNT', () => {
    // Act
    const page = query(
      partitionStore(),
      { Select: 'COUNT', FilterExpression: 'v > :two' },
      { ':two': { N: '2' } },
    );
    // Assert
    expect(page).toEqual({ $metadata: {}, Count: 3, ScannedCount: 6 });
  });

  it('projects nested attributes', () => {
    // Act
    const { Items } = query(partitionStore(), { ProjectionExpression: 'sk, m.y', Limit: 1 });
    // Assert
    expect(Items).toEqual([{ sk: { S: 'B' }, m: { M: { y: { N: '2' } } } }]);
  });

  it('refuses a filter on a key attribute', () => {
    // Act
    const error = thrownBy(() =>
      query(partitionStore(), { FilterExpression: 'sk > :a' }, { ':a': { S: 'a' } }),
    );
    // Assert
    expect(error.message).toBe(
      'Filter Expression can only contain non-primary key attributes: Primary key attribute: sk',
    );
  });
});

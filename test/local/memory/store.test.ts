import { type AttributeValue, ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { InMemoryDynamoDb } from '../../../local/memory/index.ts';
import { KEY, SEED } from './support/builders.ts';
import { seededStore, storeWith, TABLE, thrownBy } from './support/store.ts';

describe('tables', () => {
  it('refuses to create a table twice with ResourceInUseException', () => {
    // Arrange
    const store = storeWith();
    // Act
    const error = thrownBy(() => store.createTable({ name: TABLE, partitionKey: 'pk' }));
    // Assert
    expect(error.name).toBe('ResourceInUseException');
  });

  it('answers ResourceNotFoundException for a table that does not exist', () => {
    // Arrange
    const store = new InMemoryDynamoDb();
    // Act
    const error = thrownBy(() => store.getItem({ TableName: 'missing', Key: KEY }));
    // Assert
    expect(error.name).toBe('ResourceNotFoundException');
  });

  it('lists every item of a table, partition by partition in sort-key order', () => {
    // Arrange
    const store = storeWith(
      { pk: { S: 'p' }, sk: { S: '2' } },
      { pk: { S: 'q' }, sk: { S: '1' } },
      { pk: { S: 'p' }, sk: { S: '1' } },
    );
    // Act
    const items = store.items(TABLE);
    // Assert
    expect(items.map((item) => `${item.pk?.S}/${item.sk?.S}`)).toEqual(['p/1', 'p/2', 'q/1']);
  });

  it('keeps items of a table without a sort key by partition key alone', () => {
    // Arrange
    const store = new InMemoryDynamoDb();
    store.createTable({ name: 'ids', partitionKey: 'id' });
    // Act
    store.putItem({ TableName: 'ids', Item: { id: { S: 'a' }, v: { N: '1' } } });
    store.putItem({ TableName: 'ids', Item: { id: { S: 'a' }, v: { N: '2' } } });
    // Assert
    expect(store.items('ids')).toEqual([{ id: { S: 'a' }, v: { N: '2' } }]);
  });
});

describe('keys', () => {
  it.each([
    [
      'a missing sort key in an item',
      { pk: { S: 'p' } },
      'One or more parameter values were invalid: Missing the key sk in the item',
    ],
    [
      'a key of the declared wrong type',
      { pk: { S: 'p' }, sk: { N: '1' } },
      'One or more parameter values were invalid: Type mismatch for key sk expected: S actual: N',
    ],
    [
      'an empty string key',
      { pk: { S: 'p' }, sk: { S: '' } },
      'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: sk',
    ],
  ])('refuses %s', (_what, item, message) => {
    // Arrange
    const store = storeWith();
    // Act
    const error = thrownBy(() => store.putItem({ TableName: TABLE, Item: item }));
    // Assert
    expect([error.name, error.message]).toEqual(['ValidationException', message]);
  });

  it('refuses a Key with more or fewer attributes than the key schema', () => {
    // Arrange
    const store = seededStore();
    // Act
    const errors = [
      thrownBy(() => store.getItem({ TableName: TABLE, Key: { pk: KEY.pk } })),
      thrownBy(() => store.getItem({ TableName: TABLE, Key: { ...KEY, x: { S: 'x' } } })),
    ];
    // Assert
    expect(errors.map((error) => error.message)).toEqual([
      'The provided key element does not match the schema',
      'The provided key element does not match the schema',
    ]);
  });

  it('takes the key types of the first item when none are declared, and holds to them', () => {
    // Arrange
    const store = new InMemoryDynamoDb();
    store.createTable({ name: 'versions', partitionKey: 'pk', sortKey: 'version' });
    store.putItem({ TableName: 'versions', Item: { pk: { S: 'a' }, version: { N: '1' } } });
    // Act
    const error = thrownBy(() =>
      store.putItem({ TableName: 'versions', Item: { pk: { S: 'a' }, version: { S: '1' } } }),
    );
    // Assert
    expect(error.name).toBe('ValidationException');
  });

  it('finds an item by a number key written another way (1.0 is 1)', () => {
    // Arrange
    const store = new InMemoryDynamoDb();
    store.createTable({ name: 'versions', partitionKey: 'pk', sortKey: 'version', sortKeyType: 'N' });
    store.putItem({ TableName: 'versions', Item: { pk: { S: 'a' }, version: { N: '1' } } });
    // Act
    const { Item } = store.getItem({ TableName: 'versions', Key: { pk: { S: 'a' }, version: { N: '1.0' } } });
    // Assert
    expect(Item).toEqual({ pk: { S: 'a' }, version: { N: '1' } });
  });
});

describe('copies', () => {
  it('keeps no reference to what a caller passed in', () => {
    // Arrange
    const item: Record<string, AttributeValue> = structuredClone(SEED);
    const store = storeWith(item);
    // Act
    item.l?.L?.push({ S: 'changed' });
    if (item.b?.B) item.b.B[0] = 9;
    item.n = { N: '99' };
    // Assert
    expect(store.getItem({ TableName: TABLE, Key: KEY }).Item).toEqual(SEED);
  });

  it('hands out copies that a caller may change freely', () => {
    // Arrange
    const store = seededStore();
    const first = store.getItem({ TableName: TABLE, Key: KEY }).Item;
    // Act
    const nested = first?.m?.M?.a?.M;
    if (nested) nested.b = { N: '5' };
    if (first?.b?.B) first.b.B[0] = 9;
    // Assert
    expect(store.items(TABLE)).toEqual([SEED]);
  });

  it('stores attributes named like Object properties as plain attributes', () => {
    // Arrange
    const item = JSON.parse('{"pk":{"S":"p"},"sk":{"S":"s"},"__proto__":{"S":"p"},"constructor":{"S":"c"}}');
    const store = storeWith(item);
    // Act
    const present = ['__proto__', 'constructor', 'toString'].map((name) => {
      try {
        store.updateItem({
          TableName: TABLE,
          Key: KEY,
          ConditionExpression: 'attribute_exists(#a)',
          ExpressionAttributeNames: { '#a': name },
        });
        return true;
      } catch {
        return false;
      }
    });
    // Assert
    expect(present).toEqual([true, true, false]);
    expect(Object.keys(store.items(TABLE)[0] ?? {})).toEqual(['pk', 'sk', '__proto__', 'constructor']);
  });
});

describe('errors', () => {
  it('throws errors named as DynamoDB names them, also instances of the SDK exception classes', () => {
    // Arrange
    const store = seededStore();
    // Act
    const error = thrownBy(() =>
      store.putItem({ TableName: TABLE, Item: KEY, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
    // Assert
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(ConditionalCheckFailedException);
    expect([error.name, error.message]).toEqual([
      'ConditionalCheckFailedException',
      'The conditional request failed',
    ]);
  });

  it('refuses the legacy parameters with an error saying what is not supported', () => {
    // Arrange
    const store = seededStore();
    // Act
    const error = thrownBy(() =>
      store.putItem({ TableName: TABLE, Item: KEY, Expected: { n: { Exists: false } } }),
    );
    // Assert
    expect(error.name).toBe('InMemoryDynamoDbUnsupportedError');
    expect(error.message).toContain("PutItem's Expected parameter");
  });
});

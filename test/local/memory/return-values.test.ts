import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { KEY, SEED } from './support/builders.ts';
import { seededStore, storeWith, TABLE, thrownBy } from './support/store.ts';

function updateWith(returnValues: string, expression = 'SET n = :one, fresh = :one REMOVE bo') {
  const store = seededStore();
  return store.updateItem({
    TableName: TABLE,
    Key: KEY,
    UpdateExpression: expression,
    ExpressionAttributeValues: { ':one': { N: '1' } },
    ReturnValues: returnValues as 'NONE',
  }).Attributes;
}

describe('UpdateItem ReturnValues', () => {
  it('answers nothing for NONE', () => {
    // Act
    const attributes = updateWith('NONE');
    // Assert
    expect(attributes).toBeUndefined();
  });

  it('answers the whole item before the update for ALL_OLD', () => {
    // Act
    const attributes = updateWith('ALL_OLD');
    // Assert
    expect(attributes).toEqual(SEED);
  });

  it('answers the whole item after the update for ALL_NEW', () => {
    // Act
    const attributes = updateWith('ALL_NEW');
    // Assert
    const { bo: _removed, ...rest } = SEED;
    expect(attributes).toEqual({ ...rest, n: { N: '1' }, fresh: { N: '1' } });
  });

  it('answers the updated attributes as they were for UPDATED_OLD, leaving out new ones', () => {
    // Act
    const attributes = updateWith('UPDATED_OLD');
    // Assert
    expect(attributes).toEqual({ n: SEED.n, bo: SEED.bo });
  });

  it('answers the updated attributes as they are for UPDATED_NEW, leaving out removed ones', () => {
    // Act
    const attributes = updateWith('UPDATED_NEW');
    // Assert
    expect(attributes).toEqual({ n: { N: '1' }, fresh: { N: '1' } });
  });

  it('answers the whole top-level attribute of a nested update, as DynamoDB Local does', () => {
    // Act
    const attributes = updateWith('UPDATED_NEW', 'SET m.a.b = :one');
    // Assert
    expect(attributes).toEqual({ m: { M: { a: { M: { b: { N: '1' } } }, k: { S: 'v' } } } });
  });

  it('answers nothing for ALL_OLD when the update created the item', () => {
    // Arrange
    const store = storeWith();
    // Act
    const { Attributes } = store.updateItem({ TableName: TABLE, Key: KEY, ReturnValues: 'ALL_OLD' });
    // Assert
    expect(Attributes).toBeUndefined();
  });
});

describe('PutItem and DeleteItem ReturnValues', () => {
  it('answers the replaced item for ALL_OLD on PutItem', () => {
    // Arrange
    const store = seededStore();
    // Act
    const { Attributes } = store.putItem({
      TableName: TABLE,
      Item: { ...KEY, only: { S: 'this' } },
      ReturnValues: 'ALL_OLD',
    });
    // Assert
    expect(Attributes).toEqual(SEED);
  });

  it('answers the deleted item for ALL_OLD on DeleteItem, and nothing when there was none', () => {
    // Arrange
    const store = seededStore();
    // Act
    const first = store.deleteItem({ TableName: TABLE, Key: KEY, ReturnValues: 'ALL_OLD' }).Attributes;
    const second = store.deleteItem({ TableName: TABLE, Key: KEY, ReturnValues: 'ALL_OLD' }).Attributes;
    // Assert
    expect([first, second]).toEqual([SEED, undefined]);
  });

  it('refuses ALL_NEW on PutItem', () => {
    // Arrange
    const store = storeWith();
    // Act
    const error = thrownBy(() => store.putItem({ TableName: TABLE, Item: KEY, ReturnValues: 'ALL_NEW' }));
    // Assert
    expect([error.name, error.message]).toEqual([
      'ValidationException',
      'Return values set to invalid value',
    ]);
  });
});

describe('ReturnValuesOnConditionCheckFailure', () => {
  function refusedWrite(onFailure?: 'ALL_OLD' | 'NONE'): Record<string, AttributeValue> | undefined {
    const store = seededStore();
    return thrownBy(() =>
      store.putItem({
        TableName: TABLE,
        Item: KEY,
        ConditionExpression: 'attribute_not_exists(pk)',
        ...(onFailure ? { ReturnValuesOnConditionCheckFailure: onFailure } : {}),
      }),
    ).Item;
  }

  it('carries the item on the ConditionalCheckFailedException for ALL_OLD', () => {
    // Act
    const item = refusedWrite('ALL_OLD');
    // Assert
    expect(item).toEqual(SEED);
  });

  it('carries no item otherwise', () => {
    // Act
    const items = [refusedWrite('NONE'), refusedWrite()];
    // Assert
    expect(items).toEqual([undefined, undefined]);
  });
});

import { describe, expect, it } from 'vitest';
import { KEY } from './support/builders.ts';
import { storeWith, TABLE, updated } from './support/store.ts';

describe('SET', () => {
  it('adds and subtracts numbers exactly, as decimals', () => {
    // Act
    const item = updated('SET x = :a + :b, n = n - :more', { ':a': 0.1, ':b': 0.2, ':more': 12.5 });
    // Assert
    expect([item?.x, item?.n]).toEqual([{ N: '0.3' }, { N: '-2.5' }]);
  });

  it('adds numbers of 38 digits without losing one', () => {
    // Act
    const item = updated('SET x = :a + :b', {
      ':a': { N: '12345678901234567890123456789012345678' },
      ':b': 1,
    });
    // Assert
    expect(item?.x).toEqual({ N: '12345678901234567890123456789012345679' });
  });

  it('takes the attribute with if_not_exists, or the fallback when it is missing', () => {
    // Act
    const item = updated('SET c = if_not_exists(c, :zero) + :one, n = if_not_exists(n, :zero)', {
      ':zero': 0,
      ':one': 1,
    });
    // Assert
    expect([item?.c, item?.n]).toEqual([{ N: '1' }, { N: '10' }]);
  });

  it('concatenates lists with list_append, either way round', () => {
    // Act
    const item = updated('SET l = list_append(:pre, l), l2 = list_append(if_not_exists(l2, :empty), :pre)', {
      ':pre': { L: [{ S: 'first' }] },
      ':empty': { L: [] },
    });
    // Assert
    expect(item?.l?.L?.[0]).toEqual({ S: 'first' });
    expect(item?.l?.L).toHaveLength(4);
    expect(item?.l2).toEqual({ L: [{ S: 'first' }] });
  });

  it('computes every value from the item before the update, so SET can swap', () => {
    // Act
    const item = updated('SET n = s, s = n');
    // Assert
    expect([item?.n, item?.s]).toEqual([{ S: 'héllo' }, { N: '10' }]);
  });

  it('writes into nested maps and appends when the index is past the end of a list', () => {
    // Act
    const item = updated('SET m.a.c = :v, l[10] = :v, l[0] = :v', { ':v': 'new' });
    // Assert
    expect(item?.m?.M?.a?.M?.c).toEqual({ S: 'new' });
    expect(item?.l?.L?.map((element) => element.S ?? '·')).toEqual(['new', '·', '·', 'new']);
  });
});

describe('REMOVE', () => {
  it('takes list elements by their index in the list before the update', () => {
    // Act
    const item = updated('REMOVE l[0], l[2], m.k, bo');
    // Assert
    expect(item?.l).toEqual({ L: [{ N: '1' }] });
    expect(item?.m?.M?.k).toBeUndefined();
    expect(item?.bo).toBeUndefined();
  });

  it('applies after SET, whatever the order of the clauses', () => {
    // Act
    const item = updated('REMOVE l[0] SET l[2] = :v', { ':v': 'set' });
    // Assert
    expect(item?.l).toEqual({ L: [{ N: '1' }, { S: 'set' }] });
  });

  it('ignores what is not there', () => {
    // Act
    const item = updated('REMOVE absent, l[9], m.absent');
    // Assert
    expect(item?.l?.L).toHaveLength(3);
  });
});

describe('ADD and DELETE', () => {
  it('adds to a number, and starts a missing one at the value', () => {
    // Act
    const item = updated('ADD n :five, fresh :five', { ':five': 5 });
    // Assert
    expect([item?.n, item?.fresh]).toEqual([{ N: '15' }, { N: '5' }]);
  });

  it('adds members to sets, keeping each once', () => {
    // Act
    const item = updated('ADD ss :more, ns :three, bs :bytes', {
      ':more': { SS: ['b', 'c'] },
      ':three': { NS: ['3', '1.0'] },
      ':bytes': { BS: [new Uint8Array([9])] },
    });
    // Assert
    expect(item?.ss).toEqual({ SS: ['a', 'b', 'c'] });
    expect(item?.ns).toEqual({ NS: ['1', '2', '3'] });
    expect(item?.bs).toEqual({ BS: [new Uint8Array([1]), new Uint8Array([2]), new Uint8Array([9])] });
  });

  it('takes members out of sets, and the attribute when no member is left', () => {
    // Act
    const item = updated('DELETE ss :a, ns :all, absent :a', {
      ':a': { SS: ['a'] },
      ':all': { NS: ['1', '2'] },
    });
    // Assert
    expect(item?.ss).toEqual({ SS: ['b'] });
    expect(item?.ns).toBeUndefined();
    expect(item?.absent).toBeUndefined();
  });
});

describe('update expressions', () => {
  it('may hold all four clauses, in any order and any case', () => {
    // Act
    const item = updated('delete ss :a add n :one remove bo set a1 = :v', {
      ':v': 'v',
      ':one': 1,
      ':a': { SS: ['a'] },
    });
    // Assert
    expect([item?.a1, item?.n, item?.bo, item?.ss]).toEqual([
      { S: 'v' },
      { N: '11' },
      undefined,
      { SS: ['b'] },
    ]);
  });

  it('creates a missing item from its key, with or without an expression', () => {
    // Arrange
    const store = storeWith();
    const other = { pk: { S: 'p' }, sk: { S: 'other' } };
    // Act
    store.updateItem({
      TableName: TABLE,
      Key: KEY,
      UpdateExpression: 'SET a1 = :v',
      ExpressionAttributeValues: { ':v': { S: 'v' } },
    });
    store.updateItem({ TableName: TABLE, Key: other });
    // Assert
    expect(store.items(TABLE)).toEqual([other, { ...KEY, a1: { S: 'v' } }]);
  });

  it('leaves the stored item untouched when the update fails half way', () => {
    // Arrange
    const store = storeWith({ ...KEY, n: { N: '1' }, s: { S: 'text' } });
    // Act
    const attempt = () =>
      store.updateItem({
        TableName: TABLE,
        Key: KEY,
        UpdateExpression: 'SET n = :two, x = s + :two',
        ExpressionAttributeValues: { ':two': { N: '2' } },
      });
    // Assert
    expect(attempt).toThrow('An operand in the update expression has an incorrect data type');
    expect(store.items(TABLE)).toEqual([{ ...KEY, n: { N: '1' }, s: { S: 'text' } }]);
  });
});

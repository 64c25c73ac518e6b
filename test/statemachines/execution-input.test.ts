import { describe, expect, it } from 'vitest';
import { buildExecutionInput, buildStartItemRequest, sagaIdFor } from '../../contract/execution-input.ts';
import { orderSaga } from '../../examples/order/order-saga.ts';

describe('saga ids and the execution input', () => {
  it('derives the same saga id from the same business key, and a valid execution name', () => {
    // Act
    const first = sagaIdFor('OrderSaga', 'order-1');
    // Assert
    expect(sagaIdFor('OrderSaga', 'order-1')).toBe(first);
    expect(sagaIdFor('OrderSaga', 'order-2')).not.toBe(first);
    expect(sagaIdFor('OtherSaga', 'order-1')).not.toBe(first);
    expect(first).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
  });

  it('lets the record expire the retention period after the latest possible end', () => {
    // Arrange
    const now = new Date('2026-01-01T00:00:00Z');
    // Act
    const input = buildExecutionInput(orderSaga, { businessKey: 'order-1', input: { a: 1 } }, now);
    // Assert
    expect(input.saga.expiresAt).toBe(now.getTime() / 1000 + orderSaga.timeoutSeconds + 7 * 86_400);
    expect(input.steps).toEqual({});
    expect(input.input).toEqual({ a: 1 });
  });

  it('writes RUNNING without a TTL, on condition that the saga does not exist yet', () => {
    // Arrange
    const input = buildExecutionInput(orderSaga, { businessKey: 'order-1', input: {} }, new Date());
    // Act
    const request = buildStartItemRequest('sagas', input);
    // Assert
    expect(request.Item.status).toEqual({ S: 'RUNNING' });
    expect(request.Item).not.toHaveProperty('expiresAt');
    expect(request.ConditionExpression).toBe('attribute_not_exists(#pk)');
  });
});

import { describe, expect, it } from 'vitest';
import {
  buildExecutionInput,
  buildStartItemRequest,
  sagaIdFor,
  startInputHash,
} from '../../contract/execution-input.ts';
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

  it('sets the deadline from the saga timeout and lets the record expire the retention period after the longest the execution can run', () => {
    // Arrange
    const now = new Date('2026-01-01T00:00:00Z');
    // Act
    const input = buildExecutionInput(orderSaga, { businessKey: 'order-1', input: { a: 1 } }, now);
    // Assert
    expect(input.saga.deadline).toBe('2026-01-01T00:05:00.000Z');
    expect(input.saga.expiresAt).toBe(now.getTime() / 1000 + orderSaga.executionTimeoutSeconds + 7 * 86_400);
    expect(orderSaga.executionTimeoutSeconds).toBeGreaterThan(orderSaga.timeoutSeconds);
    expect(input).toMatchObject({ steps: {}, input: { a: 1 }, failure: null, rollbackStatus: 'COMPENSATED' });
  });

  it('builds byte-identical input from the same start and start time', () => {
    // Act
    const first = buildExecutionInput(orderSaga, { businessKey: 'o', input: { a: 1, b: [2] } }, new Date(5));
    const second = buildExecutionInput(orderSaga, { businessKey: 'o', input: { a: 1, b: [2] } }, new Date(5));
    // Assert
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });

  it('writes RUNNING with its upper-bound TTL and its input hash, on condition that the saga does not exist yet', () => {
    // Arrange
    const input = buildExecutionInput(orderSaga, { businessKey: 'order-1', input: { sku: 'x' } }, new Date());
    // Act
    const request = buildStartItemRequest('sagas', input);
    // Assert
    expect(request.Item.status).toEqual({ S: 'RUNNING' });
    expect(request.Item.expiresAt).toEqual({ N: String(input.saga.expiresAt) });
    expect(request.Item.inputHash).toEqual({ S: startInputHash({ sku: 'x' }) });
    expect(request.ConditionExpression).toBe('attribute_not_exists(#pk)');
  });
});

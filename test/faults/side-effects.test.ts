import { describe, expect, it } from 'vitest';
import type { FaultMessage } from './fault-messages.ts';
import { repeatedSideEffects } from './side-effects.ts';

const order = (id: string): FaultMessage => ({
  marker: id,
  group: 'load',
  what: 'a clean order',
  route: 'bus',
  body: '{}',
  orderId: `order-${id}`,
  sku: `SKU-${id}`,
  quantity: 2,
  expected: { kind: 'saga', status: 'COMPLETED' },
});
const succeeded = (step: string, attempt: number) => ({ type: 'step.succeeded', step, attempt });

describe('the side-effect check', () => {
  it('reports a step that succeeded twice and stock reserved twice, and nothing for a saga that ran once', () => {
    // Arrange
    const messages = [order('1'), order('2')];
    const sagas = new Map([
      ['order-1', { sagaId: 's-1', status: 'COMPLETED' }],
      ['order-2', { sagaId: 's-2', status: 'COMPLETED' }],
    ]);
    const events = new Map([
      ['s-1', [succeeded('ChargePayment', 0), succeeded('CreateShipment', 0)]],
      ['s-2', [succeeded('ChargePayment', 0), succeeded('ChargePayment', 1)]],
    ]);
    const stock = new Map([
      ['SKU-1', 8],
      ['SKU-2', 6],
    ]);
    // Act
    const repeated = repeatedSideEffects({ messages, sagas, events, stock, initialStock: 10 });
    // Assert
    expect(repeated).toEqual([
      { orderId: 'order-2', what: 'step.succeeded ChargePayment', extra: 1 },
      { orderId: 'order-2', what: 'stock of SKU-2: 6 instead of 8', extra: 1 },
    ]);
  });

  it("expects the stock given back once a saga rolled back, by what its execution reached when an operator's write superseded it", () => {
    // Arrange
    const messages = [order('1')];
    const sagas = new Map([['order-1', { sagaId: 's-1', status: 'CANCELLED', outcome: 'COMPENSATED' }]]);
    // Act
    const repeated = repeatedSideEffects({
      messages,
      sagas,
      events: new Map(),
      stock: new Map([['SKU-1', 10]]),
      initialStock: 10,
    });
    // Assert
    expect(repeated).toEqual([]);
  });
});

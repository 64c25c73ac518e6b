import { describe, expect, it } from 'vitest';
import { accountMessages } from './accounting.ts';
import type { FaultMessage } from './fault-messages.ts';

const message = (marker: string, overrides: Partial<FaultMessage> = {}): FaultMessage => ({
  marker,
  group: 'load',
  what: 'a clean order',
  route: 'bus',
  body: JSON.stringify({ orderId: `order-${marker}` }),
  orderId: `order-${marker}`,
  expected: { kind: 'saga', status: 'COMPLETED' },
  ...overrides,
});
const TIMEOUT = JSON.stringify({ Error: 'States.Timeout', Cause: 'States.Timeout' });

describe('the accounting of a fault run', () => {
  it('counts the first message of a key as its ended saga and the others as absorbed duplicates', () => {
    // Arrange
    const messages = [message('r-1'), message('r-1#2', { orderId: 'order-r-1' }), message('r-2')];
    const sagas = new Map([
      ['order-r-1', { status: 'COMPLETED' }],
      ['order-r-2', { status: 'COMPLETED' }],
    ]);
    // Act
    const { accounts } = accountMessages({ messages, refused: new Map(), sagas, deadLetters: [] });
    // Assert
    expect(accounts).toMatchObject({
      messagesIn: 3,
      sagasEndedByStatus: { COMPLETED: 2 },
      duplicatesAbsorbed: 1,
      lost: 0,
      unexpected: [],
    });
  });

  it("finds a dead letter by its marker at the end of a JSON string, never by another marker's prefix", () => {
    // Arrange
    const bad = { kind: 'dead-letter', reason: /inputSchema/ } as const;
    const messages = [message('r-1', { expected: bad }), message('r-11', { expected: bad })];
    const deadLetters = [
      { queueUrl: 'dlq', body: '{"orderId":"order-r-11"}', reason: 'inputSchema: quantity' },
    ];
    // Act
    const { fates, accounts } = accountMessages({
      messages,
      refused: new Map(),
      sagas: new Map(),
      deadLetters,
    });
    // Assert
    expect(fates).toEqual([{ kind: 'lost' }, { kind: 'dead-letter', reason: 'inputSchema: quantity' }]);
    expect(accounts.lost).toBe(1);
  });

  it('counts a dead letter without a reason as lost, and as not the fate its message was sent for', () => {
    // Arrange
    const messages = [message('r-1', { expected: { kind: 'dead-letter', reason: /./ } })];
    const deadLetters = [{ queueUrl: 'dlq', body: '{"orderId":"order-r-1"}' }];
    // Act
    const { accounts } = accountMessages({ messages, refused: new Map(), sagas: new Map(), deadLetters });
    // Assert
    expect(accounts.deadLetteredWithReason).toBe(0);
    expect(accounts.lost).toBe(1);
    expect(accounts.unexpected).toHaveLength(1);
  });

  it('reports a bad input that started a saga, and a saga still RUNNING, as unexpected and unaccounted', () => {
    // Arrange
    const messages = [
      message('r-1', { expected: { kind: 'dead-letter', reason: /inputSchema/ } }),
      message('r-2'),
    ];
    const sagas = new Map([
      ['order-r-1', { status: 'COMPLETED' }],
      ['order-r-2', { status: 'RUNNING' }],
    ]);
    // Act
    const { fates, accounts } = accountMessages({ messages, refused: new Map(), sagas, deadLetters: [] });
    // Assert
    expect(fates).toEqual([
      { kind: 'saga', status: 'COMPLETED' },
      { kind: 'open', status: 'RUNNING' },
    ]);
    expect(accounts.unexpected.map((entry) => entry.message.marker)).toEqual(['r-1', 'r-2']);
    expect(accounts.lost).toBe(1);
  });

  it('accepts a saga meant to complete that a step timeout rolled back cleanly, and counts it', () => {
    // Arrange
    const messages = [message('r-1'), message('r-2')];
    const sagas = new Map([
      ['order-r-1', { status: 'COMPENSATED', failure: TIMEOUT }],
      ['order-r-2', { status: 'COMPENSATED', failure: JSON.stringify({ Error: 'SagaTerminalError' }) }],
    ]);
    // Act
    const { accounts } = accountMessages({ messages, refused: new Map(), sagas, deadLetters: [] });
    // Assert
    expect(accounts.rolledBackAfterTimeout).toBe(1);
    expect(accounts.unexpected.map((entry) => entry.message.marker)).toEqual(['r-2']);
  });

  it('accounts for a message the queue refused, with the error its sender got', () => {
    // Arrange
    const messages = [message('r-1', { expected: { kind: 'refused', reason: /too long/ } })];
    const refused = new Map([['r-1', 'InvalidParameterValue: message too long']]);
    // Act
    const { accounts } = accountMessages({ messages, refused, sagas: new Map(), deadLetters: [] });
    // Assert
    expect(accounts).toMatchObject({ refusedWithReason: 1, lost: 0, unexpected: [] });
  });
});

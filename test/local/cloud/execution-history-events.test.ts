import { describe, expect, it } from 'vitest';
import { historyEvents, historyPage } from '../../../local/cloud/execution-history-events.ts';
import type { StateInfo } from '../../../local/engine/state-index.ts';

const states = new Map<string, StateInfo>([
  ['ChargePayment', { role: 'action', step: 'ChargePayment', type: 'Task' }],
  ['Compensate ChargePayment', { role: 'compensation', step: 'ChargePayment', type: 'Task' }],
]);
const failure = { Error: 'SagaTerminalError', Cause: 'declined' };
const execution = {
  input: '{"input":{}}',
  startDate: new Date('2026-12-01T10:00:00Z'),
  stopDate: new Date('2026-12-01T10:00:02Z'),
  status: 'FAILED',
  error: 'SagaTerminalError',
  cause: 'refund refused',
  history: [
    { event: 'entered', state: 'ChargePayment', role: 'action', atMs: 10, input: { input: {} } },
    {
      event: 'failed',
      state: 'ChargePayment',
      role: 'action',
      atMs: 20,
      error: 'SagaTerminalError',
      cause: 'declined',
    },
    { event: 'caught', state: 'ChargePayment', role: 'action', atMs: 20 },
    {
      event: 'entered',
      state: 'Compensate ChargePayment',
      role: 'compensation',
      atMs: 30,
      input: { failure },
    },
    {
      event: 'failed',
      state: 'Compensate ChargePayment',
      role: 'compensation',
      atMs: 40,
      error: 'SagaTerminalError',
      cause: 'refund refused',
    },
  ],
} as const;

describe('the local Step Functions history', () => {
  it('reads as GetExecutionHistory: started, states entered with their input, task failures, the end', () => {
    // Act
    const events = historyEvents(execution, states);
    // Assert
    expect(events.map((event) => event.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskFailed',
      'TaskStateEntered',
      'TaskFailed',
      'ExecutionFailed',
    ]);
    expect(events[3]).toMatchObject({
      id: 4,
      previousEventId: 3,
      timestamp: Date.parse('2026-12-01T10:00:00.030Z') / 1000,
      stateEnteredEventDetails: { name: 'Compensate ChargePayment', input: JSON.stringify({ failure }) },
    });
    expect(events.at(-1)).toMatchObject({
      executionFailedEventDetails: { error: 'SagaTerminalError', cause: 'refund refused' },
    });
  });

  it('leaves inputs out without includeExecutionData, and pages newest first with reverseOrder', () => {
    // Arrange
    const events = historyEvents(execution, states, false);
    // Act
    const first = historyPage(events, { reverseOrder: true, maxResults: 4 });
    const second = historyPage(events, { reverseOrder: true, maxResults: 4, nextToken: first.nextToken });
    // Assert
    expect(events[1]).toMatchObject({ stateEnteredEventDetails: { name: 'ChargePayment' } });
    expect(events[1]?.stateEnteredEventDetails).not.toHaveProperty('input');
    expect(first.events.map((event) => event.id)).toEqual([6, 5, 4, 3]);
    expect(second).toEqual({ events: [events[1], events[0]] });
  });
});

import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { taskStateRuns } from '../../cli/operations/execution-states.ts';

const at = (seconds: number) => new Date(Date.parse('2026-12-02T11:00:00.000Z') + seconds * 1_000);
const entered = (
  name: string,
  seconds: number,
  type: HistoryEvent['type'] = 'TaskStateEntered',
): HistoryEvent => ({
  type,
  timestamp: at(seconds),
  id: 0,
  stateEnteredEventDetails: { name },
});

describe("a saga's Task states from its execution history", () => {
  it('counts a retried task that then succeeded as succeeded, with its failures', () => {
    // Arrange: AWS's events for a task retried once
    const events: HistoryEvent[] = [
      entered('ChargePayment', 0),
      {
        type: 'TaskFailed',
        timestamp: at(1),
        id: 0,
        taskFailedEventDetails: {
          error: 'Lambda.TooManyRequestsException',
          resourceType: 'lambda',
          resource: 'invoke',
        },
      },
      { type: 'TaskSucceeded', timestamp: at(2), id: 0 },
      {
        type: 'TaskStateExited',
        timestamp: at(2.5),
        id: 0,
        stateExitedEventDetails: { name: 'ChargePayment' },
      },
    ];
    // Act
    const runs = taskStateRuns(events);
    // Assert
    expect(runs).toEqual([
      {
        state: 'ChargePayment',
        enteredAt: '2026-12-02T11:00:00.000Z',
        tookMs: 2_500,
        outcome: 'succeeded',
        failures: 1,
        error: 'Lambda.TooManyRequestsException',
      },
    ]);
  });

  it('ends a caught failure at its failure, and goes on with the states the catch leads to', () => {
    // Arrange
    const events: HistoryEvent[] = [
      entered('CreateShipment', 0),
      {
        type: 'TaskTimedOut',
        timestamp: at(5),
        id: 0,
        taskTimedOutEventDetails: { error: 'States.Timeout', resourceType: 'lambda', resource: 'invoke' },
      },
      entered('Undo CreateShipment?', 5.1, 'ChoiceStateEntered'),
      entered('Compensate CreateShipment', 5.2),
    ];
    // Act
    const runs = taskStateRuns(events);
    // Assert
    expect(runs.map((run) => [run.state, run.outcome, run.tookMs, run.error])).toEqual([
      ['CreateShipment', 'failed', 5_000, 'States.Timeout'],
      ['Compensate CreateShipment', 'running', undefined, undefined],
    ]);
  });
});

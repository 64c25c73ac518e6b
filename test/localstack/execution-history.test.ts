import {
  DescribeExecutionCommand,
  ExecutionDoesNotExist,
  type GetExecutionHistoryCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { sagaIdFor } from '../../contract/execution-input.ts';
import {
  executionArnFor,
  historyProblems,
  type ReadsExecutions,
  statesEntered,
  verifyExecution,
} from './execution-history.ts';

const STATE_MACHINE = 'arn:aws:states:us-east-1:000000000000:stateMachine:Orders';
const entered = (...names: string[]): HistoryEvent[] =>
  names.map((name, index) => ({
    id: index + 1,
    timestamp: new Date(0),
    type: name.startsWith('FAILED after') ? 'FailStateEntered' : 'TaskStateEntered',
    stateEnteredEventDetails: { name },
  }));

/** A Step Functions client answering DescribeExecution from `statuses` (the last one repeats) and the history in pages of two. */
class FakeExecutions implements ReadsExecutions {
  readonly commands: string[] = [];
  constructor(
    private readonly statuses: readonly (string | Error)[],
    private readonly history: readonly HistoryEvent[],
  ) {}

  async send(command: DescribeExecutionCommand | GetExecutionHistoryCommand): Promise<never> {
    this.commands.push(`${command.constructor.name} ${command.input.executionArn}`);
    if (command instanceof DescribeExecutionCommand) {
      const status = this.statuses[Math.min(this.describes++, this.statuses.length - 1)];
      if (status instanceof Error) throw status;
      return { status } as never;
    }
    const start = Number(command.input.nextToken ?? 0);
    const nextToken = start + 2 < this.history.length ? String(start + 2) : undefined;
    return { events: this.history.slice(start, start + 2), ...(nextToken ? { nextToken } : {}) } as never;
  }
  private describes = 0;
}

const worldWith = (record: Record<string, unknown> | undefined, timeoutMs = 2_000) => ({
  timeoutMs,
  sagaIdOf: (orderId: string) => sagaIdFor('OrderSaga', orderId),
  record: async () => record,
});

describe('the execution history check', () => {
  it('names the execution after the saga id on the state machine', () => {
    // Act
    const arn = executionArnFor(STATE_MACHINE, 'OrderSaga-o-1');
    // Assert
    expect(arn).toBe('arn:aws:states:us-east-1:000000000000:execution:Orders:OrderSaga-o-1');
  });

  it('reads every page of the history and keeps the states entered, in order', async () => {
    // Arrange
    const history: HistoryEvent[] = [
      { id: 1, timestamp: new Date(0), type: 'ExecutionStarted' },
      ...entered('ReserveInventory', 'ChargePayment', 'Record COMPLETED'),
    ];
    const stepFunctions = new FakeExecutions(['SUCCEEDED'], history);
    // Act
    const states = await statesEntered(stepFunctions, 'arn:execution');
    // Assert
    expect(states).toEqual(['ReserveInventory', 'ChargePayment', 'Record COMPLETED']);
    expect(stepFunctions.commands).toHaveLength(2);
  });

  it('accepts histories that agree with their records', () => {
    // Act
    const problems = [
      historyProblems({ status: 'COMPLETED' }, ['ReserveInventory', 'ChargePayment', 'Record COMPLETED']),
      historyProblems({ status: 'COMPENSATED' }, [
        'ReserveInventory',
        'ChargePayment',
        'Compensate ChargePayment',
        'Compensate ReserveInventory',
        'Record rolled back',
      ]),
      historyProblems({ status: 'FAILED', failedStep: 'Compensate ChargePayment' }, [
        'ReserveInventory',
        'ChargePayment',
        'CreateShipment',
        'Compensate ChargePayment',
      ]),
      historyProblems({ status: 'FAILED', failedStep: 'ChargePayment' }, [
        'ReserveInventory',
        'ChargePayment',
        'ChargePayment after fix',
      ]),
    ];
    // Assert
    expect(problems).toEqual([[], [], [], []]);
  });

  it('names what contradicts the record: the last state, compensations of a completed saga, their order', () => {
    // Act
    const completed = historyProblems({ status: 'COMPLETED' }, [
      'ReserveInventory',
      'Compensate ReserveInventory',
    ]);
    const outOfOrder = historyProblems({ status: 'COMPENSATED' }, [
      'ReserveInventory',
      'ChargePayment',
      'Compensate ReserveInventory',
      'Compensate ChargePayment',
      'Record rolled back',
    ]);
    const failed = historyProblems({ status: 'FAILED', failedStep: 'SendConfirmation' }, [
      'ReserveInventory',
      'Record COMPLETED',
    ]);
    // Assert
    expect(completed).toEqual([
      'expected the last state to be "Record COMPLETED", was "Compensate ReserveInventory"',
      'a COMPLETED saga ran compensations',
    ]);
    expect(outOfOrder).toEqual(['"Compensate ChargePayment" ran out of last-completed-first order']);
    expect(failed).toEqual([
      'expected the last state to be "SendConfirmation", was "Record COMPLETED"',
      'a FAILED saga entered a state that records its end',
    ]);
  });

  it('flags a compensation whose step never ran before it', () => {
    // Act
    const problems = historyProblems(undefined, ['Compensate ChargePayment', 'ChargePayment']);
    // Assert
    expect(problems).toEqual(['"Compensate ChargePayment" ran without ChargePayment before it']);
  });

  it('waits for the execution to end as its record says, then checks its history', async () => {
    // Arrange
    const stepFunctions = new FakeExecutions(
      ['RUNNING', 'SUCCEEDED'],
      entered('ReserveInventory', 'ChargePayment', 'Compensate ReserveInventory', 'Record rolled back'),
    );
    // Act
    const check = verifyExecution(stepFunctions, STATE_MACHINE, worldWith({ status: 'COMPENSATED' }), 'o-1');
    // Assert
    await expect(check).resolves.toBeUndefined();
    expect(stepFunctions.commands[0]).toBe(
      `DescribeExecutionCommand ${executionArnFor(STATE_MACHINE, sagaIdFor('OrderSaga', 'o-1'))}`,
    );
  });

  it('fails with the states it saw when the history disagrees with the record', async () => {
    // Arrange
    const stepFunctions = new FakeExecutions(
      ['SUCCEEDED'],
      entered('ReserveInventory', 'Record rolled back'),
    );
    // Act
    const check = verifyExecution(stepFunctions, STATE_MACHINE, worldWith({ status: 'COMPLETED' }), 'o-1');
    // Assert
    await expect(check).rejects.toThrow(
      /disagrees with its COMPLETED saga record: expected the last state to be "Record COMPLETED", was "Record rolled back"\. States entered: ReserveInventory → Record rolled back/,
    );
  });

  it('fails, bounded, with the status it last saw when the execution does not end as the record says', async () => {
    // Arrange
    const stepFunctions = new FakeExecutions(['RUNNING'], []);
    // Act
    const check = verifyExecution(stepFunctions, STATE_MACHINE, worldWith({ status: 'FAILED' }, 600), 'o-1');
    // Assert
    await expect(check).rejects.toThrow(
      /Timed out after 600 ms waiting for the execution OrderSaga.* of a FAILED saga to end FAILED\. Last seen: "RUNNING"/,
    );
  });

  it('only requires a RUNNING saga to have an execution, and says so when it has none', async () => {
    // Arrange
    const missing = new ExecutionDoesNotExist({ message: 'Execution does not exist', $metadata: {} });
    const running = new FakeExecutions(['RUNNING'], []);
    const absent = new FakeExecutions([missing], []);
    // Act
    const found = verifyExecution(running, STATE_MACHINE, worldWith({ status: 'RUNNING' }), 'o-1');
    const notFound = verifyExecution(absent, STATE_MACHINE, worldWith({ status: 'RUNNING' }), 'o-1');
    // Assert
    await expect(found).resolves.toBeUndefined();
    await expect(notFound).rejects.toThrow(/is RUNNING but its execution .* is not found/);
  });

  it('accepts either end for a saga whose record TTL already removed', async () => {
    // Arrange
    const stepFunctions = new FakeExecutions(['SUCCEEDED'], entered('ReserveInventory', 'Record COMPLETED'));
    // Act
    const check = verifyExecution(stepFunctions, STATE_MACHINE, worldWith(undefined), 'o-1');
    // Assert
    await expect(check).resolves.toBeUndefined();
  });
});

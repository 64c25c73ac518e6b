import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { ExitCode, NotFoundError, UsageError } from '../../cli/command.ts';
import { createShowCommand } from '../../cli/commands/show.ts';
import { sagaIdFor } from '../../contract/execution-input.ts';
import { type SagaEvent, toEventItem } from '../../lambdas/runtime/step-record/saga-event.ts';
import { fakeTarget, runCommand } from './support/fake-target.ts';
import { sagaItem, sagaTableInMemory, TABLE, writeIndexedSagas } from './support/saga-index-fixtures.ts';

const NOW = '2026-12-02T12:00:00.000Z';
const SAGA_ID = sagaIdFor('OrderSaga', '1001');

async function failedSaga(kind: 'aws' | 'local cloud' = 'local cloud', history?: HistoryEvent[]) {
  const { client } = sagaTableInMemory();
  await writeIndexedSagas(client, [
    sagaItem(SAGA_ID, 'FAILED', '2026-12-02T11:00:00.000Z', {
      businessKey: '1001',
      endedAt: '2026-12-02T11:00:05.000Z',
      failure: JSON.stringify({ Error: 'PaymentDeclined', Cause: 'card declined' }),
      error: 'RefundRefused',
      cause: 'the bank refused the refund',
      failedStep: 'Compensate ChargePayment',
      redriveCount: 0,
    }),
  ]);
  const events: Omit<SagaEvent, 'sagaId'>[] = [
    {
      type: 'step.succeeded',
      step: 'ReserveStock',
      phase: 'action',
      attempt: 0,
      time: '2026-12-02T11:00:01.000Z',
    },
    {
      type: 'step.succeeded',
      step: 'ChargePayment',
      phase: 'action',
      attempt: 0,
      time: '2026-12-02T11:00:01.500Z',
    },
    {
      type: 'step.failed',
      step: 'CreateShipment',
      phase: 'action',
      attempt: 2,
      time: '2026-12-02T11:00:03.000Z',
      error: { name: 'SagaTerminalError', message: 'no carrier' },
    },
    {
      type: 'compensation.failed',
      step: 'ChargePayment',
      phase: 'compensation',
      attempt: 1,
      time: '2026-12-02T11:00:04.000Z',
      error: { name: 'RefundRefused', message: 'the bank refused the refund' },
    },
  ];
  for (const event of events)
    await client.send(
      new PutItemCommand({ TableName: TABLE, Item: toEventItem({ ...event, sagaId: SAGA_ID }) }),
    );
  return fakeTarget(client, kind, history).deps(NOW);
}

describe('saga show', () => {
  it('finds the saga by business key and prints the record, the steps, the failed compensation and the timeline', async () => {
    // Arrange
    const deps = await failedSaga();
    // Act
    const { code, out } = await runCommand(createShowCommand(deps), [], { key: '1001' });
    // Assert
    expect(code).toBe(ExitCode.ok);
    expect(out).toMatch(new RegExp(`^Saga ${SAGA_ID}$`, 'm'));
    expect(out).toMatch(/^status\s+FAILED$/m);
    expect(out).toMatch(/^failedStep\s+Compensate ChargePayment$/m);
    expect(out).toMatch(/^duration\s+5 s$/m);
    expect(out).toMatch(/^rollback cause\s+PaymentDeclined \(card declined\)$/m);
    expect(out).toMatch(/^CreateShipment\s+failed\s+3\s+1.5 s\s+SagaTerminalError: no carrier$/m);
    expect(out).toMatch(/^ReserveStock\s+succeeded\s+1\s+1 s\s+-$/m);
    expect(out).toMatch(
      /^Compensations run:\nSTEP\s+OUTCOME\s+ATTEMPTS\s+ERROR\nChargePayment\s+FAILED\s+2\s+RefundRefused: the bank refused the refund$/m,
    );
    expect(out).toMatch(/^2026-12-02T11:00:05.000Z\s+Saga Failed\s+-\s+-\s+-$/m);
  });

  it('lists every Task state of the execution with its time, direct service calls included, from its history', async () => {
    // Arrange
    const at = (seconds: number) => new Date(Date.parse('2026-12-02T11:00:00.000Z') + seconds * 1_000);
    const deps = await failedSaga('local cloud', [
      { type: 'ExecutionStarted', timestamp: at(0), id: 1 },
      {
        type: 'TaskStateEntered',
        timestamp: at(0.1),
        id: 2,
        stateEnteredEventDetails: { name: 'ReserveInventory' },
      },
      {
        type: 'TaskStateExited',
        timestamp: at(0.3),
        id: 3,
        stateExitedEventDetails: { name: 'ReserveInventory' },
      },
      {
        type: 'TaskStateEntered',
        timestamp: at(3),
        id: 4,
        stateEnteredEventDetails: { name: 'Compensate ChargePayment' },
      },
      {
        type: 'TaskFailed',
        timestamp: at(4),
        id: 5,
        taskFailedEventDetails: { error: 'RefundRefused', resourceType: 'lambda', resource: 'invoke' },
      },
      { type: 'ExecutionFailed', timestamp: at(4.1), id: 6 },
    ]);
    // Act
    const { out } = await runCommand(createShowCommand(deps), [SAGA_ID], {});
    // Assert
    expect(out).toMatch(/^ReserveInventory\s+succeeded\s+0\s+200 ms\s+-$/m);
    expect(out).toMatch(/^Compensate ChargePayment\s+failed\s+1\s+1 s\s+RefundRefused$/m);
  });

  it("says when the execution's history cannot be read, and shows the rest", async () => {
    // Arrange
    const deps = await failedSaga();
    // Act
    const { code, out } = await runCommand(createShowCommand(deps), [SAGA_ID], {});
    // Assert
    expect(code).toBe(ExitCode.ok);
    expect(out).toContain(
      "(the execution's history could not be read (ExecutionDoesNotExist: Execution does not exist))",
    );
    expect(out).toMatch(/^status\s+FAILED$/m);
  });

  it('links the execution: its ARN on the local cloud, the console on AWS', async () => {
    // Arrange
    const local = await failedSaga('local cloud');
    const aws = await failedSaga('aws');
    const arn = `arn:aws:states:eu-west-1:123456789012:execution:OrderSaga:${SAGA_ID}`;
    // Act
    const onLocal = await runCommand(createShowCommand(local), [SAGA_ID], {});
    const onAws = await runCommand(createShowCommand(aws), [SAGA_ID], { json: true });
    // Assert
    expect(onLocal.out).toMatch(new RegExp(`^execution\\s+${arn}$`, 'm'));
    expect(JSON.parse(onAws.out).execution).toEqual({
      arn,
      link: `https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/${arn}`,
    });
  });

  it('prints the record, steps, compensations and timeline as JSON', async () => {
    // Arrange
    const deps = await failedSaga();
    // Act
    const { out } = await runCommand(createShowCommand(deps), [SAGA_ID], { json: true });
    // Assert
    const shown = JSON.parse(out);
    expect(shown.record).toMatchObject({ status: 'FAILED', businessKey: '1001', redriveCount: 0 });
    expect(shown.steps.map((step: { step: string; status: string }) => [step.step, step.status])).toEqual([
      ['ReserveStock', 'succeeded'],
      ['ChargePayment', 'compensation-failed'],
      ['CreateShipment', 'failed'],
    ]);
    expect(shown.compensations).toEqual([
      {
        step: 'ChargePayment',
        succeeded: false,
        attempts: 2,
        error: { name: 'RefundRefused', message: 'the bank refused the refund' },
      },
    ]);
    expect(shown.timeline).toHaveLength(6);
  });

  it('exits 3 with the id and the retention hint when there is no such saga', async () => {
    // Arrange
    const deps = await failedSaga();
    // Act
    const run = runCommand(createShowCommand(deps), [], { key: '404' });
    // Assert
    await expect(run).rejects.toThrow(NotFoundError);
    await expect(run).rejects.toThrow(
      `no OrderSaga saga for business key 404 (id ${sagaIdFor('OrderSaga', '404')}) in the local cloud at http://127.0.0.1:4566 (stack OrderSaga); finished sagas expire after their retention period`,
    );
  });

  it.each([
    [[], {}],
    [[SAGA_ID], { key: '1001' }],
  ])('asks for exactly one saga (%j %j)', async (positionals, values) => {
    // Arrange
    const deps = await failedSaga();
    // Act
    const run = runCommand(createShowCommand(deps), positionals, values);
    // Assert
    await expect(run).rejects.toThrow(new UsageError('name one saga: its id, or --key <businessKey>'));
  });
});

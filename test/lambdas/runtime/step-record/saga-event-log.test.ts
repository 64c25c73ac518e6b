import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sagaFailure } from '../../../../contract/saga-failure.ts';
import { SAGA_TABLE, SagaStatus } from '../../../../contract/saga-table.ts';
import { SagaRetryableError, SagaTerminalError } from '../../../../lambdas/runtime/errors.ts';
import type { SagaStepOptions } from '../../../../lambdas/runtime/options.ts';
import { sagaStep } from '../../../../lambdas/runtime/saga-step.ts';
import type { SagaStepEvent } from '../../../../lambdas/runtime/step-event.ts';
import { appendSagaEvent } from '../../../../lambdas/runtime/step-record/append-saga-event.ts';
import { expireSagaEvents } from '../../../../lambdas/runtime/step-record/expire-saga-events.ts';
import { foldSagaEvents } from '../../../../lambdas/runtime/step-record/fold-saga-events.ts';
import { readSagaHistory } from '../../../../lambdas/runtime/step-record/read-saga-history.ts';
import { eventSortKey, type SagaEvent } from '../../../../lambdas/runtime/step-record/saga-event.ts';
import { LocalSagaEngine } from '../../../../local/engine/local-saga-engine.ts';
import { defineSaga, lambda } from '../../../../statemachines/index.ts';
import { useDynamoDbLocal } from '../../../support/dynamo-db-local.ts';
import { type CapturedOutput, captureOutput } from '../../support/capture-output.ts';
import {
  createRuntimeTables,
  type RuntimeTables,
  recordSagaEnd,
  recordSagaStart,
} from '../../support/runtime-tables.ts';
import {
  lambdaContext,
  nextEvent,
  SAGA_EXPIRES_AT,
  SAGA_STARTED_AT,
  settle,
  stepEvent,
} from '../../support/step-events.ts';
import { tickingClock } from '../../support/ticking-clock.ts';

const TRACE_ID = '1-5759e988-bd862e3fe1be46a994272793';
const dynamoDb = useDynamoDbLocal();
let tables: RuntimeTables;
let output: CapturedOutput;

beforeAll(async () => {
  tables = await createRuntimeTables(dynamoDb().client);
});
beforeEach(() => {
  output = captureOutput();
  process.env._X_AMZN_TRACE_ID = `Root=${TRACE_ID};Sampled=1`;
});
afterEach(() => {
  output.restore();
  delete process.env._X_AMZN_TRACE_ID;
});

const options = (): SagaStepOptions => ({
  dynamoDb: dynamoDb().client,
  sagaTableName: tables.sagaTable,
  idempotencyTableName: tables.idempotencyTable,
  clock: tickingClock(),
});

/** One Lambda serving every step of a saga: it fails the way `failures` says, by step, phase and attempt. */
function scriptedSteps(failures: Record<string, Error>) {
  return sagaStep(async (event) => {
    const failure = failures[`${event.step}/${event.phase}/${event.attempt}`];
    if (failure) throw failure;
    return event.phase === 'action'
      ? { [`${event.step.toLowerCase()}Id`]: `${event.step}-1` }
      : { undone: true };
  }, options());
}

async function startedSaga(): Promise<SagaStepEvent> {
  const event = stepEvent({ step: 'Reserve' });
  await recordSagaStart(dynamoDb().client, tables.sagaTable, event);
  return event;
}

const history = (event: SagaStepEvent) => readSagaHistory(dynamoDb().client, tables.sagaTable, event.saga.id);

describe('the saga event log', () => {
  it('appends one event per outcome, in order, and moves the saga to COMPENSATING on the first compensation', async () => {
    // Arrange
    const handler = scriptedSteps({
      'Charge/action/0': new SagaRetryableError('gateway timeout'),
      'Ship/action/0': new SagaTerminalError('no carrier for password=hunter2'),
    });
    const saga = await startedSaga();
    const at = (step: string, phase: 'action' | 'compensation', attempt = 0) =>
      nextEvent(saga, { step, phase, attempt });
    // Act
    await handler(at('Reserve', 'action'), lambdaContext());
    await settle(handler(at('Charge', 'action'), lambdaContext()));
    await handler(at('Charge', 'action', 1), lambdaContext());
    const statusBeforeRollback = (await history(saga)).saga?.status;
    await settle(handler(at('Ship', 'action'), lambdaContext()));
    await handler(at('Charge', 'compensation'), lambdaContext());
    await handler(at('Reserve', 'compensation'), lambdaContext());
    // Assert
    const { saga: sagaItem, events } = await history(saga);
    expect(events.map((event) => `${event.type} ${event.step} #${event.attempt}`)).toEqual([
      'step.succeeded Reserve #0',
      'step.failed Charge #0',
      'step.succeeded Charge #1',
      'step.failed Ship #0',
      'compensation.succeeded Charge #0',
      'compensation.succeeded Reserve #0',
    ]);
    expect(events[3]).toMatchObject({
      traceId: TRACE_ID,
      error: { name: 'SagaTerminalError', message: 'no carrier for password=[REDACTED]' },
    });
    expect(events.every((event) => Number(event.expiresAt) >= saga.saga.expiresAt)).toBe(true);
    expect(statusBeforeRollback).toBe(SagaStatus.RUNNING);
    expect(sagaItem?.status).toBe(SagaStatus.COMPENSATING);
    // Only the starter's upper bound: the rollback leaves the TTL alone.
    expect(sagaItem?.[SAGA_TABLE.ttlAttribute]).toBe(saga.saga.expiresAt);
    expect(foldSagaEvents(events)).toEqual({
      Reserve: {
        status: 'compensated',
        attempts: 1,
        compensationAttempts: 1,
        output: { reserveId: 'Reserve-1' },
      },
      Charge: {
        status: 'compensated',
        attempts: 2,
        compensationAttempts: 1,
        output: { chargeId: 'Charge-1' },
      },
      Ship: {
        status: 'failed',
        attempts: 1,
        compensationAttempts: 0,
        error: { name: 'SagaTerminalError', message: 'no carrier for password=[REDACTED]' },
      },
    });
  });

  it('never overwrites an event that is already recorded', async () => {
    // Arrange
    const saga = await startedSaga();
    const first: SagaEvent = {
      sagaId: saga.saga.id,
      type: 'step.succeeded',
      step: 'Reserve',
      phase: 'action',
      attempt: 0,
      time: '2026-01-02T03:04:06.000Z',
      output: { reservationId: 'first' },
    };
    await appendSagaEvent(dynamoDb().client, tables.sagaTable, first);
    // Act
    const repeated = await appendSagaEvent(dynamoDb().client, tables.sagaTable, {
      ...first,
      output: { reservationId: 'second' },
    });
    // Assert
    expect(repeated).toEqual({ appended: false, movedToCompensating: false });
    const { events } = await history(saga);
    expect(events).toEqual([first]);
    expect(eventSortKey(first)).toBe('EVENT#2026-01-02T03:04:06.000Z#Reserve#action#0000');
  });

  it('records a late compensation of an ended saga without moving the saga backwards', async () => {
    // Arrange
    const handler = scriptedSteps({});
    const saga = await startedSaga();
    await handler(saga, lambdaContext());
    await recordSagaEnd(dynamoDb().client, tables.sagaTable, saga, SagaStatus.COMPLETED);
    // Act
    await handler(nextEvent(saga, { phase: 'compensation' }), lambdaContext());
    // Assert
    const { saga: sagaItem, events } = await history(saga);
    expect(sagaItem?.status).toBe(SagaStatus.COMPLETED);
    expect(events.map((event) => event.type)).toEqual(['step.succeeded', 'compensation.succeeded']);
  });

  it("writes each event with an upper-bound TTL — its write time plus the saga's execution limit and retention — so an event outlives no saga even if the TTL pass never comes", async () => {
    // Arrange
    const handler = scriptedSteps({ 'Charge/action/0': new SagaTerminalError('declined') });
    const saga = await startedSaga();
    const span = SAGA_EXPIRES_AT - Date.parse(SAGA_STARTED_AT) / 1000;
    const before = Math.floor(Date.now() / 1000);
    // Act
    await handler(saga, lambdaContext());
    await settle(handler(nextEvent(saga, { step: 'Charge' }), lambdaContext()));
    // Assert
    const after = Math.floor(Date.now() / 1000);
    const { events } = await history(saga);
    expect(events.map((event) => event.type)).toEqual(['step.succeeded', 'step.failed']);
    for (const event of events) {
      expect(event.expiresAt).toBeGreaterThanOrEqual(before + span);
      expect(event.expiresAt).toBeLessThanOrEqual(after + span);
    }
  });

  it('gives the events the TTL of their saga item once the saga has ended, and refuses while it runs', async () => {
    // Arrange
    const handler = scriptedSteps({});
    const saga = await startedSaga();
    await handler(saga, lambdaContext());
    await handler(nextEvent(saga, { step: 'Charge' }), lambdaContext());
    // Act
    const whileRunning = await expireSagaEvents(dynamoDb().client, tables.sagaTable, saga.saga.id);
    const eventsWhileRunning = (await history(saga)).events;
    await recordSagaEnd(dynamoDb().client, tables.sagaTable, saga, SagaStatus.COMPLETED);
    const atTheEnd = await expireSagaEvents(dynamoDb().client, tables.sagaTable, saga.saga.id);
    // Assert
    expect(whileRunning).toEqual({ expired: 0, skipped: 'saga-open' });
    // Still the bounds they were written with.
    expect(eventsWhileRunning.every((event) => Number(event.expiresAt) > SAGA_EXPIRES_AT)).toBe(true);
    expect(atTheEnd).toEqual({ expired: 2 });
    const { events } = await history(saga);
    expect(events.map((event) => event.expiresAt)).toEqual([SAGA_EXPIRES_AT, SAGA_EXPIRES_AT]);
    const { Item } = await dynamoDb().client.send(
      new GetItemCommand({
        TableName: tables.sagaTable,
        Key: { sagaId: { S: saga.saga.id }, sk: { S: SAGA_TABLE.sagaItemSortKey } },
      }),
    );
    expect(Item?.[SAGA_TABLE.ttlAttribute]?.N).toBe(String(SAGA_EXPIRES_AT));
  });
});

describe('state rebuilt from the log', () => {
  it('equals the state the state machine ended with, for a saga rolled back on the local engine', async () => {
    // Arrange
    const steps = lambda('steps.ts', { functionId: 'Steps' });
    const step = (name: string) => ({ name, action: steps, compensation: steps });
    const saga = defineSaga({ name: 'OrderSaga', steps: [step('Reserve'), step('Charge'), step('Ship')] });
    const handler = scriptedSteps({
      'Charge/action/0': new SagaRetryableError('gateway timeout'),
      'Ship/action/0': new SagaTerminalError('no carrier'),
    });
    const engine = new LocalSagaEngine(saga, {
      dynamoDb: dynamoDb().client,
      sagaTableName: tables.sagaTable,
      handlers: { Steps: handler },
    });
    // Act
    const run = await engine.run({ businessKey: 'order-rebuilt', input: { orderId: 'o-9' } });
    const { saga: sagaItem, events } = await readSagaHistory(dynamoDb().client, tables.sagaTable, run.sagaId);
    const rebuilt = foldSagaEvents(events);
    // Assert
    const recorded = run.output as { steps: Record<string, unknown> };
    expect(sagaItem?.status).toBe(SagaStatus.COMPENSATED);
    expect(rebuilt.Reserve?.output).toEqual(recorded.steps.Reserve);
    expect(rebuilt.Charge?.output).toEqual(recorded.steps.Charge);
    expect(Object.keys(recorded.steps).sort()).toEqual(['Charge', 'Reserve']);
    const [failure] = sagaFailure(sagaItem).failures;
    expect(rebuilt.Ship?.status).toBe('failed');
    expect(rebuilt.Ship?.error?.name).toBe(failure?.Error);
    expect(failure?.Cause).toContain(rebuilt.Ship?.error?.message);
    const undone = events
      .filter((event) => event.type === 'compensation.succeeded')
      .map((event) => event.step);
    expect(undone).toEqual(run.compensated);
    expect(rebuilt.Charge?.attempts).toBe(1 + run.retries);
  });
});

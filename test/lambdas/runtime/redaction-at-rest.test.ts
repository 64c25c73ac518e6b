import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAGA_TABLE } from '../../../contract/saga-table.ts';
import { sagaStep } from '../../../lambdas/runtime/saga-step.ts';
import type { SagaStepEvent } from '../../../lambdas/runtime/step-event.ts';
import { readSagaHistory } from '../../../lambdas/runtime/step-record/read-saga-history.ts';
import { InMemoryDynamoDb } from '../../../local/memory/index.ts';
import { type CapturedOutput, captureOutput } from '../support/capture-output.ts';
import { recordSagaStart } from '../support/runtime-tables.ts';
import { lambdaContext, nextEvent, stepEvent } from '../support/step-events.ts';

const SAGAS = 'sagas';
const IDEMPOTENCY = 'idempotency';
let store: InMemoryDynamoDb;
let client: DynamoDBClient;
let output: CapturedOutput;

beforeEach(() => {
  store = new InMemoryDynamoDb();
  store.createTable({ name: SAGAS, partitionKey: SAGA_TABLE.partitionKey, sortKey: SAGA_TABLE.sortKey });
  store.createTable({ name: IDEMPOTENCY, partitionKey: 'id' });
  client = store.asClient() as DynamoDBClient;
  output = captureOutput();
});
afterEach(() => output.restore());

const options = { sagaTableName: SAGAS, idempotencyTableName: IDEMPOTENCY } as const;

async function startedSaga(overrides: Partial<SagaStepEvent> = {}) {
  const event = stepEvent(overrides);
  await recordSagaStart(client, SAGAS, event);
  return event;
}

/** Every attribute value the step runtime wrote to either table, as one text. */
async function everythingAtRest(): Promise<string> {
  return JSON.stringify(
    [SAGAS, IDEMPOTENCY].flatMap((table) => store.items(table).map((item) => unmarshall(item))),
  );
}

/** A step that returns what it is given to return. */
function stepReturning(result: unknown, extra: { sensitiveKeys?: readonly string[] } = {}) {
  return sagaStep(
    async (_event, ctx) => {
      ctx.logger.info('charged', { result });
      return result;
    },
    { ...options, ...extra, dynamoDb: client },
  );
}

const CARD = '4111111111111111';

describe('what a step persists is redacted by the rules of its log lines', () => {
  it('keeps the output in clear for the state machine, redacted in the event log and the idempotency record, and says so', async () => {
    // Arrange
    const result = {
      paymentId: 'pay-1',
      card: { number: CARD, holder: 'A. Customer' },
      note: `card ${CARD}`,
    };
    const event = await startedSaga();
    // Act
    const returned = await stepReturning(result)(event, lambdaContext());
    // Assert
    expect(returned).toEqual(result);
    const { events } = await readSagaHistory(client, SAGAS, event.saga.id);
    expect(events[0]?.output).toEqual({
      paymentId: 'pay-1',
      card: { number: '[REDACTED]', holder: 'A. Customer' },
      note: 'card [REDACTED]',
    });
    expect(await everythingAtRest()).not.toContain(CARD);
    const warning = output.json().find((line) => line.level === 'WARN');
    expect(warning?.message).toMatch(
      /output holds 2 sensitive value\(s\).*a replay of this step returns them redacted/,
    );
  });

  it('replays the redacted copy to a duplicate invocation, never the secret', async () => {
    // Arrange
    const handler = stepReturning({ paymentId: 'pay-1', cvv: '123' });
    const event = await startedSaga();
    await handler(event, lambdaContext());
    // Act
    const replayed = await handler(nextEvent(event, { attempt: 1 }), lambdaContext());
    // Assert
    expect(replayed).toEqual({ paymentId: 'pay-1', cvv: '[REDACTED]' });
  });

  it("redacts the keys a saga declares sensitive (from the envelope) in what is stored and in the step's log lines", async () => {
    // Arrange
    const event = await startedSaga({ sensitiveKeys: ['dateOfBirth'] });
    // Act
    await stepReturning({ customerId: 'c-1', dateOfBirth: '1990-01-01' })(event, lambdaContext());
    // Assert
    expect(await everythingAtRest()).not.toContain('1990-01-01');
    expect(output.text()).not.toContain('1990-01-01');
    const { events } = await readSagaHistory(client, SAGAS, event.saga.id);
    expect(events[0]?.output).toEqual({ customerId: 'c-1', dateOfBirth: '[REDACTED]' });
  });

  it("redacts the function's own sensitiveKeys option as well", async () => {
    // Arrange
    const event = await startedSaga();
    // Act
    await stepReturning({ loyaltyNumber: 'LN-998877' }, { sensitiveKeys: ['loyaltyNumber'] })(
      event,
      lambdaContext(),
    );
    // Assert
    expect(await everythingAtRest()).not.toContain('LN-998877');
    expect(output.text()).not.toContain('LN-998877');
  });

  it('stores an output without secrets as it is, and warns about nothing', async () => {
    // Arrange
    const result = { paymentId: 'pay-7', amountCents: 1_250, tokenType: 'network', cardToken: null };
    const event = await startedSaga();
    // Act
    await stepReturning(result)(event, lambdaContext());
    // Assert
    const { events } = await readSagaHistory(client, SAGAS, event.saga.id);
    expect(events[0]?.output).toEqual(result);
    expect(output.json().filter((line) => line.level === 'WARN')).toEqual([]);
  });

  it('redacts a secret a failing step puts in its error message, in the event log and in what leaves the function', async () => {
    // Arrange
    const event = await startedSaga();
    const handler = sagaStep(
      async () => {
        throw new Error(`gateway refused card ${CARD} with api_key=sk_live_abc123`);
      },
      { ...options, dynamoDb: client },
    );
    // Act
    const error = (await handler(event, lambdaContext()).catch((thrown: unknown) => thrown)) as Error;
    // Assert
    expect(error.message).toBe('gateway refused card [REDACTED] with api_key=[REDACTED]');
    const stored = await everythingAtRest();
    expect(stored).not.toContain(CARD);
    expect(stored).not.toContain('sk_live_abc123');
  });
});

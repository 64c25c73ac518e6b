import { CreateTableCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { sagaFailure } from '../../contract/saga-failure.ts';
import { SagaStatus } from '../../contract/saga-table.ts';
import { FAILURE_INJECTION_ON, FAILURE_INJECTION_VARIABLE, type Order } from '../../examples/order/order.ts';
import { INVENTORY_TABLE, orderSaga } from '../../examples/order/order-saga.ts';
import { localSdkEnvironment } from '../../local/cloud/local-endpoints.ts';
import { createIdempotencyTable, createSagaTable } from '../../local/dynamodb/saga-table.ts';
import { LocalSagaEngine } from '../../local/engine/local-saga-engine.ts';
import { useDynamoDbLocal } from '../support/dynamo-db-local.ts';

const dynamoDb = useDynamoDbLocal();
const STOCK = 10;
let engine: LocalSagaEngine;
let orders = 0;

const order = (overrides: Partial<Order> = {}): Order => ({
  orderId: `order-${++orders}`,
  customerId: 'c-1',
  sku: `SKU-${orders}`,
  quantity: 3,
  amountCents: 1_000,
  ...overrides,
});

async function stockOf(sku: string): Promise<number> {
  const { Item } = await dynamoDb().client.send(
    new GetItemCommand({ TableName: INVENTORY_TABLE, Key: { sku: { S: sku } }, ConsistentRead: true }),
  );
  return Number(Item?.stock?.N);
}

async function place(input: Order) {
  await dynamoDb().client.send(
    new PutItemCommand({
      TableName: INVENTORY_TABLE,
      Item: { sku: { S: input.sku }, stock: { N: String(STOCK) } },
    }),
  );
  return engine.run({ businessKey: input.orderId, input });
}

beforeAll(async () => {
  await createSagaTable(dynamoDb().client, 'sagas');
  await dynamoDb().client.send(
    new CreateTableCommand({
      TableName: INVENTORY_TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'sku', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'sku', KeyType: 'HASH' }],
    }),
  );
  await createIdempotencyTable(dynamoDb().client, 'idempotency');
  engine = new LocalSagaEngine(orderSaga, {
    dynamoDb: dynamoDb().client,
    sagaTableName: 'sagas',
    // The example handlers use the step runtime, which records steps and idempotency in DynamoDB.
    handlerEnvironment: {
      ...localSdkEnvironment({ dynamoDb: dynamoDb().endpoint }),
      SAGA_TABLE_NAME: 'sagas',
      IDEMPOTENCY_TABLE_NAME: 'idempotency',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_SERVICE_NAME: 'OrderSaga',
      // As the local stacks set it: the examples honour `input.failure` only with it.
      [FAILURE_INJECTION_VARIABLE]: FAILURE_INJECTION_ON,
    },
  });
});

describe('the example order saga on the local engine', () => {
  it('reserves stock through DynamoDB, charges, ships and confirms in N + 1 transitions', async () => {
    // Arrange
    const input = order();
    // Act
    const run = await place(input);
    // Assert
    expect(run.status).toBe(SagaStatus.COMPLETED);
    expect(run.transitions).toBe(5);
    expect(await stockOf(input.sku)).toBe(STOCK - input.quantity);
    expect(run.output).toMatchObject({
      steps: {
        ReserveInventory: { Attributes: { stock: { N: String(STOCK - input.quantity) } } },
        ChargePayment: { amountCents: input.amountCents },
        CreateShipment: { carrier: 'local-post' },
      },
    });
    // The record keeps no copy of the input or the outputs: they are in the event log.
    expect(run.record).not.toHaveProperty('state');
    expect(run.record).toMatchObject({ status: 'COMPLETED', failure: null });
  });

  it('gives the stock back when the payment is declined', async () => {
    // Arrange
    const input = order({ failure: { step: 'ChargePayment', mode: 'terminal' } });
    // Act
    const run = await place(input);
    // Assert
    expect(run.compensated).toEqual(['ReserveInventory']);
    expect(run.status).toBe(SagaStatus.COMPENSATED);
    expect(await stockOf(input.sku)).toBe(STOCK);
  });

  it('fails terminally without retries when the stock is short, compensating nothing', async () => {
    // Arrange
    const input = order({ quantity: STOCK + 1 });
    // Act
    const run = await place(input);
    // Assert
    expect(run.retries).toBe(0);
    expect(run.compensated).toEqual([]);
    expect(sagaFailure(run.record).failures).toEqual([
      expect.objectContaining({ Error: 'DynamoDB.ConditionalCheckFailedException' }),
    ]);
    expect(run.transitions).toBe(2);
    expect(await stockOf(input.sku)).toBe(STOCK);
  });

  it('refunds and releases stock when shipping fails before the pivot succeeded', async () => {
    // Arrange
    const input = order({ failure: { step: 'CreateShipment', mode: 'terminal' } });
    // Act
    const run = await place(input);
    // Assert
    expect(run.compensated).toEqual(['ChargePayment', 'ReserveInventory']);
    expect(await stockOf(input.sku)).toBe(STOCK);
  });

  it('retries the confirmation forward after the pivot and completes', async () => {
    // Arrange
    const input = order({ failure: { step: 'SendConfirmation', mode: 'transient', attempts: 2 } });
    // Act
    const run = await place(input);
    // Assert
    expect(run.retries).toBe(2);
    expect(run.status).toBe(SagaStatus.COMPLETED);
  });

  it('parks the saga as FAILED when the refund cannot be made', async () => {
    // Arrange
    const input = order({
      failure: [
        { step: 'CreateShipment', mode: 'terminal' },
        { step: 'ChargePayment', phase: 'compensation', mode: 'terminal' },
      ],
    });
    // Act
    const run = await place(input);
    // Assert
    expect(run.status).toBe(SagaStatus.FAILED);
    expect(run.record?.failedStep).toBe('Compensate ChargePayment');
    expect(sagaFailure(run.record).endedWith).toMatchObject({ Error: 'SagaTerminalError' });
    expect(await stockOf(input.sku)).toBe(STOCK - input.quantity);
  });

  it('ignores input.failure when failure injection is off, as in a deployed stack', async () => {
    // Arrange
    const input = order({
      failure: [
        { step: 'ChargePayment', mode: 'terminal' },
        { step: 'CreateShipment', mode: 'timeout' },
      ],
    });
    delete process.env[FAILURE_INJECTION_VARIABLE];
    try {
      // Act
      const run = await place(input);
      // Assert
      expect(run.status).toBe(SagaStatus.COMPLETED);
      expect(run.retries).toBe(0);
      expect(run.compensated).toEqual([]);
    } finally {
      process.env[FAILURE_INJECTION_VARIABLE] = FAILURE_INJECTION_ON;
    }
  });
});

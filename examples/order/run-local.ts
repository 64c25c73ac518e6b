/**
 * `npm start`: runs the example order saga on the embedded local engine — once clean, once with the
 * payment declined — against AWS's DynamoDB Local, and prints each run's timeline and saga record.
 */
import { CreateTableCommand, type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { startDynamoDbLocal } from '../../local/dynamodb/dynamo-db-local.ts';
import { createSagaTable } from '../../local/dynamodb/saga-table.ts';
import { formatTimeline } from '../../local/engine/format-timeline.ts';
import { LocalSagaEngine } from '../../local/engine/local-saga-engine.ts';
import { sagaFailure } from '../../statemachines/saga-table/saga-failure.ts';
import type { Order } from './order.ts';
import { INVENTORY_TABLE, orderSaga } from './order-saga.ts';

/** Real retry waits ×0.01: a 1-second backoff waits 10 ms here. */
const RETRY_DELAY_SCALE = 0.01;
const SAGA_TABLE_NAME = 'sagas';
const STOCK = 100;

const order = (orderId: string, failure?: Order['failure']): Order => ({
  orderId,
  customerId: 'customer-42',
  sku: 'SKU-BOOK',
  quantity: 2,
  amountCents: 2_599,
  ...(failure ? { failure } : {}),
});

async function createInventory(client: DynamoDBClient): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: INVENTORY_TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'sku', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'sku', KeyType: 'HASH' }],
    }),
  );
  await client.send(
    new PutItemCommand({
      TableName: INVENTORY_TABLE,
      Item: { sku: { S: 'SKU-BOOK' }, stock: { N: String(STOCK) } },
    }),
  );
}

const dynamoDb = await startDynamoDbLocal();
try {
  await createSagaTable(dynamoDb.client, SAGA_TABLE_NAME);
  await createInventory(dynamoDb.client);
  const engine = new LocalSagaEngine(orderSaga, {
    dynamoDb: dynamoDb.client,
    sagaTableName: SAGA_TABLE_NAME,
    retryDelayScale: RETRY_DELAY_SCALE,
  });
  const runs = [
    { title: 'Order 1001: clean run', order: order('1001') },
    {
      title: 'Order 1002: payment declined (terminal), then rolled back',
      order: order('1002', { step: 'ChargePayment', mode: 'terminal' }),
    },
  ];
  for (const { title, order: input } of runs) {
    const run = await engine.run({ businessKey: input.orderId, input });
    console.log(`\n${formatTimeline(title, run)}`);
    const { state, ...record } = run.record ?? {};
    console.log(`  saga record: ${JSON.stringify(record)}`);
    const { failures } = sagaFailure(state);
    for (const failure of failures)
      console.log(`  original failure: ${failure.Error} ${failure.Cause ?? ''}`);
  }
  console.log('\nCompiled ASL: npm run saga -- asl examples/order/order-saga.ts');
  console.log('Diagram:      npm run saga -- mermaid examples/order/order-saga.ts');
} finally {
  await dynamoDb.stop();
}

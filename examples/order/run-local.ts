/**
 * `npm start`: synthesizes the example app, brings the local cloud up (DynamoDB Local, a local SQS,
 * local EventBridge and Step Functions, the functions from their bundles), publishes two
 * `OrderPlaced` events — one clean, one whose payment is declined — and prints each saga's timeline,
 * its items in the saga table, the rolled-back saga's trace (as `saga trace` prints it) and the
 * lifecycle events a subscriber received. Then shuts down.
 */
import { resolve } from 'node:path';
import { GetItemCommand, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { readSagaTraceDocuments } from '../../cli/operations/read-saga-trace.ts';
import { assembleSagaTrace } from '../../cli/trace/assemble-saga-trace.ts';
import { formatSagaTrace } from '../../cli/trace/format-saga-trace.ts';
import { sagaIdFor } from '../../contract/execution-input.ts';
import { type SagaStatus, TERMINAL_STATUSES } from '../../contract/saga-table.ts';
import { EXAMPLE_STACK_NAME, synthesizeExample } from '../../infra/synthesize-example.ts';
import { executionTimeline } from '../../local/cloud/execution-timeline.ts';
import { type LocalCloud, startLocalCloud } from '../../local/cloud/local-cloud.ts';
import { formatTimeline } from '../../local/engine/format-timeline.ts';
import type { Order } from './order.ts';

/** Real retry waits ×0.01: a 1-second backoff waits 10 ms here. */
const RETRY_DELAY_SCALE = 0.01;
const WAIT_MS = 30_000;
const order = (orderId: string, failure?: Order['failure']): Order => ({
  orderId,
  customerId: 'customer-42',
  sku: 'SKU-BOOK',
  quantity: 2,
  amountCents: 2_599,
  ...(failure ? { failure } : {}),
});
const orders = [
  { title: 'Order 1001: clean run', input: order('1001') },
  {
    title: 'Order 1002: payment declined (terminal), rolled back',
    input: order('1002', { step: 'ChargePayment', mode: 'terminal' }),
  },
];

async function sagaItems(cloud: LocalCloud, orderId: string) {
  const { Items = [] } = await cloud.clients.dynamoDb.send(
    new QueryCommand({
      TableName: cloud.outputs.OrdersSagaTable,
      KeyConditionExpression: 'sagaId = :id',
      ExpressionAttributeValues: { ':id': { S: sagaIdFor('OrderSaga', orderId) } },
    }),
  );
  return Items.map((item) => unmarshall(item));
}

async function waitUntilEnded(cloud: LocalCloud, orderId: string): Promise<SagaStatus> {
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    const { Item } = await cloud.clients.dynamoDb.send(
      new GetItemCommand({
        TableName: cloud.outputs.OrdersSagaTable,
        Key: { sagaId: { S: sagaIdFor('OrderSaga', orderId) }, sk: { S: 'SAGA' } },
      }),
    );
    const status = Item?.status?.S as SagaStatus | undefined;
    if (status && TERMINAL_STATUSES.includes(status)) return status;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`The saga of order ${orderId} did not end within ${WAIT_MS} ms`);
}

/** The saga's trace from the local cloud's X-Ray, as `saga trace <sagaId>` prints it. */
async function sagaTrace(cloud: LocalCloud, sagaId: string, startedAt: Date): Promise<string> {
  const config = {
    region: 'us-east-1',
    endpoint: cloud.gateway,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
  const documents = await readSagaTraceDocuments(config, sagaId, { startedAt, endedAt: new Date() });
  return formatSagaTrace(assembleSagaTrace(sagaId, documents));
}

async function receivedLifecycleEvents(cloud: LocalCloud): Promise<string[]> {
  const lines: string[] = [];
  for (let empty = 0; empty < 3; ) {
    const { Messages = [] } = await cloud.clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: cloud.outputs.OrdersLifecycleSubscriber,
        MaxNumberOfMessages: 10,
      }),
    );
    if (Messages.length === 0) empty += 1;
    for (const message of Messages) {
      const event = JSON.parse(message.Body ?? '{}');
      lines.push(`  ${event['detail-type']}: ${JSON.stringify(event.detail)}`);
      await cloud.clients.sqs.send(
        new DeleteMessageCommand({
          QueueUrl: cloud.outputs.OrdersLifecycleSubscriber,
          ReceiptHandle: message.ReceiptHandle,
        }),
      );
    }
  }
  return lines;
}

const started = Date.now();
console.log('Synthesizing the example app…');
const assemblyDir = synthesizeExample(resolve('cdk.out'));
const cloud = await startLocalCloud({
  assemblyDir,
  stackName: EXAMPLE_STACK_NAME,
  retryDelayScale: RETRY_DELAY_SCALE,
});
console.log(
  `Local cloud up in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(cloud.endpoints)}`,
);
try {
  await cloud.clients.dynamoDb.send(
    new PutItemCommand({
      TableName: cloud.outputs.OrdersInventoryTable,
      Item: { sku: { S: 'SKU-BOOK' }, stock: { N: '100' } },
    }),
  );
  for (const { title, input } of orders) {
    await cloud.clients.eventBridge.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: cloud.outputs.OrdersEventBus,
            Source: 'shop',
            DetailType: 'OrderPlaced',
            Detail: JSON.stringify(input),
          },
        ],
      }),
    );
    const status = await waitUntilEnded(cloud, input.orderId);
    const execution = [...cloud.stepFunctions.executions.values()].find(
      (found) => found.name === sagaIdFor('OrderSaga', input.orderId),
    );
    if (execution) console.log(`\n${formatTimeline(title, executionTimeline(execution, status))}`);
    console.log('  saga table:');
    for (const { state: _state, ...item } of await sagaItems(cloud, input.orderId))
      console.log(`    ${JSON.stringify(item)}`);
    if (execution && input.failure) {
      await cloud.settle();
      const tree = await sagaTrace(cloud, execution.name, execution.startDate);
      console.log(`  its trace (saga trace ${execution.name}):\n${tree.replace(/^/gm, '    ')}`);
    }
  }
  await cloud.settle();
  console.log('\nLifecycle events received by the subscriber queue:');
  for (const line of await receivedLifecycleEvents(cloud)) console.log(line);
  const metricLines = cloud.lambdas.logs.filter(({ line }) => line.includes('"CloudWatchMetrics"')).length;
  console.log(
    `\nThe functions wrote ${cloud.lambdas.logs.length} log lines (${metricLines} of them EMF metrics): cloud.lambdas.logs holds them.`,
  );
} finally {
  await cloud.stop();
}
console.log(
  `\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s. Compiled ASL: npm run saga -- asl examples/order/order-saga.ts`,
);

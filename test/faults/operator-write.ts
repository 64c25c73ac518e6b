import { type DynamoDBClient, GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { sagaIdFor } from '../../contract/execution-input.ts';
import { SAGA_TABLE } from '../../contract/saga-table.ts';
import { orderSaga } from '../../examples/order/order-saga.ts';
import { waitFor } from '../scenarios/wait-for.ts';
import type { FaultMessage } from './fault-messages.ts';

/** How long the saga may take to be claimed before the operator gives up. */
const CLAIM_TIMEOUT_MS = 90_000;
const POLL_MS = 100;

/** An operator's write: once the saga's record is RUNNING, its status is set to CANCELLED by hand. */
export async function cancelWhileRunning(client: DynamoDBClient, tableName: string, message: FaultMessage) {
  const key = {
    [SAGA_TABLE.partitionKey]: { S: sagaIdFor(orderSaga.name, String(message.orderId)) },
    [SAGA_TABLE.sortKey]: { S: SAGA_TABLE.sagaItemSortKey },
  };
  await waitFor(
    `the saga of ${message.orderId} to be RUNNING, for the operator's write`,
    async () =>
      (await client.send(new GetItemCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item,
    (item) => item?.status?.S === 'RUNNING',
    CLAIM_TIMEOUT_MS,
    POLL_MS,
  );
  await client.send(
    new UpdateItemCommand({
      TableName: tableName,
      Key: key,
      UpdateExpression: 'SET #status = :cancelled',
      ConditionExpression: '#status = :running',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':cancelled': { S: 'CANCELLED' }, ':running': { S: 'RUNNING' } },
    }),
  );
}

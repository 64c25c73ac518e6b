import { type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { SAGA_TABLE, TERMINAL_STATUSES } from '../../contract/saga-table.ts';
import type { LocalCloud } from '../../local/cloud/local-cloud.ts';
import { waitFor } from '../scenarios/wait-for.ts';
import type { FaultMessage } from './fault-messages.ts';

/**
 * How long the run may take to settle before what is still missing counts as lost: about 30 s on an
 * idle 2-core machine, up to 90 s seen while it was shared with other jobs.
 */
const SETTLE_TIMEOUT_MS = 150_000;
const SETTLE_POLL_MS = 1_000;

/** The queue and table the settling is read from. */
export interface SettleTargets {
  readonly sagaTable: string;
  readonly startQueue: string;
}

/**
 * Waits until the start queue is empty, every saga the run meant to start has ended (a superseded
 * one with its outcome beside it) and no execution runs; gives up after {@link SETTLE_TIMEOUT_MS}
 * without failing: what is missing then is counted, not hidden.
 */
export async function settle(cloud: LocalCloud, names: SettleTargets, messages: readonly FaultMessage[]) {
  const awaited = new Map<string, boolean>();
  for (const message of messages) {
    if (message.expected.kind === 'saga' && message.orderId)
      awaited.set(message.orderId, message.expected.outcome !== undefined);
  }
  try {
    await waitFor(
      'the fault run to settle',
      async () => {
        const { Attributes = {} } = await cloud.clients.sqs.send(
          new GetQueueAttributesCommand({ QueueUrl: names.startQueue, AttributeNames: ['All'] }),
        );
        const queued =
          Number(Attributes.ApproximateNumberOfMessages ?? 0) +
          Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
        const items = await scanSagaItems(cloud.clients.dynamoDb, names.sagaTable);
        const unsettled = [...awaited].filter(([orderId, superseded]) => {
          const item = items.get(orderId);
          return !item || !TERMINAL_STATUSES.includes(item.status as never) || (superseded && !item.outcome);
        });
        const running = [...cloud.stepFunctions.executions.values()].filter(
          (run) => run.status === 'RUNNING',
        );
        return { queued, unsettled: unsettled.map(([orderId]) => orderId), running: running.length };
      },
      (state) => state.queued === 0 && state.unsettled.length === 0 && state.running === 0,
      SETTLE_TIMEOUT_MS,
      SETTLE_POLL_MS,
    );
  } catch (error) {
    console.warn(
      `The fault run did not settle; what is missing is counted. ${(error as Error).message.slice(0, 2_000)}`,
    );
  }
}

async function scanSagaItems(client: DynamoDBClient, tableName: string) {
  const items = new Map<string, { status?: string; outcome?: string }>();
  let ExclusiveStartKey: Record<string, never> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: '#sk = :saga',
        ProjectionExpression: 'businessKey, #status, outcome',
        ExpressionAttributeNames: { '#sk': SAGA_TABLE.sortKey, '#status': 'status' },
        ExpressionAttributeValues: { ':saga': { S: SAGA_TABLE.sagaItemSortKey } },
        ConsistentRead: true,
        ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      items.set(String(item.businessKey?.S), {
        ...(item.status?.S ? { status: item.status.S } : {}),
        ...(item.outcome?.S ? { outcome: item.outcome.S } : {}),
      });
    }
    ExclusiveStartKey = page.LastEvaluatedKey as Record<string, never> | undefined;
  } while (ExclusiveStartKey);
  return items;
}

import {
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  ListTablesCommand,
  paginateScan,
} from '@aws-sdk/client-dynamodb';
import {
  GetQueueAttributesCommand,
  ListQueuesCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { unmarshall } from '@aws-sdk/util-dynamodb';

/** Every item of one table, and its TTL attribute when it has one. */
export interface TableAtRest {
  readonly tableName: string;
  readonly ttlAttribute?: string;
  readonly items: readonly Record<string, unknown>[];
}

/** A message read from a queue, with its `reason` attribute when it has one. */
export interface QueuedMessage {
  readonly queueUrl: string;
  readonly body: string;
  readonly reason?: string;
}

/** What the stack holds once the run is over. */
export interface StackAtRest {
  readonly tables: readonly TableAtRest[];
  /** Messages of the queues that are some queue's dead-letter queue. */
  readonly deadLetters: readonly QueuedMessage[];
  /** Messages of the other queues, but for those a consumer drains (the start queue's are counted in `unconsumed`). */
  readonly queued: readonly QueuedMessage[];
  /** Messages still in the queues `consumed` names (visible or in flight): nobody accounted for them. */
  readonly unconsumed: number;
}

/** The longest a queue's messages stay hidden once read here: they are not read twice. */
const READ_VISIBILITY_SECONDS = 600;

/**
 * Reads everything the stack keeps: every item of every table, every message of every queue but
 * `consumed` (queues a function polls: only their depth is read). A queue is a dead-letter queue
 * when another queue's redrive policy names it.
 */
export async function readStackAtRest(
  clients: { readonly dynamoDb: DynamoDBClient; readonly sqs: SQSClient },
  consumed: readonly string[],
): Promise<StackAtRest> {
  const tables = await readTables(clients.dynamoDb);
  const { QueueUrls = [] } = await clients.sqs.send(new ListQueuesCommand({}));
  const attributes = await Promise.all(
    QueueUrls.map(async (queueUrl) => {
      const { Attributes = {} } = await clients.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }),
      );
      return { queueUrl, Attributes };
    }),
  );
  const deadLetterArns = new Set(
    attributes
      .map(({ Attributes }) => Attributes.RedrivePolicy)
      .filter((policy): policy is string => policy !== undefined)
      .map((policy) => String(JSON.parse(policy).deadLetterTargetArn)),
  );
  const deadLetters: QueuedMessage[] = [];
  const queued: QueuedMessage[] = [];
  let unconsumed = 0;
  for (const { queueUrl, Attributes } of attributes) {
    if (consumed.includes(queueUrl)) {
      unconsumed +=
        Number(Attributes.ApproximateNumberOfMessages ?? 0) +
        Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
      continue;
    }
    const messages = await readQueue(clients.sqs, queueUrl);
    (deadLetterArns.has(String(Attributes.QueueArn)) ? deadLetters : queued).push(...messages);
  }
  return { tables, deadLetters, queued, unconsumed };
}

async function readTables(client: DynamoDBClient): Promise<TableAtRest[]> {
  const { TableNames = [] } = await client.send(new ListTablesCommand({}));
  return Promise.all(
    TableNames.map(async (tableName) => {
      const { TimeToLiveDescription } = await client.send(
        new DescribeTimeToLiveCommand({ TableName: tableName }),
      );
      const items: Record<string, unknown>[] = [];
      for await (const page of paginateScan({ client }, { TableName: tableName, ConsistentRead: true })) {
        for (const item of page.Items ?? []) items.push(unmarshall(item));
      }
      const ttlAttribute =
        TimeToLiveDescription?.TimeToLiveStatus === 'ENABLED'
          ? TimeToLiveDescription.AttributeName
          : undefined;
      return { tableName, items, ...(ttlAttribute ? { ttlAttribute } : {}) };
    }),
  );
}

/** Reads a queue until it returns nothing, hiding what it read. */
export async function readQueue(sqs: SQSClient, queueUrl: string): Promise<QueuedMessage[]> {
  const messages: QueuedMessage[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        VisibilityTimeout: READ_VISIBILITY_SECONDS,
        MessageAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) return messages;
    for (const message of Messages) {
      const reason = message.MessageAttributes?.reason?.StringValue;
      messages.push({ queueUrl, body: message.Body ?? '', ...(reason === undefined ? {} : { reason }) });
    }
  }
}

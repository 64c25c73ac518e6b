import {
  DescribeStreamCommand,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { CompiledEventPattern } from '../eventbridge/event-pattern.ts';
import type { LambdaHost } from './lambda-host.ts';
import type { LocalClients } from './local-endpoints.ts';

/** A running poller; `stop` resolves once its loop has ended. */
export interface Poller {
  stop(): Promise<void>;
  /** Resolves when the poller has nothing in flight and found nothing on its last poll. */
  quiet(): Promise<void>;
}

const IDLE_WAIT_MS = 100;

/**
 * Polls a queue like Lambda's SQS event source mapping: batches of up to `batchSize`, the queue's
 * visibility timeout, partial batch failures (`batchItemFailures`) and, through the queue's own
 * redrive policy, dead-lettering after `maxReceiveCount`. Short polls (no long-poll wait) avoid the
 * local server returning a message twice in one batch when the visibility timeout is shorter than
 * the wait.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
 */
export function pollQueue(
  clients: LocalClients,
  lambdas: LambdaHost,
  mapping: {
    readonly functionName: string;
    readonly queueUrl: string;
    readonly queueArn: string;
    readonly batchSize: number;
    readonly reportBatchItemFailures: boolean;
  },
): Poller {
  return poller(async () => {
    const { Messages = [] } = await clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: mapping.queueUrl,
        MaxNumberOfMessages: Math.min(mapping.batchSize, 10),
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    const unique = [...new Map(Messages.map((message) => [message.MessageId, message])).values()];
    if (unique.length === 0) return false;
    const event = {
      Records: unique.map((message) => ({
        messageId: message.MessageId,
        receiptHandle: message.ReceiptHandle,
        body: message.Body,
        attributes: message.Attributes ?? {},
        messageAttributes: message.MessageAttributes ?? {},
        md5OfBody: message.MD5OfBody,
        eventSource: 'aws:sqs',
        eventSourceARN: mapping.queueArn,
        awsRegion: 'us-east-1',
      })),
    };
    let failed = new Set<string>(unique.map((message) => message.MessageId ?? ''));
    try {
      const response = (await lambdas.invoke(mapping.functionName, event)) as {
        batchItemFailures?: { itemIdentifier: string }[];
      } | null;
      failed = new Set(
        mapping.reportBatchItemFailures
          ? (response?.batchItemFailures ?? []).map((item) => item.itemIdentifier)
          : [],
      );
    } catch (error) {
      // The whole batch stays in flight and comes back after the visibility timeout.
      if (process.env.DEBUG_LOCAL_CLOUD) console.error('invoke', mapping.functionName, error);
    }
    for (const message of unique) {
      if (!failed.has(message.MessageId ?? '')) {
        await clients.sqs.send(
          new DeleteMessageCommand({ QueueUrl: mapping.queueUrl, ReceiptHandle: message.ReceiptHandle }),
        );
      }
    }
    return true;
  });
}

/**
 * Reads a DynamoDB Local stream like Lambda's DynamoDB event source mapping: from the trim horizon,
 * records filtered by the mapping's filter patterns, a failing batch retried `retryAttempts` times
 * and then reported to the on-failure queue.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html
 */
export function pollStream(
  clients: LocalClients,
  lambdas: LambdaHost,
  mapping: {
    readonly functionName: string;
    readonly streamArn: string;
    readonly filters: readonly CompiledEventPattern[];
    readonly retryAttempts: number;
    readonly onFailureQueueUrl: string | undefined;
  },
): Poller {
  /** The last record read per shard; each poll reads on from there with a fresh iterator. */
  const lastRead = new Map<string, string>();
  return poller(async () => {
    const { StreamDescription } = await clients.dynamoDbStreams.send(
      new DescribeStreamCommand({ StreamArn: mapping.streamArn }),
    );
    let any = false;
    for (const shard of StreamDescription?.Shards ?? []) {
      const shardId = shard.ShardId ?? '';
      const after = lastRead.get(shardId);
      let page: GetRecordsCommandOutput;
      try {
        // A fresh iterator per poll: DynamoDB Local refuses (TrimmedDataAccessException) an iterator
        // kept from before the shard's first record, and a shard with no record at all.
        const { ShardIterator } = await clients.dynamoDbStreams.send(
          new GetShardIteratorCommand({
            StreamArn: mapping.streamArn,
            ShardId: shardId,
            ...(after
              ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
              : { ShardIteratorType: 'TRIM_HORIZON' }),
          }),
        );
        page = await clients.dynamoDbStreams.send(new GetRecordsCommand({ ShardIterator }));
      } catch (error) {
        if (error instanceof Error && error.name === 'TrimmedDataAccessException') continue;
        throw error;
      }
      const { Records = [] } = page;
      const lastSequence = Records.at(-1)?.dynamodb?.SequenceNumber;
      if (lastSequence) lastRead.set(shardId, lastSequence);
      const records = JSON.parse(JSON.stringify(Records)).filter(
        (record: unknown) =>
          mapping.filters.length === 0 || mapping.filters.some((filter) => filter.matches(record)),
      );
      if (records.length === 0) continue;
      any = true;
      await deliverWithRetries(clients, lambdas, mapping, { Records: records });
    }
    return any;
  });
}

async function deliverWithRetries(
  clients: LocalClients,
  lambdas: LambdaHost,
  mapping: {
    readonly functionName: string;
    readonly retryAttempts: number;
    readonly onFailureQueueUrl: string | undefined;
  },
  event: { Records: unknown[] },
): Promise<void> {
  let lastError: unknown;
  for (let attempt = 0; attempt <= mapping.retryAttempts; attempt += 1) {
    try {
      await lambdas.invoke(mapping.functionName, event);
      return;
    } catch (error) {
      lastError = error;
    }
  }
  if (!mapping.onFailureQueueUrl) return;
  await clients.sqs.send(
    new SendMessageCommand({
      QueueUrl: mapping.onFailureQueueUrl,
      MessageBody: JSON.stringify({
        requestContext: { condition: 'RetryAttemptsExhausted', functionArn: mapping.functionName },
        error: String(lastError),
        records: event.Records.length,
      }),
    }),
  );
}

/** Runs `poll` in a loop (it returns whether it found work) until stopped. */
function poller(poll: () => Promise<boolean>): Poller {
  let stopped = false;
  let quietWaiters: (() => void)[] = [];
  const loop = (async () => {
    while (!stopped) {
      let busy = false;
      try {
        busy = await poll();
      } catch (error) {
        if (process.env.DEBUG_LOCAL_CLOUD) console.error('poller', error);
        busy = false;
      }
      if (!busy) {
        for (const waiter of quietWaiters) waiter();
        quietWaiters = [];
        await new Promise((resolve) => setTimeout(resolve, IDLE_WAIT_MS));
      }
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
    },
    quiet: () => new Promise<void>((resolve) => quietWaiters.push(resolve)),
  };
}

import { GetItemCommand, PutItemCommand, QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { sagaIdFor } from '../../contract/execution-input.ts';
import type { Order } from '../../examples/order/order.ts';
import type { SagaBackend } from './saga-backend.ts';
import { waitFor } from './wait-for.ts';

/** A lifecycle event as the subscriber queue receives it (an EventBridge event). */
export interface ReceivedLifecycleEvent {
  readonly 'detail-type': string;
  readonly source: string;
  readonly detail: {
    readonly sagaId: string;
    readonly status: string;
    readonly businessKey: string;
    readonly [key: string]: unknown;
  };
}

/** What the scenarios do to and read from a backend, in the order saga's terms. */
export class OrderWorld {
  private readonly lifecycle: ReceivedLifecycleEvent[] = [];
  private readonly deadLetters: { body: string; reason: string | undefined }[] = [];
  readonly timeoutMs: number;

  constructor(readonly backend: SagaBackend) {
    this.timeoutMs = backend.waitTimeoutMs ?? 30_000;
  }

  sagaIdOf(orderId: string): string {
    return sagaIdFor('OrderSaga', orderId);
  }

  async stock(sku: string, stock: number): Promise<void> {
    await this.backend.clients.dynamoDb.send(
      new PutItemCommand({
        TableName: this.backend.resources.inventoryTableName,
        Item: { sku: { S: sku }, stock: { N: String(stock) } },
      }),
    );
  }

  async stockOf(sku: string): Promise<number> {
    const { Item } = await this.backend.clients.dynamoDb.send(
      new GetItemCommand({
        TableName: this.backend.resources.inventoryTableName,
        Key: { sku: { S: sku } },
        ConsistentRead: true,
      }),
    );
    return Number(Item?.stock?.N);
  }

  /** Publishes an `OrderPlaced` event on the bus (any detail, so malformed ones too). */
  async place(detail: Order | Record<string, unknown>): Promise<void> {
    const response = await this.backend.clients.eventBridge.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: this.backend.resources.eventBusName,
            Source: 'shop',
            DetailType: 'OrderPlaced',
            Detail: JSON.stringify(detail),
          },
        ],
      }),
    );
    if (response.FailedEntryCount)
      throw new Error(`PutEvents refused the order: ${JSON.stringify(response.Entries)}`);
  }

  async record(orderId: string): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.backend.clients.dynamoDb.send(
      new GetItemCommand({
        TableName: this.backend.resources.sagaTableName,
        Key: { sagaId: { S: this.sagaIdOf(orderId) }, sk: { S: 'SAGA' } },
        ConsistentRead: true,
      }),
    );
    return Item ? unmarshall(Item) : undefined;
  }

  /** Every item of a saga's partition (the saga item and its step records). */
  async items(orderId: string): Promise<Record<string, unknown>[]> {
    const { Items = [] } = await this.backend.clients.dynamoDb.send(
      new QueryCommand({
        TableName: this.backend.resources.sagaTableName,
        KeyConditionExpression: 'sagaId = :id',
        ExpressionAttributeValues: { ':id': { S: this.sagaIdOf(orderId) } },
        ConsistentRead: true,
      }),
    );
    return Items.map((item) => unmarshall(item));
  }

  /** Waits until the saga of `orderId` has a status in `statuses`. */
  async until(orderId: string, statuses: readonly string[]): Promise<Record<string, unknown>> {
    const record = await waitFor(
      `the saga of order ${orderId} on ${this.backend.name} to reach ${statuses.join(' or ')}`,
      () => this.record(orderId),
      (found) => found !== undefined && statuses.includes(String(found.status)),
      this.timeoutMs,
    );
    return record as Record<string, unknown>;
  }

  /** Waits until the subscriber received lifecycle events of these types for the saga of `orderId`. */
  async lifecycleOf(orderId: string, detailTypes: readonly string[]): Promise<ReceivedLifecycleEvent[]> {
    const sagaId = this.sagaIdOf(orderId);
    const mine = () => this.lifecycle.filter((event) => event.detail.sagaId === sagaId);
    await waitFor(
      `lifecycle events ${detailTypes.join(', ')} of order ${orderId} on ${this.backend.name}`,
      async () => {
        await this.drain(this.backend.resources.lifecycleSubscriberQueueUrl, (body) =>
          this.lifecycle.push(JSON.parse(body)),
        );
        return mine().map((event) => event['detail-type']);
      },
      (seen) => detailTypes.every((type) => seen.includes(type)),
      this.timeoutMs,
    );
    return mine();
  }

  /** Waits until the start dead-letter queue holds a message whose body contains `marker`. */
  async deadLetter(marker: string): Promise<{ body: string; reason: string | undefined }> {
    await waitFor(
      `a dead letter containing ${marker} on ${this.backend.name}`,
      async () => {
        await this.drain(this.backend.resources.startDeadLetterQueueUrl, (body, reason) =>
          this.deadLetters.push({ body, reason }),
        );
        return this.deadLetters.map((letter) => letter.body);
      },
      (bodies) => bodies.some((body) => body.includes(marker)),
      this.timeoutMs,
    );
    return this.deadLetters.find((letter) => letter.body.includes(marker)) as {
      body: string;
      reason: string | undefined;
    };
  }

  /** Sets a saga item's TTL, as if its retention had passed. */
  async expireNow(orderId: string): Promise<void> {
    await this.backend.clients.dynamoDb.send(
      new UpdateItemCommand({
        TableName: this.backend.resources.sagaTableName,
        Key: { sagaId: { S: this.sagaIdOf(orderId) }, sk: { S: 'SAGA' } },
        UpdateExpression: 'SET expiresAt = :past',
        ExpressionAttributeValues: { ':past': { N: String(Math.floor(Date.now() / 1000) - 60) } },
      }),
    );
  }

  private async drain(
    queueUrl: string,
    keep: (body: string, reason: string | undefined) => void,
  ): Promise<void> {
    const { Messages = [] } = await this.backend.clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        MessageAttributeNames: ['All'],
      }),
    );
    for (const message of Messages) {
      keep(message.Body ?? '', message.MessageAttributes?.reason?.StringValue);
      await this.backend.clients.sqs.send(
        new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }),
      );
    }
  }
}

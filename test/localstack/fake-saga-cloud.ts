import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { sagaIdFor } from '../../contract/execution-input.ts';
import type { SagaBackend } from '../scenarios/saga-backend.ts';

/** One SDK call a fake client received. */
export interface RecordedCall {
  readonly client: 'dynamoDb' | 'sqs' | 'eventBridge';
  /** The command's class name, e.g. `PutEventsCommand`. */
  readonly command: string;
  readonly input: Readonly<Record<string, unknown>>;
}

type Item = Record<string, AttributeValue>;
type Command = { readonly input: Record<string, unknown> };

/**
 * A stand-in for the deployed stack behind a {@link SagaBackend}, for unit tests of the scenario runner:
 * its SDK clients record every command and answer from memory. An `OrderPlaced` detail with an
 * `orderId` writes that saga's record at once, `COMPLETED`, or `RUNNING` forever when the detail has a
 * `failure` (so a test can watch a wait time out), and queues a lifecycle message.
 */
export class FakeSagaCloud {
  readonly calls: RecordedCall[] = [];
  private readonly items = new Map<string, Item>();
  private readonly queues = new Map<string, string[]>();

  constructor(private readonly waitTimeoutMs = 300) {}

  /** The backend the runner is given: every client is this fake. */
  backend(): SagaBackend {
    const client = (name: RecordedCall['client']) => ({
      send: async (command: Command) => this.handle(name, command),
    });
    return {
      name: 'the fake cloud',
      clients: {
        dynamoDb: client('dynamoDb') as unknown as DynamoDBClient,
        sqs: client('sqs') as unknown as SQSClient,
        eventBridge: client('eventBridge') as unknown as EventBridgeClient,
      },
      resources: {
        eventBusName: 'orders-bus',
        sagaTableName: 'sagas',
        inventoryTableName: 'inventory',
        startDeadLetterQueueUrl: 'https://sqs.fake/start-dlq',
        lifecycleSubscriberQueueUrl: 'https://sqs.fake/lifecycle',
      },
      waitTimeoutMs: this.waitTimeoutMs,
      expiresItems: false,
    };
  }

  /** The command names one client received, in order. */
  commandsOf(client: RecordedCall['client']): string[] {
    return this.calls.filter((call) => call.client === client).map((call) => call.command);
  }

  private async handle(client: RecordedCall['client'], command: Command): Promise<unknown> {
    const name = command.constructor.name;
    this.calls.push({ client, command: name, input: command.input });
    const input = command.input;
    switch (name) {
      case 'PutItemCommand':
        this.items.set(keyOf(input.TableName, input.Item as Item), input.Item as Item);
        return {};
      case 'GetItemCommand': {
        const found = this.items.get(keyOf(input.TableName, input.Key as Item));
        return found ? { Item: found } : {};
      }
      case 'PutEventsCommand':
        return this.putEvents(input.Entries as { Detail?: string }[]);
      case 'ReceiveMessageCommand': {
        const messages = this.queues.get(String(input.QueueUrl)) ?? [];
        this.queues.set(String(input.QueueUrl), []);
        return { Messages: messages.map((body, index) => ({ Body: body, ReceiptHandle: `r${index}` })) };
      }
      case 'DeleteMessageCommand':
        return {};
      default:
        throw new Error(`the fake cloud does not know ${name}`);
    }
  }

  private putEvents(entries: readonly { Detail?: string }[]) {
    for (const entry of entries) {
      const detail = JSON.parse(entry.Detail ?? '{}') as { orderId?: string; failure?: unknown };
      if (typeof detail.orderId !== 'string') continue;
      const sagaId = sagaIdFor('OrderSaga', detail.orderId);
      const status = detail.failure === undefined ? 'COMPLETED' : 'RUNNING';
      this.items.set(keyOf('sagas', { sagaId: { S: sagaId } }), {
        sagaId: { S: sagaId },
        sk: { S: 'SAGA' },
        status: { S: status },
        businessKey: { S: detail.orderId },
      });
      const lifecycle = this.queues.get('https://sqs.fake/lifecycle') ?? [];
      lifecycle.push(
        JSON.stringify({
          'detail-type': 'Saga Started',
          source: 'sfn-saga',
          detail: { sagaId, status: 'RUNNING', businessKey: detail.orderId },
        }),
      );
      this.queues.set('https://sqs.fake/lifecycle', lifecycle);
    }
    return { FailedEntryCount: 0, Entries: entries.map((_, index) => ({ EventId: `e${index}` })) };
  }
}

function keyOf(table: unknown, item: Item): string {
  return `${String(table)}|${item.sagaId?.S ?? item.sku?.S}`;
}

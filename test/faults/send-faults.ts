import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { ORDER_EVENT_SOURCE } from '../../infra/order-saga-stack.ts';
import type { FaultMessage } from './fault-messages.ts';

/** Where the messages go. */
export interface FaultTargets {
  readonly eventBridge: EventBridgeClient;
  readonly sqs: SQSClient;
  readonly eventBusName: string;
  readonly startQueueUrl: string;
}

/** PutEvents takes at most 10 entries. */
const PUT_EVENTS_BATCH = 10;

/**
 * Sends every message at once: `bus` ones as `OrderPlaced` events (10 per PutEvents), `queue` ones
 * straight to the start queue. A send that is refused is not retried.
 * @returns the error each refused message got, by marker
 */
export async function sendFaultMessages(
  targets: FaultTargets,
  messages: readonly FaultMessage[],
): Promise<Map<string, string>> {
  const refused = new Map<string, string>();
  const onBus = messages.filter((message) => message.route === 'bus');
  const batches: FaultMessage[][] = [];
  for (let start = 0; start < onBus.length; start += PUT_EVENTS_BATCH) {
    batches.push(onBus.slice(start, start + PUT_EVENTS_BATCH));
  }
  const published = batches.map(async (batch) => {
    const { Entries = [] } = await targets.eventBridge.send(
      new PutEventsCommand({
        Entries: batch.map((message) => ({
          EventBusName: targets.eventBusName,
          Source: ORDER_EVENT_SOURCE,
          DetailType: 'OrderPlaced',
          Detail: message.body,
        })),
      }),
    );
    Entries.forEach((entry, index) => {
      const message = batch[index];
      if (message && entry.ErrorCode)
        refused.set(message.marker, `${entry.ErrorCode}: ${entry.ErrorMessage}`);
    });
  });
  const queued = messages
    .filter((message) => message.route === 'queue')
    .map(async (message) => {
      try {
        await targets.sqs.send(
          new SendMessageCommand({ QueueUrl: targets.startQueueUrl, MessageBody: message.body }),
        );
      } catch (error) {
        refused.set(
          message.marker,
          error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        );
      }
    });
  await Promise.all([...published, ...queued]);
  return refused;
}

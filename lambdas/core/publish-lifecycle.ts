import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { ListExecutionsCommand, type SFNClient } from '@aws-sdk/client-sfn';
import {
  LIFECYCLE_DETAIL_TYPES,
  LIFECYCLE_EVENT_SOURCE,
  type SagaLifecycleDetail,
} from '../../contract/lifecycle-events.ts';
import { lifecycleDetailOf, type SagaStreamRecord } from './lifecycle-event.ts';

/** EventBridge takes at most this many entries per PutEvents call. */
const PUT_EVENTS_BATCH = 10;

/** Thrown when EventBridge refused some entries: the stream batch is retried (and bisected). */
export class LifecyclePublishError extends Error {
  override readonly name = 'LifecyclePublishError';
}

/**
 * Publishes one lifecycle event per saga status change in a batch of saga-table stream records,
 * in order. Throws if EventBridge refuses any entry, so Lambda retries the batch; entries are
 * idempotent for consumers by `sagaId` + `status`.
 * @returns the details published
 */
export async function publishLifecycleEvents(
  client: EventBridgeClient,
  eventBusName: string,
  records: readonly SagaStreamRecord[],
): Promise<SagaLifecycleDetail[]> {
  const details = records.map(lifecycleDetailOf).filter((detail): detail is SagaLifecycleDetail => !!detail);
  for (let start = 0; start < details.length; start += PUT_EVENTS_BATCH) {
    const batch = details.slice(start, start + PUT_EVENTS_BATCH);
    const response = await client.send(
      new PutEventsCommand({
        Entries: batch.map((detail) => ({
          EventBusName: eventBusName,
          Source: LIFECYCLE_EVENT_SOURCE,
          DetailType: LIFECYCLE_DETAIL_TYPES[detail.status],
          Resources: [],
          Detail: JSON.stringify(detail),
        })),
      }),
    );
    if ((response.FailedEntryCount ?? 0) > 0) {
      const reasons = (response.Entries ?? []).flatMap((entry) =>
        entry.ErrorCode ? [`${entry.ErrorCode}: ${entry.ErrorMessage}`] : [],
      );
      throw new LifecyclePublishError(
        `EventBridge refused ${response.FailedEntryCount} lifecycle events: ${reasons.join('; ')}`,
      );
    }
  }
  return details;
}

/**
 * How many sagas are open: the state machine's RUNNING executions (a compensating saga is a running
 * execution too), counted page by page.
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListExecutions.html
 */
export async function countActiveSagas(client: SFNClient, stateMachineArn: string): Promise<number> {
  let count = 0;
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new ListExecutionsCommand({
        stateMachineArn,
        statusFilter: 'RUNNING',
        maxResults: 1000,
        ...(nextToken ? { nextToken } : {}),
      }),
    );
    count += page.executions?.length ?? 0;
    nextToken = page.nextToken;
  } while (nextToken);
  return count;
}

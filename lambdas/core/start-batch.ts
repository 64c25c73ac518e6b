import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { MalformedStartMessage, parseStartRequest, type StartMapping } from './start-request.ts';
import { type StarterTarget, type StartOutcome, startSaga } from './start-saga.ts';

/** What the starter runs with. */
export interface StartBatchDependencies {
  readonly dynamoDb: DynamoDBClient;
  readonly stepFunctions: SFNClient;
  readonly sqs: SQSClient;
  readonly target: StarterTarget;
  readonly mapping: StartMapping;
  /** Where malformed messages go, with their reason. */
  readonly deadLetterQueueUrl: string;
  readonly onOutcome?: (
    outcome: StartOutcome | { readonly outcome: 'malformed'; readonly reason: string },
  ) => void;
  readonly onError?: (messageId: string, error: unknown) => void;
}

/** The message attribute that carries why a message was dead-lettered. */
export const DEAD_LETTER_REASON_ATTRIBUTE = 'reason';

/**
 * Starts one saga per message of an SQS batch. A malformed message (no JSON, no business key, no
 * input) can never succeed: it is moved to the dead-letter queue at once, with the reason as a
 * message attribute, and does not start a saga. Any other failure is reported as a batch item
 * failure, so SQS redelivers the message and, after `maxReceiveCount`, dead-letters it.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
 */
export async function processStartBatch(
  event: SQSEvent,
  deps: StartBatchDependencies,
): Promise<SQSBatchResponse> {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    try {
      const receivedAt = new Date(Number(record.attributes.SentTimestamp) || Date.now());
      const request = parseStartRequest(record.body, deps.mapping, receivedAt);
      // Not `onOutcome?.(await startSaga(…))`: an optional call skips evaluating its arguments.
      const outcome = await startSaga(deps, deps.target, request);
      deps.onOutcome?.(outcome);
    } catch (error) {
      if (error instanceof MalformedStartMessage) {
        const moved = await deadLetter(deps, record.body, error.message).then(
          () => true,
          (sendError: unknown) => {
            deps.onError?.(record.messageId, sendError);
            return false;
          },
        );
        if (moved) deps.onOutcome?.({ outcome: 'malformed', reason: error.message });
        else batchItemFailures.push({ itemIdentifier: record.messageId });
        continue;
      }
      deps.onError?.(record.messageId, error);
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}

async function deadLetter(deps: StartBatchDependencies, body: string, reason: string): Promise<void> {
  await deps.sqs.send(
    new SendMessageCommand({
      QueueUrl: deps.deadLetterQueueUrl,
      MessageBody: body,
      MessageAttributes: { [DEAD_LETTER_REASON_ATTRIBUTE]: { DataType: 'String', StringValue: reason } },
    }),
  );
}

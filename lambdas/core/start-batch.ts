import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { clipText, Redactor } from '../shared/powertools/redaction.ts';
import {
  MalformedStartMessage,
  parseStartRequest,
  type StartMapping,
  type StartRequest,
} from './start-request.ts';
import {
  abandonStart,
  RejectedStart,
  type StarterClients,
  type StarterTarget,
  type StartOutcome,
  startSaga,
} from './start-saga.ts';

/** What the starter runs with. */
export interface StartBatchDependencies extends StarterClients {
  readonly sqs: Pick<SQSClient, 'send'>;
  readonly target: StarterTarget;
  readonly mapping: StartMapping;
  /** Where messages that will never start a saga go, with their reason. */
  readonly deadLetterQueueUrl: string;
  /** Deliveries of a message before the queue dead-letters it (the starter does it first, with the reason). */
  readonly maxReceiveCount: number;
  /** Redacts what a reason quotes (an error echoing the input) before it is stored. @default new Redactor() (the built-in rule) */
  readonly redactor?: Redactor;
  readonly onOutcome?: (outcome: BatchOutcome) => void;
  readonly onError?: (messageId: string, error: unknown) => void;
}

/** What became of one message. */
export type BatchOutcome =
  | StartOutcome
  | { readonly outcome: 'rejected' | 'dead-lettered'; readonly reason: string; readonly sagaId?: string };

const defaultRedactor = new Redactor();

/** The message attribute that carries why a message was dead-lettered. */
export const DEAD_LETTER_REASON_ATTRIBUTE = 'reason';

/** The longest reason stored on a dead letter, redacted then clipped: enough to say what and why, never a whole payload. */
export const MAX_REASON_LENGTH = 1_024;

/**
 * Starts one saga per message of an SQS batch. A message that can never start a saga (malformed,
 * too large, against the input schema, or refused by Step Functions for good) is moved to the
 * dead-letter queue at once with its reason, and what its start wrote is taken back. Any other
 * failure is reported as a batch item failure so SQS redelivers it; on its last delivery the starter
 * takes back what the start wrote and dead-letters it itself, with the reason, instead of leaving it
 * to the queue's redrive policy (which would carry no reason).
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
 */
export async function processStartBatch(
  event: SQSEvent,
  deps: StartBatchDependencies,
): Promise<SQSBatchResponse> {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    const failed = await processRecord(record, deps);
    if (failed) batchItemFailures.push({ itemIdentifier: record.messageId });
  }
  return { batchItemFailures };
}

/** @returns whether the message must be redelivered */
async function processRecord(record: SQSRecord, deps: StartBatchDependencies): Promise<boolean> {
  // The time the message reached the queue (SQS's clock, the same on every delivery), not the
  // producer's event time, which may be anything.
  const receivedAt = new Date(Number(record.attributes?.SentTimestamp) || Date.now());
  let request: StartRequest | undefined;
  try {
    request = parseStartRequest(record.body, deps.mapping);
    // Not `onOutcome?.(await startSaga(…))`: an optional call skips evaluating its arguments.
    const outcome = await startSaga(deps, deps.target, request, receivedAt, deliveriesOf(record));
    deps.onOutcome?.(outcome);
    return false;
  } catch (error) {
    if (error instanceof MalformedStartMessage || error instanceof RejectedStart) {
      return !(await deadLetter(deps, record, 'rejected', error.message));
    }
    deps.onError?.(record.messageId, error);
    const deliveries = deliveriesOf(record);
    if (deliveries < deps.maxReceiveCount || !request) return true;
    try {
      await abandonStart(deps, deps.target, request, receivedAt);
    } catch (cleanupError) {
      // The item stays, bounded by its TTL; the message still goes to the dead-letter queue.
      deps.onError?.(record.messageId, cleanupError);
    }
    const reason = `the start failed on each of its ${deliveries} deliveries; last error: ${describeError(error)}`;
    return !(await deadLetter(deps, record, 'dead-lettered', reason));
  }
}

/** Sends the message to the dead-letter queue with its reason; `false` when that failed. */
async function deadLetter(
  deps: StartBatchDependencies,
  record: SQSRecord,
  outcome: 'rejected' | 'dead-lettered',
  reason: string,
): Promise<boolean> {
  const safe = clipText((deps.redactor ?? defaultRedactor).redactText(reason), MAX_REASON_LENGTH);
  try {
    await deps.sqs.send(
      new SendMessageCommand({
        QueueUrl: deps.deadLetterQueueUrl,
        MessageBody: record.body,
        MessageAttributes: { [DEAD_LETTER_REASON_ATTRIBUTE]: { DataType: 'String', StringValue: safe } },
      }),
    );
  } catch (sendError) {
    deps.onError?.(record.messageId, sendError);
    return false;
  }
  deps.onOutcome?.({ outcome, reason: safe });
  return true;
}

function deliveriesOf(record: SQSRecord): number {
  return Number(record.attributes?.ApproximateReceiveCount) || 1;
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

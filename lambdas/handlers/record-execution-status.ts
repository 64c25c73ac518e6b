import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EventBridgeEvent } from 'aws-lambda';
import { type ExecutionStatusChange, recordExecutionEnd } from '../core/execution-status.ts';
import { requiredEnv, requiredIntegerEnv } from '../core/required-env.ts';

/**
 * The state recorder: Step Functions reports each execution that ends TIMED_OUT, ABORTED or FAILED
 * on the default bus; this writes that end to the saga item when the state machine could not.
 */
const logger = new Logger();
const client = new DynamoDBClient({});
const tableName = requiredEnv('SAGA_TABLE_NAME');
const retentionDays = requiredIntegerEnv('SAGA_RETENTION_DAYS');

export const handler = async (
  event: EventBridgeEvent<'Step Functions Execution Status Change', ExecutionStatusChange>,
): Promise<void> => {
  const written = await recordExecutionEnd(client, tableName, retentionDays, event.detail);
  logger.info(written ? 'Recorded the end of an execution' : 'Saga had already recorded its end', {
    sagaId: event.detail.name,
    executionStatus: event.detail.status,
    ...(written ? { sagaStatus: written } : {}),
  });
};

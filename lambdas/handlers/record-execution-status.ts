import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { EventBridgeEvent } from 'aws-lambda';
import { RuntimeEnvironment } from '../../contract/environment.ts';
import { type ExecutionStatusChange, recordExecutionEnd } from '../core/execution-status.ts';
import { findFailedState } from '../core/failed-state.ts';
import { requiredEnv, requiredIntegerEnv } from '../core/required-env.ts';
import { logger } from '../shared/powertools/logger.ts';

/**
 * The status recorder: Step Functions reports each execution that ends TIMED_OUT, ABORTED or FAILED
 * on the default bus; this writes that end to the saga item — for a FAILED one, with the state that
 * could not finish and the failure it was handling, read from the execution's history. An error
 * here fails the invocation, so Lambda retries it and then sends it to the on-failure destination.
 */
const dynamoDb = new DynamoDBClient({});
const stepFunctions = new SFNClient({});
const tableName = requiredEnv(RuntimeEnvironment.sagaTableName);
const retentionDays = requiredIntegerEnv(RuntimeEnvironment.retentionDays);

export const handler = async (
  event: EventBridgeEvent<
    'Step Functions Execution Status Change',
    ExecutionStatusChange & { executionArn: string }
  >,
): Promise<void> => {
  const { detail } = event;
  const failed =
    detail.status === 'FAILED' ? await findFailedState(stepFunctions, detail.executionArn) : undefined;
  const written = await recordExecutionEnd(dynamoDb, tableName, retentionDays, {
    ...detail,
    ...(failed ? { failedStep: failed.step, failure: failed.failure } : {}),
  });
  logger.info(written ? 'Recorded the end of an execution' : 'Saga had already recorded its end', {
    sagaId: detail.name,
    executionStatus: detail.status,
    ...(failed ? { failedStep: failed.step } : {}),
    ...(written ? { sagaStatus: written } : {}),
  });
};

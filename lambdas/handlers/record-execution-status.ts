import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { EventBridgeEvent } from 'aws-lambda';
import { RuntimeEnvironment } from '../../contract/environment.ts';
import { isRollbackState } from '../../contract/state-names.ts';
import { recordExecutionRedrive } from '../core/execution-redrive.ts';
import { type ExecutionStatusChange, recordExecutionEnd } from '../core/execution-status.ts';
import { findFailedState } from '../core/failed-state.ts';
import { requiredEnv, requiredIntegerEnv } from '../core/required-env.ts';
import { logger } from '../shared/powertools/logger.ts';

/**
 * The status recorder: Step Functions reports each execution that ends TIMED_OUT, ABORTED or FAILED
 * (and each one redriven, RUNNING again) on the default bus; this writes that end (or reopening) to
 * the saga item — for a FAILED one, with the state that
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
    ExecutionStatusChange & {
      executionArn: string;
      redriveDate?: number | null;
    }
  >,
): Promise<void> => {
  const { detail } = event;
  if (detail.status === 'RUNNING') {
    // A redrive (the rule passes RUNNING only with a redrive count): the saga is open again.
    const redriveCount = detail.redriveCount ?? 0;
    if (redriveCount < 1) return;
    const resumed = await findFailedState(stepFunctions, detail.executionArn);
    const reopened = await recordExecutionRedrive(dynamoDb, tableName, {
      name: detail.name,
      redriveCount,
      redriveDate: detail.redriveDate ?? null,
      resumesRollback: resumed ? isRollbackState(resumed.state) : false,
    });
    logger.info(reopened ? 'Recorded a redrive: the saga is open again' : 'Saga was not reopened', {
      sagaId: detail.name,
      redriveCount,
      ...(resumed ? { resumesAt: resumed.step } : {}),
      ...(reopened ? { sagaStatus: reopened } : {}),
    });
    return;
  }
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

import { SAGA_FAILED_ERROR } from '../../contract/error-names.ts';
import { SAGA_TABLE, type SagaStatus, STILL_OPEN_CONDITION } from '../../contract/saga-table.ts';
import { StateNames } from '../../contract/state-names.ts';
import { RetryPolicies } from '../definition/retry-policy.ts';
import type { FailState, TaskState } from './asl.ts';
import { renderRetry } from './render-retry.ts';
import type { ResolvedSagaResources } from './resources.ts';

/** DynamoDB's refusal of a conditional write, as Step Functions names it. Never retried. */
export const CONDITIONAL_CHECK_FAILED = 'DynamoDB.ConditionalCheckFailedException';

/**
 * The single state that records a saga's terminal status: one UpdateItem that sets the status, the
 * end time, the TTL and the final saga state, on condition that the saga is still open — a late
 * or repeated write can never move a saga backwards. It is the only bookkeeping state of a
 * saga: the starter wrote RUNNING before the execution began.
 */
export function renderRecordState(
  status: SagaStatus,
  resources: ResolvedSagaResources,
  failedState?: string,
): TaskState {
  const failedStepUpdate = failedState === undefined ? '' : ', #failedStep = :failedStep';
  return {
    Type: 'Task',
    Comment: `Records the saga as ${status}${failedState ? ` (${failedState} could not finish)` : ''}`,
    Resource: 'arn:aws:states:::dynamodb:updateItem',
    Parameters: {
      TableName: resources.sagaTableName,
      Key: {
        [SAGA_TABLE.partitionKey]: { 'S.$': '$.saga.id' },
        [SAGA_TABLE.sortKey]: { S: SAGA_TABLE.sagaItemSortKey },
      },
      UpdateExpression: `SET #status = :status, #updatedAt = :now, #endedAt = :now, #expiresAt = :expiresAt, #state = :state${failedStepUpdate}`,
      ConditionExpression: STILL_OPEN_CONDITION.expression,
      ExpressionAttributeNames: {
        ...STILL_OPEN_CONDITION.names,
        '#updatedAt': 'updatedAt',
        '#endedAt': 'endedAt',
        '#expiresAt': SAGA_TABLE.ttlAttribute,
        '#state': 'state',
        ...(failedState === undefined ? {} : { '#failedStep': 'failedStep' }),
      },
      ExpressionAttributeValues: {
        ':status': { S: status },
        ':now': { 'S.$': '$$.State.EnteredTime' },
        ':expiresAt': { 'N.$': 'States.JsonToString($.saga.expiresAt)' },
        ':state': { 'S.$': 'States.JsonToString($)' },
        ...STILL_OPEN_CONDITION.values,
        ...(failedState === undefined ? {} : { ':failedStep': { S: failedState } }),
      },
    },
    ResultPath: null,
    TimeoutSeconds: RECORD_TIMEOUT_SECONDS,
    Retry: renderRetry(RetryPolicies.critical, [CONDITIONAL_CHECK_FAILED]),
    ...(failedState === undefined ? { End: true } : { Next: StateNames.failed(failedState) }),
  };
}

/** A DynamoDB UpdateItem answers in milliseconds; this bounds a stuck call. */
const RECORD_TIMEOUT_SECONDS = 10;

/** The Fail state that ends a FAILED saga's execution, so it shows as failed and can be redriven. */
export function renderFailState(failedState: string): FailState {
  return {
    Type: 'Fail',
    Comment: 'The saga could not finish and is parked as FAILED: it needs a person.',
    Error: SAGA_FAILED_ERROR,
    Cause: `${failedState} failed after its retries; the saga record (status FAILED) holds the original failure and this one.`,
  };
}

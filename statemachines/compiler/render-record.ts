import {
  LATER_REDRIVE_CONDITION,
  SAGA_TABLE,
  SagaStatus,
  STILL_OPEN_CONDITION,
} from '../../contract/saga-table.ts';
import { StateNames } from '../../contract/state-names.ts';
import { RECORD_TIMEOUT_SECONDS } from '../definition/budgets.ts';
import { RetryPolicies } from '../definition/retry-policy.ts';
import type { TaskState } from './asl.ts';
import { renderRetry } from './render-retry.ts';
import type { ResolvedSagaResources } from './resources.ts';
import { FAILURE_PATH, ROLLBACK_STATUS_PATH } from './step-tasks.ts';

/** DynamoDB's refusal of a conditional write, as Step Functions names it. Never retried. */
export const CONDITIONAL_CHECK_FAILED = 'DynamoDB.ConditionalCheckFailedException';

/** Which terminal record a state writes. */
export type RecordKind = 'completed' | 'rolledBack';

/**
 * The condition of a terminal write: the saga is still open — or its execution had ended it and
 * this is a later redrive (the status recorder reopens it, but may not have yet; see
 * `LATER_REDRIVE_CONDITION`) — so a late or repeated write never moves an ended saga.
 */
const TERMINAL_WRITE_CONDITION = `${STILL_OPEN_CONDITION.expression} OR (${LATER_REDRIVE_CONDITION.expression})`;

/**
 * The single state that records how a saga ended: one UpdateItem that sets the status (COMPLETED,
 * or the rollback's: COMPENSATED or TIMED_OUT), the end time, the TTL and the failure, on the
 * condition above. The saga's input and step outputs are not copied into the record: the outputs are
 * in the step runtime's event log, and the record stays small and free of personal data. A refused
 * write goes to `recordSupersededState`: the execution still succeeds, and the outcome is kept.
 */
export function renderRecordState(kind: RecordKind, resources: ResolvedSagaResources): TaskState {
  const name = kind === 'completed' ? StateNames.recordCompleted : StateNames.recordRolledBack;
  const status = kind === 'completed' ? { S: SagaStatus.COMPLETED } : { 'S.$': ROLLBACK_STATUS_PATH };
  return {
    Type: 'Task',
    Comment:
      kind === 'completed'
        ? 'Records the saga as COMPLETED'
        : 'Records the rollback: COMPENSATED, or TIMED_OUT when the deadline started it',
    Resource: 'arn:aws:states:::dynamodb:updateItem',
    Parameters: {
      TableName: resources.sagaTableName,
      Key: sagaKey(),
      UpdateExpression:
        'SET #status = :status, #updatedAt = :now, #endedAt = :now, #expiresAt = :expiresAt, #failure = :failure, #redriveCount = :redriveCount',
      ConditionExpression: TERMINAL_WRITE_CONDITION,
      ExpressionAttributeNames: {
        ...STILL_OPEN_CONDITION.names,
        ...LATER_REDRIVE_CONDITION.names,
        '#updatedAt': 'updatedAt',
        '#endedAt': 'endedAt',
        '#expiresAt': SAGA_TABLE.ttlAttribute,
        '#failure': 'failure',
      },
      ExpressionAttributeValues: {
        ':status': status,
        ':now': { 'S.$': '$$.State.EnteredTime' },
        ':expiresAt': { 'N.$': 'States.JsonToString($.saga.expiresAt)' },
        ':failure': { 'S.$': `States.JsonToString(${FAILURE_PATH})` },
        ':redriveCount': { 'N.$': 'States.JsonToString($$.Execution.RedriveCount)' },
        ...STILL_OPEN_CONDITION.values,
        ...LATER_REDRIVE_CONDITION.values,
      },
    },
    ResultPath: null,
    TimeoutSeconds: RECORD_TIMEOUT_SECONDS,
    Retry: renderRetry(RetryPolicies.critical, {
      terminalErrors: [CONDITIONAL_CHECK_FAILED],
      lambdaServiceRetries: false,
    }),
    Catch: [
      { ErrorEquals: [CONDITIONAL_CHECK_FAILED], ResultPath: null, Next: StateNames.recordSuperseded(name) },
    ],
    End: true,
  };
}

/**
 * What a refused terminal write becomes: the saga had already been ended by someone else (an
 * operator's CANCELLED, say) or its item is gone. The outcome the execution reached is kept beside
 * the status (`outcome`, `outcomeAt`), the item gets its TTL, and a missing item is recreated with
 * that outcome as its status — visible, never a failed execution, never an item without a TTL.
 */
export function recordSupersededState(kind: RecordKind, resources: ResolvedSagaResources): TaskState {
  const status = kind === 'completed' ? { S: SagaStatus.COMPLETED } : { 'S.$': ROLLBACK_STATUS_PATH };
  return {
    Type: 'Task',
    Comment: 'The saga had already ended (or its record is gone): keep this outcome beside its status',
    Resource: 'arn:aws:states:::dynamodb:updateItem',
    Parameters: {
      TableName: resources.sagaTableName,
      Key: sagaKey(),
      UpdateExpression: [
        'SET #outcome = :outcome, #outcomeAt = :now, #updatedAt = :now, #expiresAt = :expiresAt,',
        '#status = if_not_exists(#status, :outcome), #sagaType = if_not_exists(#sagaType, :sagaType),',
        '#businessKey = if_not_exists(#businessKey, :businessKey), #startedAt = if_not_exists(#startedAt, :startedAt)',
      ].join(' '),
      ExpressionAttributeNames: {
        '#outcome': 'outcome',
        '#outcomeAt': 'outcomeAt',
        '#updatedAt': 'updatedAt',
        '#expiresAt': SAGA_TABLE.ttlAttribute,
        '#status': 'status',
        '#sagaType': 'sagaType',
        '#businessKey': 'businessKey',
        '#startedAt': 'startedAt',
      },
      ExpressionAttributeValues: {
        ':outcome': status,
        ':now': { 'S.$': '$$.State.EnteredTime' },
        ':expiresAt': { 'N.$': 'States.JsonToString($.saga.expiresAt)' },
        ':sagaType': { 'S.$': '$.saga.type' },
        ':businessKey': { 'S.$': '$.saga.businessKey' },
        ':startedAt': { 'S.$': '$.saga.startedAt' },
      },
    },
    ResultPath: null,
    TimeoutSeconds: RECORD_TIMEOUT_SECONDS,
    Retry: renderRetry(RetryPolicies.critical, { terminalErrors: [], lambdaServiceRetries: false }),
    End: true,
  };
}

function sagaKey() {
  return {
    [SAGA_TABLE.partitionKey]: { 'S.$': '$.saga.id' },
    [SAGA_TABLE.sortKey]: { S: SAGA_TABLE.sagaItemSortKey },
  };
}

import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { SAGA_TABLE, SagaStatus, STILL_OPEN_CONDITION } from '../../contract/saga-table.ts';

/** The detail of EventBridge's "Step Functions Execution Status Change" event that we read. */
export interface ExecutionStatusChange {
  readonly name: string;
  readonly status: string;
  readonly stopDate?: number;
  readonly error?: string | null;
  readonly cause?: string | null;
}

/** The saga status an execution that ended without writing its own record maps to. */
const STATUS_OF_EXECUTION: Record<string, SagaStatus> = {
  TIMED_OUT: SagaStatus.TIMED_OUT,
  ABORTED: SagaStatus.CANCELLED,
  FAILED: SagaStatus.FAILED,
};

const SECONDS_PER_DAY = 86_400;

/**
 * Records the end of an execution that the state machine could not record itself: a saga timeout
 * (TIMED_OUT), an operator's StopExecution (CANCELLED), or a failure outside the compiled Catch
 * paths (FAILED). The write is conditional on the saga still being open, so a saga the state
 * machine already ended (e.g. parked as FAILED by its own record state) is left as it is.
 * @returns the status written, or `undefined` when the saga had already ended.
 */
export async function recordExecutionEnd(
  client: DynamoDBClient,
  tableName: string,
  retentionDays: number,
  change: ExecutionStatusChange,
): Promise<SagaStatus | undefined> {
  const update = executionEndUpdate(tableName, retentionDays, change);
  if (!update) return undefined;
  try {
    await client.send(new UpdateItemCommand(update.input));
    return update.status;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}

/**
 * The conditional UpdateItem that records an execution's end on its saga item, and the status it
 * writes; `undefined` for an execution status that is not an end the state machine leaves unrecorded.
 */
export function executionEndUpdate(tableName: string, retentionDays: number, change: ExecutionStatusChange) {
  const status = STATUS_OF_EXECUTION[change.status];
  if (!status) return undefined;
  const endedAt = new Date(change.stopDate ?? Date.now());
  return {
    status,
    input: {
      TableName: tableName,
      Key: {
        [SAGA_TABLE.partitionKey]: { S: change.name },
        [SAGA_TABLE.sortKey]: { S: SAGA_TABLE.sagaItemSortKey },
      },
      UpdateExpression:
        'SET #status = :status, #updatedAt = :endedAt, #endedAt = :endedAt, #expiresAt = :expiresAt, #error = :error, #cause = :cause',
      ConditionExpression: STILL_OPEN_CONDITION.expression,
      ExpressionAttributeNames: {
        ...STILL_OPEN_CONDITION.names,
        '#updatedAt': 'updatedAt',
        '#endedAt': 'endedAt',
        '#expiresAt': SAGA_TABLE.ttlAttribute,
        '#error': 'error',
        '#cause': 'cause',
      },
      ExpressionAttributeValues: {
        ':status': { S: status },
        ':endedAt': { S: endedAt.toISOString() },
        ':expiresAt': { N: String(Math.floor(endedAt.getTime() / 1000) + retentionDays * SECONDS_PER_DAY) },
        ':error': { S: change.error ?? `States.${change.status}` },
        ':cause': { S: change.cause ?? `The execution ended ${change.status}` },
        ...STILL_OPEN_CONDITION.values,
      },
    } satisfies UpdateItemCommandInput,
  };
}

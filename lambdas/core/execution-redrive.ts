import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import {
  LATER_REDRIVE_CONDITION,
  OperatorAttributes,
  SagaStatus,
  sagaItemKey,
} from '../../contract/saga-table.ts';

/** A redrive of a saga's execution, as the status recorder learns it. */
export interface ExecutionRedrive {
  /** The execution's name: the saga id. */
  readonly name: string;
  /** The execution's redrive count after this redrive (1 for the first). */
  readonly redriveCount: number;
  /** When it was redriven (epoch milliseconds). */
  readonly redriveDate?: number | null;
  /** Whether it resumes in the rollback (a compensation) rather than going forward. */
  readonly resumesRollback: boolean;
}

/**
 * Moves a saga whose execution was redriven back to open: COMPENSATING when it resumes a rollback,
 * RUNNING when it goes forward, with the redrive count and time. Conditional on the saga being
 * ended by its execution and on this redrive being newer than the last one recorded
 * (`LATER_REDRIVE_CONDITION`), so a repeated event, or one that arrives after the redriven
 * execution already recorded its new end, changes nothing — and an ABANDONED saga (settled by an
 * operator) is never reopened.
 * The last failure (`failedStep`, `error`, `cause`) is kept for the record; the TTL is the FAILED
 * saga's, which covers the redrive window; the saga's terminal write sets its own.
 * @returns the status written, or `undefined` when the saga was not reopened.
 */
export async function recordExecutionRedrive(
  client: Pick<DynamoDBClient, 'send'>,
  tableName: string,
  redrive: ExecutionRedrive,
): Promise<SagaStatus | undefined> {
  const { input, status } = executionRedriveUpdate(tableName, redrive);
  try {
    await client.send(new UpdateItemCommand(input));
    return status;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return undefined;
    throw error;
  }
}

export function executionRedriveUpdate(tableName: string, redrive: ExecutionRedrive) {
  const status = redrive.resumesRollback ? SagaStatus.COMPENSATING : SagaStatus.RUNNING;
  const at = new Date(redrive.redriveDate ?? Date.now()).toISOString();
  const input: UpdateItemCommandInput = {
    TableName: tableName,
    Key: sagaItemKey(redrive.name),
    UpdateExpression:
      'SET #status = :status, #redriveCount = :redriveCount, #redrivenAt = :at, #updatedAt = :at REMOVE #endedAt',
    ConditionExpression: LATER_REDRIVE_CONDITION.expression,
    ExpressionAttributeNames: {
      ...LATER_REDRIVE_CONDITION.names,
      '#redrivenAt': OperatorAttributes.redrivenAt,
      '#updatedAt': 'updatedAt',
      '#endedAt': 'endedAt',
    },
    ExpressionAttributeValues: {
      ':status': { S: status },
      ':redriveCount': { N: String(redrive.redriveCount) },
      ':at': { S: at },
      ...LATER_REDRIVE_CONDITION.values,
    },
  };
  return { status, input };
}

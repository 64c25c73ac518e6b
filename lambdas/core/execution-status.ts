import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import {
  LATER_REDRIVE_CONDITION,
  SAGA_TABLE,
  SagaStatus,
  STILL_OPEN_CONDITION,
  sagaItemKey,
} from '../../contract/saga-table.ts';
import { clipText, Redactor } from '../shared/powertools/redaction.ts';

/** The detail of EventBridge's "Step Functions Execution Status Change" event that we read. */
export interface ExecutionStatusChange {
  readonly name: string;
  readonly status: string;
  readonly stopDate?: number;
  readonly error?: string | null;
  readonly cause?: string | null;
  /** How many times the execution was redriven (0 or absent for its first run). */
  readonly redriveCount?: number | null;
}

/** The saga status an execution that ended without writing its own record maps to. */
const STATUS_OF_EXECUTION: Record<string, SagaStatus> = {
  TIMED_OUT: SagaStatus.TIMED_OUT,
  ABORTED: SagaStatus.CANCELLED,
  FAILED: SagaStatus.FAILED,
};

const SECONDS_PER_DAY = 86_400;

/**
 * Days Step Functions lets an execution be redriven: a FAILED saga's record is kept at least this
 * long, so the saga a person redrives still has its record.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html
 */
export const REDRIVE_WINDOW_DAYS = 14;

/** The longest cause kept on the record (Step Functions' own limit is 32 768 characters). */
export const MAX_RECORDED_CAUSE_LENGTH = 4_096;

/** The end of an execution as the status recorder writes it. */
export interface ExecutionEnd extends ExecutionStatusChange {
  /** The state whose failure ended the execution, as a person reads it (`Compensate ChargePayment`). */
  readonly failedStep?: string;
  /** What that state was handling: the failure that started the rollback (`$.failure`), if any. */
  readonly failure?: unknown;
}

/**
 * Records the end of an execution that the state machine does not record itself: a compensation or
 * a step after the pivot that could not finish, a configuration error, a runtime error (FAILED); an
 * operator's StopExecution (CANCELLED); Step Functions' own limit (TIMED_OUT). The write is
 * conditional on the saga still being open, so a saga already ended is left as it is.
 * @returns the status written, or `undefined` when the saga had already ended.
 */
export async function recordExecutionEnd(
  client: Pick<DynamoDBClient, 'send'>,
  tableName: string,
  retentionDays: number,
  end: ExecutionEnd,
): Promise<SagaStatus | undefined> {
  const update = executionEndUpdate(tableName, retentionDays, end);
  if (!update) return undefined;
  try {
    await client.send(new UpdateItemCommand(update.input));
    return update.status;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return undefined;
    throw error;
  }
}

/**
 * The conditional UpdateItem that records an execution's end on its saga item, and the status it
 * writes; `undefined` for an execution status that is not an end. A FAILED saga keeps its record at
 * least the redrive window; the others, the retention period.
 */
export function executionEndUpdate(tableName: string, retentionDays: number, end: ExecutionEnd) {
  const status = STATUS_OF_EXECUTION[end.status];
  if (!status) return undefined;
  const endedAt = new Date(end.stopDate ?? Date.now());
  const keepDays =
    status === SagaStatus.FAILED ? Math.max(retentionDays, REDRIVE_WINDOW_DAYS) : retentionDays;
  // Step Functions' own causes quote the state's input (a States.Runtime error names the path it
  // could not find in it), so both are redacted like everything else that is stored.
  const cause = clipped(redactor.redactText(end.cause ?? `The execution ended ${end.status}`));
  const redriveCount = end.redriveCount ?? 0;
  // A redriven execution's end may also move the saga its earlier end left (see the contract).
  const condition =
    redriveCount > 0
      ? {
          expression: `${STILL_OPEN_CONDITION.expression} OR (${LATER_REDRIVE_CONDITION.expression})`,
          names: { ...STILL_OPEN_CONDITION.names, ...LATER_REDRIVE_CONDITION.names },
          values: {
            ...STILL_OPEN_CONDITION.values,
            ...LATER_REDRIVE_CONDITION.values,
            ':redriveCount': { N: String(redriveCount) },
          },
        }
      : STILL_OPEN_CONDITION;
  const failure =
    end.failure === undefined || end.failure === null
      ? undefined
      : clipped(JSON.stringify(redactor.redactValue(end.failure)));
  return {
    status,
    input: {
      TableName: tableName,
      Key: sagaItemKey(end.name),
      UpdateExpression: `SET #status = :status, #updatedAt = :endedAt, #endedAt = :endedAt, #expiresAt = :expiresAt, #error = :error, #cause = :cause${end.failedStep ? ', #failedStep = :failedStep' : ''}${failure ? ', #failure = :failure' : ''}${redriveCount > 0 ? ', #redriveCount = :redriveCount' : ''}`,
      ConditionExpression: condition.expression,
      ExpressionAttributeNames: {
        ...condition.names,
        '#updatedAt': 'updatedAt',
        '#endedAt': 'endedAt',
        '#expiresAt': SAGA_TABLE.ttlAttribute,
        '#error': 'error',
        '#cause': 'cause',
        ...(end.failedStep ? { '#failedStep': 'failedStep' } : {}),
        ...(failure ? { '#failure': 'failure' } : {}),
      },
      ExpressionAttributeValues: {
        ':status': { S: status },
        ':endedAt': { S: endedAt.toISOString() },
        ':expiresAt': { N: String(Math.floor(endedAt.getTime() / 1000) + keepDays * SECONDS_PER_DAY) },
        ':error': { S: end.error ?? `States.${end.status}` },
        ':cause': { S: cause },
        ...(end.failedStep ? { ':failedStep': { S: end.failedStep } } : {}),
        ...(failure ? { ':failure': { S: failure } } : {}),
        ...condition.values,
      },
    } satisfies UpdateItemCommandInput,
  };
}

const redactor = new Redactor();

function clipped(text: string): string {
  return clipText(text, MAX_RECORDED_CAUSE_LENGTH);
}

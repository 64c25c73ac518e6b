import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import {
  buildExecutionInput,
  buildStartItemRelease,
  buildStartItemRequest,
  type SagaExecutionInput,
  type SagaTiming,
  startInputHash,
} from '../../contract/execution-input.ts';
import { OPEN_STATUSES, type SagaStatus, sagaItemKey } from '../../contract/saga-table.ts';
import type { StartRequest } from './start-request.ts';

/** What the starter needs to know about the saga it starts. */
export interface StarterTarget {
  readonly saga: SagaTiming;
  readonly sagaTableName: string;
  /** The unqualified state machine ARN, which execution ARNs are derived from. */
  readonly stateMachineArn: string;
  /**
   * What StartExecution names: the state machine's alias (or a version). An execution started on it
   * is still `…:execution:<state machine name>:<saga id>`.
   * @default stateMachineArn
   */
  readonly startTargetArn?: string;
}

/** The clients the starter calls. */
export interface StarterClients {
  readonly dynamoDb: Pick<DynamoDBClient, 'send'>;
  readonly stepFunctions: Pick<SFNClient, 'send'>;
}

/**
 * `started`: this start claimed the saga and its execution runs (`healed`: a redelivery started the
 * execution a crashed start had claimed but not started); `duplicate`: the business key already has
 * its saga.
 */
export type StartOutcome = {
  readonly sagaId: string;
  readonly outcome: 'started' | 'healed' | 'duplicate';
};

/** A start Step Functions refuses for good (an input it cannot take, a state machine that is gone). */
export class RejectedStart extends Error {
  override readonly name = 'RejectedStart';
}

/** StartExecution errors no retry can fix. */
const NON_RETRYABLE_START_ERRORS = new Set([
  'InvalidExecutionInput',
  'InvalidName',
  'InvalidArn',
  'StateMachineDoesNotExist',
  'StateMachineDeleting',
  'ValidationException',
]);

/**
 * Starts a saga idempotently by business key, so that concurrent and repeated starts of one key run
 * one saga, and no start leaves an item without its execution:
 *
 * 1. The saga item is claimed with a conditional put (RUNNING, the start time, the input's hash, the
 *    upper-bound TTL).
 * 2. A starter that finds the item already there (a redelivery, or a racer) builds its execution input
 *    from the item's start time — byte-identical to the claimant's when it is the same start (same
 *    input hash) — so Step Functions' StartExecution is idempotent between them: it returns the running
 *    execution, or starts the one a crashed claimant never started. Another start of the same key
 *    (another input) starts nothing.
 * 3. An item is only ever taken back by the start that claimed it, and only when no open execution
 *    of that name exists: when the name is taken by an old, ended execution (its item expired), or
 *    when Step Functions refuses the start for good (`RejectedStart`, dead-lettered with its reason).
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
 */
export async function startSaga(
  clients: StarterClients,
  target: StarterTarget,
  request: StartRequest,
  receivedAt: Date,
  delivery = 1,
): Promise<StartOutcome> {
  const own = buildExecutionInput(target.saga, request, receivedAt);
  const sagaId = own.saga.id;
  const claimed = await claim(clients, target, own);
  let input = own;
  if (!claimed) {
    const item = await readItem(clients, target, sagaId);
    if (!item) throw new Error(`The saga item of ${sagaId} vanished between two reads; retrying the start`);
    const open = OPEN_STATUSES.includes(item.status as SagaStatus);
    if (!open || item.inputHash !== startInputHash(own.input)) return { sagaId, outcome: 'duplicate' };
    input = buildExecutionInput(target.saga, request, new Date(item.startedAt));
  }
  const calledAt = Date.now();
  try {
    const { startDate } = await clients.stepFunctions.send(
      new StartExecutionCommand({
        stateMachineArn: target.startTargetArn ?? target.stateMachineArn,
        name: sagaId,
        input: JSON.stringify(input),
      }),
    );
    if (claimed) return { sagaId, outcome: 'started' };
    // A redelivery whose call created the execution healed a start that crashed after its claim.
    // (Which of two concurrent calls created an execution cannot be known from the API; a racer
    // with its first delivery is counted as a duplicate, so the saga is counted once.)
    const created = (startDate?.getTime() ?? 0) >= calledAt;
    return { sagaId, outcome: delivery > 1 && created ? 'healed' : 'duplicate' };
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (error instanceof ExecutionAlreadyExists || name === 'ExecutionAlreadyExists') {
      if (claimed && !(await executionIsOpen(clients, target, sagaId))) await release(clients, target, own);
      return { sagaId, outcome: 'duplicate' };
    }
    if (NON_RETRYABLE_START_ERRORS.has(name)) {
      if (claimed) await release(clients, target, own);
      throw new RejectedStart(`Step Functions refused the start: ${name}: ${(error as Error).message}`);
    }
    throw error;
  }
}

/**
 * Takes back the item of a start that will not run, after its last delivery failed: only the item
 * this very start claimed (same start time, same input), only while RUNNING, and only when no
 * execution of that name is open.
 */
export async function abandonStart(
  clients: StarterClients,
  target: StarterTarget,
  request: StartRequest,
  receivedAt: Date,
): Promise<void> {
  const own = buildExecutionInput(target.saga, request, receivedAt);
  const item = await readItem(clients, target, own.saga.id);
  if (!item || item.inputHash !== startInputHash(own.input)) return;
  if (await executionIsOpen(clients, target, own.saga.id)) return;
  await release(clients, target, buildExecutionInput(target.saga, request, new Date(item.startedAt)));
}

async function claim(
  clients: StarterClients,
  target: StarterTarget,
  input: SagaExecutionInput,
): Promise<boolean> {
  try {
    await clients.dynamoDb.send(new PutItemCommand(buildStartItemRequest(target.sagaTableName, input)));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

async function readItem(clients: StarterClients, target: StarterTarget, sagaId: string) {
  const { Item } = await clients.dynamoDb.send(
    new GetItemCommand({
      TableName: target.sagaTableName,
      Key: sagaItemKey(sagaId),
      ProjectionExpression: '#status, #startedAt, #inputHash',
      ExpressionAttributeNames: { '#status': 'status', '#startedAt': 'startedAt', '#inputHash': 'inputHash' },
      ConsistentRead: true,
    }),
  );
  if (!Item) return undefined;
  return {
    status: Item.status?.S ?? '',
    startedAt: Item.startedAt?.S ?? '',
    inputHash: Item.inputHash?.S ?? '',
  };
}

/** Whether an execution of this name exists and has not ended. */
async function executionIsOpen(
  clients: StarterClients,
  target: StarterTarget,
  sagaId: string,
): Promise<boolean> {
  const executionArn = `${target.stateMachineArn.replace(':stateMachine:', ':execution:')}:${sagaId}`;
  try {
    const { status } = await clients.stepFunctions.send(new DescribeExecutionCommand({ executionArn }));
    return status === 'RUNNING' || status === 'PENDING_REDRIVE';
  } catch (error) {
    if (error instanceof Error && error.name === 'ExecutionDoesNotExist') return false;
    throw error;
  }
}

/** Deletes the item a start claimed, on condition that it is still exactly that claim and RUNNING. */
async function release(
  clients: StarterClients,
  target: StarterTarget,
  input: SagaExecutionInput,
): Promise<void> {
  try {
    await clients.dynamoDb.send(new DeleteItemCommand(buildStartItemRelease(target.sagaTableName, input)));
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return;
    throw error;
  }
}

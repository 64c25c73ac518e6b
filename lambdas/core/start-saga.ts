import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { ExecutionAlreadyExists, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import {
  buildExecutionInput,
  buildStartItemRequest,
  buildStartItemRollback,
} from '../../contract/execution-input.ts';
import type { Saga } from '../../statemachines/definition/saga.ts';
import type { StartRequest } from './start-request.ts';

/** What the starter needs to know about the saga it starts. */
export interface StarterTarget {
  readonly saga: Pick<Saga, 'name' | 'timeoutSeconds' | 'retentionDays'>;
  readonly sagaTableName: string;
  readonly stateMachineArn: string;
}

/** `started`: this call started it; `duplicate`: the business key already has its saga. */
export type StartOutcome = { readonly sagaId: string; readonly outcome: 'started' | 'duplicate' };

/**
 * Starts a saga idempotently by business key. The saga id, the execution name and the execution
 * input all derive from the business key and the event time, so a redelivered event repeats the
 * same two calls: the conditional put of the RUNNING item fails (the saga exists) and StartExecution
 * either returns the running execution (same name, same input) or says it already exists. A crash
 * between the two calls is healed by the redelivery, which starts the missing execution.
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
 */
export async function startSaga(
  clients: { readonly dynamoDb: DynamoDBClient; readonly stepFunctions: SFNClient },
  target: StarterTarget,
  request: StartRequest,
): Promise<StartOutcome> {
  const input = buildExecutionInput(target.saga, request, request.occurredAt);
  let itemExisted = false;
  try {
    await clients.dynamoDb.send(new PutItemCommand(buildStartItemRequest(target.sagaTableName, input)));
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    itemExisted = true;
  }
  try {
    await clients.stepFunctions.send(
      new StartExecutionCommand({
        stateMachineArn: target.stateMachineArn,
        name: input.saga.id,
        input: JSON.stringify(input),
      }),
    );
  } catch (error) {
    if (!(error instanceof ExecutionAlreadyExists)) throw error;
    // The name is taken by an execution whose saga item has already expired (Step Functions keeps
    // names 90 days, the item lives its retention): the item just written would stay RUNNING for
    // ever. Take it back; the business key has had its saga.
    if (!itemExisted)
      await clients.dynamoDb.send(new DeleteItemCommand(buildStartItemRollback(target.sagaTableName, input)));
    return { sagaId: input.saga.id, outcome: 'duplicate' };
  }
  return { sagaId: input.saga.id, outcome: itemExisted ? 'duplicate' : 'started' };
}

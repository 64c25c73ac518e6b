import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { sagaItemKey } from '../../contract/saga-table.ts';
import { NotFoundError } from '../command.ts';
import type { SagaTarget } from './saga-target.ts';

/** A saga item as the commands read it: the contract's attributes, unmarshalled. */
export type SagaItem = Readonly<Record<string, unknown>> & {
  readonly sagaId: string;
  readonly status: string;
};

/**
 * The saga's item, read strongly consistent (an operator acts on what is true now).
 * @throws NotFoundError naming the saga and where it was looked for
 */
export async function readSaga(target: SagaTarget, sagaId: string): Promise<SagaItem> {
  const { Item } = await target.clients.dynamoDb.send(
    new GetItemCommand({
      TableName: target.saga.sagaTableName,
      Key: sagaItemKey(sagaId),
      ConsistentRead: true,
    }),
  );
  if (!Item)
    throw new NotFoundError(
      `no saga ${sagaId} in ${target.saga.sagaTableName} (${target.where}); its record may have expired, or it is another saga type's (--saga)`,
    );
  return unmarshall(Item) as SagaItem;
}

/** The saga's execution: its name is the saga id (see the starter). */
export function executionArnOf(target: SagaTarget, sagaId: string): string {
  return `${target.saga.stateMachineArn.replace(':stateMachine:', ':execution:')}:${sagaId}`;
}

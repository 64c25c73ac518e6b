import { type DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { SAGA_TABLE, SagaStatus, sagaItemKey } from '../../../contract/saga-table.ts';
import { appliedUnlessRefused } from './conditional-write.ts';
import { type SagaEvent, toEventItem } from './saga-event.ts';

/** What appending an event did. */
export interface AppendResult {
  /** `false` when an item with the same key was already there: it was left as it was. */
  readonly appended: boolean;
  /** Whether this event moved the saga item from RUNNING to COMPENSATING. */
  readonly movedToCompensating: boolean;
}

/**
 * Appends one event to the saga's partition: a PutItem on condition that no item has its key, so
 * a repeated write never overwrites the first. A compensation event then moves the saga item from
 * RUNNING to COMPENSATING, on condition that it is RUNNING: a saga that is already compensating or
 * has ended (COMPLETED, COMPENSATED, FAILED…) is never moved, so a late or repeated invocation can
 * not move a saga backwards. The event is written first, so a refused status change never loses it.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html
 */
export async function appendSagaEvent(
  client: Pick<DynamoDBClient, 'send'>,
  tableName: string,
  event: SagaEvent,
): Promise<AppendResult> {
  const appended = await appliedUnlessRefused(
    client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: toEventItem(event),
        ConditionExpression: 'attribute_not_exists(#sk)',
        ExpressionAttributeNames: { '#sk': SAGA_TABLE.sortKey },
      }),
    ),
  );
  if (event.phase !== 'compensation') return { appended, movedToCompensating: false };
  const movedToCompensating = await appliedUnlessRefused(
    client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: sagaItemKey(event.sagaId),
        UpdateExpression: 'SET #status = :compensating, #updatedAt = :now',
        ConditionExpression: '#status = :running',
        ExpressionAttributeNames: { '#status': 'status', '#updatedAt': 'updatedAt' },
        ExpressionAttributeValues: {
          ':compensating': { S: SagaStatus.COMPENSATING },
          ':running': { S: SagaStatus.RUNNING },
          ':now': { S: event.time },
        },
      }),
    ),
  );
  return { appended, movedToCompensating };
}

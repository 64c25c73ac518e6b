import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { MiddlewareObj } from '@middy/core';
import { OperatorAttributes, sagaItemKey } from '../../../contract/saga-table.ts';
import { SagaCancelled } from '../errors.ts';
import { type StepRequest, stepEventOf, storageOf } from './request-state.ts';

/**
 * Refuses an action an operator cancelled the saga before (`saga cancel` wrote `cancelRequestedAt`
 * on the saga item): `SagaCancelled`, before the step's code runs, so nothing happened; the compiled
 * saga then rolls back what completed and records CANCELLED. Only actions the compiler marks
 * `cancellable` (Lambda actions before the pivot) ask, with one strongly consistent read of two
 * attributes, so a request written before the step starts is always seen. Register it inside the
 * idempotency middleware: a retry of a step that already succeeded replays its result instead (the
 * next step stops the saga).
 */
export function stepCancellation(): MiddlewareObj {
  const stepCancellationBefore = async (request: StepRequest) => {
    const event = stepEventOf(request);
    const table = storageOf(request)?.stepRecord;
    if (!event?.cancellable || event.phase !== 'action' || !table) return;
    const { Item } = await table.client.send(
      new GetItemCommand({
        TableName: table.tableName,
        Key: sagaItemKey(event.saga.id),
        ConsistentRead: true,
        ProjectionExpression: '#at, #reason',
        ExpressionAttributeNames: {
          '#at': OperatorAttributes.cancelRequestedAt,
          '#reason': OperatorAttributes.cancelReason,
        },
      }),
    );
    const requestedAt = Item?.[OperatorAttributes.cancelRequestedAt]?.S;
    if (!requestedAt) return;
    const reason = Item?.[OperatorAttributes.cancelReason]?.S;
    throw new SagaCancelled(
      `The saga was cancelled at ${requestedAt}${reason ? ` (${reason})` : ''} before ${event.step} could start: rolling back`,
    );
  };
  return { before: stepCancellationBefore };
}

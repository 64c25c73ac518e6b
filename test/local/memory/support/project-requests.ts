import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import {
  buildExecutionInput,
  buildStartItemRelease,
  buildStartItemRequest,
  type SagaExecutionInput,
} from '../../../../contract/execution-input.ts';
import type { SagaStatus } from '../../../../contract/saga-table.ts';
import { orderSaga } from '../../../../examples/order/order-saga.ts';
import { recordExecutionEnd } from '../../../../lambdas/core/execution-status.ts';
import { appendSagaEvent } from '../../../../lambdas/runtime/step-record/append-saga-event.ts';
import { expireSagaEvents } from '../../../../lambdas/runtime/step-record/expire-saga-events.ts';
import { readSagaHistory } from '../../../../lambdas/runtime/step-record/read-saga-history.ts';
import type { SagaEvent } from '../../../../lambdas/runtime/step-record/saga-event.ts';
import { renderRecordState } from '../../../../statemachines/compiler/render-record.ts';
import { resolveResources } from '../../../../statemachines/compiler/resources.ts';
import { allSteps } from '../../../../statemachines/definition/saga.ts';
import type { DynamoDbTarget } from '../../../../statemachines/definition/task-target.ts';
import { type Request, recordRequests, resolveTaskParameters } from './requests.ts';

/**
 * The DynamoDB requests the project itself sends, built by the project's own code: the starter's
 * put and rollback, the compiled record state, the step runtime's event log, the status recorder,
 * the example's inventory step, and Powertools' idempotency persistence layer.
 */
export const STARTED_AT = new Date('2026-01-01T00:00:00.000Z');

/** A saga's execution input (deterministic: fixed time). */
export function execution(businessKey: string): SagaExecutionInput {
  const saga = { name: 'OrderSaga', timeoutSeconds: 300, executionTimeoutSeconds: 3_600, retentionDays: 7 };
  return buildExecutionInput(saga, { businessKey, input: { orderId: businessKey } }, STARTED_AT);
}

/** The starter's conditional PutItem (RUNNING). */
export function startPut(saga: SagaExecutionInput): Request {
  const { TableName: _table, ...input } = buildStartItemRequest('t', saga);
  return { op: 'put', input };
}

/** The starter's release: DeleteItem on condition that the item is its own RUNNING claim. */
export function startRollback(saga: SagaExecutionInput): Request {
  const { TableName: _table, ...input } = buildStartItemRelease('t', saga);
  return { op: 'delete', input };
}

/** The compiled record state's UpdateItem, its JSONPath fields filled in as Step Functions would. */
export function recordUpdate(status: SagaStatus, saga: SagaExecutionInput): Request {
  const kind = status === 'COMPLETED' ? 'completed' : 'rolledBack';
  const state = renderRecordState(kind, { ...resolveResources(), sagaTableName: 't' });
  const { TableName: _table, ...input } = resolveTaskParameters(state.Parameters, {
    '$.saga.id': saga.saga.id,
    '$.rollbackStatus': status,
    '$$.State.EnteredTime': '2026-01-01T00:01:00.000Z',
    'States.JsonToString($.saga.expiresAt)': JSON.stringify(saga.saga.expiresAt),
    'States.JsonToString($.failure)': JSON.stringify(saga.failure),
    'States.JsonToString($$.Execution.RedriveCount)': '0',
  }) as Record<string, unknown>;
  return { op: 'update', input };
}

/** A step runtime event of a saga. */
export function sagaEvent(saga: SagaExecutionInput, overrides: Partial<SagaEvent> = {}): SagaEvent {
  return {
    sagaId: saga.saga.id,
    type: 'step.succeeded',
    step: 'ChargePayment',
    phase: 'action',
    attempt: 0,
    time: '2026-01-01T00:00:30.000Z',
    output: { paymentId: 'pay-1' },
    ...overrides,
  };
}

/** `appendSagaEvent`'s requests: the event's PutItem, and for a compensation the RUNNING → COMPENSATING update. */
export function appendRequests(event: SagaEvent): Promise<Request[]> {
  return recordRequests((client) => appendSagaEvent(client, 't', event));
}

/** `readSagaHistory`'s Query of the saga's partition. */
export async function historyQuery(sagaId: string): Promise<Request> {
  const [query] = await recordRequests(
    (client) => readSagaHistory(client, 't', sagaId),
    () => ({ Items: [] }),
  );
  return query as Request;
}

/** `expireSagaEvents`' projected Query, and its TTL update of the one event the query answer names. */
export async function expiryRequests(sagaId: string, eventSortKey: string): Promise<Request[]> {
  const page = {
    Items: [
      { sk: { S: eventSortKey } },
      { sk: { S: 'SAGA' }, status: { S: 'COMPLETED' }, expiresAt: { N: '1767830700' } },
    ],
  };
  return recordRequests(
    (client) => expireSagaEvents(client, 't', sagaId),
    (request) => (request.op === 'query' ? page : {}),
  );
}

/** The status recorder's UpdateItem for an execution that ended on its own (TIMED_OUT, ABORTED, FAILED). */
export async function executionEndUpdate(
  sagaId: string,
  status: 'TIMED_OUT' | 'ABORTED' | 'FAILED',
): Promise<Request> {
  const change = { name: sagaId, status, stopDate: Date.parse('2026-01-01T00:05:00.000Z') };
  const [update] = await recordRequests((client) => recordExecutionEnd(client, 't', 7, change));
  return update as Request;
}

/** The order saga's ReserveInventory action (`SET stock = stock - :quantity` if `stock >= :quantity`) or its compensation. */
export function inventoryUpdate(which: 'action' | 'compensation', sku: string, quantity: number): Request {
  const step = allSteps(orderSaga).find((each) => each.name === 'ReserveInventory');
  const target = (which === 'action' ? step?.action : step?.compensation) as DynamoDbTarget;
  const input = resolveTaskParameters(target.parameters, {
    '$.input.sku': sku,
    'States.JsonToString($.input.quantity)': String(quantity),
  }) as Record<string, unknown>;
  return { op: 'update', input };
}

/** The moment Powertools' requests are recorded at (`Date.now()` pinned), in milliseconds. */
export const IDEMPOTENCY_NOW = Date.parse('2026-01-01T00:00:00.000Z');

/**
 * Powertools' DynamoDBPersistenceLayer requests, as the step runtime configures it (payload
 * validation on): saveInProgress's conditional PutItem, saveSuccess's UpdateItem, getRecord's
 * GetItem and deleteRecord's DeleteItem, recorded at {@link IDEMPOTENCY_NOW}.
 */
export async function idempotencyRequests(): Promise<
  Record<'inProgress' | 'success' | 'get' | 'delete', Request>
> {
  const realNow = Date.now;
  Date.now = () => IDEMPOTENCY_NOW;
  try {
    const [inProgress, success, get, remove] = await recordRequests(async (client) => {
      const layer = new DynamoDBPersistenceLayer({ tableName: 't', awsSdkV3Client: client });
      layer.configure({ config: idempotencyConfig(), keyPrefix: 'OrderSaga' });
      await layer.saveInProgress(IDEMPOTENT_EVENT, 30_000);
      await layer.saveSuccess(IDEMPOTENT_EVENT, { paymentId: 'pay-1' });
      await layer.getRecord(IDEMPOTENT_EVENT).catch(() => undefined);
      await layer.deleteRecord(IDEMPOTENT_EVENT);
    });
    return {
      inProgress: inProgress as Request,
      success: success as Request,
      get: get as Request,
      delete: remove as Request,
    };
  } finally {
    Date.now = realNow;
  }
}

/** The configuration the step runtime gives Powertools (see `lambdas/runtime/idempotency.ts`). */
export function idempotencyConfig(): IdempotencyConfig {
  return new IdempotencyConfig({
    eventKeyJmesPath: 'key',
    payloadValidationJmesPath: 'input',
    throwOnNoIdempotencyKey: true,
    expiresAfterSeconds: 3600,
  });
}

/** An invocation as Powertools sees it: its key and the payload it validates. */
export const IDEMPOTENT_EVENT = { key: 'saga-1#ChargePayment#action', input: { amount: 42 } } as const;

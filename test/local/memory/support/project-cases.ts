import { SagaStatus } from '../../../../contract/saga-table.ts';
import { eventSortKey } from '../../../../lambdas/runtime/step-record/saga-event.ts';
import type { DifferentialCase, Schema } from './differential.ts';
import {
  appendRequests,
  execution,
  executionEndUpdate,
  expiryRequests,
  historyQuery,
  IDEMPOTENCY_NOW,
  idempotencyRequests,
  inventoryUpdate,
  recordUpdate,
  sagaEvent,
  startPut,
  startRollback,
} from './project-requests.ts';
import { failing, type Request } from './requests.ts';

/**
 * The requests the project sends, exactly as it builds them (see `project-requests.ts`), in the
 * situations it sends them in: the saga table's lifecycle, the step runtime's event log, the
 * example's inventory step and Powertools' idempotency records.
 */
export async function projectCases(): Promise<DifferentialCase[]> {
  const eventLog = await eventLogRequests();
  return [
    ...startCases(),
    ...recordCases(),
    ...eventWriteCases(eventLog),
    ...eventReadCases(eventLog),
    ...inventoryCases(),
    ...idempotencyCases(await idempotencyRequests()),
  ];
}

const CCF = 'ConditionalCheckFailedException';
const on =
  (schema: Schema) =>
  (name: string, ...requests: Request[]): DifferentialCase => ({ name, schema, requests });
const saga = on('saga');

const order = execution('order-1');
const start = startPut(order);
/** Another writer moves the saga to `status` (the step runtime does, for COMPENSATING). */
const moveTo = (status: string): Request => ({
  op: 'update',
  input: {
    Key: { sagaId: { S: order.saga.id }, sk: { S: 'SAGA' } },
    UpdateExpression: 'SET #s = :s',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':s': { S: status } },
  },
});

function startCases(): DifferentialCase[] {
  const otherStart = { ...order, saga: { ...order.saga, startedAt: '2026-01-01T00:00:09.000Z' } };
  return [
    saga('the starter records a new saga as RUNNING', start),
    saga('a second start of the same business key is refused', start, failing(start, CCF)),
    saga("a start's rollback deletes its own RUNNING item", start, startRollback(order)),
    saga(
      'a rollback leaves a saga that moved on to COMPENSATING',
      start,
      moveTo('COMPENSATING'),
      failing(startRollback(order), CCF),
    ),
    saga(
      "a rollback leaves another start's item (different startedAt)",
      start,
      failing(startRollback(otherStart), CCF),
    ),
  ];
}

function recordCases(): DifferentialCase[] {
  const completed = recordUpdate(SagaStatus.COMPLETED, order);
  return [
    saga('the record state ends a RUNNING saga as COMPLETED', start, completed),
    saga(
      'the rollback record ends a RUNNING saga TIMED_OUT',
      start,
      recordUpdate(SagaStatus.TIMED_OUT, order),
    ),
    saga(
      'the record state ends a COMPENSATING saga as COMPENSATED',
      start,
      moveTo('COMPENSATING'),
      recordUpdate(SagaStatus.COMPENSATED, order),
    ),
    saga(
      'a late record write never moves an ended saga backwards',
      start,
      completed,
      failing(recordUpdate(SagaStatus.COMPENSATED, order), CCF),
    ),
    saga('the record state refuses a saga the starter never wrote', failing(completed, CCF)),
  ];
}

interface EventLogRequests {
  readonly start: Request;
  readonly ended: Request;
  readonly eventPut: Request;
  readonly compensationPut: Request;
  readonly toCompensating: Request;
  readonly eventKey: string;
  readonly sagaId: string;
  readonly history: Request;
  readonly expiryQuery: Request;
  readonly setTtl: Request;
  readonly timedOut: Request;
  readonly aborted: Request;
}

async function eventLogRequests(): Promise<EventLogRequests> {
  const logged = execution('order-2');
  const event = sagaEvent(logged);
  const compensation = sagaEvent(logged, {
    type: 'compensation.succeeded',
    phase: 'compensation',
    time: '2026-01-01T00:00:40.000Z',
  });
  const eventKey = eventSortKey(event);
  const [[eventPut], [compensationPut, toCompensating], [expiryQuery, setTtl]] = await Promise.all([
    appendRequests(event),
    appendRequests(compensation),
    expiryRequests(logged.saga.id, eventKey),
  ]);
  return {
    start: startPut(logged),
    ended: recordUpdate(SagaStatus.COMPLETED, logged),
    eventPut: recorded(eventPut),
    compensationPut: recorded(compensationPut),
    toCompensating: recorded(toCompensating),
    eventKey,
    sagaId: logged.saga.id,
    history: await historyQuery(logged.saga.id),
    expiryQuery: recorded(expiryQuery),
    setTtl: recorded(setTtl),
    timedOut: await executionEndUpdate(logged.saga.id, 'TIMED_OUT'),
    aborted: await executionEndUpdate(logged.saga.id, 'ABORTED'),
  };
}

/** A request the project code was expected to send. */
function recorded(request: Request | undefined): Request {
  if (!request) throw new Error('the project code sent fewer requests than expected');
  return request;
}

function eventWriteCases(log: EventLogRequests): DifferentialCase[] {
  const { start, eventPut, compensationPut, toCompensating } = log;
  return [
    saga('the step runtime appends an event item', start, eventPut),
    saga('a repeated event write never overwrites the first', start, eventPut, failing(eventPut, CCF)),
    saga('a compensation event moves a RUNNING saga to COMPENSATING', start, compensationPut, toCompensating),
    saga(
      'a second compensation event leaves a COMPENSATING saga as it is',
      start,
      compensationPut,
      toCompensating,
      failing(toCompensating, CCF),
    ),
    saga('the status recorder ends a RUNNING saga as TIMED_OUT', start, log.timedOut),
    saga(
      'the status recorder leaves a saga the state machine already ended',
      start,
      log.ended,
      failing(log.aborted, CCF),
    ),
  ];
}

function eventReadCases(log: EventLogRequests): DifferentialCase[] {
  const { start, eventPut, compensationPut, history } = log;
  const page = (extra: Record<string, unknown>): Request => ({
    ...history,
    input: { ...history.input, ...extra },
  });
  const afterEvent = { sagaId: { S: log.sagaId }, sk: { S: log.eventKey } };
  return [
    saga(
      "readSagaHistory's query reads the saga item and its events in sort-key order",
      start,
      eventPut,
      compensationPut,
      history,
    ),
    saga(
      "readSagaHistory's query pages with Limit and ExclusiveStartKey",
      start,
      eventPut,
      compensationPut,
      page({ Limit: 2 }),
      page({ Limit: 2, ExclusiveStartKey: afterEvent }),
    ),
    saga(
      "expireSagaEvents' projected query and TTL update of an event",
      start,
      log.ended,
      eventPut,
      log.expiryQuery,
      log.setTtl,
    ),
    saga("expireSagaEvents' TTL update skips an event that is gone", failing(log.setTtl, CCF)),
  ];
}

function inventoryCases(): DifferentialCase[] {
  const inventory = on('inventory');
  const stock: Request = { op: 'put', input: { Item: { sku: { S: 'sku-1' }, stock: { N: '5' } } } };
  const reserve = (quantity: number) => inventoryUpdate('action', 'sku-1', quantity);
  const giveBack = (sku: string) => inventoryUpdate('compensation', sku, 2);
  return [
    inventory('reserving stock decrements it and answers UPDATED_NEW', stock, reserve(2)),
    inventory('reserving all the stock leaves zero', stock, reserve(5)),
    inventory('reserving more than the stock is refused', stock, failing(reserve(6), CCF)),
    inventory('reserving an unknown SKU is refused', failing(reserve(1), CCF)),
    inventory('the compensation puts the stock back', stock, reserve(2), giveBack('sku-1')),
    inventory(
      'compensating an unknown SKU fails: stock is not there to add to',
      failing(giveBack('sku-9'), 'ValidationException'),
    ),
  ];
}

function idempotencyCases(requests: Awaited<ReturnType<typeof idempotencyRequests>>): DifferentialCase[] {
  const idempotency = on('idempotency');
  const { inProgress, success, get, delete: remove } = requests;
  const id = (inProgress.input.Item as Record<string, unknown>).id;
  const seconds = IDEMPOTENCY_NOW / 1000;
  const existing = (status: string, expiry: number, inProgressExpiry?: number): Request => ({
    op: 'put',
    input: {
      Item: {
        id,
        status: { S: status },
        expiration: { N: String(expiry) },
        ...(inProgressExpiry === undefined
          ? {}
          : { in_progress_expiration: { N: String(inProgressExpiry) } }),
      },
    },
  });
  return [
    idempotency("Powertools' saveInProgress writes a new record", inProgress),
    idempotency(
      "Powertools' saveInProgress is refused by a live COMPLETED record, which comes back with the error",
      existing('COMPLETED', seconds + 60),
      failing(inProgress, CCF),
    ),
    idempotency(
      "Powertools' saveInProgress replaces an expired record",
      existing('COMPLETED', seconds - 60),
      inProgress,
    ),
    idempotency(
      "Powertools' saveInProgress replaces an INPROGRESS record whose Lambda timed out",
      existing('INPROGRESS', seconds + 60, IDEMPOTENCY_NOW - 1),
      inProgress,
    ),
    idempotency(
      "Powertools' saveInProgress is refused by a live INPROGRESS record",
      existing('INPROGRESS', seconds + 60, IDEMPOTENCY_NOW + 1000),
      failing(inProgress, CCF),
    ),
    idempotency("Powertools' saveSuccess stores the response and the payload hash", inProgress, success),
    idempotency("Powertools' getRecord reads the record", inProgress, success, get),
    idempotency("Powertools' deleteRecord removes the record", inProgress, remove, get),
  ];
}

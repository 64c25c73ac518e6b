import { performance } from 'node:perf_hooks';
import { type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { OPEN_STATUSES, SAGA_TABLE } from '../../contract/saga-table.ts';
import { orderSaga } from '../../examples/order/order-saga.ts';
import type { LocalCloud } from '../../local/cloud/local-cloud.ts';
import { accountMessages, type Fate, type MessageAccounts, type SagaItem } from './accounting.ts';
import { readStackAtRest, type StackAtRest } from './at-rest.ts';
import { type FaultCatalogue, type FaultMessage, faultCatalogue } from './fault-messages.ts';
import { cancelWhileRunning } from './operator-write.ts';
import type { ReliabilityCounts } from './reliability-table.ts';
import { sendFaultMessages } from './send-faults.ts';
import { type AtRestText, findSensitiveValues, type SensitiveHit } from './sensitive-scan.ts';
import { settle } from './settle.ts';
import { type RepeatedSideEffect, repeatedSideEffects } from './side-effects.ts';
import { itemsWithoutSaneTtl, type TtlProblem } from './ttl-check.ts';

/** The longest a FAILED saga's record is kept after its end: Step Functions' redrive window. */
const REDRIVE_WINDOW_SECONDS = 14 * 86_400;
/** Slack on the TTL bounds for clocks read a moment apart. */
const TTL_MARGIN_SECONDS = 60;

/** Everything a fault run found. */
export interface FaultRunReport {
  readonly catalogue: FaultCatalogue;
  readonly fates: readonly Fate[];
  readonly accounts: MessageAccounts;
  readonly counts: ReliabilityCounts;
  /** The saga items, by business key. */
  readonly sagas: ReadonlyMap<string, SagaItem>;
  readonly runningOrphans: readonly string[];
  readonly failedWithoutReason: readonly SagaItem[];
  readonly repeated: readonly RepeatedSideEffect[];
  readonly sensitiveHits: readonly SensitiveHit[];
  /**
   * The secrets found in the executions' inputs (Step Functions' history: encrypted at rest on AWS,
   * kept in memory here): proof they went in, so their absence everywhere else means something.
   */
  readonly sensitiveInExecutionInputs: readonly SensitiveHit[];
  readonly ttlProblems: readonly TtlProblem[];
  readonly deadLettersWithoutReason: readonly string[];
  /** The lifecycle events the example's subscriber queue received (detail-type and detail). */
  readonly lifecycleEvents: readonly { readonly 'detail-type': string; readonly detail: SagaItem }[];
  /** When the first message was sent and when the stack had settled (epoch seconds). */
  readonly startedAtSeconds: number;
  readonly settledAtSeconds: number;
  /** Wall time from the first message sent to the stack settled. */
  readonly seconds: number;
}

/**
 * Drives issue 10's faults through the example stack on the local cloud — bad inputs, producers'
 * clocks, 20 concurrent duplicates, 100 sagas at once, secrets in inputs, an operator's write
 * mid-run — waits until it settles (the start queue empty, every saga ended), then reads everything
 * at rest and accounts for every message in.
 */
export async function runFaultCampaign(cloud: LocalCloud): Promise<FaultRunReport> {
  const names = resourcesOf(cloud);
  const catalogue = faultCatalogue(`f${Date.now().toString(36)}`);
  const run = await drive(cloud, names, catalogue);
  const atRest = await readStackAtRest(cloud.clients, [names.startQueue]);
  const table = sagaTableOf(atRest, names);
  const { fates, accounts } = accountMessages({
    messages: catalogue.messages,
    refused: run.refused,
    sagas: table.sagas,
    deadLetters: atRest.deadLetters,
  });
  const findings = {
    runningOrphans: openSagas(cloud, table.items),
    failedWithoutReason: table.items.filter(
      (item) =>
        item.status === 'FAILED' && (typeof item.error !== 'string' || typeof item.failedStep !== 'string'),
    ),
    repeated: repeatedSideEffects({
      messages: catalogue.messages,
      sagas: table.sagas,
      events: table.events,
      stock: stockOf(atRest, names),
      initialStock: catalogue.initialStock,
    }),
    sensitiveHits: findSensitiveValues(
      placesAtRest(cloud, atRest, catalogue.messages),
      catalogue.sensitiveValues,
    ),
    ttlProblems: itemsWithoutSaneTtl(atRest.tables, {
      notBefore: run.startedAtSeconds - TTL_MARGIN_SECONDS,
      notAfter:
        run.settledAtSeconds +
        orderSaga.executionTimeoutSeconds +
        REDRIVE_WINDOW_SECONDS +
        TTL_MARGIN_SECONDS,
    }),
    deadLettersWithoutReason: atRest.deadLetters
      .filter((letter) => !letter.reason)
      .map((letter) => `${letter.queueUrl}: ${letter.body.slice(0, 120)}`),
  };
  return {
    ...run,
    ...findings,
    catalogue,
    fates,
    accounts,
    counts: countsOf(accounts, findings),
    sagas: table.sagas,
    sensitiveInExecutionInputs: findSensitiveValues(
      [...cloud.stepFunctions.executions.values()].map((execution) => ({
        where: `execution ${execution.name}`,
        text: execution.input,
      })),
      catalogue.sensitiveValues,
    ),
    lifecycleEvents: atRest.queued
      .filter((message) => message.queueUrl === names.lifecycleSubscriber)
      .map((message) => JSON.parse(message.body)),
  };
}

/** Stocks every SKU, sends every message at once (an operator writing meanwhile), waits for the stack to settle. */
async function drive(cloud: LocalCloud, names: StackNames, catalogue: FaultCatalogue) {
  const { dynamoDb, sqs, eventBridge } = cloud.clients;
  await stockEverySku(dynamoDb, names.inventoryTable, catalogue);
  const startedAtSeconds = Math.floor(Date.now() / 1000);
  const started = performance.now();
  const [refused] = await Promise.all([
    sendFaultMessages(
      { eventBridge, sqs, eventBusName: names.eventBus, startQueueUrl: names.startQueue },
      catalogue.messages,
    ),
    ...catalogue.messages
      .filter((message) => message.operatorCancels)
      .map((message) => cancelWhileRunning(dynamoDb, names.sagaTable, message)),
  ]);
  await settle(cloud, names, catalogue.messages);
  return {
    refused,
    startedAtSeconds,
    settledAtSeconds: Math.ceil(Date.now() / 1000),
    seconds: (performance.now() - started) / 1000,
  };
}

/** The saga table's items: every one, the saga items by business key, the event items by saga id. */
function sagaTableOf(atRest: StackAtRest, names: StackNames) {
  const items = atRest.tables.find((table) => table.tableName === names.sagaTable)?.items ?? [];
  const sagas = new Map<string, SagaItem>();
  const events = new Map<string, SagaItem[]>();
  for (const item of items) {
    if (item.sk === SAGA_TABLE.sagaItemSortKey) sagas.set(String(item.businessKey), item);
    else events.set(String(item.sagaId), [...(events.get(String(item.sagaId)) ?? []), item]);
  }
  return { items, sagas, events };
}

function stockOf(atRest: StackAtRest, names: StackNames): Map<string, number> {
  const stock = new Map<string, number>();
  for (const item of atRest.tables.find((table) => table.tableName === names.inventoryTable)?.items ?? []) {
    stock.set(String(item.sku), Number(item.stock));
  }
  return stock;
}

function countsOf(
  accounts: MessageAccounts,
  findings: Pick<
    FaultRunReport,
    | 'runningOrphans'
    | 'failedWithoutReason'
    | 'repeated'
    | 'sensitiveHits'
    | 'ttlProblems'
    | 'deadLettersWithoutReason'
  >,
): ReliabilityCounts {
  return {
    messagesIn: accounts.messagesIn,
    sagasEndedByStatus: accounts.sagasEndedByStatus,
    rolledBackAfterTimeout: accounts.rolledBackAfterTimeout,
    duplicatesAbsorbed: accounts.duplicatesAbsorbed,
    deadLetteredWithReason: accounts.deadLetteredWithReason,
    refusedWithReason: accounts.refusedWithReason,
    lost: accounts.lost,
    runningOrphans: findings.runningOrphans.length,
    failedWithoutReason: findings.failedWithoutReason.length,
    duplicateSideEffects: findings.repeated.reduce((sum, effect) => sum + effect.extra, 0),
    sensitiveValuesAtRest: findings.sensitiveHits.length,
    itemsWithoutSaneTtl: findings.ttlProblems.length,
    deadLettersWithoutReason: findings.deadLettersWithoutReason.length,
    unexpectedFates: accounts.unexpected.length,
  };
}

interface StackNames {
  readonly eventBus: string;
  readonly sagaTable: string;
  readonly inventoryTable: string;
  readonly startQueue: string;
  readonly lifecycleSubscriber: string;
}

function resourcesOf(cloud: LocalCloud): StackNames {
  const output = (name: string) => {
    const value = cloud.outputs[name];
    if (!value)
      throw new Error(
        `The example stack has no output ${name}: synthesize it with infra/synthesize-example.ts`,
      );
    return value;
  };
  return {
    eventBus: output('OrdersEventBus'),
    sagaTable: output('OrdersSagaTable'),
    inventoryTable: output('OrdersInventoryTable'),
    startQueue: output('OrdersStartQueue'),
    lifecycleSubscriber: output('OrdersLifecycleSubscriber'),
  };
}

/** Every SKU of the run starts with the same stock. */
async function stockEverySku(client: DynamoDBClient, tableName: string, catalogue: FaultCatalogue) {
  const skus = [...new Set(catalogue.messages.flatMap((message) => (message.sku ? [message.sku] : [])))];
  await Promise.all(
    skus.map((sku) =>
      client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: { sku: { S: sku }, stock: { N: String(catalogue.initialStock) } },
        }),
      ),
    ),
  );
}

/** Saga ids whose item is still open, or whose execution still runs. */
function openSagas(cloud: LocalCloud, sagaTable: readonly SagaItem[]): string[] {
  const open = new Set<string>();
  for (const item of sagaTable) {
    if (item.sk === SAGA_TABLE.sagaItemSortKey && OPEN_STATUSES.includes(item.status as never))
      open.add(String(item.sagaId));
  }
  for (const execution of cloud.stepFunctions.executions.values()) {
    if (execution.status === 'RUNNING') open.add(execution.name);
  }
  return [...open];
}

/**
 * Every text the stack keeps: table items, queued messages, dead letters' reasons and bodies (a body
 * is the message as sent, for redrive: see `AtRestText.asSent`), log lines.
 */
function placesAtRest(
  cloud: LocalCloud,
  atRest: StackAtRest,
  messages: readonly FaultMessage[],
): AtRestText[] {
  return [
    ...atRest.tables.flatMap((table) =>
      table.items.map((item) => ({ where: `table ${table.tableName}`, text: JSON.stringify(item) })),
    ),
    ...atRest.queued.map((message) => ({ where: `queue ${message.queueUrl}`, text: message.body })),
    ...atRest.deadLetters.flatMap((letter) => {
      const sent = messages.find((message) => letter.body.includes(`${message.marker}"`));
      return [
        { where: `reason of a dead letter in ${letter.queueUrl}`, text: letter.reason ?? '' },
        {
          where: `body of a dead letter in ${letter.queueUrl}`,
          text: letter.body,
          ...(sent ? { asSent: sent.body } : {}),
        },
      ];
    }),
    ...cloud.lambdas.logs.map((log) => ({ where: `log of ${log.functionName}`, text: log.line })),
  ];
}

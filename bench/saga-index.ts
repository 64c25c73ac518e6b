import { performance } from 'node:perf_hooks';
import {
  BatchWriteItemCommand,
  type BatchWriteItemCommandOutput,
  type DynamoDBClient,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { CliCommand } from '../cli/command.ts';
import { createListCommand } from '../cli/commands/list.ts';
import { createStatsCommand } from '../cli/commands/stats.ts';
import type { OperationDeps } from '../cli/operations/operation-deps.ts';
import type { SagaTarget } from '../cli/operations/saga-target.ts';
import { sagaIdFor } from '../contract/execution-input.ts';
import { indexEntryOf, indexItemOf } from '../contract/saga-index.ts';
import { SAGA_TABLE, SagaStatus } from '../contract/saga-table.ts';
import type { DynamoDbLocal } from '../local/dynamodb/dynamo-db-local.ts';
import { createSagaTable } from '../local/dynamodb/saga-table.ts';
import { round } from './support.ts';

/** Table sizes measured, in sagas (each saga is its item plus its index item). */
const SIZES = [1_000, 10_000, 100_000];
/** Sagas started in the last hour, whatever the table size: the window `saga stats --since 1h` reads. */
const LAST_HOUR = 200;
/** Sagas still open (started in the last hour). */
const OPEN = 5;
/** BatchWriteItem's limit, and batches in flight at once. */
const BATCH = 25;
const CONCURRENCY = 16;
const RUNS = 15;
const HOUR_MS = 3_600_000;
const RETENTION_MS = 7 * 24 * HOUR_MS;
const TABLE = 'bench-saga-index';

/**
 * `saga list --status FAILED` and `saga stats --since 1h` on DynamoDB Local as the table grows
 * from 1,000 to 100,000 sagas (older history added; the last hour always holds the same
 * {@link LAST_HOUR} sagas): items read per call and time per call, through the commands themselves.
 */
export async function measureSagaIndex(dynamoDb: DynamoDbLocal) {
  await createSagaTable(dynamoDb.client, TABLE, { ttl: false });
  const now = new Date();
  const deps = depsFor(dynamoDb.client, now);
  const rows = [];
  let written = 0;
  for (const size of SIZES) {
    const start = performance.now();
    await writeSagas(dynamoDb.client, sagasBetween(written, size, now));
    const generationSeconds = (performance.now() - start) / 1_000;
    const generated = size - written;
    written = size;
    rows.push({
      sagas: size,
      tableItems: size * 2,
      generated: {
        sagas: generated,
        seconds: round(generationSeconds, 1),
        itemsPerSecond: Math.round((generated * 2) / generationSeconds),
      },
      listFailed: await timeCommand(createListCommand(deps), { status: ['FAILED'], json: true }),
      stats1h: await timeCommand(createStatsCommand(deps), { since: '1h', json: true }),
    });
  }
  return { lastHourSagas: LAST_HOUR, openSagas: OPEN, listLimit: 20, rows };
}

/** The sagas numbered `from` to `to`: the first {@link LAST_HOUR} in the last hour, the rest older. */
function* sagasBetween(from: number, to: number, now: Date): Generator<Record<string, unknown>> {
  for (let index = from; index < to; index++) {
    const recent = index < LAST_HOUR;
    const startedAt = new Date(
      now.getTime() -
        (recent ? ((index + 1) * HOUR_MS) / (LAST_HOUR + 1) : HOUR_MS + ((index * 7_919) % RETENTION_MS)),
    );
    yield sagaItem(index, startedAt, recent && index < OPEN ? SagaStatus.RUNNING : statusOf(index));
  }
}

/** 93 % completed, 4 % compensated, 2 % failed, 1 % timed out. */
function statusOf(index: number): SagaStatus {
  const bucket = index % 100;
  if (bucket < 93) return SagaStatus.COMPLETED;
  if (bucket < 97) return SagaStatus.COMPENSATED;
  if (bucket < 99) return SagaStatus.FAILED;
  return SagaStatus.TIMED_OUT;
}

function sagaItem(index: number, startedAt: Date, status: SagaStatus): Record<string, unknown> {
  const businessKey = `order-${index}`;
  const open = status === SagaStatus.RUNNING;
  const endedAt = new Date(startedAt.getTime() + 800 + (index % 50) * 40).toISOString();
  return {
    [SAGA_TABLE.partitionKey]: sagaIdFor('OrderSaga', businessKey),
    [SAGA_TABLE.sortKey]: SAGA_TABLE.sagaItemSortKey,
    sagaType: 'OrderSaga',
    businessKey,
    status,
    startedAt: startedAt.toISOString(),
    [SAGA_TABLE.ttlAttribute]: Math.floor(startedAt.getTime() / 1_000) + 8 * 86_400,
    ...(open ? {} : { endedAt, updatedAt: endedAt }),
    ...(status === SagaStatus.COMPENSATED || status === SagaStatus.TIMED_OUT
      ? { failure: JSON.stringify({ Error: 'SagaTerminalError', Cause: 'declined' }) }
      : {}),
    ...(status === SagaStatus.FAILED
      ? {
          error: 'SagaTerminalError',
          failedStep: 'Compensate ChargePayment',
          failure: '{"Error":"SagaTerminalError"}',
        }
      : {}),
  };
}

/** Each saga item and its index item (as the lifecycle publisher derives it), by BatchWriteItem. */
async function writeSagas(client: DynamoDBClient, sagas: Iterable<Record<string, unknown>>): Promise<void> {
  const requests: WriteRequest[] = [];
  for (const item of sagas) {
    const entry = indexEntryOf(item, 'ChargePayment');
    requests.push({ PutRequest: { Item: marshall(item) } });
    if (entry)
      requests.push({ PutRequest: { Item: marshall(indexItemOf(entry), { removeUndefinedValues: true }) } });
  }
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const batch = requests.slice(next, next + BATCH);
      next += BATCH;
      let pending: WriteRequest[] | undefined = batch;
      while (pending && pending.length > 0) {
        const response: BatchWriteItemCommandOutput = await client.send(
          new BatchWriteItemCommand({ RequestItems: { [TABLE]: pending } }),
        );
        pending = response.UnprocessedItems?.[TABLE];
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

/** Median and p95 time of a command's run, and the items it read (from its `--json` output). */
async function timeCommand(command: CliCommand, values: Record<string, string | boolean | string[]>) {
  const samples: number[] = [];
  let itemsRead = 0;
  let shown = 0;
  for (let run = 0; run < RUNS + 3; run++) {
    let out = '';
    const start = performance.now();
    await command.run(
      { positionals: [], values },
      {
        out: (text) => {
          out = text;
        },
        err: () => {},
      },
    );
    if (run >= 3) samples.push(performance.now() - start);
    const parsed = JSON.parse(out) as { itemsRead: number; sagas?: unknown[]; started?: number };
    itemsRead = parsed.itemsRead;
    shown = parsed.sagas?.length ?? parsed.started ?? 0;
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0;
  return { itemsRead, sagasReturned: shown, medianMs: round(at(0.5), 1), p95Ms: round(at(0.95), 1) };
}

function depsFor(client: DynamoDBClient, now: Date): OperationDeps {
  const target: SagaTarget = {
    kind: 'local cloud',
    where: 'DynamoDB Local',
    saga: {
      sagaType: 'OrderSaga',
      sagaTableName: TABLE,
      stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:OrderSaga',
      startQueueUrl: 'unused',
      startDeadLetterQueueUrl: 'unused',
      eventBusName: 'unused',
    },
    config: { region: 'us-east-1' },
    clients: {
      dynamoDb: client,
      sqs: {} as SQSClient,
      stepFunctions: {} as SFNClient,
      eventBridge: {} as EventBridgeClient,
    },
  };
  return { resolveTarget: async () => target, now: () => now };
}

/** The bench/README.md section of {@link measureSagaIndex}'s results. */
export function sagaIndexReadmeSection(results: Awaited<ReturnType<typeof measureSagaIndex>>): string[] {
  return [
    '## Saga index (`saga list`, `saga stats` on DynamoDB Local)',
    '',
    `The table grows by older history (7 days of it); the last hour always holds ${results.lastHourSagas} sagas, ${results.openSagas} of them open.`,
    'Each saga is two items: its record and its index item (contract/saga-index.ts), written with BatchWriteItem.',
    `Items read are DynamoDB's ScannedCount summed over the command's Queries; a Scan would read every item of the table.`,
    '',
    `| sagas | table items | \`list --status FAILED\` items read | median (ms) | p95 (ms) | \`stats --since 1h\` items read | median (ms) | p95 (ms) | generated (items/s) |`,
    '|---|---|---|---|---|---|---|---|---|',
    ...results.rows.map(
      (row) =>
        `| ${row.sagas} | ${row.tableItems} | ${row.listFailed.itemsRead} | ${row.listFailed.medianMs} | ${row.listFailed.p95Ms} | ${row.stats1h.itemsRead} | ${row.stats1h.medianMs} | ${row.stats1h.p95Ms} | ${row.generated.itemsPerSecond} |`,
    ),
    '',
    `\`list\` reads at most --limit (${results.listLimit}) items from each of the status's shards; \`stats\` reads the sagas started in the`,
    'window and counts the open ones: neither grows with the table.',
    '',
  ];
}

import {
  type AttributeValue,
  CreateTableCommand,
  type DynamoDBClient,
  ScanCommand,
  type ScanCommandOutput,
} from '@aws-sdk/client-dynamodb';
import type { InMemoryDynamoDb, KeyType } from '../../../../local/memory/index.ts';
import { commandOf, type Request } from './requests.ts';

/** The key schemas the differential cases use. */
export const SCHEMAS = {
  saga: [
    ['sagaId', 'S'],
    ['sk', 'S'],
  ],
  generic: [
    ['pk', 'S'],
    ['sk', 'S'],
  ],
  numeric: [
    ['pk', 'S'],
    ['sk', 'N'],
  ],
  inventory: [['sku', 'S']],
  idempotency: [['id', 'S']],
} as const satisfies Record<string, readonly (readonly [string, KeyType])[]>;

export type Schema = keyof typeof SCHEMAS;

/** Requests run in order against a fresh table on both DynamoDB Local and the in-memory store. */
export interface DifferentialCase {
  readonly name: string;
  readonly schema: Schema;
  readonly requests: readonly Request[];
}

/** What one request answered: its output, or its exception's name (and `Item`, for `ALL_OLD`). */
export interface Outcome {
  readonly output?: unknown;
  readonly error?: string;
  readonly item?: unknown;
}

/** Creates the same table on DynamoDB Local and in the store. */
export async function createTables(
  local: DynamoDBClient,
  store: InMemoryDynamoDb,
  name: string,
  schema: Schema,
) {
  const keys = SCHEMAS[schema];
  await local.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: keys.map(([key, type]) => ({ AttributeName: key, AttributeType: type })),
      KeySchema: keys.map(([key], index) => ({
        AttributeName: key,
        KeyType: index === 0 ? 'HASH' : 'RANGE',
      })),
    }),
  );
  const [[partitionKey, partitionKeyType], sort] = [keys[0], keys[1]];
  store.createTable({
    name,
    partitionKey,
    partitionKeyType,
    ...(sort ? { sortKey: sort[0], sortKeyType: sort[1] } : {}),
  });
}

/** Runs the requests in order through a client; every outcome, normalized for comparison. */
export async function runRequests(
  client: Pick<DynamoDBClient, 'send'>,
  tableName: string,
  requests: readonly Request[],
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const request of requests) {
    try {
      const answer: unknown = await client.send(commandOf(request, tableName) as never);
      const {
        $metadata: _metadata,
        ConsumedCapacity: _capacity,
        ...output
      } = answer as Record<string, unknown>;
      outcomes.push({ output: normalize(output) });
    } catch (error) {
      const { name, Item } = error as { name: string; Item?: unknown };
      outcomes.push(Item === undefined ? { error: name } : { error: name, item: normalize(Item) });
    }
  }
  return outcomes;
}

/** Every item of a DynamoDB Local table. */
export async function scanAll(
  client: DynamoDBClient,
  tableName: string,
): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page: ScanCommandOutput = await client.send(
      new ScanCommand({
        TableName: tableName,
        ConsistentRead: true,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** Items normalized and in one order, for comparing two tables' contents. */
export function comparableItems(items: readonly Record<string, AttributeValue>[]): unknown[] {
  const sortKey = (item: unknown) =>
    JSON.stringify(Object.entries(item as object).sort(([a], [b]) => (a < b ? -1 : 1)));
  return items.map((item) => normalize(item)).sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
}

/**
 * Makes equal what DynamoDB treats as equal and the two sides may write differently: a number's
 * trailing zeros (DynamoDB Local keeps BigDecimal's scale after arithmetic: `1.5 + 0.5` is `2.0`),
 * set order, and byte arrays (as base64).
 */
export function normalize(value: unknown): unknown {
  if (value instanceof Uint8Array) return `bytes:${Buffer.from(value).toString('base64')}`;
  if (Array.isArray(value)) return value.map(normalize);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).map(([key, inner]) => {
    if (key === 'N' && typeof inner === 'string') return [key, canonicalNumber(inner)];
    if (key === 'NS' && Array.isArray(inner)) return [key, inner.map(canonicalNumber).sort()];
    if ((key === 'SS' || key === 'BS') && Array.isArray(inner))
      return [key, (normalize(inner) as string[]).sort()];
    return [key, normalize(inner)];
  });
  return Object.fromEntries(entries);
}

/** `2.0` → `2`, `0.50` → `0.5`, `-0` → `0`: independent of the store's own number code. */
function canonicalNumber(text: string): string {
  const trimmed = text.includes('.') ? text.replace(/\.?0+$/, '') : text;
  return trimmed === '-0' ? '0' : trimmed;
}

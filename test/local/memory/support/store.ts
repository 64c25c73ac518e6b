import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { InMemoryDynamoDb } from '../../../../local/memory/index.ts';
import { KEY, SEED, values } from './builders.ts';

/** The table of the unit tests: `pk`/`sk`, both strings. */
export const TABLE = 'items';

/** A store with the unit tests' table, holding `items`. */
export function storeWith(...items: Record<string, AttributeValue>[]): InMemoryDynamoDb {
  const store = new InMemoryDynamoDb();
  store.createTable({
    name: TABLE,
    partitionKey: 'pk',
    sortKey: 'sk',
    partitionKeyType: 'S',
    sortKeyType: 'S',
  });
  for (const item of items) store.putItem({ TableName: TABLE, Item: item });
  return store;
}

/** A store holding the seeded item (a value of every type, see `SEED`). */
export function seededStore(): InMemoryDynamoDb {
  return storeWith(SEED);
}

/**
 * Whether `condition` holds for the seeded item: a conditional update that changes nothing else.
 * Values the condition does not name are left out of the request (DynamoDB refuses unused ones).
 */
export function holds(
  condition: string,
  given: Record<string, string | number | AttributeValue> = {},
  names?: Record<string, string>,
): boolean {
  const used = new Set(condition.match(/:[A-Za-z0-9_]+/g));
  const store = seededStore();
  try {
    store.updateItem({
      TableName: TABLE,
      Key: KEY,
      UpdateExpression: 'SET checked = :checked',
      ConditionExpression: condition,
      ExpressionAttributeValues: values({
        ...Object.fromEntries(Object.entries(given).filter(([name]) => used.has(name))),
        ':checked': { BOOL: true },
      }),
      ...(names ? { ExpressionAttributeNames: names } : {}),
    });
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/** The error `run` throws (the test fails if it throws none). */
export function thrownBy(run: () => unknown): Error & { Item?: Record<string, AttributeValue> } {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error, none was thrown');
}

/** The seeded item after an update of it (`ALL_NEW`). */
export function updated(
  expression: string,
  given: Record<string, string | number | AttributeValue> = {},
  extra: Record<string, unknown> = {},
): Record<string, AttributeValue> | undefined {
  const store = seededStore();
  return store.updateItem({
    TableName: TABLE,
    Key: KEY,
    UpdateExpression: expression,
    ...(Object.keys(given).length > 0 ? { ExpressionAttributeValues: values(given) } : {}),
    ReturnValues: 'ALL_NEW',
    ...extra,
  }).Attributes;
}

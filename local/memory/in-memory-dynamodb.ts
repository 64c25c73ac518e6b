/**
 * An in-memory DynamoDB for the fast test environment: PutItem, UpdateItem, DeleteItem, GetItem and
 * Query with DynamoDB's expression language and semantics, in microseconds per operation.
 *
 * Why hand-written: the test environment runs a saga thousands of times a second, and the saga's
 * compiled state machine, the step runtime and users' own DynamoDB steps all write to DynamoDB.
 * dynalite in-process is faithful but costs ~250 µs per operation; DynamoDB Local (a JVM) over HTTP
 * with the SDK costs more still. Here each expression text is parsed and compiled once (the same
 * few come back thousands of times), items live in maps, and a write copies only what it changes.
 * It is held to DynamoDB Local by a differential test (`test/local/memory/differential.test.ts`);
 * `README.md` says what it models and what it leaves out, and why.
 *
 * @example
 * ```ts
 * const store = new InMemoryDynamoDb();
 * store.createTable({ name: 'sagas', partitionKey: 'sagaId', sortKey: 'sk' });
 * store.putItem({ TableName: 'sagas', Item: { sagaId: { S: 'a' }, sk: { S: 'SAGA' } } });
 * await appendSagaEvent(store.asClient() as DynamoDBClient, 'sagas', event);
 * ```
 */
import type {
  AttributeValue,
  DeleteItemCommandInput,
  DeleteItemCommandOutput,
  DynamoDBClient,
  GetItemCommandInput,
  GetItemCommandOutput,
  PutItemCommandInput,
  PutItemCommandOutput,
  QueryCommandInput,
  QueryCommandOutput,
  UpdateItemCommandInput,
  UpdateItemCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { exportItem } from './attribute-values.ts';
import { clientFor } from './client-adapter.ts';
import { resourceInUse, resourceNotFound, validationError } from './errors.ts';
import { getItem, query } from './read-operations.ts';
import { type InMemoryTableSpec, Table } from './table.ts';
import { deleteItem, putItem, updateItem } from './write-operations.ts';

/** A table's name and key schema; the key types it allows. */
export type { InMemoryTableSpec, KeyType } from './table.ts';

const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

/**
 * DynamoDB tables in memory. Methods are synchronous and throw what DynamoDB would answer
 * (`ValidationException`, `ConditionalCheckFailedException`…, matched by `error.name`); items are
 * copied in and out, so callers never share stored state.
 */
export class InMemoryDynamoDb {
  readonly #tables = new Map<string, Table>();

  /** Creates an empty table; `ResourceInUseException` if one of that name exists. */
  createTable(spec: InMemoryTableSpec): void {
    if (!TABLE_NAME.test(spec.name)) throw invalidTableName();
    if (this.#tables.has(spec.name)) throw resourceInUse(spec.name);
    this.#tables.set(spec.name, new Table({ ...spec }));
  }

  /** PutItem: writes a whole item, on condition; ReturnValues `NONE` or `ALL_OLD`. */
  putItem(input: PutItemCommandInput): PutItemCommandOutput {
    return putItem(this.#table(input.TableName), input);
  }

  /** UpdateItem: SET, REMOVE, ADD and DELETE on an item (created if missing), on condition; every ReturnValues. */
  updateItem(input: UpdateItemCommandInput): UpdateItemCommandOutput {
    return updateItem(this.#table(input.TableName), input);
  }

  /** DeleteItem: removes an item, on condition; ReturnValues `NONE` or `ALL_OLD`. */
  deleteItem(input: DeleteItemCommandInput): DeleteItemCommandOutput {
    return deleteItem(this.#table(input.TableName), input);
  }

  /** GetItem: an item by its key, optionally projected. */
  getItem(input: GetItemCommandInput): GetItemCommandOutput {
    return getItem(this.#table(input.TableName), input);
  }

  /**
   * Query: a partition's items in sort-key order (KeyConditionExpression `=` on the partition key,
   * and `=`, `<`, `<=`, `>`, `>=`, `BETWEEN` or `begins_with` on the sort key), forwards or
   * backwards, paged by `Limit` and 1 MB with `LastEvaluatedKey`/`ExclusiveStartKey`, with
   * ProjectionExpression, FilterExpression and `Select: 'COUNT'`.
   */
  query(input: QueryCommandInput): QueryCommandOutput {
    return query(this.#table(input.TableName), input);
  }

  /**
   * A stand-in for a DynamoDBClient: `send(command)` dispatches PutItemCommand/UpdateItemCommand/
   * DeleteItemCommand/GetItemCommand/QueryCommand instances (by `command.input` and the command
   * class) and returns a Promise; unknown commands reject with a clear error naming the command.
   */
  asClient(): Pick<DynamoDBClient, 'send'> {
    return clientFor(this);
  }

  /** Every item of a table (copies), for assertions: partition by partition, in sort-key order. */
  items(tableName: string): Record<string, AttributeValue>[] {
    return [...this.#table(tableName).records()].map((record) => exportItem(record.item));
  }

  #table(name: string | undefined): Table {
    const table = this.#tables.get(name ?? '');
    if (table) return table;
    if (!TABLE_NAME.test(name ?? '')) throw invalidTableName();
    throw resourceNotFound(name ?? '');
  }
}

function invalidTableName() {
  return validationError(
    "Invalid table/index name.  Table/index names must be between 3 and 255 characters long, and may contain only the characters a-z, A-Z, 0-9, '_', '-', and '.'",
  );
}

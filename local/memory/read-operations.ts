import type {
  AttributeValue,
  GetItemCommandInput,
  GetItemCommandOutput,
  QueryCommandInput,
  QueryCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { exportItem, valuesEqual } from './attribute-values.ts';
import { type CompiledCondition, compiledCondition } from './condition-expression.ts';
import { resolveName, type Scope } from './document-path.ts';
import { validationError } from './errors.ts';
import { importItem } from './import-values.ts';
import { compiledKeyCondition, type KeyRange, keyRange } from './key-condition.ts';
import { compareValues } from './ordering.ts';
import { type CompiledProjection, compiledProjection, projectItem, projectionTree } from './projection.ts';
import { rejectUnsupported } from './request-checks.ts';
import { type ExpressionUse, prepareScope } from './request-expressions.ts';
import type { StoredRecord, Table } from './table.ts';

/**
 * GetItem and Query. Reads are always strongly consistent (there is one copy); a Query page ends
 * after `Limit` items read or once 1 MB has been read, with `LastEvaluatedKey` the key of the
 * last item read; FilterExpression applies after that, so a page may hold fewer items.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.html
 */
const PAGE_BYTES = 1024 * 1024;

/** GetItem: the item (projected, if asked) or none. */
export function getItem(table: Table, input: GetItemCommandInput): GetItemCommandOutput {
  rejectUnsupported(input, ['AttributesToGet'], 'GetItem');
  const key = table.keyOf(importItem(input.Key));
  const projection =
    input.ProjectionExpression === undefined ? undefined : compiledProjection(input.ProjectionExpression);
  const uses: ExpressionUse[] = projection ? [{ kind: 'ProjectionExpression', expression: projection }] : [];
  const scope = prepareScope(input, uses, 'ProjectionExpression is null');
  const record = table.get(key);
  if (!record) return { $metadata: {} };
  const item = projection ? projectItem(record.item, projectionTree(projection, scope)) : record.item;
  return { $metadata: {}, Item: exportItem(item) };
}

/** Query: one partition's items in sort-key order, a page at a time. */
export function query(table: Table, input: QueryCommandInput): QueryCommandOutput {
  rejectUnsupported(
    input,
    ['KeyConditions', 'QueryFilter', 'ConditionalOperator', 'AttributesToGet', 'IndexName'],
    'Query',
  );
  const request = prepareQuery(table, input);
  const records = table.partition(request.range.partition);
  const forward = input.ScanIndexForward !== false;
  const start = startIndex(table, records, input.ExclusiveStartKey, request.range, forward);
  const items: Record<string, AttributeValue>[] = [];
  let [scanned, count, bytes] = [0, 0, 0];
  let lastKey: Record<string, AttributeValue> | undefined;
  for (let index = start; index >= 0 && index < records.length; index += forward ? 1 : -1) {
    const record = records[index] as StoredRecord;
    if (request.range.sortTest && !request.range.sortTest(record.key.sortValue as AttributeValue)) continue;
    scanned += 1;
    bytes += record.size;
    if (!request.filter || request.filter.test(record.item, request.scope)) {
      count += 1;
      if (!request.countOnly)
        items.push(exportItem(request.tree ? projectItem(record.item, request.tree) : record.item));
    }
    if (scanned === input.Limit || bytes >= PAGE_BYTES) {
      lastKey = exportItem(record.key.attributes);
      break;
    }
  }
  const page = request.countOnly
    ? { Count: count, ScannedCount: scanned }
    : { Items: items, Count: count, ScannedCount: scanned };
  return lastKey ? { $metadata: {}, ...page, LastEvaluatedKey: lastKey } : { $metadata: {}, ...page };
}

interface PreparedQuery {
  readonly range: KeyRange;
  readonly scope: Scope;
  readonly filter: CompiledCondition | undefined;
  readonly tree: ReturnType<typeof projectionTree> | undefined;
  readonly countOnly: boolean;
}

function prepareQuery(table: Table, input: QueryCommandInput): PreparedQuery {
  if (input.KeyConditionExpression === undefined) {
    throw validationError(
      'Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.',
    );
  }
  if (input.Limit !== undefined && input.Limit < 1)
    throw validationError('Limit must be greater than or equal to 1');
  const keyCondition = compiledKeyCondition(input.KeyConditionExpression);
  const filter =
    input.FilterExpression === undefined
      ? undefined
      : compiledCondition(input.FilterExpression, 'FilterExpression');
  const projection =
    input.ProjectionExpression === undefined ? undefined : compiledProjection(input.ProjectionExpression);
  const countOnly = checkSelect(input.Select, projection);
  const uses: ExpressionUse[] = [
    { kind: 'KeyConditionExpression', expression: keyCondition.condition },
    ...(filter ? [{ kind: 'FilterExpression', expression: filter } as const] : []),
    ...(projection ? [{ kind: 'ProjectionExpression', expression: projection } as const] : []),
  ];
  const scope = prepareScope(input, uses, 'KeyConditionExpression is null');
  const range = keyRange(keyCondition, scope, table);
  if (filter) rejectKeyAttributes(filter, scope, table);
  return { range, scope, filter, tree: projection && projectionTree(projection, scope), countOnly };
}

function checkSelect(select: string | undefined, projection: CompiledProjection | undefined): boolean {
  switch (select) {
    case undefined:
    case 'SPECIFIC_ATTRIBUTES':
      if (select && !projection) {
        throw validationError(
          'Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES',
        );
      }
      return false;
    case 'ALL_ATTRIBUTES':
    case 'COUNT':
      if (projection)
        throw validationError(`Cannot specify the ProjectionExpression when choosing to get ${select}`);
      return select === 'COUNT';
    case 'ALL_PROJECTED_ATTRIBUTES':
      throw validationError('ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName');
    default:
      throw validationError(
        `Value '${select}' at 'select' failed to satisfy constraint: Member must satisfy enum value set`,
      );
  }
}

function rejectKeyAttributes(filter: CompiledCondition, scope: Scope, table: Table): void {
  for (const attribute of filter.attributes) {
    const name = resolveName(attribute, scope);
    if (table.keyNames.includes(name)) {
      throw validationError(
        `Filter Expression can only contain non-primary key attributes: Primary key attribute: ${name}`,
      );
    }
  }
}

/** Where the page starts: the first item, or the one after `ExclusiveStartKey` in reading order. */
function startIndex(
  table: Table,
  records: readonly StoredRecord[],
  exclusiveStartKey: Record<string, AttributeValue> | undefined,
  range: KeyRange,
  forward: boolean,
): number {
  if (exclusiveStartKey === undefined) return forward ? 0 : records.length - 1;
  const given = importItem(exclusiveStartKey);
  if (Object.keys(given).length !== table.keyNames.length) {
    throw validationError("Exclusive Start Key must have same size as table's key schema");
  }
  const start = table.keyOf(given);
  if (!valuesEqual(given[table.spec.partitionKey] as AttributeValue, range.partition)) {
    throw validationError('The provided starting key does not match the range key predicate');
  }
  return positionAfter(records, start.sortValue, forward);
}

/** The index of the first record past `sortValue` in reading order. */
function positionAfter(
  records: readonly StoredRecord[],
  sortValue: AttributeValue | undefined,
  forward: boolean,
): number {
  if (sortValue === undefined) return forward ? records.length : -1;
  const past = (record: StoredRecord) =>
    compareValues(record.key.sortValue as AttributeValue, sortValue) ?? 0;
  if (forward) {
    const index = records.findIndex((record) => past(record) > 0);
    return index < 0 ? records.length : index;
  }
  return records.findLastIndex((record) => past(record) < 0);
}

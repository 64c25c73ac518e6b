import type {
  DeleteItemCommandInput,
  DeleteItemCommandOutput,
  PutItemCommandInput,
  PutItemCommandOutput,
  UpdateItemCommandInput,
  UpdateItemCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { applyUpdate } from './apply-update.ts';
import { exportItem, type Item } from './attribute-values.ts';
import { compiledCondition } from './condition-expression.ts';
import { importItem } from './import-values.ts';
import { checkedItemSize } from './item-size.ts';
import {
  PUT_RETURN_VALUES,
  pickAttributes,
  rejectUnsupported,
  requireCondition,
  returnValuesOf,
  UPDATE_RETURN_VALUES,
} from './request-checks.ts';
import { type ExpressionUse, prepareScope } from './request-expressions.ts';
import type { Table } from './table.ts';
import { compiledUpdate } from './update-expression.ts';

/**
 * PutItem, UpdateItem and DeleteItem: validate the request, check the condition against the item
 * as it is, write, and answer with what ReturnValues asks for.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html
 */
const LEGACY_WRITE = ['Expected', 'ConditionalOperator'] as const;

/** PutItem: replaces the whole item. */
export function putItem(table: Table, input: PutItemCommandInput): PutItemCommandOutput {
  rejectUnsupported(input, LEGACY_WRITE, 'PutItem');
  const returnValues = returnValuesOf(input.ReturnValues, PUT_RETURN_VALUES);
  const item = importItem(input.Item);
  const key = table.keyOfItem(item);
  const { test, scope } = conditionOf(input);
  const size = checkedItemSize(item, 'Item size has exceeded the maximum allowed size');
  const old = table.get(key)?.item;
  requireCondition(test, scope, old, input.ReturnValuesOnConditionCheckFailure);
  table.put(key, item, size);
  return returnValues === 'ALL_OLD' && old
    ? { $metadata: {}, Attributes: exportItem(old) }
    : { $metadata: {} };
}

/** DeleteItem: removes the item, if there is one. */
export function deleteItem(table: Table, input: DeleteItemCommandInput): DeleteItemCommandOutput {
  rejectUnsupported(input, LEGACY_WRITE, 'DeleteItem');
  const returnValues = returnValuesOf(input.ReturnValues, PUT_RETURN_VALUES);
  const key = table.keyOf(importItem(input.Key));
  const { test, scope } = conditionOf(input);
  const old = table.get(key)?.item;
  requireCondition(test, scope, old, input.ReturnValuesOnConditionCheckFailure);
  if (old) table.delete(key);
  return returnValues === 'ALL_OLD' && old
    ? { $metadata: {}, Attributes: exportItem(old) }
    : { $metadata: {} };
}

/** UpdateItem: changes the item, or creates it from its key. */
export function updateItem(table: Table, input: UpdateItemCommandInput): UpdateItemCommandOutput {
  rejectUnsupported(input, ['AttributeUpdates', ...LEGACY_WRITE], 'UpdateItem');
  const returnValues = returnValuesOf(input.ReturnValues, UPDATE_RETURN_VALUES);
  const key = table.keyOf(importItem(input.Key));
  const update = input.UpdateExpression === undefined ? undefined : compiledUpdate(input.UpdateExpression);
  const { test, scope } = conditionOf(
    input,
    update ? [{ kind: 'UpdateExpression', expression: update }] : [],
    'UpdateExpression and ConditionExpression are null',
  );
  const old = table.get(key)?.item;
  requireCondition(test, scope, old, input.ReturnValuesOnConditionCheckFailure);
  const base = old ?? key.attributes;
  const { item, touched } = update
    ? applyUpdate(old, base, update, scope, table.keyNames)
    : { item: base, touched: [] };
  const size = checkedItemSize(item, 'Item size to update has exceeded the maximum allowed size');
  table.put(key, item, size);
  const attributes = updateReturnValues(returnValues, old, item, touched);
  return attributes ? { $metadata: {}, Attributes: attributes } : { $metadata: {} };
}

function updateReturnValues(
  returnValues: string,
  old: Item | undefined,
  item: Item,
  touched: readonly string[],
) {
  switch (returnValues) {
    case 'ALL_OLD':
      return old && exportItem(old);
    case 'ALL_NEW':
      return exportItem(item);
    case 'UPDATED_OLD':
      return pickAttributes(old, touched);
    case 'UPDATED_NEW':
      return pickAttributes(item, touched);
    default:
      return undefined;
  }
}

type ConditionalInput = Pick<
  PutItemCommandInput,
  'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
>;

/** The request's condition (if any) and the scope of all its expressions. */
function conditionOf(
  input: ConditionalInput,
  uses: ExpressionUse[] = [],
  missing = 'ConditionExpression is null',
) {
  const text = input.ConditionExpression;
  const condition = text === undefined ? undefined : compiledCondition(text, 'ConditionExpression');
  const all: readonly ExpressionUse[] = condition
    ? [...uses, { kind: 'ConditionExpression', expression: condition }]
    : uses;
  return { test: condition?.test, scope: prepareScope(input, all, missing) };
}

import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { emptyItem, exportItem, type Item } from './attribute-values.ts';
import type { Test } from './compile-condition.ts';
import type { Scope } from './document-path.ts';
import { conditionalCheckFailed, InMemoryDynamoDbUnsupportedError, validationError } from './errors.ts';

/** The checks every write and read makes of its request's plain parameters. */

/** ReturnValues a PutItem or DeleteItem accepts. */
export const PUT_RETURN_VALUES: ReadonlySet<string> = new Set(['NONE', 'ALL_OLD']);
/** ReturnValues an UpdateItem accepts. */
export const UPDATE_RETURN_VALUES: ReadonlySet<string> = new Set([
  'NONE',
  'ALL_OLD',
  'UPDATED_OLD',
  'ALL_NEW',
  'UPDATED_NEW',
]);

/** The request's ReturnValues (`NONE` when left out); `ValidationException` for one the operation lacks. */
export function returnValuesOf(given: string | undefined, allowed: ReadonlySet<string>): string {
  if (given === undefined) return 'NONE';
  if (!allowed.has(given)) throw validationError('Return values set to invalid value');
  return given;
}

/** Refuses the legacy (pre-expression) parameters and the others this in-memory DynamoDB leaves out. */
export function rejectUnsupported(request: object, parameters: readonly string[], operation: string): void {
  for (const parameter of parameters) {
    if ((request as Record<string, unknown>)[parameter] !== undefined) {
      throw new InMemoryDynamoDbUnsupportedError(
        `InMemoryDynamoDb does not support ${operation}'s ${parameter} parameter (legacy parameters and indexes are left out: use expressions, or DynamoDB Local)`,
      );
    }
  }
}

/**
 * Fails the request with `ConditionalCheckFailedException` unless its condition holds for the
 * item as it is (`undefined`: none), carrying the item when the request asked for `ALL_OLD`.
 */
export function requireCondition(
  test: Test | undefined,
  scope: Scope,
  current: Item | undefined,
  onFailure: string | undefined,
): void {
  if (test === undefined || test(current, scope)) return;
  if (onFailure !== undefined && onFailure !== 'NONE' && onFailure !== 'ALL_OLD') {
    throw validationError('ReturnValuesOnConditionCheckFailure set to invalid value');
  }
  throw conditionalCheckFailed(onFailure === 'ALL_OLD' && current ? exportItem(current) : undefined);
}

/** The top-level attributes of `item` named in `names`, copied; `undefined` when none is there. */
export function pickAttributes(
  item: Item | undefined,
  names: readonly string[],
): Record<string, AttributeValue> | undefined {
  if (item === undefined) return undefined;
  const picked = emptyItem();
  let any = false;
  for (const name of names) {
    const value = item[name];
    if (value === undefined) continue;
    picked[name] = value;
    any = true;
  }
  return any ? exportItem(picked) : undefined;
}

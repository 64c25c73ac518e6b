import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { type Item, shallowCopy } from './attribute-values.ts';
import { type ResolvedPath, readResolved, resolvePath, type Scope } from './document-path.ts';
import { ExpressionError, invalidExpression, validationError } from './errors.ts';
import { addTo, type CompiledAction, type CompiledUpdate, deleteFrom } from './update-expression.ts';
import { checkPaths, removalOrder, removePath, writePath } from './update-paths.ts';

/** The item an update produced, and the top-level attributes it touched (for `UPDATED_OLD`/`UPDATED_NEW`). */
export interface UpdateResult {
  readonly item: Item;
  readonly touched: readonly string[];
}

/**
 * Applies an update as DynamoDB does: every value is computed from the item as it was before the
 * update (so `SET a = b, b = a` swaps), then SET actions are applied, then REMOVE (highest list
 * index first), ADD and DELETE. `base` is the item, or just its key when there is none yet.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html
 */
export function applyUpdate(
  old: Item | undefined,
  base: Item,
  update: CompiledUpdate,
  scope: Scope,
  keyNames: readonly string[],
): UpdateResult {
  const paths = resolvePaths(update, scope);
  rejectKeyUpdates(paths, keyNames);
  const setValues = update.set.map((action) => compute(action, old, scope));
  const added = update.add.map((action, index) =>
    addTo(readResolved(old, paths.add[index] as ResolvedPath), compute(action, old, scope)),
  );
  const deleted = update.delete.map((action, index) => {
    const current = readResolved(old, paths.delete[index] as ResolvedPath);
    return current === undefined ? null : deleteFrom(current, compute(action, old, scope));
  });
  const item = shallowCopy(base);
  for (let index = 0; index < paths.set.length; index += 1) {
    writePath(item, paths.set[index] as ResolvedPath, setValues[index] as AttributeValue);
  }
  const removals = paths.remove.length > 1 ? [...paths.remove].sort(removalOrder) : paths.remove;
  for (const path of removals) removePath(item, path);
  for (let index = 0; index < paths.add.length; index += 1) {
    writePath(item, paths.add[index] as ResolvedPath, added[index] as AttributeValue);
  }
  for (let index = 0; index < paths.delete.length; index += 1) {
    const left = deleted[index];
    if (left === undefined) removePath(item, paths.delete[index] as ResolvedPath);
    else if (left !== null) writePath(item, paths.delete[index] as ResolvedPath, left);
  }
  return { item, touched: topLevelNames(paths.all) };
}

function topLevelNames(paths: readonly ResolvedPath[]): string[] {
  const names: string[] = [];
  for (const path of paths) if (!names.includes(path[0] as string)) names.push(path[0] as string);
  return names;
}

interface Paths {
  readonly set: readonly ResolvedPath[];
  readonly remove: readonly ResolvedPath[];
  readonly add: readonly ResolvedPath[];
  readonly delete: readonly ResolvedPath[];
  readonly all: readonly ResolvedPath[];
}

function resolvePaths(update: CompiledUpdate, scope: Scope): Paths {
  const resolve = (actions: readonly CompiledAction[]) =>
    actions.map((action) => (update.resolvesNames ? resolvePath(action.segments, scope) : action.segments));
  const paths = {
    set: resolve(update.set),
    remove: resolve(update.remove),
    add: resolve(update.add),
    delete: resolve(update.delete),
  };
  const all = [...paths.set, ...paths.remove, ...paths.add, ...paths.delete];
  if (update.resolvesNames) checkResolvedPaths(all);
  return { ...paths, all };
}

function checkResolvedPaths(paths: readonly ResolvedPath[]): void {
  try {
    checkPaths(paths);
  } catch (error) {
    if (error instanceof ExpressionError) throw invalidExpression('UpdateExpression', error.message);
    throw error;
  }
}

function rejectKeyUpdates(paths: Paths, keyNames: readonly string[]): void {
  for (const path of paths.all) {
    const top = path[0] as string;
    if (keyNames.includes(top)) {
      throw validationError(
        `One or more parameter values were invalid: Cannot update attribute ${top}. This attribute is part of the key`,
      );
    }
  }
}

function compute(action: CompiledAction, old: Item | undefined, scope: Scope): AttributeValue {
  return (action.compute as NonNullable<CompiledAction['compute']>)(old, scope);
}

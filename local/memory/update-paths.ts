import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { type Item, shallowCopy } from './attribute-values.ts';
import { formatPath, type ResolvedPath } from './document-path.ts';
import { ExpressionError, validationError } from './errors.ts';

/**
 * Writing and removing at document paths without touching stored state: each write copies the
 * containers along its path and shares everything else. Also DynamoDB's rule that the paths of
 * one update may not overlap (`a` and `a.b`) or conflict (`a.b` and `a[0]`).
 */
const INVALID_PATH = 'The document path provided in the update expression is invalid for update';

/** Refuses overlapping or conflicting paths (`ExpressionError`). */
export function checkPaths(paths: readonly ResolvedPath[]): void {
  for (let first = 0; first < paths.length; first += 1) {
    const one = paths[first] as ResolvedPath;
    for (let second = first + 1; second < paths.length; second += 1) {
      const two = paths[second] as ResolvedPath;
      if (one[0] === two[0]) checkPair(one, two);
    }
  }
}

function checkPair(one: ResolvedPath, two: ResolvedPath): void {
  const shared = Math.min(one.length, two.length);
  for (let index = 0; index < shared; index += 1) {
    const [a, b] = [one[index], two[index]];
    if (a === b) continue;
    if (typeof a === typeof b) return;
    throw new ExpressionError(
      `Two document paths conflict with each other; must remove or rewrite one of these paths; path one: ${formatPath(one)}, path two: ${formatPath(two)}`,
    );
  }
  throw new ExpressionError(
    `Two document paths overlap with each other; must remove or rewrite one of these paths; path one: ${formatPath(one)}, path two: ${formatPath(two)}`,
  );
}

/**
 * Sets the value at a path of `item` (a fresh top-level container). The path's parent must exist
 * and be of the right type; an index past the end of a list appends.
 */
export function writePath(item: Item, path: ResolvedPath, value: AttributeValue): void {
  const top = path[0] as string;
  if (path.length === 1) {
    item[top] = value;
    return;
  }
  const current = item[top];
  if (current === undefined) throw validationError(INVALID_PATH);
  item[top] = withChild(current, path, 1, value);
}

function withChild(
  container: AttributeValue,
  path: ResolvedPath,
  index: number,
  value: AttributeValue,
): AttributeValue {
  const segment = path[index] as string | number;
  const last = index === path.length - 1;
  if (typeof segment === 'number') {
    if (container.L === undefined) throw validationError(INVALID_PATH);
    const list = [...container.L];
    if (last) list[Math.min(segment, list.length)] = value;
    else list[segment] = withChild(list[segment] ?? invalidPath(), path, index + 1, value);
    return { L: list };
  }
  if (container.M === undefined) throw validationError(INVALID_PATH);
  const map = shallowCopy(container.M);
  map[segment] = last ? value : withChild(map[segment] ?? invalidPath(), path, index + 1, value);
  return { M: map };
}

function invalidPath(): never {
  throw validationError(INVALID_PATH);
}

/** Removes the value at a path of `item` (a fresh top-level container); nothing there is no error. */
export function removePath(item: Item, path: ResolvedPath): void {
  const top = path[0] as string;
  if (path.length === 1) {
    delete item[top];
    return;
  }
  item[top] = withoutChild(item[top] ?? invalidPath(), path, 1);
}

function withoutChild(container: AttributeValue, path: ResolvedPath, index: number): AttributeValue {
  const segment = path[index] as string | number;
  const last = index === path.length - 1;
  if (typeof segment === 'number') {
    if (container.L === undefined) return invalidPath();
    if (last && segment >= container.L.length) return container;
    const list = [...container.L];
    if (last) list.splice(segment, 1);
    else list[segment] = withoutChild(list[segment] ?? invalidPath(), path, index + 1);
    return { L: list };
  }
  if (container.M === undefined) return invalidPath();
  if (last && container.M[segment] === undefined) return container;
  const map = shallowCopy(container.M);
  if (last) delete map[segment];
  else map[segment] = withoutChild(map[segment] ?? invalidPath(), path, index + 1);
  return { M: map };
}

/** Removal order: within one list, the highest index first, so every index means the list before the update. */
export function removalOrder(a: ResolvedPath, b: ResolvedPath): number {
  const shared = Math.min(a.length, b.length);
  for (let index = 0; index < shared; index += 1) {
    const [left, right] = [a[index], b[index]];
    if (left === right) continue;
    if (typeof left === 'number' && typeof right === 'number') return right - left;
    return String(left) < String(right) ? -1 : 1;
  }
  return 0;
}

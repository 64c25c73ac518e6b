import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { PathSegment } from './ast.ts';
import type { Item } from './attribute-values.ts';

/** A request's `ExpressionAttributeNames` and (validated) `ExpressionAttributeValues`. */
export interface Scope {
  readonly names: Readonly<Record<string, string>>;
  readonly values: Readonly<Record<string, AttributeValue>>;
}

/** A path with its `#name` placeholders replaced: attribute names and list indexes. */
export type ResolvedPath = readonly (string | number)[];

const HASH = 35;

/** The attribute name a name segment stands for. */
export function resolveName(segment: string, scope: Scope): string {
  return segment.charCodeAt(0) === HASH ? (scope.names[segment] as string) : segment;
}

/** The path with its placeholders replaced. */
export function resolvePath(segments: readonly PathSegment[], scope: Scope): ResolvedPath {
  return segments.map((segment) => (typeof segment === 'number' ? segment : resolveName(segment, scope)));
}

/** The value at a path of an item, or `undefined` when any step of it is missing or of another type. */
export function readPath(
  item: Item | undefined,
  segments: readonly PathSegment[],
  scope: Scope,
): AttributeValue | undefined {
  if (item === undefined) return undefined;
  let value: AttributeValue | undefined = item[resolveName(segments[0] as string, scope)];
  for (let index = 1; index < segments.length && value !== undefined; index += 1) {
    const segment = segments[index] as PathSegment;
    value = typeof segment === 'number' ? value.L?.[segment] : value.M?.[resolveName(segment, scope)];
  }
  return value;
}

/** The value at a resolved path, or `undefined`. */
export function readResolved(item: Item | undefined, path: ResolvedPath): AttributeValue | undefined {
  if (item === undefined) return undefined;
  let value: AttributeValue | undefined = item[path[0] as string];
  for (let index = 1; index < path.length && value !== undefined; index += 1) {
    const segment = path[index] as string | number;
    value = typeof segment === 'number' ? value.L?.[segment] : value.M?.[segment];
  }
  return value;
}

/** `[a, b, [0]]`: a resolved path as DynamoDB prints it in messages. */
export function formatPath(path: ResolvedPath): string {
  return `[${path.map((segment) => (typeof segment === 'number' ? `[${segment}]` : segment)).join(', ')}]`;
}

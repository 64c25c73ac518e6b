/**
 * The value at a dot path (`detail.order.id`) in a JSON value, or `undefined`. An empty path is the
 * value itself. Array elements are addressed by index (`items.0.sku`).
 */
export function readPath(value: unknown, path: string): unknown {
  if (path === '') return value;
  let current: unknown = value;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

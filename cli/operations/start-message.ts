import { UsageError } from '../command.ts';

/** Where the starter reads a start message's business key and input (from the saga's stack output). */
export interface StartMessageShape {
  readonly businessKeyPath: string;
  /** Empty: the whole message is the input. */
  readonly inputPath: string;
}

/**
 * The start message the saga's trigger would send for a business key and an input: the input at
 * `inputPath`, the key at `businessKeyPath` (e.g. `{ detail: { ...input, orderId: key } }` for an
 * EventBridge trigger reading `detail.orderId` and `detail`). The starter reads it back exactly
 * (lambdas/core/start-request.ts).
 * @throws UsageError when the input holds another business key than `--key`, or is not an object
 *   where the key must go inside it
 */
export function startMessageOf(shape: StartMessageShape, businessKey: string, input: unknown): unknown {
  const message = setPath({}, shape.inputPath, input);
  const present = readPath(message, shape.businessKeyPath);
  if (present !== undefined && String(present) !== businessKey)
    throw new UsageError(
      `the input holds ${JSON.stringify(present)} at ${shape.businessKeyPath}, not --key ${businessKey}: pass the same key, or leave it out of the input`,
    );
  return present === undefined ? setPath(message, shape.businessKeyPath, businessKey) : message;
}

function segments(path: string): string[] {
  return path.split('.').filter(Boolean);
}

function readPath(value: unknown, path: string): unknown {
  return segments(path).reduce<unknown>(
    (current, segment) => (isObject(current) ? current[segment] : undefined),
    value,
  );
}

/** A copy of `target` with `value` at `path` (the whole value for an empty path). */
function setPath(target: unknown, path: string, value: unknown): unknown {
  const [head, ...rest] = segments(path);
  if (head === undefined) return value;
  if (!isObject(target))
    throw new UsageError(
      `the business key goes at ${path} inside the input, so --input must be a JSON object`,
    );
  return { ...target, [head]: setPath(target[head] ?? {}, rest.join('.'), value) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

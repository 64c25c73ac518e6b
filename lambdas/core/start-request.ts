import type { InputValidator } from './input-schema.ts';
import { readPath } from './read-path.ts';

/** Where the starter finds a saga's business key and input in a message, and what it accepts. */
export interface StartMapping {
  /** Dot path of the business key, e.g. `detail.orderId` for an EventBridge event. */
  readonly businessKeyPath: string;
  /** Dot path of the saga input, e.g. `detail`; empty for the whole message. */
  readonly inputPath: string;
  /** The largest saga input, in bytes of its JSON (the saga's `maxInputBytes`). */
  readonly maxInputBytes: number;
  /** The saga's input schema, compiled, when it declares one. */
  readonly validateInput?: InputValidator;
}

/** A start the starter can act on. */
export interface StartRequest {
  readonly businessKey: string;
  readonly input: unknown;
}

/** A message that can never start a saga; the starter moves it to the dead-letter queue with `reason`. */
export class MalformedStartMessage extends Error {
  override readonly name = 'MalformedStartMessage';
}

/** The longest business key: it must fit a DynamoDB key and a log line, and be a real business id. */
const MAX_BUSINESS_KEY_LENGTH = 512;

/** Control characters (C0, DEL, C1): never part of a business id, and invisible in every tool. */
const CONTROL_CHARACTERS = /\p{Cc}/u;

/**
 * Reads a start from a message body (an EventBridge event or any JSON). Throws
 * `MalformedStartMessage` naming the field and the fix when the message cannot start a saga: not
 * JSON, no usable business key, no input object, an input larger than the saga allows or that does
 * not match its schema, or an integer JSON cannot carry exactly.
 */
export function parseStartRequest(body: string, mapping: StartMapping): StartRequest {
  let message: unknown;
  try {
    message = JSON.parse(body);
  } catch {
    throw new MalformedStartMessage('the message body is not JSON');
  }
  const businessKey = businessKeyOf(message, mapping.businessKeyPath);
  const input = readPath(message, mapping.inputPath);
  const where = mapping.inputPath || '(the whole message)';
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new MalformedStartMessage(`no saga input object at "${where}"`);
  }
  const inexact = firstUnsafeInteger(input, mapping.inputPath);
  if (inexact) {
    throw new MalformedStartMessage(
      `the input holds at "${inexact}" an integer beyond what JSON numbers carry exactly (2^53): send it as a string`,
    );
  }
  const bytes = Buffer.byteLength(JSON.stringify(input), 'utf8');
  if (bytes > mapping.maxInputBytes) {
    throw new MalformedStartMessage(
      `the saga input at "${where}" is ${bytes} bytes, over the saga's maxInputBytes ${mapping.maxInputBytes}: send references (ids, S3 keys), not documents`,
    );
  }
  const invalid = mapping.validateInput?.(input);
  if (invalid)
    throw new MalformedStartMessage(`the saga input does not match the saga's inputSchema: ${invalid}`);
  return { businessKey, input };
}

function businessKeyOf(message: unknown, path: string): string {
  const key = readPath(message, path);
  if (typeof key === 'number' && !Number.isSafeInteger(key)) {
    throw new MalformedStartMessage(
      `the business key at "${path}" is a number JSON cannot carry exactly (${key}): send it as a string`,
    );
  }
  if ((typeof key !== 'string' && typeof key !== 'number') || String(key).trim().length === 0) {
    throw new MalformedStartMessage(
      `no business key at "${path}" (found ${describe(key)}): the event must carry a non-blank string or an integer there`,
    );
  }
  const businessKey = String(key);
  if (CONTROL_CHARACTERS.test(businessKey)) {
    throw new MalformedStartMessage(`the business key at "${path}" holds control characters`);
  }
  if (businessKey.length > MAX_BUSINESS_KEY_LENGTH) {
    throw new MalformedStartMessage(
      `the business key at "${path}" is longer than ${MAX_BUSINESS_KEY_LENGTH} characters`,
    );
  }
  return businessKey;
}

/** The path of the first integer in `value` that JSON parsing may have rounded, or `undefined`. */
function firstUnsafeInteger(value: unknown, path: string): string | undefined {
  if (typeof value === 'number')
    return Number.isInteger(value) && !Number.isSafeInteger(value) ? path : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    const found = firstUnsafeInteger(inner, path ? `${path}.${key}` : key);
    if (found) return found;
  }
  return undefined;
}

/** Longest excerpt of a wrong value quoted in a reason. */
const MAX_QUOTED_LENGTH = 60;

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_QUOTED_LENGTH ? `${text.slice(0, MAX_QUOTED_LENGTH)}…` : text;
}

import { readPath } from './read-path.ts';

/** Where the starter finds a saga's business key and input in a message. */
export interface StartMapping {
  /** Dot path of the business key, e.g. `detail.orderId` for an EventBridge event. */
  readonly businessKeyPath: string;
  /** Dot path of the saga input, e.g. `detail`; empty for the whole message. */
  readonly inputPath: string;
}

/** A start the starter can act on. */
export interface StartRequest {
  readonly businessKey: string;
  readonly input: unknown;
  /** When the triggering event happened: a redelivered event gives the same saga input. */
  readonly occurredAt: Date;
}

/** A message that can never start a saga; the starter moves it to the dead-letter queue with `reason`. */
export class MalformedStartMessage extends Error {
  override readonly name = 'MalformedStartMessage';
}

/** The longest business key: it must fit a DynamoDB key and a log line, and be a real business id. */
const MAX_BUSINESS_KEY_LENGTH = 512;

/**
 * Reads a start from a message body (an EventBridge event or any JSON). Throws
 * `MalformedStartMessage` naming the field and the fix when the message cannot start a saga.
 */
export function parseStartRequest(body: string, mapping: StartMapping, receivedAt: Date): StartRequest {
  let message: unknown;
  try {
    message = JSON.parse(body);
  } catch {
    throw new MalformedStartMessage('the message body is not JSON');
  }
  const key = readPath(message, mapping.businessKeyPath);
  if ((typeof key !== 'string' && typeof key !== 'number') || String(key).length === 0) {
    throw new MalformedStartMessage(
      `no business key at "${mapping.businessKeyPath}" (found ${JSON.stringify(key) ?? 'nothing'}): the event must carry a non-empty string or number there`,
    );
  }
  const businessKey = String(key);
  if (businessKey.length > MAX_BUSINESS_KEY_LENGTH) {
    throw new MalformedStartMessage(
      `the business key at "${mapping.businessKeyPath}" is longer than ${MAX_BUSINESS_KEY_LENGTH} characters`,
    );
  }
  const input = readPath(message, mapping.inputPath);
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new MalformedStartMessage(
      `no saga input object at "${mapping.inputPath || '(the whole message)'}"`,
    );
  }
  const time = readPath(message, 'time');
  const occurredAt =
    typeof time === 'string' && !Number.isNaN(Date.parse(time)) ? new Date(time) : receivedAt;
  return { businessKey, input, occurredAt };
}

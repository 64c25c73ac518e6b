import { type SagaInputRules, sagaInputProblem } from '../../contract/saga-input.ts';
import { readPath } from './read-path.ts';

/** Where the starter finds a saga's business key and input in a message, and what it accepts. */
export interface StartMapping extends SagaInputRules {
  /** Dot path of the business key, e.g. `detail.orderId` for an EventBridge event. */
  readonly businessKeyPath: string;
  /** Dot path of the saga input, e.g. `detail`; empty for the whole message. */
  readonly inputPath: string;
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
  const problem = sagaInputProblem(input, mapping, mapping.inputPath || '(the whole message)');
  if (problem) throw new MalformedStartMessage(problem);
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

/** Longest excerpt of a wrong value quoted in a reason. */
const MAX_QUOTED_LENGTH = 60;

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_QUOTED_LENGTH ? `${text.slice(0, MAX_QUOTED_LENGTH)}…` : text;
}

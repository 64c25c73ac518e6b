import { type SagaStepEvent, STEP_PHASES } from '../../contract/step-envelope.ts';
import { SagaConfigurationError } from './errors.ts';

export type { SagaStepEvent };

const PHASES: readonly string[] = STEP_PHASES;

/** What to do about an event that is not the step envelope. */
const ENVELOPE_FIX =
  "Fix: invoke this function only through the saga's state machine (a Lambda step of a compiled saga), or run the saga with SagaTestEnvironment from sfn-saga/testing";

type Check = readonly [path: readonly string[], valid: (value: unknown) => boolean, expected: string];

const nonEmptyString = (value: unknown) => typeof value === 'string' && value.length > 0;
const isString = (value: unknown) => typeof value === 'string';
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** One row of the table below: a dotted path, its rule, what was expected. */
const check = (path: string, valid: (value: unknown) => boolean, expected: string): Check => [
  path.split('.'),
  valid,
  expected,
];

/** Every field the envelope must have, as a table: path, rule, what was expected. */
const CHECKS: readonly Check[] = [
  check('saga.id', nonEmptyString, 'a non-empty string'),
  check('saga.type', nonEmptyString, 'a non-empty string'),
  check('saga.businessKey', isString, 'a string'),
  check('saga.startedAt', isString, 'a string (ISO time)'),
  check('saga.expiresAt', Number.isSafeInteger, 'an integer (epoch seconds)'),
  check('step', nonEmptyString, 'a non-empty string'),
  check('phase', (value) => PHASES.includes(value as string), `one of ${PHASES.join(', ')}`),
  check('attempt', (value) => Number.isSafeInteger(value) && (value as number) >= 0, 'an integer ≥ 0'),
  check('steps', isRecord, 'an object of step outputs'),
  check(
    'deadline',
    (value) => value === undefined || (typeof value === 'string' && !Number.isNaN(Date.parse(value))),
    'an ISO time, when present',
  ),
  check(
    'cancellable',
    (value) => value === undefined || typeof value === 'boolean',
    'a boolean, when present',
  ),
  check(
    'maxOutputBytes',
    (value) => value === undefined || (Number.isSafeInteger(value) && (value as number) > 0),
    'a positive integer, when present',
  ),
  check(
    'sensitiveKeys',
    (value) => value === undefined || (Array.isArray(value) && value.every((key) => typeof key === 'string')),
    'a list of key names, when present',
  ),
];

/**
 * Checks that a Lambda event is the step envelope and returns it typed. A malformed envelope is
 * a deployment mistake no retry can fix, so it fails with `SagaConfigurationError` (the saga is
 * parked as FAILED at this step), naming every wrong field and what it held.
 */
export function parseStepEvent(event: unknown): SagaStepEvent {
  if (!isRecord(event)) {
    throw new SagaConfigurationError(
      `Malformed step event: expected an object, got ${describe(event)}. ${ENVELOPE_FIX}`,
    );
  }
  const problems: string[] = [];
  if (!isRecord(event.saga)) problems.push(`saga must be an object (got ${describe(event.saga)})`);
  else {
    for (const [path, valid, expected] of CHECKS) {
      const value = valueAt(event, path);
      if (!valid(value)) problems.push(`${path.join('.')} must be ${expected} (got ${describe(value)})`);
    }
  }
  if (!('input' in event)) problems.push('input is missing (the saga input, `$.input`)');
  if (problems.length > 0)
    throw new SagaConfigurationError(`Malformed step event: ${problems.join('; ')}. ${ENVELOPE_FIX}`);
  return event as unknown as SagaStepEvent;
}

function valueAt(event: Record<string, unknown>, path: readonly string[]): unknown {
  let value: unknown = event;
  for (const key of path) value = isRecord(value) ? value[key] : undefined;
  return value;
}

/** Longest excerpt of a wrong value quoted in the error. */
const MAX_QUOTED_LENGTH = 40;

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  const kind = Array.isArray(value) ? 'array' : typeof value;
  if (kind === 'object' || kind === 'array') return kind;
  const text = String(value);
  const excerpt = text.length > MAX_QUOTED_LENGTH ? `${text.slice(0, MAX_QUOTED_LENGTH)}…` : text;
  return kind === 'string' ? `string ${JSON.stringify(excerpt)}` : `${kind} ${excerpt}`;
}

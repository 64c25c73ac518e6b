import { Duration } from 'aws-cdk-lib';
import { Operation } from 'aws-cdk-lib/aws-dynamodb';
import type { CountAlarmProps, DurationAlarmProps, SagaAlarmProps } from '../saga-alarm-props.ts';
import type { Problem } from './validate-props.ts';

/** CloudWatch evaluates at most one day of periods: 288 of 5 minutes. */
export const MAX_EVALUATION_PERIODS = 288;
/** SQS reports the age of the oldest message once a minute. */
const MIN_MESSAGE_AGE = Duration.minutes(1);
/** The start queue keeps a message four days (SQS's default): an older one is gone, not waiting. */
const START_QUEUE_RETENTION = Duration.days(4);
const OPERATIONS: readonly string[] = Object.values(Operation);
/** A link plus its anchor must fit in an alarm description (1024 characters) beside the text. */
const MAX_RUNBOOK_URL_LENGTH = 256;

const isWhole = (value: number, min: number, max = Number.MAX_SAFE_INTEGER) =>
  Number.isInteger(value) && value >= min && value <= max;

function periodProblems(field: string, props: DurationAlarmProps | CountAlarmProps | undefined): Problem[] {
  const periods = props?.evaluationPeriods;
  if (periods === undefined || isWhole(periods, 1, MAX_EVALUATION_PERIODS)) return [];
  return [
    {
      field: `${field}.evaluationPeriods`,
      given: periods,
      problem: `must be a whole number of 5-minute periods from 1 to ${MAX_EVALUATION_PERIODS} (one day)`,
      fix: 'use e.g. 1 to alarm on the first breaching period, 3 to wait 15 minutes',
    },
  ];
}

function countProblems(field: string, props: CountAlarmProps | undefined): Problem[] {
  const threshold = props?.threshold;
  const problems = periodProblems(field, props);
  if (threshold !== undefined && !isWhole(threshold, 1))
    problems.push({
      field: `${field}.threshold`,
      given: threshold,
      problem: 'must be a whole count of at least 1',
      fix: 'use e.g. 1 to alarm on any, or a higher count to ignore a few',
    });
  return problems;
}

function durationProblems(
  field: string,
  props: DurationAlarmProps | undefined,
  bounds: { readonly min: Duration; readonly max?: Duration; readonly example: string },
): Problem[] {
  const threshold = props?.threshold;
  const problems = periodProblems(field, props);
  if (!threshold) return problems;
  const millis = threshold.toMilliseconds();
  const tooLong = bounds.max !== undefined && millis >= bounds.max.toMilliseconds();
  if (millis < bounds.min.toMilliseconds() || tooLong)
    problems.push({
      field: `${field}.threshold`,
      given: threshold.toHumanString(),
      problem: `must be at least ${bounds.min.toHumanString()}${bounds.max ? ` and under ${bounds.max.toHumanString()}` : ''}`,
      fix: `use e.g. ${bounds.example}`,
    });
  return problems;
}

function operationProblems(operations: readonly string[] | undefined): Problem[] {
  if (operations === undefined) return [];
  const field = 'alarms.stateStoreLatency.operations';
  const problems: Problem[] = [];
  if (operations.length === 0)
    problems.push({
      field,
      given: operations,
      problem: 'is empty, so no latency alarm would be created',
      fix: 'name at least one operation (e.g. [Operation.PUT_ITEM, Operation.UPDATE_ITEM]), or leave it out for the default',
    });
  const unknown = operations.filter((operation) => !OPERATIONS.includes(operation));
  if (unknown.length > 0)
    problems.push({
      field,
      given: unknown,
      problem: 'names operations DynamoDB does not report latency for',
      fix: `use values of aws-cdk-lib's Operation: ${OPERATIONS.join(', ')}`,
    });
  const repeated = operations.filter((operation, index) => operations.indexOf(operation) !== index);
  if (repeated.length > 0)
    problems.push({
      field,
      given: repeated,
      problem: 'names an operation more than once',
      fix: 'name each operation once',
    });
  return problems;
}

function runbookProblems(url: string | undefined): Problem[] {
  if (url === undefined) return [];
  const valid = /^https?:\/\/[^\s#]+$/.test(url) && url.length <= MAX_RUNBOOK_URL_LENGTH;
  if (valid) return [];
  return [
    {
      field: 'alarms.runbookUrl',
      given: url,
      problem: `must be an http(s) address of at most ${MAX_RUNBOOK_URL_LENGTH} characters, without a #fragment (each alarm appends its section's anchor)`,
      fix: 'use the address of your copy of docs/runbook.md, e.g. https://github.com/acme/ops/blob/main/runbook.md',
    },
  ];
}

/** Every problem of `SagaOrchestratorProps.alarms`, each naming the field, what was given and the fix. */
export function alarmPropProblems(alarms: SagaAlarmProps | undefined): Problem[] {
  if (!alarms) return [];
  const problems: Problem[] = [];
  if (alarms.p95Duration !== undefined && alarms.p95Duration.toMilliseconds() <= 0)
    problems.push({
      field: 'alarms.p95Duration',
      given: alarms.p95Duration.toHumanString(),
      problem: 'must be longer than zero',
      fix: 'use e.g. Duration.seconds(60)',
    });
  if (alarms.maxActiveSagas !== undefined && !isWhole(alarms.maxActiveSagas, 1))
    problems.push({
      field: 'alarms.maxActiveSagas',
      given: alarms.maxActiveSagas,
      problem: 'must be a whole number of at least 1',
      fix: 'use e.g. 1000',
    });
  return [
    ...problems,
    ...durationProblems('alarms.stateStoreLatency', alarms.stateStoreLatency, {
      min: Duration.millis(1),
      example: 'Duration.millis(100)',
    }),
    ...operationProblems(alarms.stateStoreLatency?.operations),
    ...countProblems('alarms.executionsThrottled', alarms.executionsThrottled),
    ...countProblems('alarms.functionThrottles', alarms.functionThrottles),
    ...durationProblems('alarms.oldestStartMessageAge', alarms.oldestStartMessageAge, {
      min: MIN_MESSAGE_AGE,
      max: START_QUEUE_RETENTION,
      example: 'Duration.minutes(15)',
    }),
    ...runbookProblems(alarms.runbookUrl),
  ];
}

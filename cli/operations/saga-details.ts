import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LIFECYCLE_DETAIL_TYPES } from '../../contract/lifecycle-events.ts';
import { SAGA_TABLE, type SagaStatus } from '../../contract/saga-table.ts';
import type { StoredError } from '../../lambdas/runtime/safe-error.ts';
import { foldSagaEvents, type StepStatus } from '../../lambdas/runtime/step-record/fold-saga-events.ts';
import { readSagaHistory } from '../../lambdas/runtime/step-record/read-saga-history.ts';
import type { SagaEvent } from '../../lambdas/runtime/step-record/saga-event.ts';

/** A step of a saga as `saga show` tells it. */
export interface StepDetail {
  readonly step: string;
  readonly status: StepStatus;
  /** Invocations of the action. */
  readonly attempts: number;
  /** Invocations of the compensation (0: never compensated). */
  readonly compensationAttempts: number;
  /** From the outcome before the step's first one (or the saga's start) to its action's last outcome. */
  readonly tookMs: number | undefined;
  readonly error?: StoredError;
}

/** One line of a saga's timeline: a lifecycle event, or an outcome from its event log. */
export interface TimelineEntry {
  readonly time: string;
  readonly what: string;
  readonly step?: string;
  readonly attempt?: number;
  readonly error?: string;
}

/** What `saga show` prints: the record, the steps, the compensations run and the timeline. */
export interface SagaDetails {
  readonly sagaId: string;
  readonly record: Readonly<Record<string, unknown>>;
  readonly steps: readonly StepDetail[];
  /** Steps whose compensation ran, in the order it first ran, with how it ended. */
  readonly compensations: readonly {
    readonly step: string;
    readonly succeeded: boolean;
    readonly attempts: number;
    readonly error?: StoredError;
  }[];
  readonly timeline: readonly TimelineEntry[];
}

/**
 * A saga's record and its event log, read from its partition of the saga table, as
 * {@link SagaDetails}; `undefined` when the saga table holds no such saga.
 */
export async function readSagaDetails(
  client: Pick<DynamoDBClient, 'send'>,
  tableName: string,
  sagaId: string,
): Promise<SagaDetails | undefined> {
  const { saga, events } = await readSagaHistory(client, tableName, sagaId);
  if (!saga) return undefined;
  const sorted = [...events].sort((a, b) => a.time.localeCompare(b.time));
  const states = foldSagaEvents(sorted);
  const order = [...new Set(sorted.map((event) => event.step))];
  const startedAt = String(saga.startedAt);
  return {
    sagaId,
    record: saga,
    steps: order.flatMap((step) => {
      const state = states[step];
      if (!state) return [];
      return [
        {
          step,
          status: state.status,
          attempts: state.attempts,
          compensationAttempts: state.compensationAttempts,
          tookMs: tookMs(sorted, step, startedAt),
          ...(state.status === 'failed' && state.error ? { error: state.error } : {}),
        },
      ];
    }),
    compensations: compensationsOf(sorted, states),
    timeline: timelineOf(saga, sorted),
  };
}

function tookMs(events: readonly SagaEvent[], step: string, startedAt: string): number | undefined {
  const first = events.findIndex((event) => event.step === step);
  const actions = events.filter((event) => event.step === step && event.phase === 'action');
  const last = actions.at(-1);
  if (first < 0 || !last) return undefined;
  const before = events.slice(0, first).at(-1)?.time ?? startedAt;
  return Date.parse(last.time) - Date.parse(before);
}

function compensationsOf(
  events: readonly SagaEvent[],
  states: ReturnType<typeof foldSagaEvents>,
): SagaDetails['compensations'] {
  const order = [...new Set(events.filter((event) => event.phase !== 'action').map((event) => event.step))];
  return order.flatMap((step) => {
    const state = states[step];
    if (!state) return [];
    return [
      {
        step,
        succeeded: state.status === 'compensated',
        attempts: state.compensationAttempts,
        ...(state.status === 'compensation-failed' && state.error ? { error: state.error } : {}),
      },
    ];
  });
}

function timelineOf(saga: Record<string, unknown>, events: readonly SagaEvent[]): TimelineEntry[] {
  const lifecycle: TimelineEntry[] = [{ time: String(saga.startedAt), what: LIFECYCLE_DETAIL_TYPES.RUNNING }];
  if (typeof saga.endedAt === 'string')
    lifecycle.push({
      time: saga.endedAt,
      what: LIFECYCLE_DETAIL_TYPES[saga.status as SagaStatus] ?? String(saga.status),
    });
  const outcomes = events.map((event) => ({
    time: event.time,
    what: event.type,
    step: event.step,
    attempt: event.attempt,
    ...(event.error ? { error: `${event.error.name}: ${event.error.message}` } : {}),
  }));
  return [...lifecycle, ...outcomes].sort((a, b) => a.time.localeCompare(b.time));
}

/** The execution of a saga: its ARN, and where to look at it (the console on AWS). */
export function executionOf(
  stateMachineArn: string,
  sagaId: string,
  onAws: boolean,
): { readonly arn: string; readonly link: string } {
  const arn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${sagaId}`;
  const region = stateMachineArn.split(':')[3] ?? '';
  const link = onAws
    ? `https://${region}.console.aws.amazon.com/states/home?region=${region}#/v2/executions/details/${arn}`
    : arn;
  return { arn, link };
}

/** The record's fields `saga show` lists, in order, when present. */
export const RECORD_FIELDS = [
  'status',
  'sagaType',
  'businessKey',
  'startedAt',
  'updatedAt',
  'endedAt',
  'redriveCount',
  'failedStep',
  'error',
  'cause',
  'outcome',
  'outcomeAt',
  'cancelRequestedAt',
  'cancelRequestedBy',
  'cancelReason',
  'abandonedAt',
  'abandonedBy',
  'abandonReason',
  SAGA_TABLE.ttlAttribute,
] as const;

import type { HistoryEntry } from '../engine/history.ts';
import type { StateInfo } from '../engine/state-index.ts';

/** The fields of a Step Functions history event that local tools and the status recorder read. */
export interface LocalHistoryEvent {
  readonly id: number;
  readonly previousEventId: number;
  /** Epoch seconds, as the JSON protocol carries timestamps. */
  readonly timestamp: number;
  readonly type: string;
  readonly [details: string]: unknown;
}

/** What the history is built from: the execution as the local server keeps it. */
export interface ExecutionRecord {
  readonly input: string;
  readonly startDate: Date;
  readonly status: string;
  readonly stopDate?: Date;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  readonly history: readonly HistoryEntry[];
}

/**
 * An execution's history as `GetExecutionHistory` returns it, oldest first: `ExecutionStarted`, a
 * `<Type>StateEntered` (name, input) and `<Type>StateExited` (name) per state, `TaskFailed` (error,
 * cause) for each failed task attempt, each earlier end and `ExecutionRedriven` of a redriven
 * execution, and the execution's end. Retries and catches, which Step
 * Functions records as the task's own scheduled/failed events, are not repeated. Enough for what
 * reads histories — the status recorder's failed state, the CLI and tests — not every event type.
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html
 */
export function historyEvents(
  execution: ExecutionRecord,
  states: ReadonlyMap<string, StateInfo>,
  includeExecutionData = true,
): LocalHistoryEvent[] {
  const events: LocalHistoryEvent[] = [];
  const start = execution.startDate.getTime();
  const data = (value: string | undefined) =>
    includeExecutionData && value !== undefined ? { input: value } : {};
  const add = (type: string, atMs: number, details: Record<string, unknown>) => {
    events.push({
      id: events.length + 1,
      previousEventId: events.length,
      timestamp: (start + atMs) / 1000,
      type,
      ...details,
    });
  };
  add('ExecutionStarted', 0, { executionStartedEventDetails: { ...data(execution.input) } });
  for (const entry of execution.history) {
    const type = states.get(entry.state)?.type ?? 'Pass';
    if (entry.event === 'entered') {
      const input = entry.input === undefined ? undefined : JSON.stringify(entry.input);
      add(`${type}StateEntered`, entry.atMs, {
        stateEnteredEventDetails: { name: entry.state, ...data(input) },
      });
    } else if (entry.event === 'succeeded') {
      add(`${type}StateExited`, entry.atMs, { stateExitedEventDetails: { name: entry.state } });
    } else if (entry.event === 'redriven') {
      // How the execution had ended before this redrive, then the redrive itself.
      const ended = ENDED_EVENTS[entry.endedWith ?? 'FAILED'] ?? FAILED_EVENT;
      add(ended.type, entry.atMs, {
        [ended.details]: { error: entry.error ?? 'Error', cause: entry.cause ?? '' },
      });
      add('ExecutionRedriven', entry.atMs, {
        executionRedrivenEventDetails: { redriveCount: entry.redriveCount ?? 1 },
      });
    } else if (entry.event === 'failed' && type === 'Task') {
      add('TaskFailed', entry.atMs, {
        taskFailedEventDetails: { error: entry.error ?? 'Error', cause: entry.cause ?? '' },
      });
    }
  }
  const endMs = (execution.stopDate?.getTime() ?? start) - start;
  switch (execution.status) {
    case 'SUCCEEDED':
      add('ExecutionSucceeded', endMs, {
        executionSucceededEventDetails: includeExecutionData ? { output: execution.output ?? '{}' } : {},
      });
      break;
    case 'FAILED':
      add('ExecutionFailed', endMs, {
        executionFailedEventDetails: { error: execution.error ?? 'Error', cause: execution.cause ?? '' },
      });
      break;
    case 'TIMED_OUT':
      add('ExecutionTimedOut', endMs, {
        executionTimedOutEventDetails: { error: 'States.Timeout', cause: execution.cause ?? '' },
      });
      break;
    case 'ABORTED':
      add('ExecutionAborted', endMs, { executionAbortedEventDetails: {} });
      break;
  }
  return events;
}

/** The history event of each way an execution can end before a redrive. */
const FAILED_EVENT = { type: 'ExecutionFailed', details: 'executionFailedEventDetails' };
const ENDED_EVENTS: Record<string, { type: string; details: string }> = {
  FAILED: FAILED_EVENT,
  TIMED_OUT: { type: 'ExecutionTimedOut', details: 'executionTimedOutEventDetails' },
  ABORTED: { type: 'ExecutionAborted', details: 'executionAbortedEventDetails' },
};

/** Step Functions' default and largest page of history events. */
const PAGE_SIZE = { default: 100, max: 1_000 } as const;

/** One page of `events` as `GetExecutionHistory` pages them (`reverseOrder`, `maxResults`, `nextToken`). */
export function historyPage(
  events: readonly LocalHistoryEvent[],
  request: { readonly reverseOrder?: unknown; readonly maxResults?: unknown; readonly nextToken?: unknown },
): { events: LocalHistoryEvent[]; nextToken?: string } {
  const ordered = request.reverseOrder === true ? [...events].reverse() : [...events];
  const size = Math.min(Number(request.maxResults) || PAGE_SIZE.default, PAGE_SIZE.max);
  const from = request.nextToken === undefined ? 0 : Number(request.nextToken);
  const page = ordered.slice(from, from + size);
  return from + size < ordered.length ? { events: page, nextToken: String(from + size) } : { events: page };
}

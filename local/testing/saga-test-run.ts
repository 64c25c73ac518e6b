import type { SagaStatus } from '../../contract/saga-table.ts';
import { formatTimeline } from '../engine/format-timeline.ts';
import type { HistoryEntry } from '../engine/history.ts';
import type { LocalSagaRun } from '../engine/local-saga-engine.ts';

/** What one run of a saga in the test environment did. */
export interface SagaTestRun {
  readonly sagaId: string;
  readonly businessKey: string;
  /** The saga's final status, as its record says. */
  readonly status: SagaStatus | undefined;
  /** On FAILED: the state that could not finish, e.g. `Compensate ChargePayment`. */
  readonly failedStep?: string;
  /** How the execution ended: a FAILED saga's execution fails too, so it shows among failed executions. */
  readonly execution: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT';
  /** The execution's error, when it did not succeed. */
  readonly error?: { readonly name: string; readonly message: string };
  /** The steps whose compensation ran to completion, in the order they ran (last completed first). */
  readonly compensations: readonly string[];
  /** Retries of every state (each is billed as a transition too). */
  readonly retries: number;
  /** States entered: Step Functions' billed state transitions, retries excluded. */
  readonly transitions: number;
  /** Every state entered, succeeded, failed, retried or caught, in order. */
  readonly history: readonly HistoryEntry[];
  /** The run as a readable timeline, a line per event. */
  readonly timeline: string;
  /** Reads the saga's item from the store (status, times, TTL, final state). */
  record(): Promise<Record<string, unknown> | undefined>;
}

/** A run of the engine as the test environment reports it; the timeline is formatted when read. */
export function toTestRun(
  run: LocalSagaRun,
  businessKey: string,
  readRecord: () => Promise<Record<string, unknown> | undefined>,
): SagaTestRun {
  let timeline: string | undefined;
  return {
    sagaId: run.sagaId,
    businessKey,
    status: run.status,
    ...(run.failedStep === undefined ? {} : { failedStep: run.failedStep }),
    execution: run.execution,
    ...(run.error ? { error: run.error } : {}),
    compensations: run.compensated,
    retries: run.retries,
    transitions: run.transitions,
    history: run.history,
    get timeline() {
      timeline ??= formatTimeline(`saga ${businessKey}`, run);
      return timeline;
    },
    record: readRecord,
  };
}

import { SagaStatus } from '../../contract/saga-table.ts';
import { StateNames, stepOfState } from '../../contract/state-names.ts';
import type { HistoryEntry } from './history.ts';
import { loadStepFunctionsLibrary } from './step-functions-library.ts';

/** How a local execution ended, as Step Functions would report it. */
export interface SettledExecution {
  readonly execution: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT';
  readonly output?: unknown;
  readonly error?: { readonly name: string; readonly message: string };
}

/** Awaits an execution's result and turns a failure into Step Functions' error and cause. */
export async function settle(result: Promise<unknown>): Promise<SettledExecution> {
  try {
    return { execution: 'SUCCEEDED', output: await result };
  } catch (error) {
    if (error instanceof loadStepFunctionsLibrary().ExecutionTimeoutError) {
      return { execution: 'TIMED_OUT', error: { name: 'States.Timeout', message: error.message } };
    }
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    const name = cause instanceof Error ? cause.name : 'Error';
    const message = cause instanceof Error ? cause.message : String(cause);
    return { execution: 'FAILED', error: { name, message } };
  }
}

/** How the record states of a finished execution left the saga, read from its history. */
export type RecordedOutcome =
  | { readonly kind: 'recorded'; readonly status: SagaStatus }
  /** The record's condition refused the write: the item's status is someone else's. */
  | { readonly kind: 'superseded' }
  /**
   * No record state finished: the execution failed (or timed out) in `failedState`, while handling
   * `failure` (the `$.failure` of that state's input: what started the rollback, if anything).
   */
  | { readonly kind: 'unrecorded'; readonly failedState: string | undefined; readonly failure: unknown };

/**
 * The status the execution's own record state wrote, read from its history (no read-back): the
 * last record state that succeeded, with the rollback status its input carried.
 */
export function executionOutcome(history: readonly HistoryEntry[]): RecordedOutcome {
  const last = history.findLast((entry) => entry.role === 'record' && entry.event === 'succeeded');
  if (last?.state === StateNames.recordCompleted) return { kind: 'recorded', status: SagaStatus.COMPLETED };
  if (last?.state === StateNames.recordRolledBack) {
    // What the record wrote: the rollback status its input carried (COMPENSATED, or TIMED_OUT /
    // CANCELLED when the deadline or an operator started the rollback).
    const entered = history.findLast(
      (entry) => entry.event === 'entered' && entry.state === StateNames.recordRolledBack,
    );
    const status = (entered?.input as { rollbackStatus?: SagaStatus } | undefined)?.rollbackStatus;
    return { kind: 'recorded', status: status ?? SagaStatus.COMPENSATED };
  }
  if (last) return { kind: 'superseded' };
  const failed = history.findLast((entry) => entry.event === 'failed');
  const entered =
    failed && history.findLast((entry) => entry.event === 'entered' && entry.state === failed.state);
  const input = entered?.input as { failure?: unknown } | undefined;
  return {
    kind: 'unrecorded',
    failedState: failed ? stepOfState(failed.state) : undefined,
    failure: input?.failure ?? null,
  };
}

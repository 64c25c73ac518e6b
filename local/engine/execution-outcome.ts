import { SagaStatus } from '../../contract/saga-table.ts';
import { StateNames } from '../../contract/state-names.ts';
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

const FAILED_RECORD_PREFIX = StateNames.recordFailed('');

/**
 * The status the execution's own record state wrote, read from its history (no read-back): the
 * last record state that succeeded. `undefined` when none did (the status recorder's case).
 */
export function executionOutcome(
  history: readonly HistoryEntry[],
): { readonly status: SagaStatus; readonly failedStep?: string } | undefined {
  const last = history.findLast((entry) => entry.role === 'record' && entry.event === 'succeeded');
  if (!last) return undefined;
  if (last.state === StateNames.recordCompleted) return { status: SagaStatus.COMPLETED };
  if (last.state === StateNames.recordCompensated) return { status: SagaStatus.COMPENSATED };
  if (last.state.startsWith(FAILED_RECORD_PREFIX))
    return { status: SagaStatus.FAILED, failedStep: last.state.slice(FAILED_RECORD_PREFIX.length) };
  return undefined;
}

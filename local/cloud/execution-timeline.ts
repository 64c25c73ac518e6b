import type { SagaStatus } from '../../contract/saga-table.ts';
import type { TimelineRun } from '../engine/format-timeline.ts';
import { compensatedSteps, countRetries, countTransitions } from '../engine/history.ts';
import type { LocalExecution } from './local-step-functions.ts';

/** A local-cloud execution in the shape the timeline formatter reads. */
export function executionTimeline(execution: LocalExecution, status: SagaStatus | undefined): TimelineRun {
  return {
    sagaId: execution.name,
    status,
    execution:
      execution.status === 'SUCCEEDED'
        ? 'SUCCEEDED'
        : execution.status === 'TIMED_OUT'
          ? 'TIMED_OUT'
          : 'FAILED',
    history: execution.history,
    transitions: countTransitions(execution.history),
    retries: countRetries(execution.history),
    compensated: compensatedSteps(execution.history),
    ...(execution.error ? { error: { name: execution.error, message: execution.cause ?? '' } } : {}),
  };
}

import type { StateMachineDefinition } from '../../statemachines/compiler/asl.ts';
import { pruneUnreachable } from '../../statemachines/compiler/prune-unreachable.ts';
import type { HistoryEntry } from '../engine/history.ts';

/**
 * Days after its end that Step Functions still redrives an execution.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html
 */
export const REDRIVE_WINDOW_MS = 14 * 24 * 60 * 60 * 1000;

/** Statuses Step Functions redrives: an execution that did not succeed. */
const REDRIVABLE = new Set(['FAILED', 'TIMED_OUT', 'ABORTED']);

/**
 * Why Step Functions would refuse to redrive this execution (its `ExecutionNotRedrivable`
 * message), or `undefined` when it may be redriven: it must have ended unsuccessfully, within the
 * redrive window.
 */
export function redriveRefusal(
  execution: { readonly executionArn: string; readonly status: string; readonly stopDate?: Date },
  now: Date,
): string | undefined {
  if (!REDRIVABLE.has(execution.status))
    return `Execution ${execution.executionArn} is ${execution.status}: only FAILED, TIMED_OUT or ABORTED executions can be redriven`;
  const stoppedAt = execution.stopDate?.getTime() ?? now.getTime();
  if (now.getTime() - stoppedAt > REDRIVE_WINDOW_MS)
    return `Execution ${execution.executionArn} ended more than 14 days ago (${execution.stopDate?.toISOString()}): it can no longer be redriven`;
  return undefined;
}

/** Where a redrive resumes: the state the execution ended in, and the input it entered it with. */
export interface ResumePoint {
  readonly state: string;
  readonly input: unknown;
}

/**
 * The top-level state the execution was in when it ended — the last one it entered — and that
 * state's input: a redrive runs it again with the same input, and goes on from there, as Step
 * Functions does (the states that succeeded before it are not run again). A Parallel state is
 * resumed as a whole (AWS re-runs only its unsuccessful branches: the compiled saga's branches
 * catch their members' failures, so a branch never ends an execution on its own).
 */
export function resumePoint(
  definition: StateMachineDefinition,
  history: readonly HistoryEntry[],
): ResumePoint | undefined {
  const entered = history.findLast(
    (entry) => entry.event === 'entered' && Object.hasOwn(definition.States, entry.state),
  );
  return entered ? { state: entered.state, input: entered.input ?? {} } : undefined;
}

/**
 * The same state machine, starting at `state`, without the states it can no longer reach (the
 * interpreter refuses unreachable states): what a redrive runs.
 */
export function definitionFrom(definition: StateMachineDefinition, state: string): StateMachineDefinition {
  return { ...definition, StartAt: state, States: pruneUnreachable(definition.States, state) };
}

import { StateNames } from '../../contract/state-names.ts';
import type { SagaStep } from '../definition/saga.ts';
import { emptyFragment, type Fragment } from './fragment.ts';
import type { ResolvedSagaResources } from './resources.ts';
import {
  cancelCatcher,
  cancelledPassState,
  configurationCatcher,
  deadlineCatcher,
  deadlinePassState,
  failureCatchers,
  renderAction,
  renderCompensation,
  type SagaEnvelope,
} from './step-tasks.ts';

/**
 * A plain step: its action, its compensation (whose `Next` is the rollback entry it was given, so
 * compensations chain last-completed-first), and the states its failures need.
 *
 * - Before the pivot, a failure is caught into the rollback (a passed deadline first marks it
 *   TIMED_OUT); a configuration error goes to a copy of the action without that catcher, so the
 *   execution fails in place and a redrive re-runs the step once it is fixed.
 * - After the pivot nothing is caught: the step is retried, and if it cannot finish the execution
 *   fails in this state — FAILED, and redriven from here.
 */
export function renderStep(
  step: SagaStep,
  next: string,
  rollbackEntry: string,
  saga: SagaEnvelope,
  resources: ResolvedSagaResources,
): Fragment {
  const fragment = emptyFragment(rollbackEntry);
  const resultPath = `$.steps.${step.name}`;
  if (step.forwardOnly) {
    fragment.forward[step.name] = renderAction(step, { next, resultPath, catchers: [] }, saga, resources);
    return fragment;
  }
  const deadlineState = StateNames.deadlinePassed(step.name);
  const deadline = deadlineCatcher(step, deadlineState);
  const cancelledState = StateNames.cancelled(step.name);
  const cancel = cancelCatcher(step, cancelledState);
  fragment.forward[step.name] = renderAction(
    step,
    {
      next,
      resultPath,
      catchers: [
        ...configurationCatcher(step),
        ...deadline,
        ...cancel,
        ...failureCatchers(step, rollbackEntry),
      ],
    },
    saga,
    resources,
  );
  if (step.action.kind === 'lambda') {
    fragment.terminal[StateNames.afterFix(step.name)] = renderAction(
      step,
      { next, resultPath, catchers: [...deadline, ...cancel, ...failureCatchers(step, rollbackEntry, true)] },
      saga,
      resources,
    );
    fragment.terminal[deadlineState] = deadlinePassState(step.name, rollbackEntry);
    fragment.terminal[cancelledState] = cancelledPassState(step.name, rollbackEntry);
  }
  if (!step.compensation) return fragment;
  const compensationName = StateNames.compensation(step.name);
  fragment.compensation[compensationName] = renderCompensation(step, rollbackEntry, saga, resources);
  return { ...fragment, rollbackEntry: compensationName };
}

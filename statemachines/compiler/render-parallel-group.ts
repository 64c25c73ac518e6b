import { CANCELLED_ERROR_NAME, DEADLINE_ERROR_NAME } from '../../contract/error-names.ts';
import { GROUP_FAILURE_ERROR } from '../../contract/saga-failure.ts';
import { StateNames } from '../../contract/state-names.ts';
import { isCancellable } from '../definition/cancellable.ts';
import type { SagaParallelGroup, SagaStep } from '../definition/saga.ts';
import type { AslState, ChoiceRule, ChoiceState, ParallelState, PassState } from './asl.ts';
import { emptyFragment, type Fragment } from './fragment.ts';
import type { ResolvedSagaResources } from './resources.ts';
import {
  cancelledPassState,
  configurationCatcher,
  deadlinePassState,
  FAILURE_PATH,
  failureCatchers,
  renderAction,
  renderCompensation,
  type SagaEnvelope,
  selfCompensatingErrors,
} from './step-tasks.ts';

/**
 * A parallel group: a Parallel state whose branches each run one member.
 *
 * Before the pivot, a member's failure is caught inside its branch, so it never cancels its
 * siblings: every branch settles, then one Choice looks for a failure. Each member's outcome lands at
 * `$.steps.<Group>.<Step>`, `{ output }` when it completed, `{ Error, Cause }` when it failed. A
 * failure puts the members' outcomes at `$.failure` (one Pass, on that path only) and rolls back
 * through one guard Choice per compensable member, which compensates the member only if it
 * completed (or undoes itself): exactly the completed members are undone, whether the group failed
 * or a later step did. After the pivot nothing is caught: a member that cannot finish fails the
 * group, and the execution fails there (a redrive re-runs the failed branches).
 */
export function renderParallelGroup(
  group: SagaParallelGroup,
  next: string,
  rollbackEntry: string,
  saga: SagaEnvelope,
  resources: ResolvedSagaResources,
): Fragment {
  const fragment = emptyFragment(rollbackEntry);
  const outcomePath = (step: string) => `$.steps.${group.name}.${step}`;

  // Chain the guards first-member-first (each undoes what came before it), then list them
  // last-member-first, the order a rollback meets them.
  const compensable = group.steps.filter((step) => step.compensation !== undefined);
  const undoStates: [string, AslState][] = [];
  let undoEntry = rollbackEntry;
  for (const step of compensable) {
    const guard = StateNames.memberGuard(step.name);
    const guardState: ChoiceState = {
      Type: 'Choice',
      Comment: `Compensate ${step.name} only if it completed`,
      Choices: guardRules(step, outcomePath(step.name)),
      Default: undoEntry,
    };
    undoStates.unshift(
      [guard, guardState],
      [StateNames.compensation(step.name), renderCompensation(step, undoEntry, saga, resources)],
    );
    undoEntry = guard;
  }
  Object.assign(fragment.compensation, Object.fromEntries(undoStates));

  fragment.forward[group.name] = renderParallelState(group, saga, resources);
  if (group.forwardOnly) {
    fragment.forward[group.name] = { ...fragment.forward[group.name], Next: next } as ParallelState;
    return { ...fragment, rollbackEntry: undoEntry };
  }
  const failed = StateNames.groupFailed(group.name);
  const deadline = StateNames.deadlinePassed(group.name);
  const cancelled = StateNames.cancelled(group.name);
  const memberEnded = (error: string) => ({
    Or: group.steps.map((step) => ({
      And: [
        { Variable: `${outcomePath(step.name)}.Error`, IsPresent: true },
        { Variable: `${outcomePath(step.name)}.Error`, StringEquals: error },
      ],
    })),
  });
  fragment.forward[StateNames.groupSettled(group.name)] = {
    Type: 'Choice',
    Comment: `Did a member of ${group.name} fail?`,
    Choices: [
      // A path that does not exist fails a Choice with States.Runtime: test presence first.
      { ...memberEnded(DEADLINE_ERROR_NAME), Next: deadline },
      ...(group.steps.some(isCancellable) ? [{ ...memberEnded(CANCELLED_ERROR_NAME), Next: cancelled }] : []),
      {
        Or: group.steps.map((step) => ({ Variable: `${outcomePath(step.name)}.Error`, IsPresent: true })),
        Next: failed,
      },
    ],
    Default: next,
  };
  fragment.terminal[deadline] = deadlinePassState(group.name, failed);
  if (group.steps.some(isCancellable)) fragment.terminal[cancelled] = cancelledPassState(group.name, failed);
  fragment.terminal[failed] = groupFailedState(group, undoEntry);
  return { ...fragment, rollbackEntry: undoEntry };
}

function renderParallelState(
  group: SagaParallelGroup,
  saga: SagaEnvelope,
  resources: ResolvedSagaResources,
): ParallelState {
  return {
    Type: 'Parallel',
    Comment: `Runs ${group.steps.map((step) => step.name).join(', ')} side by side`,
    Branches: group.steps.map((step) => ({
      StartAt: step.name,
      States: branchStates(step, group, saga, resources),
    })),
    ResultSelector: Object.fromEntries(group.steps.map((step, index) => [`${step.name}.$`, `$[${index}]`])),
    ResultPath: `$.steps.${group.name}`,
    Next: StateNames.groupSettled(group.name),
  };
}

/** A member's branch: its action, and before the pivot the states that keep its failure in the branch. */
function branchStates(
  step: SagaStep,
  group: SagaParallelGroup,
  saga: SagaEnvelope,
  resources: ResolvedSagaResources,
): Record<string, AslState> {
  // ASL's default ResultPath `$`, written by omission: the branch output is `{ output }`.
  const placement = { next: undefined, resultPath: undefined, wrapOutput: true };
  if (group.forwardOnly)
    return { [step.name]: renderAction(step, { ...placement, catchers: [] }, saga, resources) };
  // No ResultPath: the error output `{ Error, Cause }` becomes the branch output. The copy after a
  // configuration error keeps only the errors a step normally fails with in the branch (see
  // `failureCatchers`): a configuration error again fails the group, and the execution, there.
  const memberFailed = StateNames.memberFailed(step.name);
  const keepInBranch = [{ ErrorEquals: ['States.ALL'], Next: memberFailed }];
  const keepInBranchAfterFix = failureCatchers(step, memberFailed, true).flatMap((catcher) => [
    { ErrorEquals: catcher.ErrorEquals, Next: memberFailed },
  ]);
  const deadlineInBranch =
    step.action.kind === 'lambda'
      ? [{ ErrorEquals: [DEADLINE_ERROR_NAME, CANCELLED_ERROR_NAME], Next: memberFailed }]
      : [];
  return {
    [step.name]: renderAction(
      step,
      { ...placement, catchers: [...configurationCatcher(step), ...keepInBranch] },
      saga,
      resources,
    ),
    ...(step.action.kind === 'lambda'
      ? {
          [StateNames.afterFix(step.name)]: renderAction(
            step,
            { ...placement, catchers: [...deadlineInBranch, ...keepInBranchAfterFix] },
            saga,
            resources,
          ),
        }
      : {}),
    [StateNames.memberFailed(step.name)]: {
      Type: 'Succeed',
      Comment: `Ends the branch with ${step.name}'s error so its siblings finish`,
    },
  };
}

/** Puts the members' outcomes at `$.failure`, as the record and the lifecycle events read it. */
function groupFailedState(group: SagaParallelGroup, next: string): PassState {
  return {
    Type: 'Pass',
    Comment: `A member of ${group.name} failed: keep every member's outcome as the failure, then roll back`,
    Parameters: {
      Error: GROUP_FAILURE_ERROR,
      'Cause.$': `States.JsonToString($.steps.${group.name})`,
      group: group.name,
    },
    ResultPath: FAILURE_PATH,
    Next: next,
  };
}

function guardRules(step: SagaStep, outcomePath: string): ChoiceRule[] {
  const compensate = StateNames.compensation(step.name);
  const rules: ChoiceRule[] = [{ Variable: `${outcomePath}.output`, IsPresent: true, Next: compensate }];
  // Reached only when `output` is absent, i.e. the member failed and `Error` is present.
  for (const error of selfCompensatingErrors(step))
    rules.push({ Variable: `${outcomePath}.Error`, StringEquals: error, Next: compensate });
  return rules;
}

import { CONFIGURATION_ERROR_NAME, OUTCOME_UNKNOWN_ERRORS } from '../../contract/error-names.ts';
import { StateNames } from '../../contract/state-names.ts';
import type { SagaParallelGroup, SagaStep } from '../definition/saga.ts';
import type { AslState, ChoiceRule, ChoiceState, ParallelState } from './asl.ts';
import { emptyFragment, type Fragment } from './fragment.ts';
import { renderCompensation, renderFailedEnd } from './render-step.ts';
import { renderTask } from './render-task.ts';
import type { ResolvedSagaResources } from './resources.ts';

/**
 * A parallel group: a Parallel state whose branches each run one member. A member's failure is
 * caught inside its branch, so a failing member never cancels its siblings: every branch settles,
 * then one Choice looks for a failure. Each member's outcome lands at `$.steps.<Group>.<Step>`,
 * `{ output }` when it completed, `{ Error, Cause }` when it failed.
 *
 * The rollback through a group passes one guard Choice per compensable member, which compensates
 * the member only if it completed (or timed out and opted in): exactly the completed members are
 * undone, whether the group itself failed or a later step did.
 */
export function renderParallelGroup(
  group: SagaParallelGroup,
  next: string,
  rollbackEntry: string,
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
      [StateNames.compensation(step.name), renderCompensation(step, undoEntry, resources)],
    );
    Object.assign(fragment.terminal, renderFailedEnd(StateNames.compensation(step.name), resources));
    undoEntry = guard;
  }
  Object.assign(fragment.compensation, Object.fromEntries(undoStates));

  const failureEntry = group.forwardOnly ? StateNames.recordFailed(group.name) : undoEntry;
  const lambdaMembers = group.steps.filter((step) => step.action.kind === 'lambda');
  const parksOnConfiguration = !group.forwardOnly && lambdaMembers.length > 0;
  if (group.forwardOnly || parksOnConfiguration)
    Object.assign(fragment.terminal, renderFailedEnd(group.name, resources));
  fragment.forward[group.name] = renderParallelState(group, resources);
  fragment.forward[StateNames.groupSettled(group.name)] = {
    Type: 'Choice',
    Comment: `Did a member of ${group.name} fail?`,
    Choices: [
      // A member that cannot run as configured parks the saga as FAILED: no rollback hides it.
      ...(parksOnConfiguration
        ? [
            {
              // A path that does not exist fails a Choice with States.Runtime: test presence first.
              Or: lambdaMembers.map((step) => ({
                And: [
                  { Variable: `${outcomePath(step.name)}.Error`, IsPresent: true },
                  { Variable: `${outcomePath(step.name)}.Error`, StringEquals: CONFIGURATION_ERROR_NAME },
                ],
              })),
              Next: StateNames.recordFailed(group.name),
            },
          ]
        : []),
      {
        Or: group.steps.map((step) => ({ Variable: `${outcomePath(step.name)}.Error`, IsPresent: true })),
        Next: failureEntry,
      },
    ],
    Default: next,
  };
  return { ...fragment, rollbackEntry: undoEntry };
}

function renderParallelState(group: SagaParallelGroup, resources: ResolvedSagaResources): ParallelState {
  return {
    Type: 'Parallel',
    Comment: `Runs ${group.steps.map((step) => step.name).join(', ')} side by side`,
    Branches: group.steps.map((step) => ({
      StartAt: step.name,
      States: {
        [step.name]: renderTask(
          {
            step: step.name,
            phase: 'action',
            target: step.action,
            retry: step.retry,
            terminalErrors: step.terminalErrors,
            timeoutSeconds: step.timeoutSeconds,
            // ASL's default ResultPath `$`, written by omission: the branch output is `{ output }`.
            resultPath: undefined,
            wrapOutput: true,
            next: undefined,
            // No ResultPath: the error output `{ Error, Cause }` becomes the branch output.
            catchers: [{ ErrorEquals: ['States.ALL'], Next: StateNames.memberFailed(step.name) }],
          },
          resources,
        ),
        [StateNames.memberFailed(step.name)]: {
          Type: 'Succeed',
          Comment: `Ends the branch with ${step.name}'s error so its siblings finish`,
        },
      },
    })),
    ResultSelector: Object.fromEntries(group.steps.map((step, index) => [`${step.name}.$`, `$[${index}]`])),
    ResultPath: `$.steps.${group.name}`,
    Next: StateNames.groupSettled(group.name),
  };
}

function guardRules(step: SagaStep, outcomePath: string): ChoiceRule[] {
  const compensate = StateNames.compensation(step.name);
  const rules: ChoiceRule[] = [{ Variable: `${outcomePath}.output`, IsPresent: true, Next: compensate }];
  // Reached only when `output` is absent, i.e. the member failed and `Error` is present.
  if (step.compensateOnTimeout) {
    for (const error of OUTCOME_UNKNOWN_ERRORS)
      rules.push({ Variable: `${outcomePath}.Error`, StringEquals: error, Next: compensate });
  }
  return rules;
}

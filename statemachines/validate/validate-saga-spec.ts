import {
  DEFAULT_COMPENSATION_TIMEOUT_SECONDS,
  DEFAULT_SAGA_TIMEOUT_SECONDS,
  DEFAULT_STEP_TIMEOUT_SECONDS,
  STEP_FUNCTIONS_LIMITS,
} from '../definition/defaults.ts';
import { isParallelGroupSpec, type SagaSpec, type StepSpec } from '../definition/saga-spec.ts';
import type { SagaDefinitionProblem } from './saga-definition-error.ts';
import { checkName, checkStep, type StepPosition } from './step-rules.ts';

/** The saga name must fit a state machine name with room for a stack prefix. */
const MAX_SAGA_NAME_LENGTH = 64;

/**
 * Every problem in a saga as written, in declaration order. Empty means the definition is
 * well-formed; `checkSagaLimits` then checks the resolved saga against Step Functions' quotas.
 */
export function validateSagaSpec(spec: SagaSpec): SagaDefinitionProblem[] {
  const saga = typeof spec.name === 'string' && spec.name ? spec.name : '<unnamed>';
  const problems: SagaDefinitionProblem[] = [];
  const report = (
    step: string | undefined,
    found: readonly Omit<SagaDefinitionProblem, 'saga' | 'step'>[],
  ) => {
    for (const problem of found)
      problems.push(step === undefined ? { saga, ...problem } : { saga, step, ...problem });
  };

  report(undefined, checkSagaFields(spec));
  if (!Array.isArray(spec.steps) || spec.steps.length === 0) {
    report(undefined, [
      {
        field: 'steps',
        given: spec.steps,
        problem: 'a saga needs at least one step',
        fix: 'add the steps in the order they run',
      },
    ]);
    return problems;
  }

  const seen = new Set<string>();
  const functionEntries = new Map<string, string>();
  let pivotSeen = false;
  for (const entry of spec.steps) {
    if (isParallelGroupSpec(entry)) {
      report(entry.name, [...checkName(entry.name), ...checkGroupShape(entry.steps)]);
      checkUnique(entry.name, seen, report);
    }
    const members: readonly StepSpec[] = isParallelGroupSpec(entry) ? entry.steps : [entry];
    for (const step of members) {
      const position: StepPosition = pivotSeen ? 'after-pivot' : step.pivot ? 'pivot' : 'before-pivot';
      if (step.pivot && pivotSeen) {
        report(step.name, [
          {
            field: 'pivot',
            given: true,
            problem: 'a saga has at most one pivot; everything after the first is already forward-only',
            fix: 'keep `pivot: true` on the first step that cannot be undone only',
          },
        ]);
      }
      if (step.pivot && isParallelGroupSpec(entry)) {
        report(step.name, [
          {
            field: 'pivot',
            given: true,
            problem: `a pivot cannot run inside parallel group "${entry.name}": its siblings could fail after it succeeded`,
            fix: 'move the pivot out of the group, after it',
          },
        ]);
      }
      report(step.name, checkStep(step, position));
      report(step.name, checkStepFitsSaga(step, spec.timeoutSeconds));
      checkUnique(step.name, seen, report);
      checkFunctionIds(step, functionEntries, report);
    }
    pivotSeen ||= members.some((step) => step.pivot === true);
  }
  return problems;
}

type Report = (
  step: string | undefined,
  found: readonly Omit<SagaDefinitionProblem, 'saga' | 'step'>[],
) => void;

function checkSagaFields(spec: SagaSpec): Omit<SagaDefinitionProblem, 'saga' | 'step'>[] {
  const problems: Omit<SagaDefinitionProblem, 'saga' | 'step'>[] = [];
  if (typeof spec.name !== 'string' || !/^[A-Za-z][A-Za-z0-9_-]*$/.test(spec.name)) {
    problems.push({
      field: 'name',
      given: spec.name,
      problem: 'must start with a letter and hold only letters, digits, "-" and "_"',
      fix: 'use a PascalCase id such as "OrderSaga"',
    });
  } else if (spec.name.length > MAX_SAGA_NAME_LENGTH) {
    problems.push({
      field: 'name',
      given: spec.name,
      problem: `is ${spec.name.length} characters; it names the state machine`,
      fix: `shorten it to ${MAX_SAGA_NAME_LENGTH} characters or fewer`,
    });
  }
  const timeout = spec.timeoutSeconds;
  if (
    timeout !== undefined &&
    (!Number.isInteger(timeout) || timeout < 1 || timeout > STEP_FUNCTIONS_LIMITS.standardExecutionSeconds)
  ) {
    problems.push({
      field: 'timeoutSeconds',
      given: timeout,
      problem: 'must be whole seconds from 1 to one year',
      fix: 'use e.g. 300',
    });
  }
  const retention = spec.retentionDays;
  if (retention !== undefined && (!Number.isInteger(retention) || retention < 1)) {
    problems.push({
      field: 'retentionDays',
      given: retention,
      problem: 'must be a whole number of days of at least 1',
      fix: 'use e.g. 7',
    });
  }
  const inputBytes = spec.maxInputBytes;
  if (inputBytes !== undefined && (!Number.isInteger(inputBytes) || inputBytes < 1)) {
    problems.push({
      field: 'maxInputBytes',
      given: inputBytes,
      problem: 'must be a positive whole number',
      fix: 'use e.g. 16384',
    });
  }
  return problems;
}

function checkGroupShape(steps: readonly StepSpec[]): Omit<SagaDefinitionProblem, 'saga' | 'step'>[] {
  if (Array.isArray(steps) && steps.length >= 2) return [];
  return [
    {
      field: 'steps',
      given: Array.isArray(steps) ? steps.map((step) => step.name) : steps,
      problem: 'a parallel group needs at least two steps',
      fix: 'add the steps that run side by side, or make a single step a plain step',
    },
  ];
}

function checkStepFitsSaga(step: StepSpec, sagaTimeoutGiven: number | undefined) {
  const sagaTimeout = sagaTimeoutGiven ?? DEFAULT_SAGA_TIMEOUT_SECONDS;
  const limits = [
    ['timeoutSeconds', step.timeoutSeconds ?? DEFAULT_STEP_TIMEOUT_SECONDS],
    [
      'compensationTimeoutSeconds',
      step.compensation === undefined
        ? 0
        : (step.compensationTimeoutSeconds ?? DEFAULT_COMPENSATION_TIMEOUT_SECONDS),
    ],
  ] as const;
  return limits
    .filter(([, seconds]) => seconds > sagaTimeout)
    .map(([field, seconds]) => ({
      field,
      given: seconds,
      problem: `is longer than the whole saga's timeoutSeconds (${sagaTimeout}${sagaTimeoutGiven === undefined ? ', the default' : ''}), so the saga would time out first`,
      fix: `raise the saga's timeoutSeconds above ${seconds} or shorten the step's ${field}`,
    }));
}

function checkUnique(name: string, seen: Set<string>, report: Report): void {
  if (seen.has(name)) {
    report(name, [
      {
        field: 'name',
        given: name,
        problem: 'is used twice; step and group names are the ids of their states and must be unique',
        fix: 'rename one of them',
      },
    ]);
  }
  seen.add(name);
}

function checkFunctionIds(step: StepSpec, entries: Map<string, string>, report: Report): void {
  for (const [field, target] of [
    ['action', step.action],
    ['compensation', step.compensation],
  ] as const) {
    if (typeof target !== 'object' || target.kind !== 'lambda') continue;
    const handlerOf = `${target.entry}#${target.exportName}`;
    const known = entries.get(target.functionId);
    if (known !== undefined && known !== handlerOf) {
      report(step.name, [
        {
          field: `${field}.functionId`,
          given: target.functionId,
          problem: `is already the id of handler "${known}"; two handlers cannot share one function id`,
          fix: `pass lambda('${target.entry}', { functionId: '<another id>' })`,
        },
      ]);
    }
    entries.set(target.functionId, handlerOf);
  }
}

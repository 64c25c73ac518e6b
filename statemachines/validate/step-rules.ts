import { MAX_STEP_NAME_LENGTH, STEP_FUNCTIONS_LIMITS } from '../definition/defaults.ts';
import { NO_COMPENSATION, type StepSpec } from '../definition/saga-spec.ts';
import type { TaskTarget } from '../definition/task-target.ts';
import { checkRetryPolicy } from './retry-policy-rules.ts';
import type { SagaDefinitionProblem } from './saga-definition-error.ts';

/** Step and group names: a letter, then letters, digits, `-` or `_`. */
export const STEP_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** Where a step stands relative to the saga's pivot. */
export type StepPosition = 'before-pivot' | 'pivot' | 'after-pivot';

type Problem = Omit<SagaDefinitionProblem, 'saga' | 'step'>;

/** Checks a step or group name. */
export function checkName(name: unknown): Problem[] {
  if (typeof name !== 'string' || !STEP_NAME_PATTERN.test(name)) {
    return [
      {
        field: 'name',
        given: name,
        problem: 'must start with a letter and hold only letters, digits, "-" and "_"',
        fix: 'use a PascalCase id such as "ChargePayment"',
      },
    ];
  }
  if (name.length > MAX_STEP_NAME_LENGTH) {
    return [
      {
        field: 'name',
        given: name,
        problem: `is ${name.length} characters; derived state names must fit Step Functions' ${STEP_FUNCTIONS_LIMITS.stateNameLength}`,
        fix: `shorten it to ${MAX_STEP_NAME_LENGTH} characters or fewer`,
      },
    ];
  }
  return [];
}

/** Checks one step's fields, given where it stands relative to the pivot. */
export function checkStep(step: StepSpec, position: StepPosition): Problem[] {
  return [
    ...checkName(step.name),
    ...checkCompensation(step, position),
    ...checkTarget('action', step.action),
    ...(typeof step.compensation === 'object' ? checkTarget('compensation', step.compensation) : []),
    ...checkTimeout('timeoutSeconds', step.timeoutSeconds),
    ...checkTimeout('compensationTimeoutSeconds', step.compensationTimeoutSeconds),
    ...prefixed('retry', step.retry ? checkRetryPolicy(step.retry) : []),
    ...prefixed('compensationRetry', step.compensationRetry ? checkRetryPolicy(step.compensationRetry) : []),
    ...checkTerminalErrors('terminalErrors', step.terminalErrors),
    ...checkTerminalErrors('compensationTerminalErrors', step.compensationTerminalErrors),
    ...checkPositive('maxOutputBytes', step.maxOutputBytes),
  ];
}

function checkCompensation(step: StepSpec, position: StepPosition): Problem[] {
  const { compensation } = step;
  const hasCompensation = compensation !== undefined && compensation !== NO_COMPENSATION;
  if (position === 'pivot' && hasCompensation) {
    return [
      {
        field: 'compensation',
        given: compensation,
        problem: 'a pivot cannot be undone, so it cannot have a compensation',
        fix: 'remove the compensation, or remove `pivot: true` if the step can be undone',
      },
    ];
  }
  if (position === 'after-pivot' && hasCompensation) {
    return [
      {
        field: 'compensation',
        given: compensation,
        problem: 'steps after the pivot are retried forward and never compensated',
        fix: 'remove the compensation, or move the step before the pivot',
      },
    ];
  }
  if (position === 'before-pivot' && compensation === undefined) {
    return [
      {
        field: 'compensation',
        given: compensation,
        problem: 'is missing: a failure later in the saga could not undo this step',
        fix: 'add a compensation, mark the step `pivot: true`, or write `compensation: NO_COMPENSATION` if there is nothing to undo',
      },
    ];
  }
  if (step.compensateOnTimeout === true && !hasCompensation) {
    return [
      {
        field: 'compensateOnTimeout',
        given: true,
        problem: 'asks to compensate a timed-out action, but the step has no compensation',
        fix: 'add a compensation or drop compensateOnTimeout',
      },
    ];
  }
  return [];
}

function checkTarget(field: string, target: TaskTarget | undefined): Problem[] {
  if (target === undefined || typeof target !== 'object') {
    return [
      {
        field,
        given: target,
        problem: 'must be a Lambda handler or a DynamoDB call',
        fix: "use lambda('path/to/handler.ts') or dynamoDb.putItem(table, parameters)",
      },
    ];
  }
  if (target.kind === 'lambda') {
    const problems: Problem[] = [];
    if (!target.entry) {
      problems.push({
        field: `${field}.entry`,
        given: target.entry,
        problem: 'is empty',
        fix: 'name the handler module',
      });
    }
    if (!/^[A-Z][A-Za-z0-9]*$/.test(target.functionId)) {
      problems.push({
        field: `${field}.functionId`,
        given: target.functionId,
        problem: 'must be PascalCase letters and digits',
        fix: "pass lambda(entry, { functionId: 'ChargePayment' })",
      });
    }
    return problems;
  }
  if (!target.table) {
    return [{ field: `${field}.table`, given: target.table, problem: 'is empty', fix: 'name the table' }];
  }
  if ('TableName' in target.parameters) {
    return [
      {
        field: `${field}.parameters.TableName`,
        given: target.parameters.TableName,
        problem: 'is bound by the deployment from the logical table name',
        fix: 'remove TableName; pass the logical name as the first argument',
      },
    ];
  }
  return [];
}

function checkTimeout(field: string, value: number | undefined): Problem[] {
  if (value === undefined) return [];
  if (!Number.isInteger(value) || value < 1 || value > STEP_FUNCTIONS_LIMITS.standardExecutionSeconds) {
    return [
      {
        field,
        given: value,
        problem: 'must be whole seconds of at least 1 (Step Functions timeouts are integers)',
        fix: 'use e.g. 30',
      },
    ];
  }
  return [];
}

function checkTerminalErrors(field: string, errors: readonly string[] | undefined): Problem[] {
  if (errors === undefined) return [];
  const bad = errors.filter((name) => typeof name !== 'string' || name.length === 0 || name === 'States.ALL');
  if (bad.length === 0) return [];
  return [
    {
      field,
      given: errors,
      problem: 'must be error names; "States.ALL" would make every error terminal and turn retries off',
      fix: 'list specific names such as "PaymentDeclined", or use RetryPolicies.none',
    },
  ];
}

function checkPositive(field: string, value: number | undefined): Problem[] {
  if (value === undefined || (Number.isInteger(value) && value > 0)) return [];
  return [{ field, given: value, problem: 'must be a positive whole number of bytes', fix: 'use e.g. 8192' }];
}

function prefixed(prefix: string, problems: readonly Omit<Problem, never>[]): Problem[] {
  return problems.map((problem) => ({ ...problem, field: `${prefix}.${problem.field}` }));
}

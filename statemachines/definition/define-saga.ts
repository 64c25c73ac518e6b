import { TERMINAL_ERROR_NAME } from '../../contract/error-names.ts';
import { checkSagaLimits } from '../validate/limits.ts';
import { SagaDefinitionError } from '../validate/saga-definition-error.ts';
import { validateSagaSpec } from '../validate/validate-saga-spec.ts';
import {
  DEFAULT_COMPENSATION_TIMEOUT_SECONDS,
  DEFAULT_MAX_INPUT_BYTES,
  DEFAULT_MAX_OUTPUT_BYTES,
  DEFAULT_RETENTION_DAYS,
  DEFAULT_SAGA_TIMEOUT_SECONDS,
  DEFAULT_STEP_TIMEOUT_SECONDS,
} from './defaults.ts';
import { executionBudget } from './execution-timeout.ts';
import { RetryPolicies } from './retry-policy.ts';
import { SAGA_BRAND, type Saga, type SagaStep, type SagaUnit } from './saga.ts';
import { isParallelGroupSpec, NO_COMPENSATION, type SagaSpec, type StepSpec } from './saga-spec.ts';

/**
 * Validates a saga as written and fills in every default. Throws `SagaDefinitionError` listing
 * every problem found, each naming the saga, the step, the field, the value and the fix.
 *
 * @example
 * export const orderSaga = defineSaga({
 *   name: 'OrderSaga',
 *   steps: [
 *     { name: 'ReserveInventory', action: lambda('handlers/reserve.ts'), compensation: lambda('handlers/release.ts') },
 *     { name: 'CreateShipment', action: lambda('handlers/ship.ts'), pivot: true },
 *   ],
 * });
 */
export function defineSaga(spec: SagaSpec): Saga {
  const problems = validateSagaSpec(spec);
  if (problems.length > 0) throw new SagaDefinitionError(problems);

  let afterPivot = false;
  const units: SagaUnit[] = spec.steps.map((entry) => {
    const forwardOnly = afterPivot;
    if (isParallelGroupSpec(entry)) {
      return {
        kind: 'parallel',
        name: entry.name,
        forwardOnly,
        steps: entry.steps.map((step) => resolveStep(step, forwardOnly)),
      };
    }
    afterPivot ||= entry.pivot === true;
    return resolveStep(entry, forwardOnly);
  });

  const timeoutSeconds = spec.timeoutSeconds ?? DEFAULT_SAGA_TIMEOUT_SECONDS;
  const resolved: Omit<Saga, typeof SAGA_BRAND> = {
    name: spec.name,
    description: spec.description ?? `Saga ${spec.name}`,
    timeoutSeconds,
    executionTimeoutSeconds: executionBudget(units, timeoutSeconds).totalSeconds,
    retentionDays: spec.retentionDays ?? DEFAULT_RETENTION_DAYS,
    maxInputBytes: spec.maxInputBytes ?? DEFAULT_MAX_INPUT_BYTES,
    sensitiveKeys: [...(spec.sensitiveKeys ?? [])],
    inputSchema: spec.inputSchema,
    units,
  };
  const saga = Object.defineProperty(resolved, SAGA_BRAND, { value: true, enumerable: false }) as Saga;
  const limitProblems = checkSagaLimits(saga);
  if (limitProblems.length > 0) throw new SagaDefinitionError(limitProblems);
  return deepFreeze(saga);
}

/** Freezes a resolved saga and everything in it: what was validated cannot change afterwards. */
function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  for (const inner of Object.values(value)) deepFreeze(inner);
  return Object.freeze(value);
}

function resolveStep(step: StepSpec, forwardOnly: boolean): SagaStep {
  const compensation = typeof step.compensation === 'object' ? step.compensation : undefined;
  const terminalErrors = [TERMINAL_ERROR_NAME, ...(step.terminalErrors ?? [])];
  return {
    kind: 'step',
    name: step.name,
    action: step.action,
    compensation: step.compensation === NO_COMPENSATION ? undefined : compensation,
    pivot: step.pivot === true,
    forwardOnly,
    retry: step.retry ?? (forwardOnly ? RetryPolicies.critical : RetryPolicies.default),
    compensationRetry: step.compensationRetry ?? RetryPolicies.critical,
    timeoutSeconds: step.timeoutSeconds ?? DEFAULT_STEP_TIMEOUT_SECONDS,
    compensationTimeoutSeconds: step.compensationTimeoutSeconds ?? DEFAULT_COMPENSATION_TIMEOUT_SECONDS,
    terminalErrors: [...new Set(terminalErrors)],
    compensationTerminalErrors: [
      ...new Set([TERMINAL_ERROR_NAME, ...(step.compensationTerminalErrors ?? [])]),
    ],
    compensateOnTimeout: step.compensateOnTimeout === true,
    maxOutputBytes: step.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES,
    retryLambdaServiceErrors: step.retryLambdaServiceErrors !== false,
  };
}

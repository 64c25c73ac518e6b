/** A failure as Step Functions reports it. */
export interface StateError {
  readonly Error: string;
  readonly Cause?: string;
}

/** Why a saga rolled back or stopped, read from its final state (see `SagaExecutionInput`). */
export interface SagaFailure {
  /** The forward failure that started the rollback (a step's, or each failed group member's). */
  readonly failures: readonly (StateError & { readonly step?: string })[];
  /** The compensation failure that parked the saga as FAILED, if any. */
  readonly compensationFailure?: StateError;
}

/**
 * Reads the failures a final saga state holds: `$.failure` (a plain step's), the `{ Error, Cause }`
 * outcomes of group members under `$.steps.<Group>.<Step>`, and `$.compensationFailure`.
 */
export function sagaFailure(state: unknown): SagaFailure {
  const root = isObject(state) ? state : {};
  const failures: (StateError & { step?: string })[] = [];
  if (isStateError(root.failure)) failures.push(root.failure);
  const steps = isObject(root.steps) ? root.steps : {};
  for (const group of Object.values(steps)) {
    if (!isObject(group)) continue;
    for (const [step, outcome] of Object.entries(group)) {
      if (isStateError(outcome)) failures.push({ step, ...outcome });
    }
  }
  return isStateError(root.compensationFailure)
    ? { failures, compensationFailure: root.compensationFailure }
    : { failures };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStateError(value: unknown): value is StateError {
  return isObject(value) && typeof value.Error === 'string';
}

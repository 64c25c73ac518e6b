/** A failure as Step Functions reports it. */
export interface StateError {
  readonly Error: string;
  readonly Cause?: string;
}

/** Why a saga rolled back or stopped, read from its record. */
export interface SagaFailure {
  /**
   * The failure that started the rollback: a step's, or each failed member's of a parallel group
   * (with `step`). Empty when nothing failed forward.
   */
  readonly failures: readonly (StateError & { readonly step?: string })[];
  /**
   * What ended an execution that could not finish (a compensation, a step after the pivot, a
   * configuration error), as the status recorder wrote it, with the state that failed.
   */
  readonly endedWith?: StateError & { readonly failedStep?: string };
}

/** The error of a failed parallel group's rollback: its members' outcomes are in the cause. */
export const GROUP_FAILURE_ERROR = 'SagaGroupMemberFailed';

/**
 * Reads the failures a saga record holds: `failure` (the failure that started the rollback, as the
 * compiled record state wrote it — a JSON string, or the object a reader parsed it into; a group's
 * members' outcomes in its cause) and `error` / `cause` / `failedStep` (written by the status
 * recorder when an execution could not finish).
 */
export function sagaFailure(record: unknown): SagaFailure {
  const item = isObject(record) ? record : {};
  const failure = typeof item.failure === 'string' ? parse(item.failure) : item.failure;
  const failures = isStateError(failure) ? expand(failure) : [];
  if (typeof item.error !== 'string') return { failures };
  return {
    failures,
    endedWith: {
      Error: item.error,
      ...(typeof item.cause === 'string' ? { Cause: item.cause } : {}),
      ...(typeof item.failedStep === 'string' ? { failedStep: item.failedStep } : {}),
    },
  };
}

/** A group's failure is its failed members' errors, each with its step. */
function expand(failure: StateError): (StateError & { step?: string })[] {
  if (failure.Error !== GROUP_FAILURE_ERROR || typeof failure.Cause !== 'string') return [failure];
  const members = parse(failure.Cause);
  if (!isObject(members)) return [failure];
  return Object.entries(members).flatMap(([step, outcome]) =>
    isStateError(outcome)
      ? [{ step, Error: outcome.Error, ...(outcome.Cause ? { Cause: outcome.Cause } : {}) }]
      : [],
  );
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStateError(value: unknown): value is StateError {
  return isObject(value) && typeof value.Error === 'string';
}

import { boundedErrorTypes, FIXED_ERROR_TYPES } from '../../../contract/failure-reasons.ts';
import { allSteps, type Saga } from '../../../statemachines/definition/saga.ts';

/** The `ErrorType` values of a saga's failure reasons, and its own declared names among them. */
export interface SagaErrorTypes {
  /** Every value the lifecycle publisher can report for this saga: what the dashboard graphs. */
  readonly all: readonly string[];
  /** The saga's own names kept among them (its steps' terminal errors): what the publisher is told. */
  readonly declared: readonly string[];
}

/**
 * The bounded set of `ErrorType` values of a saga: the fixed ones, and the error names its steps
 * declare terminal (actions' and compensations'), in step order, up to the cap.
 */
export function sagaErrorTypes(saga: Saga): SagaErrorTypes {
  const named = allSteps(saga).flatMap((step) => [
    ...step.terminalErrors,
    ...step.compensationTerminalErrors,
  ]);
  const all = boundedErrorTypes(named);
  return { all, declared: all.slice(FIXED_ERROR_TYPES.length) };
}

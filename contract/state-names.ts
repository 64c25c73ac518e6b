/**
 * Names of the states the compiler derives from step and group names. They are the stable ids
 * of a saga's states: the local engine, the diagram and the tests find states by them.
 */
export const StateNames = {
  /** The terminal write of a saga that completed. */
  recordCompleted: 'Record COMPLETED',
  /** The terminal write of a saga that rolled back cleanly. */
  recordCompensated: 'Record COMPENSATED',
  /** The compensation of a step. */
  compensation: (step: string) => `Compensate ${step}`,
  /** The Choice that compensates a group member only if it completed. */
  memberGuard: (step: string) => `Undo ${step}?`,
  /** The Choice after a parallel group that checks whether a member failed. */
  groupSettled: (group: string) => `${group} settled`,
  /** The end of a group member's branch when the member failed. */
  memberFailed: (step: string) => `${step} failed`,
  /** The terminal write of a saga parked as FAILED because `stateName` could not finish. */
  recordFailed: (stateName: string) => `Record FAILED after ${stateName}`,
  /** The Fail state that ends the execution after `recordFailed`. */
  failed: (stateName: string) => `FAILED after ${stateName}`,
} as const;

/**
 * Names of the states the compiler derives from step and group names. They are the stable ids
 * of a saga's states: the local engine, the status recorder, the diagram and the tests find states
 * by them.
 */
export const StateNames = {
  /** The terminal write of a saga that completed. */
  recordCompleted: 'Record COMPLETED',
  /** The terminal write of a saga that rolled back: COMPENSATED, or TIMED_OUT when its deadline started the rollback. */
  recordRolledBack: 'Record rolled back',
  /** What a terminal write refused by the record's condition becomes: the outcome kept beside the status. */
  recordSuperseded: (record: string) => `${record} (superseded)`,
  /** The compensation of a step. */
  compensation: (step: string) => `Compensate ${step}`,
  /**
   * The same task as a step, run when the step could not run as configured: it fails the execution
   * in place, so a redrive after the fix re-runs the step and the saga goes on.
   */
  afterFix: (step: string) => `${step} after fix`,
  /** Marks a rollback the saga's deadline started (its record says TIMED_OUT). */
  deadlinePassed: (unit: string) => `${unit} past deadline`,
  /** Marks a rollback an operator's `saga cancel` started (its record says CANCELLED). */
  cancelled: (unit: string) => `${unit} cancelled`,
  /** Puts a failed parallel group's member outcomes at `$.failure` before its rollback. */
  groupFailed: (group: string) => `${group} failed`,
  /** The Choice that compensates a group member only if it completed. */
  memberGuard: (step: string) => `Undo ${step}?`,
  /** The Choice after a parallel group that checks whether a member failed. */
  groupSettled: (group: string) => `${group} settled`,
  /** The end of a group member's branch when the member failed. */
  memberFailed: (step: string) => `${step} did not finish`,
} as const;

const AFTER_FIX_SUFFIX = StateNames.afterFix('');

/**
 * The step or compensation a state stands for, for people: `ChargePayment` for `ChargePayment after
 * fix`; any other name as it is (`Compensate ChargePayment`).
 */
export function stepOfState(stateName: string): string {
  return stateName.endsWith(AFTER_FIX_SUFFIX) ? stateName.slice(0, -AFTER_FIX_SUFFIX.length) : stateName;
}

/**
 * Whether a state belongs to a saga's rollback (a compensation, its guard, a rollback's marker or
 * its record): an execution redriven from it resumes compensating, from any other it goes forward.
 */
export function isRollbackState(stateName: string): boolean {
  return (
    stateName.startsWith(StateNames.compensation('')) ||
    stateName.startsWith(StateNames.memberGuard('').slice(0, -1)) ||
    stateName === StateNames.recordRolledBack ||
    stateName === StateNames.recordSuperseded(StateNames.recordRolledBack)
  );
}

import { retryWaitSeconds } from '../definition/budgets.ts';
import { isCancellable } from '../definition/cancellable.ts';
import type { Saga, SagaParallelGroup, SagaStep, SagaUnit } from '../definition/saga.ts';

/** How a path through the compiled saga ends. */
export type PathOutcome = 'COMPLETED' | 'COMPENSATED' | 'FAILED';

/** What one path through the compiled state machine does, counted state by state. */
export interface SagaPath {
  /** `happy path`, or `<Step> fails after its retries`. */
  readonly name: string;
  /** The step that fails on this path; absent on the happy path. */
  readonly failingStep?: string;
  readonly outcome: PathOutcome;
  /** States entered (Tasks, Parallel, Choice, Pass, Succeed): Step Functions bills each as a transition. */
  readonly statesEntered: number;
  /** Retries of the failing step: each is billed as a transition too. */
  readonly retries: number;
  /** Lambda invocations of the saga's own steps (actions and compensations), retries included. */
  readonly lambdaInvocations: number;
  /** Direct DynamoDB calls of the saga's steps (actions and compensations), retries included. */
  readonly dynamoDbCalls: number;
  /**
   * Strongly consistent reads of the saga item: each attempt of a cancellable action (a Lambda
   * action before the pivot) asks whether an operator cancelled the saga.
   */
  readonly cancelChecks: number;
  /** Steps whose compensation ran. */
  readonly compensations: number;
  /** Of those, compensations that are Lambda steps (the first one marks the saga COMPENSATING). */
  readonly lambdaCompensations: number;
  /** 1 when the state machine writes the terminal record itself (else the status recorder does). */
  readonly recordWrites: number;
  /** Seconds the retries of the failing step wait between attempts, at most (Express bills them). */
  readonly retryWaitSeconds: number;
  /** The Lambda / DynamoDB tasks run one after the other, a parallel group counted by its longest member. */
  readonly sequentialTasks: { readonly lambda: number; readonly dynamoDb: number };
}

/** What a task state calls, for the counts. */
interface TaskCount {
  states: number;
  lambda: number;
  dynamoDb: number;
  cancelChecks: number;
  compensations: number;
  lambdaCompensations: number;
  sequentialLambda: number;
  sequentialDynamoDb: number;
}

const zero = (): TaskCount => ({
  states: 0,
  lambda: 0,
  dynamoDb: 0,
  cancelChecks: 0,
  compensations: 0,
  lambdaCompensations: 0,
  sequentialLambda: 0,
  sequentialDynamoDb: 0,
});

/**
 * Every path a cost report looks at: the happy path, then each step (group members included)
 * failing on every attempt its retry policy allows — the worst case of that failure point. The
 * counts follow the compiled topology (`compileSaga`): a test checks them, path by path, against
 * the states the local engine enters for the same failures.
 */
export function sagaPaths(saga: Saga): SagaPath[] {
  const paths: SagaPath[] = [happyPath(saga)];
  saga.units.forEach((unit, index) => {
    const members = unit.kind === 'step' ? [unit] : unit.steps;
    for (const step of members) paths.push(failurePath(saga, index, step));
  });
  return paths;
}

function happyPath(saga: Saga): SagaPath {
  const count = zero();
  for (const unit of saga.units) add(count, completedUnit(unit));
  return toPath('happy path', 'COMPLETED', count, 1, 0, 0);
}

function failurePath(saga: Saga, index: number, failing: SagaStep): SagaPath {
  const unit = saga.units[index] as SagaUnit;
  const count = zero();
  for (const earlier of saga.units.slice(0, index)) add(count, completedUnit(earlier));
  const retries = failing.retry.maxAttempts - 1;
  const waits = retryWaitSeconds(failing.retry);
  const name = `${failing.name} fails after its retries`;
  if (unit.forwardOnly) {
    // Nothing is caught after the pivot: the execution fails in the step (the status recorder writes FAILED).
    add(count, unit.kind === 'step' ? task(failing, 'action') : enteredGroup(unit));
    return toPath(name, 'FAILED', count, 0, retries, waits, failing);
  }
  if (unit.kind === 'step') {
    add(count, task(failing, 'action'));
  } else {
    add(count, enteredGroup(unit));
    // The failed member's branch ends in its Succeed state; the settled Choice and the Pass that
    // keeps the members' outcomes as the failure follow; then one guard per compensable member.
    count.states += 3;
    for (const member of unit.steps) {
      if (!member.compensation) continue;
      count.states += 1;
      if (member !== failing) add(count, task(member, 'compensation'));
    }
  }
  for (const earlier of saga.units.slice(0, index).reverse()) add(count, rollbackOf(earlier));
  // `Record rolled back` is counted by `toPath`, with the record write.
  return toPath(name, 'COMPENSATED', count, 1, retries, waits, failing);
}

/** A unit that completed: a step's Task; a group's Parallel, its members and (before the pivot) its settled Choice. */
function completedUnit(unit: SagaUnit): TaskCount {
  if (unit.kind === 'step') return task(unit, 'action');
  const count = enteredGroup(unit);
  if (!unit.forwardOnly) count.states += 1;
  return count;
}

/** A group's Parallel state and every member's action, members side by side. */
function enteredGroup(group: SagaParallelGroup): TaskCount {
  const count = zero();
  count.states = 1;
  for (const member of group.steps) {
    const one = task(member, 'action');
    count.states += one.states;
    count.lambda += one.lambda;
    count.dynamoDb += one.dynamoDb;
    count.cancelChecks += one.cancelChecks;
  }
  // Side by side: the group takes as long as one member.
  const anyLambda = group.steps.some((member) => member.action.kind === 'lambda');
  count.sequentialLambda = anyLambda ? 1 : 0;
  count.sequentialDynamoDb = anyLambda ? 0 : 1;
  return count;
}

/** The compensations a rollback runs for a unit that completed: one per step, a guard and one per group member. */
function rollbackOf(unit: SagaUnit): TaskCount {
  const count = zero();
  const members = unit.kind === 'step' ? [unit] : unit.steps;
  for (const member of members) {
    if (!member.compensation) continue;
    if (unit.kind === 'parallel') count.states += 1; // the member's guard
    add(count, task(member, 'compensation'));
  }
  return count;
}

function task(step: SagaStep, phase: 'action' | 'compensation'): TaskCount {
  const target = phase === 'action' ? step.action : step.compensation;
  const count = zero();
  if (!target) return count;
  count.states = 1;
  if (target.kind === 'lambda') {
    count.lambda = 1;
    count.sequentialLambda = 1;
  } else {
    count.dynamoDb = 1;
    count.sequentialDynamoDb = 1;
  }
  if (phase === 'action' && isCancellable(step)) count.cancelChecks = 1;
  if (phase === 'compensation') {
    count.compensations = 1;
    count.lambdaCompensations = target.kind === 'lambda' ? 1 : 0;
  }
  return count;
}

function add(total: TaskCount, more: TaskCount): void {
  total.states += more.states;
  total.lambda += more.lambda;
  total.dynamoDb += more.dynamoDb;
  total.cancelChecks += more.cancelChecks;
  total.compensations += more.compensations;
  total.lambdaCompensations += more.lambdaCompensations;
  total.sequentialLambda += more.sequentialLambda;
  total.sequentialDynamoDb += more.sequentialDynamoDb;
}

function toPath(
  name: string,
  outcome: PathOutcome,
  count: TaskCount,
  recordWrites: number,
  retries: number,
  retryWaitSeconds: number,
  failing?: SagaStep,
): SagaPath {
  const failingIsLambda = failing?.action.kind === 'lambda';
  return {
    name,
    ...(failing ? { failingStep: failing.name } : {}),
    outcome,
    statesEntered: count.states + recordWrites,
    retries,
    lambdaInvocations: count.lambda + (failingIsLambda ? retries : 0),
    dynamoDbCalls: count.dynamoDb + (failing && !failingIsLambda ? retries : 0),
    cancelChecks: count.cancelChecks + (failing && isCancellable(failing) ? retries : 0),
    compensations: count.compensations,
    lambdaCompensations: count.lambdaCompensations,
    recordWrites,
    retryWaitSeconds,
    sequentialTasks: {
      lambda: count.sequentialLambda + (failingIsLambda ? retries : 0),
      dynamoDb: count.sequentialDynamoDb + (failing && !failingIsLambda ? retries : 0),
    },
  };
}

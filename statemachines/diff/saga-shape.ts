import type { RetryPolicy } from '../definition/retry-policy.ts';
import { allSteps, type Saga } from '../definition/saga.ts';
import type { TaskTarget } from '../definition/task-target.ts';

/** What a running saga depends on, per step: plain JSON, so it can be kept in a cloud assembly. */
export interface StepShape {
  readonly name: string;
  /** Position in the forward path (a group's members share their group's). */
  readonly position: number;
  readonly group?: string;
  /** `lambda:<functionId>` or `dynamodb:<action>:<table>`. */
  readonly action: string;
  readonly compensation: string | null;
  readonly pivot: boolean;
  readonly forwardOnly: boolean;
  readonly retry: RetryPolicy;
  readonly compensationRetry: RetryPolicy;
  readonly timeoutSeconds: number;
  readonly compensationTimeoutSeconds: number;
  readonly compensateOnTimeout: boolean;
}

/** A saga as `saga diff` compares it. */
export interface SagaShape {
  readonly name: string;
  readonly timeoutSeconds: number;
  readonly executionTimeoutSeconds: number;
  readonly steps: readonly StepShape[];
}

/** The shape of a saga: its steps with what each calls, in order, and its budgets. */
export function sagaShape(saga: Saga): SagaShape {
  const groupOf = new Map<string, { group: string; position: number }>();
  saga.units.forEach((unit, position) => {
    if (unit.kind === 'parallel')
      for (const step of unit.steps) groupOf.set(step.name, { group: unit.name, position });
    else groupOf.set(unit.name, { group: '', position });
  });
  return {
    name: saga.name,
    timeoutSeconds: saga.timeoutSeconds,
    executionTimeoutSeconds: saga.executionTimeoutSeconds,
    steps: allSteps(saga).map((step) => {
      const place = groupOf.get(step.name) ?? { group: '', position: 0 };
      return {
        name: step.name,
        position: place.position,
        ...(place.group ? { group: place.group } : {}),
        action: targetKey(step.action),
        compensation: step.compensation ? targetKey(step.compensation) : null,
        pivot: step.pivot,
        forwardOnly: step.forwardOnly,
        retry: step.retry,
        compensationRetry: step.compensationRetry,
        timeoutSeconds: step.timeoutSeconds,
        compensationTimeoutSeconds: step.compensationTimeoutSeconds,
        compensateOnTimeout: step.compensateOnTimeout,
      };
    }),
  };
}

/** `lambda:ChargePayment`, `dynamodb:updateItem:Inventory`: what a task calls, as a deploy names it. */
export function targetKey(target: TaskTarget): string {
  return target.kind === 'lambda'
    ? `lambda:${target.functionId}`
    : `dynamodb:${target.action}:${target.table}`;
}

import { isDeepStrictEqual } from 'node:util';
import type { SagaShape, StepShape } from './saga-shape.ts';

/** How much a change matters to sagas that are still running when it is deployed. */
export type ChangeSeverity = 'breaking' | 'caution' | 'safe';

/** One difference between two versions of a saga, and what it means for sagas in flight. */
export interface SagaChange {
  readonly kind:
    | 'step added'
    | 'step removed'
    | 'step renamed'
    | 'steps reordered'
    | 'action changed'
    | 'compensation changed'
    | 'pivot moved'
    | 'retry changed'
    | 'timeout changed'
    | 'saga budget changed';
  readonly step?: string;
  /** What changed, old → new. */
  readonly detail: string;
  readonly severity: ChangeSeverity;
  /** What it means for sagas still running on the old version. */
  readonly impact: string;
}

/**
 * The differences between two versions of a saga and what each means for sagas still running on
 * the old one. A Step Functions execution keeps the definition it started with (and is redriven in
 * it), but it calls functions by name: a function the new version no longer deploys is gone for it,
 * and a handler changed in place runs new code under an old execution. Breaking changes are the ones
 * that can make an in-flight saga fail or undo the wrong thing.
 */
export function diffSagas(before: SagaShape, after: SagaShape): SagaChange[] {
  const changes: SagaChange[] = [];
  const oldByName = new Map(before.steps.map((step) => [step.name, step]));
  const newByName = new Map(after.steps.map((step) => [step.name, step]));
  const removed = before.steps.filter((step) => !newByName.has(step.name));
  const added = after.steps.filter((step) => !oldByName.has(step.name));
  const newTargets = new Set(after.steps.flatMap((step) => [step.action, step.compensation ?? '']));

  // A removed and an added step calling the same action are one step renamed.
  const renamed = new Map<string, StepShape>();
  for (const old of removed) {
    const match = added.find((step) => step.action === old.action && !renamed.has(step.name));
    if (match) renamed.set(match.name, old);
  }
  const renamedFrom = new Set([...renamed.values()].map((step) => step.name));
  for (const [name, old] of renamed) {
    changes.push({
      kind: 'step renamed',
      step: name,
      detail: `${old.name} → ${name}`,
      severity: 'caution',
      impact: `in-flight sagas keep the name ${old.name} (their execution's state names, events and metrics' Step dimension); dashboards and alarms filtering on the step see two names until they end`,
    });
  }
  for (const step of removed.filter((one) => !renamedFrom.has(one.name))) {
    const gone = [step.action, step.compensation].filter(
      (target): target is string =>
        typeof target === 'string' && target.startsWith('lambda:') && !newTargets.has(target),
    );
    changes.push({
      kind: 'step removed',
      step: step.name,
      detail: `${step.name} (position ${step.position + 1})`,
      severity: gone.length > 0 ? 'breaking' : 'caution',
      impact:
        gone.length > 0
          ? `in-flight sagas still run ${step.name}${step.compensation ? ' and may roll it back' : ''}, but ${gone.map(functionOf).join(' and ')} will no longer be deployed: they fail there (FAILED); deploy after they end, or keep the function`
          : `in-flight sagas still run ${step.name} as they started; new sagas skip it`,
    });
  }
  for (const step of added.filter((one) => !renamed.has(one.name))) {
    changes.push({
      kind: 'step added',
      step: step.name,
      detail: `${step.name} at position ${step.position + 1}`,
      severity: 'safe',
      impact: 'in-flight sagas never run it (their definition has no such step); new sagas do',
    });
  }

  const kept = after.steps.flatMap((step) => {
    const old = oldByName.get(step.name) ?? renamed.get(step.name);
    return old ? [{ old, step }] : [];
  });
  const order = (steps: readonly StepShape[]) => steps.map((step) => step.name);
  const oldOrder = order(kept.map(({ old }) => old).sort((a, b) => a.position - b.position));
  const newOrder = order(kept.map(({ step }) => step).sort((a, b) => a.position - b.position));
  const renamedTo = new Map([...renamed].map(([name, old]) => [old.name, name]));
  if (
    !isDeepStrictEqual(
      oldOrder.map((name) => renamedTo.get(name) ?? name),
      newOrder,
    )
  ) {
    changes.push({
      kind: 'steps reordered',
      detail: `${oldOrder.join(', ')} → ${newOrder.join(', ')}`,
      severity: 'caution',
      impact:
        'in-flight sagas keep their order and roll back in it; new sagas compensate in the new order — check that each compensation still holds when the steps around it moved',
    });
  }
  for (const { old, step } of kept) changes.push(...stepChanges(old, step));
  // The execution limit follows the steps' budgets, so it changes with them: reported with the deadline only.
  if (before.timeoutSeconds !== after.timeoutSeconds) {
    changes.push({
      kind: 'saga budget changed',
      detail: `deadline ${before.timeoutSeconds} s → ${after.timeoutSeconds} s, execution limit ${before.executionTimeoutSeconds} s → ${after.executionTimeoutSeconds} s`,
      severity: 'safe',
      impact: 'in-flight sagas keep the deadline and limit they started with',
    });
  }
  return changes;
}

function stepChanges(old: StepShape, step: StepShape): SagaChange[] {
  const changes: SagaChange[] = [];
  const name = step.name;
  if (old.action !== step.action) {
    changes.push({
      kind: 'action changed',
      step: name,
      detail: `${old.action} → ${step.action}`,
      severity: old.action.startsWith('lambda:') ? 'caution' : 'safe',
      impact: `in-flight sagas that have not reached ${name} call ${old.action} as their definition says${old.action.startsWith('lambda:') ? ' (if the function is no longer deployed, they fail there)' : ''}`,
    });
  }
  if (old.compensation !== step.compensation) {
    const removedFunction = old.compensation?.startsWith('lambda:') && old.compensation !== step.compensation;
    changes.push({
      kind: 'compensation changed',
      step: name,
      detail: `${old.compensation ?? 'none'} → ${step.compensation ?? 'none'}`,
      severity: removedFunction ? 'breaking' : 'caution',
      impact: removedFunction
        ? `in-flight sagas that roll back still call ${old.compensation} to undo ${name}: keep that function deployed until they end, or they fail at Compensate ${name}`
        : `in-flight sagas undo ${name} as their definition says; new sagas ${step.compensation ? `call ${step.compensation}` : 'no longer undo it'}`,
    });
  }
  if (old.pivot !== step.pivot || old.forwardOnly !== step.forwardOnly) {
    changes.push({
      kind: 'pivot moved',
      step: name,
      detail: `${role(old)} → ${role(step)}`,
      severity: 'caution',
      impact: `in-flight sagas keep ${name} ${role(old)}; new sagas treat it as ${role(step)}, which changes what a failure after it undoes`,
    });
  }
  if (
    !isDeepStrictEqual(old.retry, step.retry) ||
    !isDeepStrictEqual(old.compensationRetry, step.compensationRetry)
  ) {
    changes.push({
      kind: 'retry changed',
      step: name,
      detail: `${policy(old.retry)} / ${policy(old.compensationRetry)} → ${policy(step.retry)} / ${policy(step.compensationRetry)} (action / compensation)`,
      severity: 'safe',
      impact:
        'in-flight sagas retry as they started; new sagas use the new policies (the execution limit follows)',
    });
  }
  if (
    old.timeoutSeconds !== step.timeoutSeconds ||
    old.compensationTimeoutSeconds !== step.compensationTimeoutSeconds ||
    old.compensateOnTimeout !== step.compensateOnTimeout
  ) {
    changes.push({
      kind: 'timeout changed',
      step: name,
      detail: `${old.timeoutSeconds} s / ${old.compensationTimeoutSeconds} s${old.compensateOnTimeout ? ', undoes itself on timeout' : ''} → ${step.timeoutSeconds} s / ${step.compensationTimeoutSeconds} s${step.compensateOnTimeout ? ', undoes itself on timeout' : ''}`,
      severity: 'safe',
      impact:
        "in-flight sagas keep their timeouts; a handler whose code got slower may outrun an old execution's timeout",
    });
  }
  return changes;
}

const functionOf = (target: string) => `function ${target.slice('lambda:'.length)}`;
const role = (step: StepShape) =>
  step.pivot ? 'the pivot' : step.forwardOnly ? 'after the pivot' : 'compensable';
const policy = (retry: StepShape['retry']) =>
  retry.kind === 'fixed'
    ? `${retry.name} (${retry.maxAttempts}× every ${retry.intervalSeconds} s)`
    : `${retry.name} (${retry.maxAttempts}×, ${retry.initialIntervalSeconds}–${retry.maxIntervalSeconds} s)`;

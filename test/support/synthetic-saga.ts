import type { Context } from 'aws-lambda';
import { injectFailureUnconditionally } from '../../examples/order/handlers/inject-failure.ts';
import type { FailureInjection, Order } from '../../examples/order/order.ts';
import type { SagaStepEvent } from '../../lambdas/runtime/step-event.ts';
import type { StepHandler } from '../../local/engine/lambda-invoker.ts';
import {
  defineSaga,
  lambda,
  parallel,
  RetryPolicies,
  type RetryPolicy,
  type Saga,
  type StepSpec,
} from '../../statemachines/index.ts';

/**
 * The shape of a generated saga: one entry per position, `1` for a plain step, `n > 1` for a
 * parallel group of n members. Steps are named S1, S2, … in declaration order (group members too);
 * groups G1, G2, ….
 */
export interface SagaLayout {
  readonly units: readonly number[];
  /** 1-based index (over all steps) of the pivot, if any. */
  readonly pivot?: number;
  readonly retry?: RetryPolicy;
  readonly compensationRetry?: RetryPolicy;
  readonly timeoutSeconds?: number;
  readonly compensateOnTimeout?: boolean;
}

/** One handler call, as the synthetic handlers record it. */
export interface HandlerCall {
  readonly step: string;
  readonly phase: 'action' | 'compensation';
  readonly attempt: number;
}

/** Builds a saga of the given layout whose handlers are in-memory and record every call. */
export function syntheticSaga(layout: SagaLayout) {
  let index = 0;
  const spec = (): StepSpec => {
    index += 1;
    const name = `S${index}`;
    const isPivot = layout.pivot === index;
    const afterPivot = layout.pivot !== undefined && index > layout.pivot;
    return {
      name,
      action: lambda(`synthetic/${name}.ts`, { functionId: name }),
      ...(isPivot || afterPivot
        ? {}
        : { compensation: lambda(`synthetic/undo-${name}.ts`, { functionId: `Undo${name}` }) }),
      ...(isPivot ? { pivot: true } : {}),
      retry: layout.retry ?? RetryPolicies.fastFail,
      compensationRetry: layout.compensationRetry ?? RetryPolicies.fastFail,
      timeoutSeconds: layout.timeoutSeconds ?? 5,
      ...(layout.compensateOnTimeout && !isPivot && !afterPivot ? { compensateOnTimeout: true } : {}),
    };
  };
  let groups = 0;
  const saga: Saga = defineSaga({
    name: 'Synthetic',
    steps: layout.units.map((size) => {
      if (size === 1) return spec();
      groups += 1;
      return parallel(
        `G${groups}`,
        Array.from({ length: size }, () => spec()),
      );
    }),
  });
  const calls: HandlerCall[] = [];
  const handler: StepHandler = async (event, context: Context) => {
    const stepEvent = event as SagaStepEvent<Order>;
    calls.push({ step: stepEvent.step, phase: stepEvent.phase, attempt: stepEvent.attempt });
    await injectFailureUnconditionally(stepEvent, context);
    return { done: stepEvent.step, phase: stepEvent.phase };
  };
  const handlers: Record<string, StepHandler> = {};
  for (let step = 1; step <= index; step += 1) {
    handlers[`S${step}`] = handler;
    handlers[`UndoS${step}`] = handler;
  }
  return { saga, handlers, calls, stepCount: index };
}

/** An input that makes `failure.step` fail as asked. */
export const inputFailing = (failure?: FailureInjection) => (failure ? { failure } : {});

import type { Request } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { Segment, Subsegment } from 'aws-xray-sdk-core';
import type { StepStorage } from '../options.ts';
import type { SagaStepEvent } from '../step-event.ts';

/** The middy request as the step runtime's middlewares see it. */
export type StepRequest = Request<unknown, unknown, Error, Context, Record<string, unknown>>;

/** One run of the step's code in this invocation. */
export interface StepExecution {
  readonly startedAt: Date;
  /** `running` until the code returned (`succeeded`) or threw (`failed`). */
  outcome: 'running' | 'succeeded' | 'failed';
  /** Set by the step record once the outcome is being written, so a failed write is not recorded as a step failure. */
  recorded?: 'succeeded' | 'failed';
  /** The step's X-Ray subsegment and the (sub)segment it was opened in, when tracing is on. */
  trace?: { readonly subsegment: Subsegment; readonly parent: Segment | Subsegment };
}

// Per-invocation state lives in `request.internal`, under keys of our own, never in module scope.
const EVENT_KEY = 'sfnSaga.stepEvent';
const EXECUTION_KEY = 'sfnSaga.execution';

/** Keeps the validated envelope for the middlewares after the one that checked it. */
export function setStepEvent(request: StepRequest, event: SagaStepEvent): void {
  request.internal[EVENT_KEY] = event;
}

/** The validated envelope; `undefined` when it was malformed (or not checked yet). */
export function stepEventOf(request: StepRequest): SagaStepEvent | undefined {
  return request.internal[EVENT_KEY] as SagaStepEvent | undefined;
}

/** Marks that the step's code is about to run in this invocation (not a replay, not a refusal). */
export function startExecution(request: StepRequest, startedAt: Date): StepExecution {
  const execution: StepExecution = { startedAt, outcome: 'running' };
  request.internal[EXECUTION_KEY] = execution;
  return execution;
}

/** This invocation's run of the step's code; `undefined` when the code did not run. */
export function executionOf(request: StepRequest): StepExecution | undefined {
  return request.internal[EXECUTION_KEY] as StepExecution | undefined;
}

const STORAGE_KEY = 'sfnSaga.storage';

/** Keeps where this invocation's records go, once resolved. */
export function setStorage(request: StepRequest, storage: StepStorage): void {
  request.internal[STORAGE_KEY] = storage;
}

/** Where this invocation's records go; `undefined` before it was resolved (or when it could not be). */
export function storageOf(request: StepRequest): StepStorage | undefined {
  return request.internal[STORAGE_KEY] as StepStorage | undefined;
}

import { CONFIGURATION_ERROR_NAME } from '../../contract/error-names.ts';
import type { StepPhase } from '../../contract/step-envelope.ts';
import type { RetryPolicy } from '../definition/retry-policy.ts';
import type { TaskTarget } from '../definition/task-target.ts';
import type { Catcher, TaskState } from './asl.ts';
import { renderRetry } from './render-retry.ts';
import type { ResolvedSagaResources } from './resources.ts';

/** What one task state needs to be rendered. */
export interface TaskSpec {
  readonly step: string;
  readonly phase: StepPhase;
  readonly target: TaskTarget;
  readonly retry: RetryPolicy;
  readonly terminalErrors: readonly string[];
  readonly timeoutSeconds: number;
  /**
   * Where the task's result goes: `$.steps.<Step>` for actions, `null` (dropped) for compensations,
   * `undefined` (ASL's default `$`) to replace the state.
   */
  readonly resultPath: string | null | undefined;
  /** Wraps the result as `{ output }`, for group members whose branch output marks success. */
  readonly wrapOutput?: boolean;
  /** The next state; `undefined` ends the branch the task is in. */
  readonly next: string | undefined;
  readonly catchers: readonly Catcher[];
}

/**
 * The payload every Lambda step receives: the step envelope the runtime wrapper validates.
 * `attempt` is Step Functions' retry count of this state (0 on the first attempt).
 */
export function lambdaPayload(step: string, phase: StepPhase): Record<string, unknown> {
  return {
    'saga.$': '$.saga',
    step,
    phase,
    'attempt.$': '$$.State.RetryCount',
    'input.$': '$.input',
    'steps.$': '$.steps',
  };
}

/** Renders one action or compensation as a Task state. */
export function renderTask(spec: TaskSpec, resources: ResolvedSagaResources): TaskState {
  const { target } = spec;
  const isLambda = target.kind === 'lambda';
  // A step runtime that cannot run as configured is never retried (see CONFIGURATION_ERROR_NAME).
  const terminalErrors = isLambda ? [CONFIGURATION_ERROR_NAME, ...spec.terminalErrors] : spec.terminalErrors;
  const retry = renderRetry(spec.retry, terminalErrors);
  return {
    Type: 'Task',
    Comment: `${spec.phase === 'action' ? 'Action' : 'Compensation'} of step ${spec.step}`,
    // A Lambda function ARN as the Resource invokes it with the Parameters as its event and returns
    // its result unwrapped (no `Payload` envelope to select from, so no ResultSelector needed).
    Resource: isLambda ? resources.functionArn(target) : `arn:aws:states:::dynamodb:${target.action}`,
    Parameters: isLambda
      ? lambdaPayload(spec.step, spec.phase)
      : { TableName: resources.tableName(target.table), ...target.parameters },
    ...(spec.wrapOutput ? { ResultSelector: { 'output.$': '$' } } : {}),
    ...(spec.resultPath === undefined ? {} : { ResultPath: spec.resultPath }),
    TimeoutSeconds: spec.timeoutSeconds,
    ...(retry.length > 0 ? { Retry: retry } : {}),
    ...(spec.catchers.length > 0 ? { Catch: spec.catchers } : {}),
    ...(spec.next === undefined ? { End: true } : { Next: spec.next }),
  };
}

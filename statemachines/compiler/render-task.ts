import type { StepPhase } from '../../contract/step-envelope.ts';
import type { TaskTarget } from '../definition/task-target.ts';
import type { Catcher, Retrier, TaskState } from './asl.ts';
import type { ResolvedSagaResources } from './resources.ts';

/** What one task state needs to be rendered. */
export interface TaskSpec {
  readonly step: string;
  readonly phase: StepPhase;
  readonly target: TaskTarget;
  readonly retry: readonly Retrier[];
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
  /** Fields added to a Lambda step's envelope (limits the step runtime enforces). */
  readonly envelope?: Readonly<Record<string, unknown>>;
}

/**
 * The payload every Lambda step receives: the step envelope the runtime wrapper validates.
 * `attempt` is Step Functions' retry count of this state (0 on the first attempt).
 */
export function lambdaPayload(
  step: string,
  phase: StepPhase,
  envelope: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  return {
    'saga.$': '$.saga',
    step,
    phase,
    'attempt.$': '$$.State.RetryCount',
    'input.$': '$.input',
    'steps.$': '$.steps',
    ...envelope,
  };
}

/** Renders one action or compensation as a Task state. */
export function renderTask(spec: TaskSpec, resources: ResolvedSagaResources): TaskState {
  const { target } = spec;
  const isLambda = target.kind === 'lambda';
  return {
    Type: 'Task',
    Comment: `${spec.phase === 'action' ? 'Action' : 'Compensation'} of step ${spec.step}`,
    // A Lambda function ARN as the Resource invokes it with the Parameters as its event and returns
    // its result unwrapped (no `Payload` envelope to select from, so no ResultSelector needed).
    Resource: isLambda ? resources.functionArn(target) : `arn:aws:states:::dynamodb:${target.action}`,
    Parameters: isLambda
      ? lambdaPayload(spec.step, spec.phase, spec.envelope)
      : { TableName: resources.tableName(target.table), ...target.parameters },
    ...(spec.wrapOutput ? { ResultSelector: { 'output.$': '$' } } : {}),
    ...(spec.resultPath === undefined ? {} : { ResultPath: spec.resultPath }),
    TimeoutSeconds: spec.timeoutSeconds,
    ...(spec.retry.length > 0 ? { Retry: spec.retry } : {}),
    ...(spec.catchers.length > 0 ? { Catch: spec.catchers } : {}),
    ...(spec.next === undefined ? { End: true } : { Next: spec.next }),
  };
}

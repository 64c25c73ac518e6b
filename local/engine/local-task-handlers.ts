import type { StateMachineDefinition, TaskState } from '../../statemachines/compiler/asl.ts';
import { dynamoDbActionOf, runDynamoDbTask } from './dynamodb-task.ts';
import type { EngineDynamoDb } from './engine-dynamodb.ts';
import { resolveJsonToString } from './json-to-string.ts';
import { taskStates } from './state-index.ts';

/** How the engine reaches a Lambda function by the name in its Task's ARN. */
export type InvokeFunction = (
  functionName: string,
  payload: unknown,
  state: TaskState,
  stateName: string,
) => Promise<unknown>;

/**
 * Called before each attempt of a Task state (0 for the first); throwing fails that attempt with
 * the thrown error (its `name` is what `Retry` and `Catch` match), as the test environment's
 * failure injection does.
 */
export type BeforeTask = (stateName: string, attempt: number) => void;

/** A Lambda function ARN; the name keeps a version or alias qualifier (`name:3`), as the local cloud's host names versions. */
const LAMBDA_ARN = /^arn:aws:lambda:[^:]+:\d+:function:([^:]+(?::[^:]+)?)$/;

/**
 * `aws-local-stepfunctions` overrides for every Task state of a definition (Parallel branches
 * included): DynamoDB integrations as real SDK calls, Lambda ARNs through `invokeFunction`.
 * One set per execution: the library's Context Object is static, so `$$.State.RetryCount` cannot
 * count, and each Lambda payload's `attempt` is counted here instead.
 */
export function localTaskHandlers(
  definition: StateMachineDefinition,
  options: {
    readonly dynamoDb: EngineDynamoDb;
    readonly invokeFunction: InvokeFunction;
    readonly beforeTask?: BeforeTask;
    /** Told the wall time of each DynamoDB task, e.g. for benchmarks. */
    readonly onDynamoDbTask?: (milliseconds: number) => void;
  },
): Record<string, (input: unknown) => Promise<unknown>> {
  const attempts = new Map<string, number>();
  const handlers: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const [name, state] of taskStates(definition)) {
    const action = dynamoDbActionOf(state.Resource);
    const functionName = LAMBDA_ARN.exec(state.Resource)?.[1];
    const attemptOf = () => {
      const attempt = attempts.get(name) ?? 0;
      attempts.set(name, attempt + 1);
      return attempt;
    };
    if (action) {
      handlers[name] = async (parameters) => {
        options.beforeTask?.(name, attemptOf());
        const startedAt = performance.now();
        try {
          return await runDynamoDbTask(options.dynamoDb, action, resolveJsonToString(parameters));
        } finally {
          options.onDynamoDbTask?.(performance.now() - startedAt);
        }
      };
    } else if (functionName) {
      handlers[name] = async (event) => {
        const attempt = attemptOf();
        options.beforeTask?.(name, attempt);
        const payload =
          typeof event === 'object' && event !== null && 'attempt' in event ? { ...event, attempt } : event;
        return options.invokeFunction(functionName, payload, state, name);
      };
    } else {
      handlers[name] = async () => {
        throw new Error(`Task "${name}" calls ${state.Resource}, which the local engine does not serve`);
      };
    }
  }
  return handlers;
}

/** Each Task's retriers wait `IntervalSeconds × scale` (the backoff's growth and jitter are the deployed machine's). */
export function scaledRetryWaits(
  definition: StateMachineDefinition,
  scale: number,
): Record<string, number[]> {
  const waits: Record<string, number[]> = {};
  for (const [name, state] of taskStates(definition)) {
    if (state.Retry)
      waits[name] = state.Retry.map((retrier) => (retrier.IntervalSeconds ?? 1) * 1000 * scale);
  }
  return waits;
}

/**
 * The Context Object of a local execution. `EnteredTime` is read when a state's parameters are
 * evaluated, so a getter gives each state the time it ran (the library's context is a plain object).
 */
export function localContextObject(execution: {
  readonly id: string;
  readonly name: string;
  readonly input: unknown;
  readonly startTime: string;
  /** How many times the execution was redriven (0 for its first run). */
  readonly redriveCount?: number;
}) {
  return {
    Execution: {
      Id: execution.id,
      Name: execution.name,
      Input: execution.input,
      StartTime: execution.startTime,
      RedriveCount: execution.redriveCount ?? 0,
    },
    State: {
      get EnteredTime() {
        return new Date().toISOString();
      },
      RetryCount: 0,
    },
  } as never;
}

import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { ExecutionTimeoutError, StateMachine } from 'aws-local-stepfunctions';
import { buildExecutionInput, buildStartItemRequest } from '../../contract/execution-input.ts';
import type { SagaStatus } from '../../contract/saga-table.ts';
import type { StateMachineDefinition } from '../../statemachines/compiler/asl.ts';
import { compileSaga } from '../../statemachines/compiler/compile-saga.ts';
import { allTargets, type Saga } from '../../statemachines/definition/saga.ts';
import type { LambdaTarget } from '../../statemachines/definition/task-target.ts';
import { readSagaRecord } from '../dynamodb/saga-table.ts';
import {
  closesCaughtState,
  compensatedSteps,
  countRetries,
  countTransitions,
  type HistoryEntry,
  toHistoryEntry,
} from './history.ts';
import { markJsonToString } from './json-to-string.ts';
import { invokeHandler, loadHandler, type StepHandler } from './lambda-invoker.ts';
import { localContextObject, localTaskHandlers, scaledRetryWaits } from './local-task-handlers.ts';
import { indexStates, type StateInfo } from './state-index.ts';

/** Options of the embedded local engine. */
export interface LocalSagaEngineOptions {
  /** A client of a real DynamoDB API (DynamoDB Local in tests and `npm start`). */
  readonly dynamoDb: DynamoDBClient;
  /** The saga table (see `createSagaTable`). */
  readonly sagaTableName: string;
  /**
   * Real names of the logical tables the saga's DynamoDB steps name.
   * @default each logical name is the real name
   */
  readonly tableNames?: Readonly<Record<string, string>>;
  /**
   * Handlers by function id, used instead of importing the target's module (for tests that build
   * sagas on the fly). Targets without one are imported from `rootDir`.
   * @default {}
   */
  readonly handlers?: Readonly<Record<string, StepHandler>>;
  /** @default process.cwd() */
  readonly rootDir?: string;
  /**
   * Variables set in `process.env` before the handler modules are imported, as a function's
   * environment would be (e.g. the step runtime's `SAGA_TABLE_NAME`, `AWS_ENDPOINT_URL_DYNAMODB`).
   * In-process, all handlers share one environment; the local cloud gives each its own.
   * @default {}
   */
  readonly handlerEnvironment?: Readonly<Record<string, string>>;
  /**
   * Multiplies each retrier's wait. Locally each retrier waits its `IntervalSeconds` times this
   * factor on every retry (the backoff's growth and jitter are the deployed state machine's).
   * @default 0 (retry at once)
   */
  readonly retryDelayScale?: number;
  /** @default () => new Date() */
  readonly clock?: () => Date;
}

/** What one local run of a saga did. */
export interface LocalSagaRun {
  readonly sagaId: string;
  /** The saga's status as recorded in the saga table. */
  readonly status: SagaStatus | undefined;
  /** How the execution itself ended. */
  readonly execution: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT';
  readonly output?: unknown;
  /** The execution's error when it did not succeed. */
  readonly error?: { readonly name: string; readonly message: string };
  readonly history: readonly HistoryEntry[];
  /** States entered (Step Functions' state transitions, retries excluded). */
  readonly transitions: number;
  readonly retries: number;
  /** Steps whose compensation completed, in the order they ran. */
  readonly compensated: readonly string[];
  /** The saga item in the table, `state` parsed. */
  readonly record: Record<string, unknown> | undefined;
}

/** What starts a local saga. */
export interface LocalSagaStart {
  readonly businessKey: string;
  readonly input: unknown;
  /** @default derived from the business key (`sagaIdFor`) */
  readonly sagaId?: string;
}

/** A Lambda ARN for local runs; the engine maps it back to the target by function id. */
const localFunctionArn = (target: LambdaTarget) =>
  `arn:aws:lambda:us-east-1:000000000000:function:${target.functionId}`;

/**
 * Runs a compiled saga on `aws-local-stepfunctions`: every Task state is mapped to local code —
 * Lambda tasks to the user's handler modules in-process, DynamoDB tasks (the saga's own and the
 * status records) to real SDK calls. Starts are recorded the way the starter records them.
 */
export class LocalSagaEngine {
  readonly definition: StateMachineDefinition;
  private readonly stateMachine: StateMachine;
  private readonly states: Map<string, StateInfo>;
  private readonly handlers = new Map<string, Promise<StepHandler>>();

  constructor(
    readonly saga: Saga,
    private readonly options: LocalSagaEngineOptions,
  ) {
    this.definition = compileSaga(saga, {
      functionArn: localFunctionArn,
      tableName: (table) => options.tableNames?.[table] ?? table,
      sagaTableName: options.sagaTableName,
    });
    this.stateMachine = new StateMachine(markJsonToString(this.definition) as never);
    this.states = indexStates(saga, this.definition);
  }

  /** Records the saga as RUNNING, runs its execution to the end, and reads back its record. */
  async run(start: LocalSagaStart): Promise<LocalSagaRun> {
    const now = this.options.clock ?? (() => new Date());
    const input = buildExecutionInput(this.saga, start, now());
    await this.options.dynamoDb.send(
      new PutItemCommand(buildStartItemRequest(this.options.sagaTableName, input)),
    );

    const startedAt = Date.now();
    const execution = this.stateMachine.run(input as never, {
      overrides: {
        taskResourceLocalHandlers: this.taskHandlers(),
        retryIntervalOverrides: scaledRetryWaits(this.definition, this.options.retryDelayScale ?? 0),
      },
      context: localContextObject({
        id: `local:${input.saga.id}`,
        name: input.saga.id,
        input,
        startTime: input.saga.startedAt,
      }),
    });
    const history: HistoryEntry[] = [];
    const collected = (async () => {
      for await (const event of execution.eventLogs) {
        const entry = toHistoryEntry(event as never, startedAt, this.states);
        if (entry && !closesCaughtState(history, entry)) history.push(entry);
      }
    })();
    const outcome = await settle(execution.result);
    await collected;
    const record = await readSagaRecord(this.options.dynamoDb, this.options.sagaTableName, input.saga.id);
    return {
      sagaId: input.saga.id,
      status: record?.status as SagaStatus | undefined,
      ...outcome,
      history,
      transitions: countTransitions(history),
      retries: countRetries(history),
      compensated: compensatedSteps(history),
      record,
    };
  }

  private taskHandlers() {
    const byFunctionId = new Map(
      allTargets(this.saga)
        .filter((target): target is LambdaTarget => target.kind === 'lambda')
        .map((target) => [target.functionId, target]),
    );
    return localTaskHandlers(this.definition, {
      dynamoDb: this.options.dynamoDb,
      invokeFunction: async (functionId, payload, state) => {
        const target = byFunctionId.get(functionId);
        if (!target) throw new Error(`Task calls function ${functionId}, which is not a target of the saga`);
        return invokeHandler(await this.handlerFor(target), target, payload, state.TimeoutSeconds);
      },
    }) as never;
  }

  private handlerFor(target: LambdaTarget): Promise<StepHandler> {
    const given = this.options.handlers?.[target.functionId];
    if (given) return Promise.resolve(given);
    const key = `${target.entry}#${target.exportName}`;
    let loading = this.handlers.get(key);
    if (!loading) {
      Object.assign(process.env, this.options.handlerEnvironment);
      loading = loadHandler(target, this.options.rootDir ?? process.cwd());
      this.handlers.set(key, loading);
    }
    return loading;
  }
}

async function settle(
  result: Promise<unknown>,
): Promise<Pick<LocalSagaRun, 'execution' | 'output' | 'error'>> {
  try {
    return { execution: 'SUCCEEDED', output: await result };
  } catch (error) {
    if (error instanceof ExecutionTimeoutError) {
      return { execution: 'TIMED_OUT', error: { name: 'States.Timeout', message: error.message } };
    }
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    const name = cause instanceof Error ? cause.name : 'Error';
    const message = cause instanceof Error ? cause.message : String(cause);
    return { execution: 'FAILED', error: { name, message } };
  }
}

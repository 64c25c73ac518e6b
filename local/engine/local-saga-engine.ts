import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { StateMachine } from 'aws-local-stepfunctions';
import {
  buildExecutionInput,
  buildStartItemRequest,
  type SagaExecutionInput,
} from '../../contract/execution-input.ts';
import { compileInputSchema } from '../../contract/input-schema.ts';
import { type SagaInputRules, sagaInputProblem } from '../../contract/saga-input.ts';
import type { SagaStatus } from '../../contract/saga-table.ts';
import { executionEndUpdate } from '../../lambdas/core/execution-status.ts';
import type { StateMachineDefinition } from '../../statemachines/compiler/asl.ts';
import { compileSaga } from '../../statemachines/compiler/compile-saga.ts';
import { allTargets, assertSaga, type Saga } from '../../statemachines/definition/saga.ts';
import type { LambdaTarget } from '../../statemachines/definition/task-target.ts';
import { readSagaRecord } from '../dynamodb/saga-table.ts';
import { type EngineDynamoDb, sdkDynamoDb } from './engine-dynamodb.ts';
import { executionOutcome, type SettledExecution, settle } from './execution-outcome.ts';
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
import {
  type BeforeTask,
  localContextObject,
  localTaskHandlers,
  scaledRetryWaits,
} from './local-task-handlers.ts';
import { SagaInputRejectedError } from './saga-input-rejected.ts';
import { indexStates, type StateInfo } from './state-index.ts';
import { loadStepFunctionsLibrary } from './step-functions-library.ts';

/** Options of the embedded local engine. */
export interface LocalSagaEngineOptions {
  /** DynamoDB Local's client, or the calls of another store (the in-memory one). */
  readonly dynamoDb: DynamoDBClient | EngineDynamoDb;
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
  /** Where handler entries are resolved from. @default process.cwd() */
  readonly rootDir?: string;
  /**
   * Variables set in `process.env` before the handler modules are imported, as a function's
   * environment would be. In-process, all handlers share one environment; the local cloud gives
   * each its own.
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
  /**
   * Read the saga item back after each run (into `LocalSagaRun.record`). The status does not need
   * it: it follows from the record state the execution ended on.
   * @default true
   */
  readonly readRecord?: boolean;
  /** Called before each attempt of a Task state; throwing fails the attempt (failure injection). */
  readonly beforeTask?: BeforeTask;
}

/** Options of one run. */
export interface LocalRunOptions {
  /** Called before each attempt of a Task state of this run, after the engine's own hook. */
  readonly beforeTask?: BeforeTask;
}

/** What one local run of a saga did. */
export interface LocalSagaRun {
  readonly sagaId: string;
  /** The saga's status, as its record state (or the status recorder, for an uncaught end) wrote it. */
  readonly status: SagaStatus | undefined;
  /** The state that could not finish, for a FAILED saga. */
  readonly failedStep?: string;
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
  /** The saga item in the table, `state` parsed (with `readRecord`). */
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
 * status records) to the store. Starts are recorded the way the starter records them, and an
 * execution that ends outside the compiled records is recorded the way the status recorder does.
 */
export class LocalSagaEngine {
  readonly definition: StateMachineDefinition;
  private readonly stateMachine: StateMachine;
  private readonly states: Map<string, StateInfo>;
  private readonly handlers = new Map<string, Promise<StepHandler>>();
  private readonly dynamoDb: EngineDynamoDb;
  private readonly functionTargets: Map<string, LambdaTarget>;
  private readonly inputRules: SagaInputRules;

  constructor(
    readonly saga: Saga,
    private readonly options: LocalSagaEngineOptions,
  ) {
    assertSaga(saga, 'LocalSagaEngine');
    this.definition = compileSaga(saga, {
      functionArn: localFunctionArn,
      tableName: (table) => options.tableNames?.[table] ?? table,
      sagaTableName: options.sagaTableName,
    });
    const { StateMachine } = loadStepFunctionsLibrary();
    this.stateMachine = new StateMachine(markJsonToString(this.definition) as never);
    this.states = indexStates(saga, this.definition);
    this.dynamoDb = 'send' in options.dynamoDb ? sdkDynamoDb(options.dynamoDb) : options.dynamoDb;
    this.inputRules = {
      maxInputBytes: saga.maxInputBytes,
      ...(saga.inputSchema ? { validateInput: compileInputSchema(saga.inputSchema) } : {}),
    };
    this.functionTargets = new Map(
      allTargets(saga)
        .filter((target): target is LambdaTarget => target.kind === 'lambda')
        .map((target) => [target.functionId, target]),
    );
  }

  /**
   * Records the saga as RUNNING, runs its execution to the end, and says how it ended.
   * @throws SagaInputRejectedError, before anything runs, for an input the deployed starter would refuse
   */
  async run(start: LocalSagaStart, runOptions: LocalRunOptions = {}): Promise<LocalSagaRun> {
    const problem = sagaInputProblem(start.input, this.inputRules, 'input');
    if (problem) throw new SagaInputRejectedError(this.saga.name, problem);
    const now = this.options.clock ?? (() => new Date());
    const input = buildExecutionInput(this.saga, start, now());
    await this.dynamoDb.putItem(buildStartItemRequest(this.options.sagaTableName, input));

    const startedAt = Date.now();
    const execution = this.stateMachine.run(input as never, {
      overrides: {
        taskResourceLocalHandlers: this.taskHandlers(runOptions.beforeTask) as never,
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
    const settled = await settle(execution.result);
    await collected;
    const outcome = executionOutcome(history);
    let record =
      this.options.readRecord === false || outcome.kind === 'unrecorded'
        ? undefined
        : await readSagaRecord(this.dynamoDb, this.options.sagaTableName, input.saga.id);
    let status: SagaStatus | undefined;
    let failedStep: string | undefined;
    if (outcome.kind === 'recorded') status = outcome.status;
    else if (outcome.kind === 'superseded') {
      record ??= await readSagaRecord(this.dynamoDb, this.options.sagaTableName, input.saga.id);
      status = record?.status as SagaStatus | undefined;
    } else {
      failedStep = outcome.failedState;
      status = await this.recordUncaughtEnd(input, settled, now(), failedStep, outcome.failure);
      if (this.options.readRecord !== false)
        record = await readSagaRecord(this.dynamoDb, this.options.sagaTableName, input.saga.id);
    }
    return {
      sagaId: input.saga.id,
      status,
      ...(failedStep === undefined ? {} : { failedStep }),
      ...settled,
      history,
      transitions: countTransitions(history),
      retries: countRetries(history),
      compensated: compensatedSteps(history),
      record,
    };
  }

  /**
   * As the status recorder does for an execution that ended without its own record: FAILED (naming
   * the state that could not finish), TIMED_OUT or CANCELLED; `undefined` when the saga had ended.
   */
  private async recordUncaughtEnd(
    input: SagaExecutionInput,
    outcome: SettledExecution,
    endedAt: Date,
    failedStep: string | undefined,
    failure: unknown,
  ): Promise<SagaStatus | undefined> {
    if (outcome.execution === 'SUCCEEDED') return undefined;
    const update = executionEndUpdate(this.options.sagaTableName, this.saga.retentionDays, {
      name: input.saga.id,
      status: outcome.execution,
      stopDate: endedAt.getTime(),
      error: outcome.error?.name ?? null,
      cause: outcome.error?.message ?? null,
      ...(failedStep === undefined ? {} : { failedStep }),
      failure,
    });
    if (!update) return undefined;
    try {
      await this.dynamoDb.updateItem(update.input);
      return update.status;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return undefined;
      throw error;
    }
  }

  private taskHandlers(runHook: BeforeTask | undefined) {
    const engineHook = this.options.beforeTask;
    const beforeTask: BeforeTask | undefined =
      engineHook && runHook
        ? (state, attempt) => {
            engineHook(state, attempt);
            runHook(state, attempt);
          }
        : (engineHook ?? runHook);
    return localTaskHandlers(this.definition, {
      dynamoDb: this.dynamoDb,
      ...(beforeTask ? { beforeTask } : {}),
      invokeFunction: async (functionId, payload, state) => {
        const target = this.functionTargets.get(functionId);
        if (!target) throw new Error(`Task calls function ${functionId}, which is not a target of the saga`);
        return invokeHandler(await this.handlerFor(target), target, payload, state.TimeoutSeconds);
      },
    });
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

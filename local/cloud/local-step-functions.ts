import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { StateMachine } from 'aws-local-stepfunctions';
import type { StateMachineDefinition } from '../../statemachines/compiler/asl.ts';
import { sdkDynamoDb } from '../engine/engine-dynamodb.ts';
import { closesCaughtState, type HistoryEntry, toHistoryEntry } from '../engine/history.ts';
import { markJsonToString } from '../engine/json-to-string.ts';
import { localContextObject, localTaskHandlers, scaledRetryWaits } from '../engine/local-task-handlers.ts';
import { indexStatesByName, type StateInfo } from '../engine/state-index.ts';
import { loadStepFunctionsLibrary } from '../engine/step-functions-library.ts';
import { ExecutionTrace, type SegmentSink } from '../xray/execution-trace.ts';
import { newTraceId } from '../xray/xray-ids.ts';
import { historyEvents, historyPage } from './execution-history-events.ts';
import { AwsJsonError, type JsonAction } from './json-protocol-server.ts';
import type { LambdaHost } from './lambda-host.ts';
import { definitionFrom, redriveRefusal, resumePoint } from './redrive-rules.ts';

/** A state machine of the template, its definition substitutions already applied. */
export interface LocalStateMachineSpec {
  readonly arn: string;
  readonly definition: StateMachineDefinition;
}

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** One execution, as DescribeExecution reports it, plus its history. */
export interface LocalExecution {
  readonly executionArn: string;
  /** Unqualified, also for an execution started on a version or an alias (as AWS reports it). */
  readonly stateMachineArn: string;
  /** The version it runs, when it was started on a version or an alias. */
  readonly stateMachineVersionArn?: string;
  /** The alias it was started on, if any. */
  readonly stateMachineAliasArn?: string;
  /** The state machine or version whose definition it runs (its redrive runs the same). */
  readonly definitionArn: string;
  readonly name: string;
  readonly input: string;
  readonly startDate: Date;
  status: ExecutionStatus;
  /** How many times the execution was redriven, and when last. */
  redriveCount: number;
  redriveDate?: Date;
  stopDate?: Date;
  output?: string;
  error?: string;
  cause?: string;
  readonly history: HistoryEntry[];
  /** The execution's X-Ray trace (every run of it, redrives included). */
  readonly traceId?: string;
}

export interface LocalStepFunctionsOptions {
  readonly lambdas: LambdaHost;
  readonly dynamoDb: DynamoDBClient;
  /**
   * Called when an execution ends, and when a redrive sets it running again, e.g. to publish
   * "Step Functions Execution Status Change".
   */
  readonly onExecutionEnded: (execution: LocalExecution) => Promise<void>;
  /** Multiplies each retrier's wait (see `LocalSagaEngine`). */
  readonly retryDelayScale: number;
  /**
   * Where the executions' X-Ray segments go (the state machine's and each Lambda task's); each
   * Lambda task is invoked with its trace header. None: no tracing.
   */
  readonly xray?: SegmentSink;
}

/** A state machine's definition, ready to run. */
interface LocalMachine {
  readonly spec: LocalStateMachineSpec;
  readonly engine: StateMachine;
  readonly states: Map<string, StateInfo>;
}

/**
 * The Step Functions API, locally: StartExecution (with its name idempotency), DescribeExecution,
 * RedriveExecution, GetExecutionHistory and ListExecutions over `aws-local-stepfunctions`, every Task mapped to the local Lambda host or to
 * DynamoDB Local. Versions and aliases as AWS has them: a version is a snapshot of a state machine's
 * definition when it was published, an alias points at a version, and an execution started on
 * either runs that version's definition to its end, its redrives too, whatever is deployed or
 * published meanwhile.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/execution-alias-version-associate.html
 */
export class LocalStepFunctions {
  readonly executions = new Map<string, LocalExecution>();
  /** Wall time of every DynamoDB task (Lambda tasks are timed by the Lambda host). */
  readonly dynamoDbTaskMs: number[] = [];
  private readonly running = new Set<Promise<void>>();
  /** By ARN: each state machine (its latest definition) and each published version. */
  private readonly machines = new Map<string, LocalMachine>();
  /** Alias ARN → the version ARN it points at. */
  private readonly aliases = new Map<string, string>();

  constructor(
    specs: readonly LocalStateMachineSpec[],
    private readonly options: LocalStepFunctionsOptions,
  ) {
    this.deploy(specs);
  }

  /** Deploys state machines' definitions (a template update): unqualified starts run them from now on. */
  deploy(specs: readonly LocalStateMachineSpec[]): void {
    for (const spec of specs) this.machines.set(spec.arn, machineOf(spec));
  }

  /** Publishes the state machine's current definition as version `version`; its ARN. */
  publishVersion(stateMachineArn: string, version: number): string {
    const machine = this.machines.get(stateMachineArn);
    if (!machine) throw new Error(`No local state machine ${stateMachineArn} to publish a version of`);
    const versionArn = `${stateMachineArn}:${version}`;
    this.machines.set(versionArn, { ...machine, spec: { ...machine.spec, arn: versionArn } });
    return versionArn;
  }

  /** Points an alias (`<state machine ARN>:<name>`) at a version: starts on the alias run it from now on. */
  setAlias(aliasArn: string, versionArn: string): void {
    if (!this.machines.has(versionArn)) throw new Error(`No local state machine version ${versionArn}`);
    this.aliases.set(aliasArn, versionArn);
  }

  /** The JSON-protocol actions this serves (`AWSStepFunctions.<Action>`). */
  actions(): Record<string, JsonAction> {
    return {
      StartExecution: async (input) =>
        this.startExecution(
          String(input.stateMachineArn),
          String(input.name ?? crypto.randomUUID()),
          String(input.input ?? '{}'),
        ),
      DescribeExecution: async (input) => describe(this.find(String(input.executionArn))),
      RedriveExecution: async (input) => this.redriveExecution(String(input.executionArn)),
      GetExecutionHistory: async (input) => {
        const execution = this.find(String(input.executionArn));
        const states = this.machines.get(execution.definitionArn)?.states ?? new Map();
        return historyPage(historyEvents(execution, states, input.includeExecutionData !== false), input);
      },
      ListExecutions: async (input) => ({
        executions: [...this.executions.values()]
          // By the state machine, or by one of its versions or aliases (as AWS filters).
          .filter((execution) =>
            [
              execution.stateMachineArn,
              execution.stateMachineVersionArn,
              execution.stateMachineAliasArn,
            ].includes(String(input.stateMachineArn)),
          )
          .filter((execution) => input.statusFilter === undefined || execution.status === input.statusFilter)
          .map((execution) => ({
            executionArn: execution.executionArn,
            name: execution.name,
            status: execution.status,
            startDate: seconds(execution.startDate),
          })),
      }),
    };
  }

  /** Resolves once no execution is running. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private startExecution(stateMachineArn: string, name: string, input: string) {
    // An alias runs the version it points at now; a version ARN, that version; else the latest.
    const definitionArn = this.aliases.get(stateMachineArn) ?? stateMachineArn;
    const machine = this.machines.get(definitionArn);
    if (!machine)
      throw new AwsJsonError(
        'StateMachineDoesNotExist',
        `State Machine Does Not Exist: '${stateMachineArn}'`,
      );
    // Executions are named after the state machine, whichever version or alias started them.
    const unqualified = unqualifiedArn(stateMachineArn);
    const executionArn = `${unqualified.replace(':stateMachine:', ':execution:')}:${name}`;
    const existing = this.executions.get(executionArn);
    if (existing) {
      // StartExecution is idempotent for the same name and input while the execution runs.
      if (existing.status === 'RUNNING' && existing.input === input)
        return { executionArn, startDate: seconds(existing.startDate) };
      throw new AwsJsonError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    const execution: LocalExecution = {
      executionArn,
      stateMachineArn: unqualified,
      ...(definitionArn !== unqualified ? { stateMachineVersionArn: definitionArn } : {}),
      ...(this.aliases.has(stateMachineArn) ? { stateMachineAliasArn: stateMachineArn } : {}),
      definitionArn,
      name,
      input,
      startDate: new Date(),
      status: 'RUNNING',
      redriveCount: 0,
      history: [],
      traceId: newTraceId(),
    };
    this.executions.set(executionArn, execution);
    this.track(this.run(machine, machine.engine, execution, JSON.parse(input)));
    return { executionArn, startDate: seconds(execution.startDate) };
  }

  /**
   * RedriveExecution as Step Functions does it: an execution that ended unsuccessfully within the
   * last 14 days resumes in the state it ended in, with that state's input (the states that
   * succeeded are not run again), under the same ARN; its redrive count goes up by one, its
   * history goes on (`ExecutionRedriven`), and "RUNNING" is announced again.
   */
  private redriveExecution(executionArn: string) {
    const execution = this.find(executionArn);
    const refusal = redriveRefusal(execution, new Date());
    if (refusal) throw new AwsJsonError('ExecutionNotRedrivable', refusal);
    // The definition it started with: a version's stays, whatever was deployed or published since.
    const machine = this.machines.get(execution.definitionArn);
    const resume = machine && resumePoint(machine.spec.definition, execution.history);
    if (!machine || !resume)
      throw new AwsJsonError('ExecutionNotRedrivable', `Execution ${executionArn} never entered a state`);
    const engine = new (loadStepFunctionsLibrary().StateMachine)(
      markJsonToString(definitionFrom(machine.spec.definition, resume.state)) as never,
      { validationOptions: { checkArn: false } },
    );
    const redriveDate = new Date();
    execution.history.push({
      event: 'redriven',
      state: resume.state,
      role: machine.states.get(resume.state)?.role ?? 'end',
      atMs: redriveDate.getTime() - execution.startDate.getTime(),
      redriveCount: execution.redriveCount + 1,
      endedWith: execution.status,
      ...(execution.error === undefined ? {} : { error: execution.error }),
      ...(execution.cause === undefined ? {} : { cause: execution.cause }),
    });
    execution.status = 'RUNNING';
    execution.redriveCount += 1;
    execution.redriveDate = redriveDate;
    delete execution.stopDate;
    delete execution.output;
    delete execution.error;
    delete execution.cause;
    this.track(
      this.options.onExecutionEnded(execution).then(() => this.run(machine, engine, execution, resume.input)),
    );
    return { redriveDate: seconds(redriveDate) };
  }

  private track(run: Promise<void>): void {
    const tracked = run.finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }

  private async run(
    { spec, states }: { spec: LocalStateMachineSpec; states: Map<string, StateInfo> },
    engine: StateMachine,
    execution: LocalExecution,
    input: unknown,
  ): Promise<void> {
    // History times count from the execution's start, a redrive's included.
    const startedAt = execution.startDate.getTime();
    const trace =
      this.options.xray && execution.traceId
        ? new ExecutionTrace(execution.traceId, execution, this.options.xray)
        : undefined;
    const run = { fromIndex: execution.history.length, fromMs: Date.now() - startedAt };
    const handle = engine.run(input as never, {
      overrides: {
        taskResourceLocalHandlers: this.taskHandlers(spec, trace) as never,
        retryIntervalOverrides: scaledRetryWaits(spec.definition, this.options.retryDelayScale),
      },
      context: localContextObject({
        id: execution.executionArn,
        name: execution.name,
        input: JSON.parse(execution.input),
        startTime: execution.startDate.toISOString(),
        redriveCount: execution.redriveCount,
      }),
    });
    const collecting = (async () => {
      for await (const event of handle.eventLogs) {
        const entry = toHistoryEntry(event as never, startedAt, states);
        if (entry && !closesCaughtState(execution.history, entry)) execution.history.push(entry);
      }
    })();
    try {
      execution.output = JSON.stringify(await handle.result);
      execution.status = 'SUCCEEDED';
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
      const { ExecutionTimeoutError } = loadStepFunctionsLibrary();
      execution.status = error instanceof ExecutionTimeoutError ? 'TIMED_OUT' : 'FAILED';
      execution.error =
        error instanceof ExecutionTimeoutError
          ? 'States.Timeout'
          : cause instanceof Error
            ? cause.name
            : 'Error';
      execution.cause = cause instanceof Error ? cause.message : String(cause);
    }
    await collecting;
    execution.stopDate = new Date();
    trace?.finish(
      { history: execution.history.slice(run.fromIndex), startMs: startedAt, fromMs: run.fromMs },
      execution,
    );
    await this.options.onExecutionEnded(execution);
  }

  private taskHandlers(spec: LocalStateMachineSpec, trace: ExecutionTrace | undefined) {
    const { lambdas } = this.options;
    return localTaskHandlers(spec.definition, {
      dynamoDb: sdkDynamoDb(this.options.dynamoDb),
      invokeFunction: (functionName, payload, _state, stateName) =>
        trace
          ? trace.invoke(stateName, functionName, (traceHeader) =>
              lambdas.invoke(functionName, payload, { traceHeader }),
            )
          : lambdas.invoke(functionName, payload),
      onDynamoDbTask: (milliseconds) => this.dynamoDbTaskMs.push(milliseconds),
    });
  }

  private find(executionArn: string): LocalExecution {
    const execution = this.executions.get(executionArn);
    if (!execution)
      throw new AwsJsonError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return execution;
  }
}

const seconds = (date: Date) => date.getTime() / 1000;

/** `arn:aws:states:<region>:<account>:stateMachine:<name>`, without a version or alias qualifier. */
export function unqualifiedArn(stateMachineArn: string): string {
  return stateMachineArn.split(':').slice(0, 7).join(':');
}

function machineOf(spec: LocalStateMachineSpec): LocalMachine {
  return {
    spec,
    engine: new (loadStepFunctionsLibrary().StateMachine)(markJsonToString(spec.definition) as never, {
      validationOptions: { checkArn: false },
    }),
    states: indexStatesByName(spec.definition),
  };
}

function describe(execution: LocalExecution) {
  return {
    executionArn: execution.executionArn,
    stateMachineArn: execution.stateMachineArn,
    ...(execution.stateMachineVersionArn ? { stateMachineVersionArn: execution.stateMachineVersionArn } : {}),
    ...(execution.stateMachineAliasArn ? { stateMachineAliasArn: execution.stateMachineAliasArn } : {}),
    name: execution.name,
    status: execution.status,
    startDate: seconds(execution.startDate),
    input: execution.input,
    ...(execution.stopDate ? { stopDate: seconds(execution.stopDate) } : {}),
    redriveCount: execution.redriveCount,
    ...(execution.redriveDate ? { redriveDate: seconds(execution.redriveDate) } : {}),
    redriveStatus: redriveRefusal(execution, new Date()) ? 'NOT_REDRIVABLE' : 'REDRIVABLE',
    ...(execution.output !== undefined ? { output: execution.output } : {}),
    ...(execution.error !== undefined ? { error: execution.error, cause: execution.cause } : {}),
  };
}

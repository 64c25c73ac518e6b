import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { RuntimeEnvironment } from '../../contract/environment.ts';
import { loggerRedacting, loggerRedactor, logger as sharedLogger } from '../shared/powertools/logger.ts';
import { metrics as sharedMetrics } from '../shared/powertools/metrics.ts';
import { Redactor } from '../shared/powertools/redaction.ts';
import { tracer as sharedTracer } from '../shared/powertools/tracer.ts';
import { SagaConfigurationError } from './errors.ts';
import { DEFAULT_IDEMPOTENCY_EXPIRY_SECONDS } from './idempotency.ts';
import { currentStepRuntimeBinding } from './local-binding.ts';

/** Idempotency settings of a step. */
export interface StepIdempotencySettings {
  /**
   * Where first results are kept.
   * @default Powertools' DynamoDB persistence on the idempotency table, through `dynamoDb`
   */
  readonly persistenceStore?: BasePersistenceLayer;
  /** @default DEFAULT_IDEMPOTENCY_EXPIRY_SECONDS (a day) */
  readonly expiresAfterSeconds?: number;
}

/** Options of {@link sagaStep}. */
export interface SagaStepOptions {
  /**
   * The DynamoDB client of the idempotency table and the step record.
   * @default new DynamoDBClient({}) (the function's region and role)
   */
  readonly dynamoDb?: DynamoDBClient;
  /** @default process.env.SAGA_TABLE_NAME (SagaOrchestrator sets it) */
  readonly sagaTableName?: string;
  /** @default process.env.IDEMPOTENCY_TABLE_NAME (SagaOrchestrator sets it) */
  readonly idempotencyTableName?: string;
  /** The time of step events and durations. @default () => new Date() */
  readonly clock?: () => Date;
  /** `false` runs every invocation (benchmarks only). @default {} (on, DynamoDB persistence) */
  readonly idempotency?: false | StepIdempotencySettings;
  /** `false` writes no step events to the saga table. @default true */
  readonly stepRecord?: boolean;
  /**
   * Keys redacted on top of the built-in rule (which always applies: {@link DEFAULT_SENSITIVE_KEYS}
   * and keys that name a secret, such as `creditCardNumber`, `x-api-key`, `customerSsn`), and on
   * top of the `sensitiveKeys` the saga declares. Redacted wherever a value leaves the step's code:
   * log lines, error messages, the event log and the idempotency record. Compared after
   * normalising case and separators (`cardNumber`, `card_number`, `Card-Number` are one key).
   * @default [] (the built-in rule and the saga's keys)
   */
  readonly sensitiveKeys?: readonly string[];
  /**
   * Your own logger: the step's lines are then redacted only as it redacts them (the event log,
   * idempotency records and error messages still are).
   * @default the project's logger (lambdas/shared/powertools), redacting as above
   */
  readonly logger?: Logger;
  /** @default the project's metrics (lambdas/shared/powertools) */
  readonly metrics?: Metrics;
  /** @default the project's tracer (lambdas/shared/powertools) */
  readonly tracer?: Tracer;
}

/** The telemetry and clock of a step: resolved once, when the handler is built; never fails. */
export interface StepTelemetrySettings {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly tracer: Tracer;
  readonly clock: () => Date;
  readonly redactor: Redactor;
}

/** Where a step keeps its records: resolved per invocation (see {@link resolveStepStorage}). */
export interface StepStorage {
  readonly idempotency?: {
    readonly persistenceStore: BasePersistenceLayer;
    readonly expiresAfterSeconds: number;
  };
  readonly stepRecord?: { readonly client: Pick<DynamoDBClient, 'send'>; readonly tableName: string };
}

/** Applies the telemetry defaults. */
export function resolveStepTelemetry(options: SagaStepOptions): StepTelemetrySettings {
  // One redactor for the logger's lines and for what is persisted, so both hide the same keys
  // (the saga's declared ones are added to it per invocation, see `stepEnvelope`).
  const redactor = options.sensitiveKeys ? new Redactor(options.sensitiveKeys) : loggerRedactor;
  return {
    logger: options.logger ?? (options.sensitiveKeys ? loggerRedacting(redactor) : sharedLogger),
    metrics: options.metrics ?? sharedMetrics,
    tracer: options.tracer ?? sharedTracer,
    clock: options.clock ?? (() => new Date()),
    redactor,
  };
}

/**
 * Where the step keeps its records this invocation: the test environment's store when one is
 * bound (`sfn-saga/testing`), else the options and the environment. Resolved when the step runs,
 * not when its module loads, so a missing table name fails the invocation with a
 * `SagaConfigurationError` that names it — which parks the saga as FAILED instead of being retried
 * as if transient — rather than crashing the function at start-up.
 * @throws SagaConfigurationError naming the missing variable and the fix
 */
export function resolveStepStorage(options: SagaStepOptions, lazyClient: () => DynamoDBClient): StepStorage {
  const binding = currentStepRuntimeBinding();
  const expiresAfterSeconds =
    (options.idempotency || undefined)?.expiresAfterSeconds ?? DEFAULT_IDEMPOTENCY_EXPIRY_SECONDS;
  if (binding) {
    return {
      ...(options.idempotency === false
        ? {}
        : { idempotency: { persistenceStore: binding.idempotencyStore, expiresAfterSeconds } }),
      ...(options.stepRecord === false
        ? {}
        : { stepRecord: { client: binding.dynamoDb, tableName: binding.sagaTableName } }),
    };
  }
  const idempotency =
    options.idempotency === false
      ? undefined
      : {
          persistenceStore:
            options.idempotency?.persistenceStore ??
            new DynamoDBPersistenceLayer({
              tableName: required(
                options.idempotencyTableName,
                RuntimeEnvironment.idempotencyTableName,
                'idempotencyTableName',
              ),
              awsSdkV3Client: options.dynamoDb ?? lazyClient(),
            }),
          expiresAfterSeconds,
        };
  const stepRecord =
    options.stepRecord === false
      ? undefined
      : {
          client: options.dynamoDb ?? lazyClient(),
          tableName: required(options.sagaTableName, RuntimeEnvironment.sagaTableName, 'sagaTableName'),
        };
  return { ...(idempotency ? { idempotency } : {}), ...(stepRecord ? { stepRecord } : {}) };
}

function required(given: string | undefined, envName: string, option: string): string {
  const value = given ?? process.env[envName];
  if (value) return value;
  throw new SagaConfigurationError(
    `sagaStep cannot run: the environment variable ${envName} is not set and no ${option} option was given. ` +
      `Fix: deploy the function with SagaOrchestrator (it sets ${envName}), set ${envName} yourself, ` +
      `pass sagaStep(fn, { ${option}: '…' }), or run the saga under SagaTestEnvironment from sfn-saga/testing.`,
  );
}

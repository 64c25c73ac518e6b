import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { loggerRedacting, logger as sharedLogger } from '../shared/powertools/logger.ts';
import { metrics as sharedMetrics } from '../shared/powertools/metrics.ts';
import { DEFAULT_SENSITIVE_KEYS, Redactor } from '../shared/powertools/redaction.ts';
import { tracer as sharedTracer } from '../shared/powertools/tracer.ts';
import { DEFAULT_IDEMPOTENCY_EXPIRY_SECONDS } from './idempotency.ts';

/** The environment variable naming the saga table (the step record). */
export const SAGA_TABLE_NAME_ENV = 'SAGA_TABLE_NAME';
/** The environment variable naming the idempotency table (partition key `id`, TTL `expiration`). */
export const IDEMPOTENCY_TABLE_NAME_ENV = 'IDEMPOTENCY_TABLE_NAME';

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
   * The DynamoDB client of the idempotency table and the step record (point it at DynamoDB Local
   * in tests and on the local engine).
   * @default new DynamoDBClient({}) (the function's region and role)
   */
  readonly dynamoDb?: DynamoDBClient;
  /** @default process.env.SAGA_TABLE_NAME */
  readonly sagaTableName?: string;
  /** @default process.env.IDEMPOTENCY_TABLE_NAME */
  readonly idempotencyTableName?: string;
  /** The time of step events and durations. @default () => new Date() */
  readonly clock?: () => Date;
  /** `false` runs every invocation (benchmarks only). @default {} (on, DynamoDB persistence) */
  readonly idempotency?: false | StepIdempotencySettings;
  /** `false` writes no step events to the saga table. @default true */
  readonly stepRecord?: boolean;
  /**
   * Keys whose values are redacted in logs, and in error messages as `key=value` pairs; matched
   * case-insensitively across camelCase, snake_case and kebab-case.
   * @default DEFAULT_SENSITIVE_KEYS
   */
  readonly sensitiveKeys?: readonly string[];
  /** @default the project's logger (lambdas/shared/powertools), redacting `sensitiveKeys` */
  readonly logger?: Logger;
  /** @default the project's metrics (lambdas/shared/powertools) */
  readonly metrics?: Metrics;
  /** @default the project's tracer (lambdas/shared/powertools) */
  readonly tracer?: Tracer;
}

/** The options with every default applied. */
export interface ResolvedStepOptions {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly tracer: Tracer;
  readonly clock: () => Date;
  readonly redactor: Redactor;
  readonly idempotency?: {
    readonly persistenceStore: BasePersistenceLayer;
    readonly expiresAfterSeconds: number;
  };
  readonly stepRecord?: { readonly client: DynamoDBClient; readonly tableName: string };
}

/** Applies the defaults; throws when a table the step needs is named neither in options nor in the environment. */
export function resolveStepOptions(options: SagaStepOptions): ResolvedStepOptions {
  const sensitiveKeys = options.sensitiveKeys ?? DEFAULT_SENSITIVE_KEYS;
  let client = options.dynamoDb;
  const dynamoDb = () => {
    client ??= new DynamoDBClient({});
    return client;
  };
  const idempotency = resolveIdempotency(options, dynamoDb);
  const stepRecord =
    options.stepRecord === false
      ? undefined
      : { client: dynamoDb(), tableName: required(options.sagaTableName, SAGA_TABLE_NAME_ENV, 'stepRecord') };
  return {
    logger: options.logger ?? (options.sensitiveKeys ? loggerRedacting(sensitiveKeys) : sharedLogger),
    metrics: options.metrics ?? sharedMetrics,
    tracer: options.tracer ?? sharedTracer,
    clock: options.clock ?? (() => new Date()),
    redactor: new Redactor(sensitiveKeys),
    ...(idempotency ? { idempotency } : {}),
    ...(stepRecord ? { stepRecord } : {}),
  };
}

function resolveIdempotency(options: SagaStepOptions, dynamoDb: () => DynamoDBClient) {
  if (options.idempotency === false) return undefined;
  const settings = options.idempotency ?? {};
  const persistenceStore =
    settings.persistenceStore ??
    new DynamoDBPersistenceLayer({
      tableName: required(options.idempotencyTableName, IDEMPOTENCY_TABLE_NAME_ENV, 'idempotency'),
      awsSdkV3Client: dynamoDb(),
    });
  return {
    persistenceStore,
    expiresAfterSeconds: settings.expiresAfterSeconds ?? DEFAULT_IDEMPOTENCY_EXPIRY_SECONDS,
  };
}

function required(given: string | undefined, envName: string, option: string): string {
  const value = given ?? process.env[envName];
  if (!value) {
    throw new Error(
      `sagaStep: no table name for ${option}: set ${envName} or pass the table name in the options (or \`${option}: false\`)`,
    );
  }
  return value;
}

import type { RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { EventPattern, IEventBus } from 'aws-cdk-lib/aws-events';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { LogLevel, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import type { Saga } from '../../statemachines/definition/saga.ts';
import type { SagaAlarmProps } from './saga-alarm-props.ts';
import type { SagaDeploymentProps } from './saga-deployment.ts';
import type { SagaFunctionOptions } from './saga-function-options.ts';
import type { SagaTableProps } from './saga-table.ts';

/** How events start the saga. */
export interface SagaTriggerProps {
  /**
   * Events on the bus that start a saga (e.g. `{ detailType: ['OrderPlaced'] }`).
   * @default no EventBridge trigger: sagas start from the start queue only
   */
  readonly eventPattern?: EventPattern;
  /**
   * Dot path of the business key in a start message; a key never runs the saga twice.
   * For events from the trigger rule, paths start at the event (e.g. `detail.orderId`).
   */
  readonly businessKeyPath: string;
  /**
   * Dot path of the saga's input in a start message.
   * @default 'detail' when `eventPattern` is set, else '' (the whole message)
   */
  readonly inputPath?: string;
  /**
   * Deliveries of a start message before it goes to the dead-letter queue.
   * @default 3
   */
  readonly maxReceiveCount?: number;
}

export type { SagaAlarmProps } from './saga-alarm-props.ts';

/** Props of `SagaOrchestrator`. */
export interface SagaOrchestratorProps {
  /** The saga to deploy, as `defineSaga` returned it. */
  readonly saga: Saga;
  /**
   * Tables the saga's direct DynamoDB steps name, by logical name (e.g. `{ Inventory: table }`).
   * Every logical name the saga uses must be bound.
   * @default {}
   */
  readonly tables?: Readonly<Record<string, ITable>>;
  /**
   * Your project's root: handler entries (`lambda('src/handlers/charge.ts')`) are paths from it,
   * and its lock file pins what their bundles contain.
   * @default the nearest folder, from the current directory up, that holds a lock file
   *   (package-lock.json, yarn.lock, pnpm-lock.yaml, bun.lock or bun.lockb)
   */
  readonly projectRoot?: string;
  /**
   * Functions you bring, by function id (`{ ChargePayment: myFunction }`): the state machine invokes
   * them instead of building one from the handler entry. The construct grants them the saga and
   * idempotency tables and, when they are a `Function`, sets `SAGA_TABLE_NAME` and
   * `IDEMPOTENCY_TABLE_NAME` (set them yourself on an imported one). Their timeout must outlast the
   * step's `timeoutSeconds`. The state machine invokes a `Function`'s current version (published
   * when its code or configuration changes); any other `IFunction` as given — import a version ARN
   * to pin it, else running sagas call its `$LATEST`.
   * @default {} (the construct builds every function from its entry)
   */
  readonly functions?: Readonly<Record<string, IFunction>>;
  /**
   * Settings of every function the construct builds: the saga's step functions and the project's
   * own (starter, lifecycle publisher, status recorder).
   * @default the defaults of `SagaFunctionOptions`
   */
  readonly functionDefaults?: SagaFunctionOptions;
  /**
   * Settings of single functions, by function id: a step function's id (`ChargePayment`), or
   * `Starter`, `LifecyclePublisher`, `StatusRecorder`. They win over `functionDefaults`.
   * @default {}
   */
  readonly functionOptions?: Readonly<Record<string, SagaFunctionOptions>>;
  /**
   * STANDARD, or EXPRESS for sagas that fit Express's limits (at most 5 minutes, no redrive).
   * @default StateMachineType.STANDARD
   */
  readonly stateMachineType?: StateMachineType;
  /**
   * Safe rollout: each deploy that changes the state machine publishes a state machine version
   * (retained, so running sagas and their redrives keep theirs), and the `live` alias that starts
   * sagas moves to it gradually, rolled back by the saga's own alarms (failure rate, failed
   * compensations, p95 duration). `false` starts sagas on the state machine itself (its latest
   * revision). Either way the definition invokes the step functions' published versions, not
   * `$LATEST` (see `functions` for those you bring). Express state machines get versions and
   * aliases too.
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-cd-aliasing-versioning.html
   * @default a CANARY deployment: 10 % of new sagas for 5 minutes, then all
   */
  readonly deployment?: SagaDeploymentProps | false;
  /**
   * Invoke each step `Function`'s published version (its current version, one per deploy that
   * changes it, retained), so a saga runs the code it started with to its end and when redriven.
   * `false` invokes the functions' `$LATEST`: a code fix then reaches sagas already running and
   * their redrives, and so does a change of shape under a saga halfway through its rollback.
   * @default true
   */
  readonly pinFunctionVersions?: boolean;
  /**
   * What the state machine logs to CloudWatch Logs.
   * @default LogLevel.ERROR
   */
  readonly stateMachineLogLevel?: LogLevel;
  /**
   * Log execution input and output (may contain personal data).
   * @default false
   */
  readonly logExecutionData?: boolean;
  /**
   * A saga table to use instead of creating one; it must have the saga table schema and a stream
   * (NEW_AND_OLD_IMAGES). Not together with `tableProps`.
   * @default a new `SagaTable`
   */
  readonly existingTable?: ITable;
  /**
   * Props of the saga table this creates. Not together with `existingTable`. Its `encryptionKey`
   * wins over `encryptionKey`.
   * @default SagaTable's defaults, encrypted with `encryptionKey` when it is given
   */
  readonly tableProps?: SagaTableProps;
  /**
   * The bus that carries triggers and lifecycle events.
   * @default a new event bus
   */
  readonly eventBus?: IEventBus;
  /**
   * How sagas start besides the start queue.
   * @default none: start by sending to `startQueue` with the business key at `businessKey`
   */
  readonly trigger?: SagaTriggerProps;
  /**
   * The alarms' thresholds, where they notify and the runbook they link to.
   * @default the defaults of `SagaAlarmProps`
   */
  readonly alarms?: SagaAlarmProps;
  /** @default the saga's name */
  readonly serviceName?: string;
  /** @default 'SfnSaga' */
  readonly metricsNamespace?: string;
  /** @default 'INFO' */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /**
   * One customer managed KMS key for everything the construct creates, unless a more specific key
   * is given (`tableProps.encryptionKey`, `queueEncryptionKey`): the saga table, the idempotency
   * table, the queues, the event bus, every log group and the state machine (its definition and
   * execution data). The construct grants its roles what they need and adds the statements the
   * services need to the key's policy: CloudWatch Logs (for this account's log groups) and
   * EventBridge (to send to the queues); the event bus and the state machine add their own. On an
   * imported key (`Key.fromKeyArn`) it cannot edit the policy: add those statements yourself.
   * Callers that start or read executions need `kms:Decrypt` (and `kms:GenerateDataKey` to start)
   * on the key; `grantOperate` adds them.
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/encryption-at-rest.html
   * @default AWS managed and AWS owned keys: `aws/dynamodb` for the tables, SSE-SQS for the queues,
   *   AWS owned keys for the event bus and the state machine, CloudWatch Logs' own encryption
   */
  readonly encryptionKey?: IKey;
  /**
   * KMS key for the queues; wins over `encryptionKey`. The construct lets EventBridge use it (see
   * `encryptionKey`).
   * @default `encryptionKey`, else SQS-managed encryption (SSE-SQS)
   */
  readonly queueEncryptionKey?: IKey;
  /**
   * What happens to log groups and queues when they leave the stack.
   * @default RemovalPolicy.DESTROY for logs and queues (the table has its own policy)
   */
  readonly removalPolicy?: RemovalPolicy;
}

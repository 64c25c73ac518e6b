import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { IAlarm, MetricOptions } from 'aws-cdk-lib/aws-cloudwatch';
import { AttributeType, Billing, type ITable, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, type IEventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction, SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { type Grant, type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  Architecture,
  FilterCriteria,
  FilterRule,
  type IFunction,
  StartingPosition,
} from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { LogLevel, type StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { SAGA_TABLE } from '../../contract/saga-table.ts';
import { bundledFunction, type FunctionDefaults } from './private/bundled-function.ts';
import { deadLetterQueue, queueWithDeadLetter } from './private/queue-with-dead-letter.ts';
import { sagaStepFunctions } from './private/saga-functions.ts';
import { SagaMetricSet } from './private/saga-metrics.ts';
import { DEFAULT_ALARM_THRESHOLDS, SagaMonitoring } from './private/saga-monitoring.ts';
import { sagaStateMachine } from './private/saga-state-machine.ts';
import { allowOnTable } from './private/table-access.ts';
import { validateOrchestratorProps } from './private/validate-props.ts';
import type { SagaOrchestratorProps } from './saga-orchestrator-props.ts';
import { SagaTable } from './saga-table.ts';

/** Start messages are redelivered this many times before they are dead-lettered. */
const DEFAULT_MAX_RECEIVE_COUNT = 3;
/** Lambda retries a failing stream batch this many times (bisecting it) before it goes to the DLQ. */
const STREAM_RETRY_ATTEMPTS = 10;
const PROJECT_FUNCTION_TIMEOUT = Duration.seconds(30);

/**
 * A whole saga in one construct: the compiled state machine, one function per step handler, the saga
 * table, the starter (EventBridge rule and start queue, idempotent by business key), lifecycle events
 * on EventBridge, a dashboard and the alarms.
 *
 * @example
 * const orders = new SagaOrchestrator(this, 'Orders', {
 *   saga: orderSaga,
 *   tables: { Inventory: inventoryTable },
 *   trigger: { eventPattern: { detailType: ['OrderPlaced'] }, businessKeyPath: 'detail.orderId' },
 * });
 */
export class SagaOrchestrator extends Construct {
  public readonly stateMachine: StateMachine;
  public readonly table: ITable;
  /** Powertools idempotency records of the step handlers. */
  public readonly idempotencyTable: ITable;
  public readonly eventBus: IEventBus;
  /** Send a start message here (business key at `trigger.businessKeyPath`) to start a saga. */
  public readonly startQueue: IQueue;
  /** Dead-letter queues by purpose: `Start`, `Lifecycle`, `StatusRecorder`. */
  public readonly deadLetterQueues: Readonly<Record<string, IQueue>>;
  /** Step handler functions by function id. */
  public readonly stepFunctions: ReadonlyMap<string, IFunction>;
  public readonly starterFunction: IFunction;
  public readonly lifecycleFunction: IFunction;
  public readonly statusRecorderFunction: IFunction;
  public readonly alarms: Readonly<Record<string, IAlarm>>;
  private readonly metrics: SagaMetricSet;

  constructor(scope: Construct, id: string, props: SagaOrchestratorProps) {
    super(scope, id);
    validateOrchestratorProps(id, props);
    const { saga } = props;
    const stateMachineType = props.stateMachineType ?? StateMachineType.STANDARD;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.DESTROY;
    const defaults: FunctionDefaults = {
      projectRoot: props.projectRoot ?? process.cwd(),
      architecture: props.architecture ?? Architecture.ARM_64,
      serviceName: props.serviceName ?? saga.name,
      metricsNamespace: props.metricsNamespace ?? 'SfnSaga',
      logLevel: props.logLevel ?? 'INFO',
      logRetention: RetentionDays.ONE_MONTH,
      removalPolicy,
    };

    // aws-cdk-lib's classes declare optional interface members as `T | undefined`, which
    // exactOptionalPropertyTypes refuses; the casts only widen a class to its interface.
    this.table = props.existingTable ?? (new SagaTable(this, 'SagaTable', props.tableProps).table as ITable);
    this.idempotencyTable = new TableV2(this, 'IdempotencyTable', {
      partitionKey: { name: 'id', type: AttributeType.STRING },
      billing: Billing.onDemand(),
      timeToLiveAttribute: 'expiration',
      encryption: TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy,
    }) as ITable;
    this.eventBus = props.eventBus ?? (new EventBus(this, 'EventBus') as IEventBus);
    this.stepFunctions = sagaStepFunctions(this, saga, defaults, {
      sagaTable: this.table,
      idempotencyTable: this.idempotencyTable,
    });
    this.stateMachine = sagaStateMachine(this, {
      saga,
      functions: this.stepFunctions,
      tables: props.tables ?? {},
      sagaTable: this.table,
      type: stateMachineType,
      logLevel: props.stateMachineLogLevel ?? LogLevel.ERROR,
      logExecutionData: props.logExecutionData ?? false,
      removalPolicy,
    });

    const queueOptions = { encryptionKey: props.queueEncryptionKey, removalPolicy };
    const sagaEnvironment = {
      SAGA_TYPE: saga.name,
      SAGA_TABLE_NAME: this.table.tableName,
      SAGA_RETENTION_DAYS: String(saga.retentionDays),
    };

    // Starter: start queue (fed by the trigger rule or sent to directly) → idempotent start.
    const start = queueWithDeadLetter(this, 'StartQueue', {
      ...queueOptions,
      maxReceiveCount: props.trigger?.maxReceiveCount ?? DEFAULT_MAX_RECEIVE_COUNT,
      visibilityTimeout: Duration.seconds(PROJECT_FUNCTION_TIMEOUT.toSeconds() * 6),
    });
    this.startQueue = start.queue;
    const hasRule = props.trigger?.eventPattern !== undefined;
    this.starterFunction = bundledFunction(
      this,
      'StarterFunction',
      'lambdas/handlers/start-saga.ts',
      defaults,
      {
        timeout: PROJECT_FUNCTION_TIMEOUT,
        environment: {
          ...sagaEnvironment,
          SAGA_TIMEOUT_SECONDS: String(saga.timeoutSeconds),
          STATE_MACHINE_ARN: this.stateMachine.stateMachineArn,
          BUSINESS_KEY_PATH: props.trigger?.businessKeyPath ?? 'businessKey',
          INPUT_PATH: props.trigger?.inputPath ?? (hasRule ? 'detail' : ''),
          DEAD_LETTER_QUEUE_URL: start.deadLetters.queueUrl,
        },
      },
    );
    this.starterFunction.addEventSource(
      new SqsEventSource(start.queue, { batchSize: 10, reportBatchItemFailures: true }),
    );
    allowOnTable(this.starterFunction, this.table, ['dynamodb:PutItem', 'dynamodb:DeleteItem']);
    this.stateMachine.grantStartExecution(this.starterFunction);
    start.deadLetters.grantSendMessages(this.starterFunction);
    if (props.trigger?.eventPattern) {
      new Rule(this, 'TriggerRule', {
        eventBus: this.eventBus,
        eventPattern: props.trigger.eventPattern,
        description: `Starts ${saga.name} sagas`,
        targets: [new SqsQueue(start.queue, { deadLetterQueue: start.deadLetters, retryAttempts: 185 })],
      });
    }

    // Lifecycle events: saga-table stream → publisher → event bus (and saga-level metrics).
    const lifecycleDeadLetters = deadLetterQueue(this, 'LifecycleDeadLetters', queueOptions);
    this.lifecycleFunction = bundledFunction(
      this,
      'LifecycleFunction',
      'lambdas/handlers/publish-lifecycle-events.ts',
      defaults,
      {
        timeout: PROJECT_FUNCTION_TIMEOUT,
        environment: {
          ...sagaEnvironment,
          EVENT_BUS_NAME: this.eventBus.eventBusName,
          STATE_MACHINE_ARN: this.stateMachine.stateMachineArn,
          // Express workflows cannot be listed: no active-sagas gauge for them.
          COUNT_ACTIVE_SAGAS: String(stateMachineType === StateMachineType.STANDARD),
        },
      },
    );
    this.lifecycleFunction.addEventSource(
      new DynamoEventSource(this.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        bisectBatchOnError: true,
        retryAttempts: STREAM_RETRY_ATTEMPTS,
        onFailure: new SqsDlq(lifecycleDeadLetters),
        filters: [
          FilterCriteria.filter({
            dynamodb: {
              Keys: { [SAGA_TABLE.sortKey]: { S: FilterRule.isEqual(SAGA_TABLE.sagaItemSortKey) } },
            },
          }),
        ],
      }),
    );
    this.eventBus.grantPutEventsTo(this.lifecycleFunction);
    // Ended sagas lend their TTL to their step records.
    allowOnTable(this.lifecycleFunction, this.table, ['dynamodb:Query', 'dynamodb:UpdateItem']);
    // Active sagas are the state machine's RUNNING executions.
    this.lifecycleFunction.addToRolePolicy(
      new PolicyStatement({
        actions: ['states:ListExecutions'],
        resources: [this.stateMachine.stateMachineArn],
      }),
    );

    // Status recorder: executions that end without their own record (timeout, abort, runtime failure).
    const recorderDeadLetters = deadLetterQueue(this, 'StatusRecorderDeadLetters', queueOptions);
    this.statusRecorderFunction = bundledFunction(
      this,
      'StatusRecorderFunction',
      'lambdas/handlers/record-execution-status.ts',
      defaults,
      {
        timeout: PROJECT_FUNCTION_TIMEOUT,
        environment: sagaEnvironment,
      },
    );
    allowOnTable(this.statusRecorderFunction, this.table, ['dynamodb:UpdateItem']);
    new Rule(this, 'ExecutionEndedRule', {
      description: `Records ${saga.name} executions that end without their own record`,
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: {
          stateMachineArn: [this.stateMachine.stateMachineArn],
          status: ['FAILED', 'TIMED_OUT', 'ABORTED'],
        },
      },
      targets: [
        new LambdaFunction(this.statusRecorderFunction, {
          deadLetterQueue: recorderDeadLetters,
          retryAttempts: 185,
        }),
      ],
    });

    this.deadLetterQueues = {
      Start: start.deadLetters,
      Lifecycle: lifecycleDeadLetters,
      StatusRecorder: recorderDeadLetters,
    };
    this.metrics = new SagaMetricSet(this.stateMachine, defaults.metricsNamespace, saga.name);
    const monitoring = new SagaMonitoring(this, 'Monitoring', {
      sagaType: saga.name,
      metrics: this.metrics,
      deadLetterQueues: this.deadLetterQueues,
      topic: props.alarms?.topic,
      failureRatePercent: props.alarms?.failureRatePercent ?? DEFAULT_ALARM_THRESHOLDS.failureRatePercent,
      p95Duration: props.alarms?.p95Duration ?? DEFAULT_ALARM_THRESHOLDS.p95Duration,
      maxActiveSagas: props.alarms?.maxActiveSagas ?? DEFAULT_ALARM_THRESHOLDS.maxActiveSagas,
    });
    this.alarms = monitoring.alarms;
  }

  /** Lets `grantee` start sagas by sending start messages to the start queue. */
  public grantStartSaga(grantee: IGrantable): Grant {
    return this.startQueue.grantSendMessages(grantee);
  }

  /** Lets `grantee` read saga records and their history from the saga table. */
  public grantReadSagaState(grantee: IGrantable): Grant {
    return this.table.grantReadData(grantee);
  }

  /** Lets `grantee` redrive and stop executions (an operator's recovery tools). */
  public grantOperate(grantee: IGrantable): Grant {
    return this.stateMachine.grantExecution(
      grantee,
      'states:RedriveExecution',
      'states:StopExecution',
      'states:DescribeExecution',
    );
  }

  /** Sagas started (Step Functions executions started). @default - sum over 5 minutes */
  public metricStarted(options?: MetricOptions) {
    return this.metrics.started(options);
  }

  /** Sagas that ended COMPLETED. @default - sum over 5 minutes */
  public metricCompleted(options?: MetricOptions) {
    return this.metrics.ended('COMPLETED', options);
  }

  /** Sagas that rolled back cleanly. @default - sum over 5 minutes */
  public metricCompensated(options?: MetricOptions) {
    return this.metrics.ended('COMPENSATED', options);
  }

  /** Sagas parked as FAILED. @default - sum over 5 minutes */
  public metricFailed(options?: MetricOptions) {
    return this.metrics.ended('FAILED', options);
  }

  /** Open sagas. @default - maximum over 5 minutes */
  public metricActiveSagas() {
    return this.metrics.active();
  }

  /** Saga duration (Step Functions ExecutionTime). @default - p95 over 5 minutes */
  public metricDuration(statistic: 'p50' | 'p95' | 'p99' = 'p95') {
    return this.metrics.duration(statistic);
  }
}

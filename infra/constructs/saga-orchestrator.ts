import { Annotations, CfnOutput, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { IAlarm, MetricOptions } from 'aws-cdk-lib/aws-cloudwatch';
import {
  AttributeType,
  Billing,
  type ITable,
  Operation,
  TableEncryptionV2,
  TableV2,
} from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, type IEventBus } from 'aws-cdk-lib/aws-events';
import type { Grant, IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import {
  type CfnStateMachineAlias,
  type CfnStateMachineVersion,
  LogLevel,
  type StateMachine,
  StateMachineType,
} from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { RuntimeEnvironment } from '../../contract/environment.ts';
import { findProjectRoot } from '../../contract/project-root.ts';
import { type SagaResources, sagaOutputKey } from '../../contract/saga-stack-outputs.ts';
import { assertSaga } from '../../statemachines/definition/saga.ts';
import { alarmSettings } from './private/alarm-settings.ts';
import {
  functionThrottles,
  oldestStartMessageAge,
  stateStoreLatency,
} from './private/coordinator-metrics.ts';
import { addCostSummary } from './private/cost-summary.ts';
import { customerManagedKeys, grantExecutionData } from './private/customer-managed-key.ts';
import { LifecyclePublisher } from './private/lifecycle-publisher.ts';
import { addSagaChangeWarning } from './private/saga-change-warning.ts';
import { sagaErrorTypes } from './private/saga-error-types.ts';
import { SagaStepFunctions } from './private/saga-functions.ts';
import { optionsFor, type SharedFunctionSettings } from './private/saga-lambda.ts';
import { SagaMetricSet } from './private/saga-metrics.ts';
import { SagaMonitoring } from './private/saga-monitoring.ts';
import { SagaRollout } from './private/saga-rollout.ts';
import { SagaStarter, startOn } from './private/saga-starter.ts';
import { sagaStateMachine } from './private/saga-state-machine.ts';
import { StatusRecorder } from './private/status-recorder.ts';
import { expressWarning, validateOrchestratorProps } from './private/validate-props.ts';
import type { SagaOrchestratorProps } from './saga-orchestrator-props.ts';
import { SagaTable } from './saga-table.ts';

/** The CloudWatch namespace of the saga's custom metrics unless `metricsNamespace` names one. */
const DEFAULT_METRICS_NAMESPACE = 'SfnSaga';
/** The saga's own alarms (see `SagaMonitoring`) a deployment of a new version rolls back on. */
const ROLLBACK_ALARMS = ['FailureRate', 'CompensationFailed', 'P95Duration'] as const;

/**
 * A whole saga in one construct: the compiled state machine, one function per step handler, the saga
 * table, the starter (EventBridge rule and start queue, idempotent by business key), lifecycle events
 * on EventBridge, a dashboard and the alarms.
 *
 * Its parts and their construct ids — stable from 0.2 on, since CloudFormation replaces a resource
 * whose logical id changes: `SagaTable`, `IdempotencyTable`, `EventBus`, `Steps/<FunctionId>`,
 * `StateMachine`, `StateMachineRole`, `StateMachineLogs`, `Starter` (`Queue`, `QueueDeadLetters`,
 * `Function`, `TriggerRule`), `LifecyclePublisher` (`Function`, `DeadLetters`), `StatusRecorder`
 * (`Function`, `DeadLetters`, `ExecutionEndedRule`), `Monitoring` (alarms, `Dashboard`) and `Rollout`
 * (`Version`, whose logical id ends with a hash of the state machine, and `Alias`).
 *
 * @example
 * const orders = new SagaOrchestrator(this, 'Orders', {
 *   saga: orderSaga,
 *   tables: { Inventory: inventoryTable },
 *   trigger: { eventPattern: { source: ['shop'], detailType: ['OrderPlaced'] }, businessKeyPath: 'detail.orderId' },
 * });
 */
export class SagaOrchestrator extends Construct {
  /** The saga's name (`defineSaga({ name })`): its `SagaType` in metrics, records and outputs. */
  public readonly sagaType: string;
  public readonly stateMachine: StateMachine;
  /**
   * The `live` alias that starts sagas, moved to each new version by the deployment; undefined
   * with `deployment: false`.
   */
  public readonly liveAlias: CfnStateMachineAlias | undefined;
  /** The state machine version this deploy publishes; undefined with `deployment: false`. */
  public readonly stateMachineVersion: CfnStateMachineVersion | undefined;
  /** What sagas start on: the `live` alias's ARN, or the state machine's with `deployment: false`. */
  public readonly startTargetArn: string;
  public readonly table: ITable;
  /** Powertools idempotency records of the step handlers. */
  public readonly idempotencyTable: ITable;
  public readonly eventBus: IEventBus;
  /** Send a start message here (business key at `trigger.businessKeyPath`) to start a saga. */
  public readonly startQueue: IQueue;
  /** Dead-letter queues by purpose: `Start`, `Lifecycle`, `StatusRecorder`. */
  public readonly deadLetterQueues: Readonly<Record<string, IQueue>>;
  /** Step handler functions by function id, the ones you brought included. */
  public readonly stepFunctions: ReadonlyMap<string, IFunction>;
  public readonly starterFunction: IFunction;
  public readonly lifecycleFunction: IFunction;
  public readonly statusRecorderFunction: IFunction;
  public readonly alarms: Readonly<Record<string, IAlarm>>;
  /**
   * The values the `ErrorType` dimension of the saga's failure reasons can take: the saga's own
   * terminal error names and a fixed set (see `metricFailureReason`).
   */
  public readonly errorTypes: readonly string[];
  private readonly metrics: SagaMetricSet;
  /** The key of the state machine's execution data, when it is a customer managed one. */
  private readonly encryptionKey: IKey | undefined;

  constructor(scope: Construct, id: string, props: SagaOrchestratorProps) {
    super(scope, id);
    assertSaga(props.saga, `SagaOrchestrator ${this.node.path}: saga`);
    const { saga } = props;
    const projectRoot = findProjectRoot(props.projectRoot);
    const problems = validateOrchestratorProps(props, { projectRoot });
    this.sagaType = saga.name;
    this.node.addValidation({ validate: () => [...problems, ...this.sameSagaTypeProblems()] });
    const warning = expressWarning(props);
    if (warning) Annotations.of(this).addWarningV2('sfn-saga:express', warning);

    const stateMachineType = props.stateMachineType ?? StateMachineType.STANDARD;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.DESTROY;
    const { key, queueKey, tableKey } = customerManagedKeys(this, props);
    this.encryptionKey = key;
    const shared: SharedFunctionSettings = {
      serviceName: props.serviceName ?? saga.name,
      metricsNamespace: props.metricsNamespace ?? DEFAULT_METRICS_NAMESPACE,
      logLevel: props.logLevel ?? 'INFO',
      removalPolicy,
      logEncryptionKey: key,
    };
    const options = (functionId: string) =>
      optionsFor(functionId, props.functionDefaults, props.functionOptions);

    // aws-cdk-lib's classes declare optional interface members as `T | undefined`, which
    // exactOptionalPropertyTypes refuses; the casts only widen a class to its interface.
    this.table =
      props.existingTable ??
      (new SagaTable(this, 'SagaTable', {
        ...props.tableProps,
        ...(tableKey ? { encryptionKey: tableKey } : {}),
      }).table as ITable);
    this.idempotencyTable = new TableV2(this, 'IdempotencyTable', {
      partitionKey: { name: 'id', type: AttributeType.STRING },
      billing: Billing.onDemand(),
      timeToLiveAttribute: 'expiration',
      encryption: key ? TableEncryptionV2.customerManagedKey(key) : TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy,
    }) as ITable;
    // An encrypted bus adds the key-policy statement EventBridge needs itself.
    this.eventBus =
      props.eventBus ?? (new EventBus(this, 'EventBus', key ? { kmsKey: key } : {}) as IEventBus);
    this.stepFunctions = new SagaStepFunctions(this, 'Steps', {
      saga,
      projectRoot,
      shared,
      functionDefaults: props.functionDefaults,
      functionOptions: props.functionOptions,
      existing: props.functions ?? {},
      sagaTable: this.table,
      idempotencyTable: this.idempotencyTable,
    }).functions;
    this.stateMachine = sagaStateMachine(this, {
      saga,
      functions: this.stepFunctions,
      tables: props.tables ?? {},
      sagaTable: this.table,
      type: stateMachineType,
      logLevel: props.stateMachineLogLevel ?? LogLevel.ERROR,
      logExecutionData: props.logExecutionData ?? false,
      removalPolicy,
      encryptionKey: key,
      pinFunctionVersions: props.pinFunctionVersions ?? true,
    });

    const parts = {
      stateMachine: this.stateMachine,
      table: this.table,
      queueEncryptionKey: queueKey,
      stateMachineKey: key,
      shared,
      sagaEnvironment: {
        [RuntimeEnvironment.sagaType]: saga.name,
        [RuntimeEnvironment.sagaTableName]: this.table.tableName,
        [RuntimeEnvironment.retentionDays]: String(saga.retentionDays),
      },
    };
    const starter = new SagaStarter(this, 'Starter', {
      ...parts,
      saga,
      eventBus: this.eventBus,
      trigger: props.trigger,
      options: options('Starter'),
    });
    const errorTypes = sagaErrorTypes(saga);
    const lifecycle = new LifecyclePublisher(this, 'LifecyclePublisher', {
      ...parts,
      declaredErrorTypes: errorTypes.declared,
      stateMachineType,
      eventBus: this.eventBus,
      options: options('LifecyclePublisher'),
    });
    const recorder = new StatusRecorder(this, 'StatusRecorder', {
      ...parts,
      sagaType: saga.name,
      options: options('StatusRecorder'),
    });
    this.startQueue = starter.queue;
    this.starterFunction = starter.function;
    this.lifecycleFunction = lifecycle.function;
    this.statusRecorderFunction = recorder.function;
    this.deadLetterQueues = {
      Start: starter.deadLetters,
      Lifecycle: lifecycle.deadLetters,
      StatusRecorder: recorder.deadLetters,
    };

    this.metrics = new SagaMetricSet(this.stateMachine, {
      namespace: shared.metricsNamespace,
      serviceName: shared.serviceName,
      sagaType: saga.name,
    });
    const monitoring = new SagaMonitoring(this, 'Monitoring', {
      sagaType: saga.name,
      metrics: this.metrics,
      deadLetterQueues: this.deadLetterQueues,
      settings: alarmSettings(props.alarms),
      table: this.table,
      startQueue: this.startQueue,
      functions: this.allFunctions(),
      errorTypes: errorTypes.all,
    });
    this.errorTypes = errorTypes.all;
    this.alarms = monitoring.alarms;

    const rollout =
      props.deployment === false
        ? undefined
        : new SagaRollout(this, 'Rollout', {
            sagaType: saga.name,
            stateMachine: this.stateMachine,
            deployment: props.deployment ?? {},
            rollbackAlarms: ROLLBACK_ALARMS.flatMap((name) => monitoring.alarms[name] ?? []),
          });
    this.liveAlias = rollout?.alias;
    this.stateMachineVersion = rollout?.version;
    this.startTargetArn = rollout?.aliasArn ?? this.stateMachine.stateMachineArn;
    startOn(starter, this.startTargetArn);

    // What the `saga` CLI finds the saga's resources by (see contract/saga-stack-outputs.ts).
    const resources: SagaResources = {
      sagaType: saga.name,
      sagaTableName: this.table.tableName,
      stateMachineArn: this.stateMachine.stateMachineArn,
      ...(rollout ? { startTargetArn: rollout.aliasArn } : {}),
      startQueueUrl: this.startQueue.queueUrl,
      startDeadLetterQueueUrl: starter.deadLetters.queueUrl,
      eventBusName: this.eventBus.eventBusName,
      statusRecorderDeadLetterQueueUrl: recorder.deadLetters.queueUrl,
      startMessage: starter.startMessage,
    };
    addCostSummary(this, saga, stateMachineType);
    addSagaChangeWarning(this, saga);
    new CfnOutput(this, 'SagaResources', {
      key: sagaOutputKey(saga.name),
      description: `sfn-saga: the resources of saga ${saga.name}, for the saga CLI`,
      value: Stack.of(this).toJsonString(resources),
    });
  }

  /**
   * Two orchestrators of one saga type in a stack would share its stack output, its metrics and its
   * alarms' dimensions: say so at synth instead of failing later on a duplicate output.
   */
  private sameSagaTypeProblems(): string[] {
    const others = Stack.of(this)
      .node.findAll()
      .filter((c): c is SagaOrchestrator => c instanceof SagaOrchestrator && c !== this)
      .filter((other) => other.sagaType === this.sagaType)
      .map((other) => other.node.path);
    if (others.length === 0) return [];
    return [
      `saga: saga type ${this.sagaType} is also orchestrated by ${others.join(', ')} in this stack; ` +
        'its stack output, metrics and alarms would be shared. Fix: give each saga its own name ' +
        '(defineSaga({ name })), or put the orchestrators in different stacks',
    ];
  }

  /** Lets `grantee` start sagas by sending start messages to the start queue. */
  public grantStartSaga(grantee: IGrantable): Grant {
    return this.startQueue.grantSendMessages(grantee);
  }

  /** Lets `grantee` read saga records and their history from the saga table. */
  public grantReadSagaState(grantee: IGrantable): Grant {
    return this.table.grantReadData(grantee);
  }

  /**
   * Lets `grantee` redrive, stop and describe executions (an operator's recovery tools), and use
   * `encryptionKey` for their data when the construct has one.
   */
  public grantOperate(grantee: IGrantable): Grant {
    if (this.encryptionKey) grantExecutionData(grantee, this.stateMachine, this.encryptionKey, 'write');
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

  /**
   * Sagas that rolled back, failed, timed out or were cancelled with this error type: one of
   * `errorTypes` (the saga's own terminal error names, the runtime's errors, `States.Timeout`,
   * `States.TaskFailed`, `States.Runtime`, `States.DataLimitExceeded`, `Lambda` for `Lambda.*`,
   * and `Other`).
   * @default - sum over 5 minutes
   */
  public metricFailureReason(errorType: string, options?: MetricOptions) {
    if (!this.errorTypes.includes(errorType))
      throw new Error(
        `SagaOrchestrator ${this.node.path}: metricFailureReason: "${errorType}" is not an error type of saga ${this.sagaType}, so its metric has no data. Use one of: ${this.errorTypes.join(', ')}`,
      );
    return this.metrics.failureReason(errorType, options);
  }

  /** Executions Step Functions throttled (`ExecutionThrottled`). @default - sum over 5 minutes */
  public metricExecutionsThrottled(options?: MetricOptions) {
    return this.metrics.executionsThrottled(options);
  }

  /**
   * The saga table's `SuccessfulRequestLatency` for one operation, in milliseconds.
   * @default - average over 5 minutes, of UpdateItem (every status write)
   */
  public metricStateStoreLatency(operation: Operation = Operation.UPDATE_ITEM, options?: MetricOptions) {
    return stateStoreLatency(this.table, operation, options);
  }

  /** The age of the oldest start message, in seconds. @default - maximum over 5 minutes */
  public metricOldestStartMessageAge(options?: MetricOptions) {
    return oldestStartMessageAge(this.startQueue, options);
  }

  /**
   * Lambda's `Throttles` of one of the saga's functions, by function id: `Starter`,
   * `LifecyclePublisher`, `StatusRecorder` or a step function's.
   * @default - sum over 5 minutes
   */
  public metricFunctionThrottles(functionId: string, options?: MetricOptions) {
    const fn = this.allFunctions().get(functionId);
    if (!fn)
      throw new Error(
        `SagaOrchestrator ${this.node.path}: metricFunctionThrottles: saga ${this.sagaType} has no function "${functionId}". Use one of: ${[...this.allFunctions().keys()].join(', ')}`,
      );
    return functionThrottles(fn, options);
  }

  /** Every function the saga runs, by function id: the project's own, then the steps'. */
  private allFunctions(): ReadonlyMap<string, IFunction> {
    return new Map<string, IFunction>([
      ['Starter', this.starterFunction],
      ['LifecyclePublisher', this.lifecycleFunction],
      ['StatusRecorder', this.statusRecorderFunction],
      ...this.stepFunctions,
    ]);
  }
}

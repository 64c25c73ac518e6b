import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, Billing, type ITable, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { LIFECYCLE_EVENT_SOURCE } from '../contract/lifecycle-events.ts';
import { FAILURE_INJECTION_ON, FAILURE_INJECTION_VARIABLE } from '../examples/order/order.ts';
import { INVENTORY_TABLE, orderSaga } from '../examples/order/order-saga.ts';
import { SagaOrchestrator } from './constructs/saga-orchestrator.ts';

/** Props of the example stack. */
export interface OrderSagaStackProps extends StackProps {
  /**
   * Keep the saga table when the stack is deleted.
   * @default false (the example is disposable)
   */
  readonly retainData?: boolean;
  /**
   * Let the step handlers honour the `failure` field of an order (`EXAMPLE_FAILURE_INJECTION=on`),
   * so every compensation path can be driven end to end. For local runs only (the local cloud,
   * LocalStack): on AWS, anyone who can publish to the bus could make steps fail or hang.
   * @default false
   */
  readonly failureInjection?: boolean;
}

/** The source of the shop's events that start the example saga. */
export const ORDER_EVENT_SOURCE = 'shop';

/**
 * The example: the order saga, started by `OrderPlaced` events from `shop` (business key
 * `detail.orderId`), with its inventory table and an alarm topic.
 */
export class OrderSagaStack extends Stack {
  public readonly orchestrator: SagaOrchestrator;
  public readonly inventory: ITable;
  public readonly lifecycleSubscriber: Queue;

  constructor(scope: Construct, id: string, props: OrderSagaStackProps = {}) {
    super(scope, id, props);
    const removalPolicy = props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.inventory = new TableV2(this, 'Inventory', {
      partitionKey: { name: 'sku', type: AttributeType.STRING },
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy,
    }) as ITable;
    const alarmTopicKey = new Key(this, 'AlarmTopicKey', { enableKeyRotation: true, removalPolicy });
    // CloudWatch encrypts what its alarms publish to the topic with the topic's key; the topic
    // policy that lets it publish comes from the orchestrator (it is given the topic).
    alarmTopicKey.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    const alarmTopic = new Topic(this, 'AlarmTopic', { masterKey: alarmTopicKey, enforceSSL: true });
    this.orchestrator = new SagaOrchestrator(this, 'Orders', {
      saga: orderSaga,
      tables: { [INVENTORY_TABLE]: this.inventory },
      trigger: {
        eventPattern: { source: [ORDER_EVENT_SOURCE], detailType: ['OrderPlaced'] },
        businessKeyPath: 'detail.orderId',
      },
      ...(props.failureInjection
        ? { functionDefaults: { environment: { [FAILURE_INJECTION_VARIABLE]: FAILURE_INJECTION_ON } } }
        : {}),
      alarms: { topic: alarmTopic },
      tableProps: { deletionProtection: props.retainData ?? false, removalPolicy },
      removalPolicy,
    });
    // A subscriber of the saga's lifecycle events, as another service would add one (and the
    // full-stack scenarios read).
    this.lifecycleSubscriber = new Queue(this, 'LifecycleSubscriber', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      removalPolicy,
      deadLetterQueue: {
        maxReceiveCount: 5,
        queue: new Queue(this, 'LifecycleSubscriberDeadLetters', {
          encryption: QueueEncryption.SQS_MANAGED,
          enforceSSL: true,
          removalPolicy,
        }),
      },
    });
    new Rule(this, 'LifecycleSubscription', {
      eventBus: this.orchestrator.eventBus,
      eventPattern: { source: [LIFECYCLE_EVENT_SOURCE] },
      targets: [new SqsQueue(this.lifecycleSubscriber)],
    });
    new CfnOutput(this, 'OrdersEventBus', { value: this.orchestrator.eventBus.eventBusName });
    new CfnOutput(this, 'OrdersStateMachine', { value: this.orchestrator.stateMachine.stateMachineArn });
    new CfnOutput(this, 'OrdersSagaTable', { value: this.orchestrator.table.tableName });
    new CfnOutput(this, 'OrdersStartQueue', { value: this.orchestrator.startQueue.queueUrl });
    new CfnOutput(this, 'OrdersStartDeadLetters', {
      value: this.orchestrator.deadLetterQueues.Start?.queueUrl ?? '',
    });
    new CfnOutput(this, 'OrdersInventoryTable', { value: this.inventory.tableName });
    new CfnOutput(this, 'OrdersLifecycleSubscriber', { value: this.lifecycleSubscriber.queueUrl });
  }
}

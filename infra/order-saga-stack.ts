import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, Billing, type ITable, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { INVENTORY_TABLE, orderSaga } from '../examples/order/order-saga.ts';
import { SagaOrchestrator } from './constructs/saga-orchestrator.ts';

/** Props of the example stack. */
export interface OrderSagaStackProps extends StackProps {
  /**
   * Keep the saga table when the stack is deleted.
   * @default false (the example is disposable)
   */
  readonly retainData?: boolean;
}

/**
 * The example: the order saga, started by `OrderPlaced` events (business key `detail.orderId`), with
 * its inventory table and an alarm topic.
 */
export class OrderSagaStack extends Stack {
  public readonly orchestrator: SagaOrchestrator;
  public readonly inventory: ITable;

  constructor(scope: Construct, id: string, props: OrderSagaStackProps = {}) {
    super(scope, id, props);
    const removalPolicy = props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.inventory = new TableV2(this, 'Inventory', {
      partitionKey: { name: 'sku', type: AttributeType.STRING },
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy,
    });
    const alarmTopic = new Topic(this, 'AlarmTopic', {
      masterKey: new Key(this, 'AlarmTopicKey', { enableKeyRotation: true, removalPolicy }),
      enforceSSL: true,
    });
    this.orchestrator = new SagaOrchestrator(this, 'Orders', {
      saga: orderSaga,
      tables: { [INVENTORY_TABLE]: this.inventory },
      trigger: { eventPattern: { detailType: ['OrderPlaced'] }, businessKeyPath: 'detail.orderId' },
      alarms: { topic: alarmTopic },
      tableProps: { deletionProtection: props.retainData ?? false, removalPolicy },
      removalPolicy,
    });
    new CfnOutput(this, 'OrdersEventBus', { value: this.orchestrator.eventBus.eventBusName });
    new CfnOutput(this, 'OrdersStateMachine', { value: this.orchestrator.stateMachine.stateMachineArn });
    new CfnOutput(this, 'OrdersSagaTable', { value: this.orchestrator.table.tableName });
    new CfnOutput(this, 'OrdersStartQueue', { value: this.orchestrator.startQueue.queueUrl });
  }
}

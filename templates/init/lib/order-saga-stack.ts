import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { SagaOrchestrator } from 'sfn-saga/infra';
import { orderSaga } from '../src/order-saga.js';

/** The order saga, started by `OrderPlaced` events from `shop` (business key: the order id). */
export class OrderSagaStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    new SagaOrchestrator(this, 'Orders', {
      saga: orderSaga,
      trigger: {
        eventPattern: { source: ['shop'], detailType: ['OrderPlaced'] },
        businessKeyPath: 'detail.orderId',
      },
    });
  }
}

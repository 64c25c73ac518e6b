import { App } from 'aws-cdk-lib';
import { OrderSagaStack } from '../lib/order-saga-stack.js';

const app = new App();
new OrderSagaStack(app, 'OrderSaga');

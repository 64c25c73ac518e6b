/** The example CDK app `cdk.json` runs: `npx cdk synth`, `npx cdk deploy`. */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { FAILURE_INJECTION_CONTEXT } from '../examples/order/order.ts';
import { OrderSagaStack } from './order-saga-stack.ts';

const app = new App();
const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;
new OrderSagaStack(app, 'OrderSaga', {
  ...(account && region ? { env: { account, region } } : {}),
  description: 'sfn-saga example: the order saga (reserve inventory, charge, ship, confirm)',
  // Off unless asked for (`-c exampleFailureInjection=true`, as the LocalStack deploy does).
  failureInjection: [true, 'true'].includes(app.node.tryGetContext(FAILURE_INJECTION_CONTEXT)),
});
// cdk-nag's AWS Solutions pack runs at every synth; unacknowledged findings fail it.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();

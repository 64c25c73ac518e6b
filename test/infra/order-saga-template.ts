import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { OrderSagaStack } from '../../infra/order-saga-stack.ts';

let cached: { stack: OrderSagaStack; template: Template } | undefined;

/** The example stack, synthesized once per test file (bundling every function takes seconds). */
export function orderSagaTemplate() {
  if (!cached) {
    // Path metadata (as the CDK CLI adds it) lets tests find resources by construct path.
    const app = new App({ context: { 'aws:cdk:enable-path-metadata': true } });
    const stack = new OrderSagaStack(app, 'OrderSagaTest', {
      env: { account: '111111111111', region: 'eu-west-1' },
    });
    cached = { stack, template: Template.fromStack(stack) };
  }
  return cached;
}

/** Every resource of a type, as `[logicalId, resource]`. */
export function resourcesOf(
  template: Template,
  type: string,
): [string, { Properties: Record<string, unknown> }][] {
  return Object.entries(template.findResources(type)) as [string, { Properties: Record<string, unknown> }][];
}

import { App } from 'aws-cdk-lib';
import { OrderSagaStack } from './order-saga-stack.ts';

/** The example stack's name, as `infra/app.ts` deploys it. */
export const EXAMPLE_STACK_NAME = 'OrderSaga';

/**
 * Synthesizes the example app into `outdir` in-process, with the asset and path metadata the CDK CLI
 * adds (the local cloud finds each function's bundle through its asset metadata), and with failure
 * injection on: this assembly only ever runs locally (`npm start`, the local-cloud tests).
 */
export function synthesizeExample(outdir: string): string {
  const app = new App({
    outdir,
    context: { 'aws:cdk:enable-asset-metadata': true, 'aws:cdk:enable-path-metadata': true },
  });
  new OrderSagaStack(app, EXAMPLE_STACK_NAME, { failureInjection: true });
  app.synth();
  return outdir;
}

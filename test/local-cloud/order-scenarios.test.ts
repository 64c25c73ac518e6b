import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_STACK_NAME, synthesizeExample } from '../../infra/synthesize-example.ts';
import { type LocalCloud, startLocalCloud } from '../../local/cloud/local-cloud.ts';
import { orderScenarios } from '../scenarios/order-scenarios.ts';
import { OrderWorld } from '../scenarios/order-world.ts';
import { localCloudBackend } from './local-cloud-backend.ts';

let cloud: LocalCloud;
let world: OrderWorld;
let assemblyDir: string;

beforeAll(async () => {
  assemblyDir = synthesizeExample(await mkdtemp(join(tmpdir(), 'sfn-saga-cdk-out-')));
  cloud = await startLocalCloud({ assemblyDir, stackName: EXAMPLE_STACK_NAME, retryDelayScale: 0.01 });
  world = new OrderWorld(localCloudBackend(cloud));
}, 180_000);

afterAll(async () => {
  await cloud?.stop();
  await rm(assemblyDir, { recursive: true, force: true });
});

describe('the example stack on the local cloud', () => {
  for (const scenario of orderScenarios) {
    it(scenario.name, () => scenario.run(world), 240_000);
  }

  it('left no function failure unexplained: every failed invocation was an injected one', () => {
    // Assert: the functions that failed are the step handlers the scenarios made fail
    const failed = new Set(
      cloud.lambdas.invocations
        .filter((invocation) => invocation.failed)
        .map((invocation) => invocation.functionName),
    );
    for (const name of failed) expect(name).toMatch(/ChargePayment|RefundPayment|CreateShipment/);
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../cli/command.ts';
import { traceCommand } from '../../cli/commands/trace.ts';
import type { SagaTrace } from '../../cli/trace/assemble-saga-trace.ts';
import type { Order } from '../../examples/order/order.ts';
import { EXAMPLE_STACK_NAME, synthesizeExample } from '../../infra/synthesize-example.ts';
import { type LocalCloud, startLocalCloud } from '../../local/cloud/local-cloud.ts';
import { OrderWorld } from '../scenarios/order-world.ts';
import { localCloudBackend } from './local-cloud-backend.ts';

let cloud: LocalCloud;
let world: OrderWorld;
let assemblyDir: string;
const STOCK = 10;

beforeAll(async () => {
  assemblyDir = synthesizeExample(await mkdtemp(join(tmpdir(), 'sfn-saga-cdk-out-')));
  cloud = await startLocalCloud({ assemblyDir, stackName: EXAMPLE_STACK_NAME, retryDelayScale: 0.01 });
  world = new OrderWorld(localCloudBackend(cloud));
  // Each step function's bundle loaded before a saga runs: on a busy machine a cold start can
  // outlast the example's 5-second payment timeout. (An empty event fails its envelope check.)
  const steps = cloud.lambdas.functionNames().filter((name) => name.includes('Steps'));
  await Promise.all(steps.map((name) => cloud.lambdas.invoke(name, {}).catch(() => undefined)));
}, 180_000);

afterAll(async () => {
  await cloud?.stop();
  await rm(assemblyDir, { recursive: true, force: true });
});

describe('saga trace on the local cloud', () => {
  it("shows a rolled-back saga's step attempts and compensations with their annotations, and the errors on the failing ones", async () => {
    // Arrange: an order whose payment fails once and whose shipment fails for good: it rolls back
    const sagaId = await placeAndWait(
      'rolled-back',
      {
        failure: [
          { step: 'ChargePayment', mode: 'transient', attempts: 1 },
          { step: 'CreateShipment', mode: 'terminal' },
        ],
      },
      'COMPENSATED',
    );
    await cloud.settle();
    // Act
    const { code, out } = await sagaTrace([sagaId, '--json']);
    const { traceIds, root } = JSON.parse(out) as SagaTrace;
    // Assert
    expect(code).toBe(0);
    expect(traceIds).toEqual([executionOf(sagaId).traceId]);
    expect(root).toMatchObject({ kind: 'saga', name: sagaId, annotations: { sagaType: 'OrderSaga' } });
    expect(root.error).toBeUndefined();
    const summary = root.children.map((child) => [
      child.kind,
      child.name,
      child.attempt ?? null,
      child.error?.type ?? null,
    ]);
    expect(summary).toEqual([
      ['state', 'ReserveInventory', null, null],
      ['step', 'ChargePayment', 1, 'SagaRetryableError'],
      ['step', 'ChargePayment', 2, null],
      ['step', 'CreateShipment', 1, 'SagaTerminalError'],
      ['compensation', 'ChargePayment', 1, null],
      ['state', 'Compensate ReserveInventory', null, null],
      ['state', 'Record rolled back', null, null],
    ]);
    const failing = root.children.find((child) => child.name === 'CreateShipment');
    expect(failing?.error?.message).toMatch(/injected terminal failure in CreateShipment/);
    expect(failing?.annotations).toMatchObject({
      sagaId,
      step: 'CreateShipment',
      phase: 'action',
      attempt: 0,
    });
    const compensation = root.children.find((child) => child.kind === 'compensation');
    expect(compensation).toMatchObject({
      undoes: 'ChargePayment',
      annotations: {
        sagaId,
        sagaType: 'OrderSaga',
        step: 'ChargePayment',
        phase: 'compensation',
        compensates: 'ChargePayment',
      },
    });
    const starts = root.children.map((child) => Date.parse(child.startedAt));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  }, 120_000);

  it('prints the trace as a tree, the failing segments marked', async () => {
    // Arrange
    const sagaId = await placeAndWait(
      'declined',
      { failure: { step: 'ChargePayment', mode: 'terminal' } },
      'COMPENSATED',
    );
    await cloud.settle();
    // Act
    const { code, out } = await sagaTrace([sagaId]);
    // Assert
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^${sagaId}  \\d`));
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^├─ ReserveInventory {2}\d/),
      expect.stringMatching(
        /^├─ ChargePayment action, attempt 1 {2}.+ {2}✘ SagaTerminalError: injected terminal failure/,
      ),
      expect.stringMatching(/^├─ Compensate ReserveInventory {2}\d/),
      expect.stringMatching(/^└─ Record rolled back {2}\d/),
    ]);
  }, 120_000);

  it('says there is no such saga, exit code 3', async () => {
    // Act
    const { code, err } = await sagaTrace(['OrderSaga-missing']).catch((error: Error) => ({
      code: -1,
      err: error.message,
    }));
    // Assert
    expect({ code, err }).toMatchObject({
      code: -1,
      err: expect.stringMatching(/no saga OrderSaga-missing/),
    });
  });
});

let orders = 0;

async function placeAndWait(label: string, overrides: Partial<Order>, status: string): Promise<string> {
  orders += 1;
  const id = `${Date.now().toString(36)}-t${orders}-${label}`;
  const input: Order = {
    orderId: `order-${id}`,
    customerId: 'c-1',
    sku: `SKU-${id}`,
    quantity: 1,
    amountCents: 1_999,
    ...overrides,
  };
  await world.stock(input.sku, STOCK);
  await world.place(input);
  await world.until(input.orderId, [status]);
  return world.sagaIdOf(input.orderId);
}

function executionOf(sagaId: string) {
  const execution = [...cloud.stepFunctions.executions.values()].find((e) => e.name === sagaId);
  if (!execution) throw new Error(`no execution ${sagaId}`);
  return execution;
}

/** Runs `saga trace` against this local cloud, as an operator would. */
async function sagaTrace(positionals: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (text) => out.push(text), err: (text) => err.push(text) };
  const json = positionals.includes('--json');
  const code = await traceCommand.run(
    { positionals: positionals.filter((arg) => arg !== '--json'), values: { endpoint: cloud.gateway, json } },
    io,
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

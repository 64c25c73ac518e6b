import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetExecutionHistoryCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliCommand, CliIo } from '../../cli/command.ts';
import { abandonCommand } from '../../cli/commands/abandon.ts';
import { cancelCommand } from '../../cli/commands/cancel.ts';
import { redriveCommand } from '../../cli/commands/redrive.ts';
import { FAILURE_INJECTION_VARIABLE, type Order } from '../../examples/order/order.ts';
import { EXAMPLE_STACK_NAME, synthesizeExample } from '../../infra/synthesize-example.ts';
import { type LocalCloud, startLocalCloud } from '../../local/cloud/local-cloud.ts';
import { compensatedSteps, countTransitions } from '../../local/engine/history.ts';
import { OrderWorld } from '../scenarios/order-world.ts';
import { localCloudBackend } from './local-cloud-backend.ts';

let cloud: LocalCloud;
let world: OrderWorld;
let assemblyDir: string;
let orders = 0;
const STOCK = 10;

beforeAll(async () => {
  assemblyDir = synthesizeExample(await mkdtemp(join(tmpdir(), 'sfn-saga-cdk-out-')));
  cloud = await startLocalCloud({ assemblyDir, stackName: EXAMPLE_STACK_NAME, retryDelayScale: 0.01 });
  world = new OrderWorld(localCloudBackend(cloud));
}, 180_000);

afterAll(async () => {
  await cloud?.stop();
  await rm(assemblyDir, { recursive: true, force: true });
});

describe('recovering sagas on the local cloud with the saga CLI', () => {
  it('redrives a rollback from the compensation that failed, once its handler is fixed: the rest runs once each, in order', async () => {
    // Arrange: the shipment fails, and so does the refund, until its handler is fixed
    const input = await placed({
      failure: [
        { step: 'CreateShipment', mode: 'terminal' },
        { step: 'ChargePayment', phase: 'compensation', mode: 'terminal' },
      ],
    });
    const failed = await world.until(input.orderId, ['FAILED']);
    expect(failed).toMatchObject({ failedStep: 'Compensate ChargePayment' });
    expect(await world.stockOf(input.sku)).toBe(STOCK - input.quantity);
    const restore = await fixFunction(/RefundPayment/);
    // Act
    const result = await saga(redriveCommand, [world.sagaIdOf(input.orderId), '--wait']);
    await restore();
    // Assert
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toContain('it ended COMPENSATED');
    expect(await world.record(input.orderId)).toMatchObject({ status: 'COMPENSATED', redriveCount: 1 });
    expect(await world.stockOf(input.sku)).toBe(STOCK);
    const execution = executionOf(input.orderId);
    expect(execution).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
    const afterRedrive = execution.history.slice(execution.history.findIndex((e) => e.event === 'redriven'));
    expect(compensatedSteps(afterRedrive)).toEqual(['ChargePayment', 'ReserveInventory']);
    // The redrive re-ran only the rollback's remaining states: each compensation, then the record.
    expect(countTransitions(afterRedrive)).toBe(3);
    const sfn = new SFNClient({
      endpoint: cloud.gateway,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const { events = [] } = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn: execution.executionArn, maxResults: 1000 }),
    );
    expect(events.map((event) => event.type).filter((type) => type?.startsWith('Execution'))).toEqual([
      'ExecutionStarted',
      'ExecutionFailed',
      'ExecutionRedriven',
      'ExecutionSucceeded',
    ]);
    expect(compensatedSteps(execution.history)).toEqual(['ChargePayment', 'ReserveInventory']);
    await world.lifecycleOf(input.orderId, ['Saga Failed', 'Saga Compensating', 'Saga Compensated']);
  }, 120_000);

  it('redrives a saga that failed after its pivot forward, from the step that failed, to COMPLETED', async () => {
    // Arrange
    const input = await placed({ failure: [{ step: 'SendConfirmation', mode: 'terminal' }] });
    expect(await world.until(input.orderId, ['FAILED'])).toMatchObject({ failedStep: 'SendConfirmation' });
    const restore = await fixFunction(/SendConfirmation/);
    // Act
    const result = await saga(redriveCommand, [world.sagaIdOf(input.orderId), '--wait', '--json']);
    await restore();
    // Assert
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ status: 'COMPLETED', redriveCount: 1 });
    expect(await world.record(input.orderId)).toMatchObject({ status: 'COMPLETED', redriveCount: 1 });
    const execution = executionOf(input.orderId);
    const shipments = execution.history.filter((e) => e.event === 'entered' && e.state === 'CreateShipment');
    expect(shipments).toHaveLength(1);
    expect(compensatedSteps(execution.history)).toEqual([]);
  }, 120_000);

  it('refuses to redrive a saga that completed, and says why', async () => {
    // Arrange
    const input = await placed({});
    await world.until(input.orderId, ['COMPLETED']);
    // Act
    const result = await saga(redriveCommand, [world.sagaIdOf(input.orderId)]);
    // Assert
    expect(result.code).toBe(1);
    expect(result.err).toContain('ended COMPLETED');
  }, 60_000);

  it('cancels a running saga: it compensates exactly the completed steps and ends CANCELLED, with who and why', async () => {
    // Arrange: the charge takes a while, so the saga is running when the operator cancels
    const input = await placed({ failure: [{ step: 'ChargePayment', mode: 'slow', delayMs: 1_500 }] });
    await world.until(input.orderId, ['RUNNING']);
    // Act
    const result = await saga(cancelCommand, [
      world.sagaIdOf(input.orderId),
      '--reason',
      'customer called',
      '--wait',
    ]);
    // Assert
    expect(result).toMatchObject({ code: 0 });
    expect(result.out).toContain('it ended CANCELLED');
    expect(await world.record(input.orderId)).toMatchObject({
      status: 'CANCELLED',
      cancelReason: 'customer called',
      cancelRequestedBy: expect.stringMatching(/^local:/),
      expiresAt: expect.any(Number),
    });
    const execution = executionOf(input.orderId);
    expect(compensatedSteps(execution.history)).toEqual(['ChargePayment', 'ReserveInventory']);
    expect(execution.history.some((e) => e.event === 'succeeded' && e.state === 'CreateShipment')).toBe(
      false,
    );
    expect(await world.stockOf(input.sku)).toBe(STOCK);
    await world.lifecycleOf(input.orderId, ['Saga Cancelled']);
  }, 60_000);

  it('abandons a FAILED saga with who and why, publishes Saga Abandoned, and refuses a redrive afterwards', async () => {
    // Arrange
    const input = await placed({
      failure: [
        { step: 'CreateShipment', mode: 'terminal' },
        { step: 'ChargePayment', phase: 'compensation', mode: 'terminal' },
      ],
    });
    await world.until(input.orderId, ['FAILED']);
    const sagaId = world.sagaIdOf(input.orderId);
    // Act
    const result = await saga(abandonCommand, [sagaId, '--reason', 'refunded by hand in the PSP console']);
    const redrive = await saga(redriveCommand, [sagaId]);
    // Assert
    expect(result.code).toBe(0);
    expect(await world.record(input.orderId)).toMatchObject({
      status: 'ABANDONED',
      abandonReason: 'refunded by hand in the PSP console',
      abandonedBy: expect.stringMatching(/^local:/),
      abandonedAt: expect.any(String),
      expiresAt: expect.any(Number),
      failedStep: 'Compensate ChargePayment',
    });
    await world.lifecycleOf(input.orderId, ['Saga Abandoned']);
    expect(redrive.code).toBe(1);
    expect(redrive.err).toContain('abandoned');
  }, 60_000);
});

/** Places an order for a SKU of its own, with failure injection as `overrides` ask. */
async function placed(overrides: Partial<Order>): Promise<Order> {
  orders += 1;
  const id = `${Date.now().toString(36)}-r${orders}`;
  const input: Order = {
    orderId: `order-${id}`,
    customerId: 'c-1',
    sku: `SKU-${id}`,
    quantity: 2,
    amountCents: 1_999,
    ...overrides,
  };
  await world.stock(input.sku, STOCK);
  await world.place(input);
  return input;
}

/** "Deploys a fix": the function no longer fails as injected; the returned function undoes it. */
async function fixFunction(name: RegExp): Promise<() => Promise<void>> {
  const functionName = cloud.lambdas.functionNames().find((candidate) => name.test(candidate));
  if (!functionName) throw new Error(`no local function matches ${name}`);
  await cloud.lambdas.updateEnvironment(functionName, { [FAILURE_INJECTION_VARIABLE]: 'off' });
  return () => cloud.lambdas.updateEnvironment(functionName, { [FAILURE_INJECTION_VARIABLE]: 'on' });
}

function executionOf(orderId: string) {
  const sagaId = world.sagaIdOf(orderId);
  const execution = [...cloud.stepFunctions.executions.values()].find((e) => e.name === sagaId);
  if (!execution) throw new Error(`no execution ${sagaId}`);
  return execution;
}

/** Runs a `saga` command against this local cloud, as an operator would. */
async function saga(command: CliCommand, positionals: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (text) => out.push(text), err: (text) => err.push(text) };
  const values: Record<string, string | boolean> = { endpoint: cloud.gateway };
  const rest: string[] = [];
  for (let i = 0; i < positionals.length; i += 1) {
    const arg = positionals[i] as string;
    if (arg === '--wait' || arg === '--json') values[arg.slice(2)] = true;
    else if (arg.startsWith('--')) values[arg.slice(2)] = positionals[++i] as string;
    else rest.push(arg);
  }
  const code = await command.run({ positionals: rest, values }, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

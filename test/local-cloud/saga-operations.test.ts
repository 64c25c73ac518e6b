import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliCommand } from '../../cli/command.ts';
import { listCommand } from '../../cli/commands/list.ts';
import { startCommand } from '../../cli/commands/start.ts';
import { statsCommand } from '../../cli/commands/stats.ts';
import { sagaIdFor } from '../../contract/execution-input.ts';
import type { Order } from '../../examples/order/order.ts';
import { EXAMPLE_STACK_NAME, synthesizeExample } from '../../infra/synthesize-example.ts';
import { type LocalCloud, startLocalCloud } from '../../local/cloud/local-cloud.ts';
import { OrderWorld } from '../scenarios/order-world.ts';
import { waitFor } from '../scenarios/wait-for.ts';
import { localCloudBackend } from './local-cloud-backend.ts';

const run = promisify(execFile);
let cloud: LocalCloud;
let world: OrderWorld;
let assemblyDir: string;
/** The start of the window the figures are about: after the warm-up saga ended. */
let since: string;

/** Runs a saga command against the local cloud, as `saga <command> … --endpoint <gateway>` does. */
async function saga(
  command: CliCommand,
  positionals: string[],
  values: Record<string, string | boolean | string[]>,
) {
  const out: string[] = [];
  const code = await command.run(
    { positionals, values: { ...values, endpoint: cloud.gateway } },
    { out: (text) => out.push(text), err: (text) => out.push(text) },
  );
  return { code, out: out.join('\n') };
}

const order = (orderId: string, failure?: Order['failure']): Order => ({
  orderId,
  customerId: 'c-1',
  sku: `SKU-${orderId}`,
  quantity: 1,
  amountCents: 2_599,
  ...(failure ? { failure } : {}),
});
const completed = ['ops-1', 'ops-2', 'ops-3'];
const compensated = ['ops-4', 'ops-5'];
const failed = 'ops-6';
const declined = { step: 'ChargePayment', mode: 'terminal' } as const;
const refundKeepsFailing = [
  { step: 'CreateShipment', mode: 'terminal' },
  { step: 'ChargePayment', phase: 'compensation', mode: 'terminal' },
] as const;

beforeAll(async () => {
  // Arrange: the example stack on a fresh local cloud; 3 orders that complete, 2 whose payment is
  // declined (COMPENSATED), 1 whose refund keeps failing (FAILED), all started with `saga start`.
  assemblyDir = synthesizeExample(await mkdtemp(join(tmpdir(), 'sfn-saga-ops-')));
  cloud = await startLocalCloud({ assemblyDir, stackName: EXAMPLE_STACK_NAME, retryDelayScale: 0.01 });
  world = new OrderWorld(localCloudBackend(cloud));
  // A first saga warms every function up (a cold start on a busy machine can outlast a step's
  // timeout); it ends before the window the figures are about.
  await world.stock('SKU-warm-up', 10);
  const { orderId: _, ...warmUp } = order('warm-up');
  await saga(startCommand, ['OrderSaga'], { key: 'warm-up', input: JSON.stringify(warmUp) });
  await world.until('warm-up', ['COMPLETED', 'COMPENSATED', 'TIMED_OUT', 'FAILED']);
  since = new Date().toISOString();
  const orders: [Order, string][] = [
    ...completed.map((id): [Order, string] => [order(id), 'COMPLETED']),
    ...compensated.map((id): [Order, string] => [order(id, declined), 'COMPENSATED']),
    [order(failed, [...refundKeepsFailing]), 'FAILED'],
  ];
  // One at a time, as the shared scenarios run: six sagas at once on a busy machine can outlast a step's timeout.
  for (const [each, ending] of orders) {
    await world.stock(each.sku, 10);
    const { orderId, ...input } = each;
    await saga(startCommand, ['OrderSaga'], { key: orderId, input: JSON.stringify(input) });
    await world.until(orderId, [ending]);
  }
}, 240_000);

afterAll(async () => {
  await cloud?.stop();
  await rm(assemblyDir, { recursive: true, force: true });
});

describe('operating the example saga on the local cloud', () => {
  it('saga list shows every saga that ran, newest first, with the statuses they ended in', async () => {
    // Act: the index follows the records through the stream, so wait for it to show all six
    const listed = await waitFor(
      'the index to show the six sagas ended',
      async () => JSON.parse((await saga(listCommand, [], { json: true, since })).out),
      (page) => page.sagas.filter((entry: { endedAt?: string }) => entry.endedAt).length === 6,
      30_000,
    );
    const failedOnly = JSON.parse(
      (await saga(listCommand, [], { json: true, status: ['FAILED'], since })).out,
    );
    // Assert
    const statusOf = Object.fromEntries(
      listed.sagas.map((entry: { businessKey: string; status: string }) => [entry.businessKey, entry.status]),
    );
    expect(statusOf).toEqual({
      'ops-1': 'COMPLETED',
      'ops-2': 'COMPLETED',
      'ops-3': 'COMPLETED',
      'ops-4': 'COMPENSATED',
      'ops-5': 'COMPENSATED',
      'ops-6': 'FAILED',
    });
    const starts = listed.sagas.map((entry: { startedAt: string }) => entry.startedAt);
    expect(starts).toEqual([...starts].sort().reverse());
    for (const entry of listed.sagas as { businessKey: string; expiresAt: number }[]) {
      expect(entry.expiresAt, `the index item of ${entry.businessKey} expires with its record`).toBe(
        Number((await world.record(entry.businessKey))?.expiresAt),
      );
    }
    expect(failedOnly.sagas).toEqual([
      expect.objectContaining({
        businessKey: failed,
        step: 'Compensate ChargePayment',
        error: 'SagaTerminalError',
      }),
    ]);
  });

  it('saga stats counts what ran: 3 completed, 2 compensated, 1 failed, none open, and why', async () => {
    // Act
    const stats = JSON.parse((await saga(statsCommand, [], { json: true, since })).out);
    // Assert
    expect(stats).toMatchObject({
      started: 6,
      byStatus: { COMPLETED: 3, COMPENSATED: 2, FAILED: 1, TIMED_OUT: 0, RUNNING: 0, COMPENSATING: 0 },
      successPercent: 50,
      openSagas: 0,
      topFailureReasons: [
        { error: 'SagaTerminalError', step: 'ChargePayment', count: 2 },
        { error: 'SagaTerminalError', step: 'Compensate ChargePayment', count: 1 },
      ],
    });
    expect(stats.durationMs.p50).toBeGreaterThan(0);
    expect(stats.durationMs.p99).toBeGreaterThanOrEqual(stats.durationMs.p95);
  });

  it('saga show --key names the failed compensation, the step that started the rollback and the execution', async () => {
    // Act
    const { stdout } = await run(process.execPath, [
      '--import',
      'tsx',
      'cli/saga.ts',
      'show',
      '--key',
      failed,
      '--endpoint',
      cloud.gateway,
    ]);
    // Assert
    expect(stdout).toMatch(/^status\s+FAILED$/m);
    expect(stdout).toMatch(/^failedStep\s+Compensate ChargePayment$/m);
    expect(stdout).toMatch(/^CreateShipment\s+failed\s+1\s+.*SagaTerminalError/m);
    expect(stdout).toMatch(
      /^ChargePayment\s+FAILED\s+\d+\s+SagaTerminalError: .*injected terminal failure in ChargePayment/m,
    );
    expect(stdout).toMatch(/^ChargePayment\s+compensation-failed\s+1\s+/m);
    // The execution's history adds the direct DynamoDB steps, which write no event log.
    expect(stdout).toMatch(/^ReserveInventory\s+succeeded\s+0\s+/m);
    expect(stdout).toMatch(/^Compensate ChargePayment\s+failed\s+\d+\s+.*SagaTerminalError$/m);
    expect(stdout).toMatch(/^Compensations run:\nSTEP.*\nChargePayment .*\n\n/m);
    expect(stdout).toContain(`:execution:`);
    expect(stdout).toContain(`:${sagaIdFor('OrderSaga', failed)}`);
  });

  it('saga show exits 3 for a business key that never ran', async () => {
    // Act
    const shown = run(process.execPath, [
      '--import',
      'tsx',
      'cli/saga.ts',
      'show',
      '--key',
      'never',
      '--endpoint',
      cloud.gateway,
    ]);
    // Assert
    await expect(shown).rejects.toMatchObject({ code: 3 });
  });

  it('saga start of a key that already ran sends nothing and says how it ended', async () => {
    // Act
    const again = JSON.parse(
      (
        await saga(startCommand, ['OrderSaga'], {
          key: 'ops-1',
          input: JSON.stringify(order('ops-1')),
          json: true,
        })
      ).out,
    );
    // Assert
    expect(again).toEqual({
      sagaId: sagaIdFor('OrderSaga', 'ops-1'),
      sagaType: 'OrderSaga',
      businessKey: 'ops-1',
      sent: false,
      status: 'COMPLETED',
    });
  });
});

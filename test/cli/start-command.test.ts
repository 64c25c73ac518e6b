import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode, UsageError } from '../../cli/command.ts';
import { createStartCommand } from '../../cli/commands/start.ts';
import { startMessageOf } from '../../cli/operations/start-message.ts';
import { sagaIdFor } from '../../contract/execution-input.ts';
import { parseStartRequest } from '../../lambdas/core/start-request.ts';
import { fakeTarget, runCommand } from './support/fake-target.ts';
import { sagaItem, sagaTableInMemory, writeIndexedSagas } from './support/saga-index-fixtures.ts';

const NOW = '2026-12-02T12:00:00.000Z';
const ORDER = { customerId: 'c-1', sku: 'SKU-BOOK', quantity: 1, amountCents: 2599 };

function emptyTable() {
  const { client } = sagaTableInMemory();
  const fake = fakeTarget(client);
  return { client, sent: fake.sent, resolved: fake.resolved, deps: fake.deps(NOW) };
}

describe('saga start', () => {
  it('sends the start message the trigger would: the input at detail, the key at detail.orderId', async () => {
    // Arrange
    const { deps, sent, resolved } = emptyTable();
    // Act
    const { code, out } = await runCommand(createStartCommand(deps), ['OrderSaga'], {
      key: '1001',
      input: JSON.stringify(ORDER),
    });
    // Assert
    expect(code).toBe(ExitCode.ok);
    expect(resolved[0]?.values.saga).toBe('OrderSaga');
    expect(sent).toEqual([
      {
        QueueUrl: 'http://127.0.0.1:4566/000000000000/start',
        MessageBody: JSON.stringify({ detail: { ...ORDER, orderId: '1001' } }),
      },
    ]);
    expect(out).toContain(
      `saga ${sagaIdFor('OrderSaga', '1001')}.\nFollow it: saga show ${sagaIdFor('OrderSaga', '1001')}`,
    );
  });

  it('sends nothing for a business key that already has a saga, and says its status', async () => {
    // Arrange
    const { client, deps, sent } = emptyTable();
    const sagaId = sagaIdFor('OrderSaga', '1001');
    await writeIndexedSagas(client, [sagaItem(sagaId, 'COMPLETED', '2026-12-02T11:00:00.000Z')]);
    // Act
    const { code, out } = await runCommand(createStartCommand(deps), ['OrderSaga'], {
      key: '1001',
      input: JSON.stringify(ORDER),
      json: true,
    });
    // Assert
    expect(code).toBe(ExitCode.ok);
    expect(sent).toEqual([]);
    expect(JSON.parse(out)).toEqual({
      sagaId,
      sagaType: 'OrderSaga',
      businessKey: '1001',
      sent: false,
      status: 'COMPLETED',
    });
  });

  it('reads the input from a file with @', async () => {
    // Arrange
    const { deps, sent } = emptyTable();
    const file = join(await mkdtemp(join(tmpdir(), 'saga-start-')), 'order.json');
    await writeFile(file, JSON.stringify({ ...ORDER, orderId: '1002' }));
    // Act
    await runCommand(createStartCommand(deps), ['OrderSaga'], { key: '1002', input: `@${file}` });
    // Assert
    expect(JSON.parse(sent[0]?.MessageBody ?? '')).toEqual({ detail: { ...ORDER, orderId: '1002' } });
  });

  it.each([
    [[], { key: '1', input: '{}' }, 'name the saga type to start, e.g. saga start OrderSaga'],
    [['OrderSaga'], { input: '{}' }, '--key <businessKey> is required: the start is idempotent by it'],
    [['OrderSaga'], { key: '1' }, "--input is required: the saga input as JSON ('{…}') or @file.json"],
    [['OrderSaga'], { key: '1', input: '{orderId' }, /^--input is not JSON \(.*\): quote it/],
    [
      ['OrderSaga'],
      { key: '1', input: '{"orderId":"2"}' },
      'the input holds "2" at detail.orderId, not --key 1',
    ],
  ])('refuses %j %j naming the option and the fix', async (positionals, values, message) => {
    // Arrange
    const { deps, sent } = emptyTable();
    // Act
    const run = runCommand(createStartCommand(deps), positionals, values);
    // Assert
    await expect(run).rejects.toThrow(UsageError);
    await expect(run).rejects.toThrow(message);
    expect(sent).toEqual([]);
  });
});

describe('the start message', () => {
  it.each([
    [{ businessKeyPath: 'detail.orderId', inputPath: 'detail' }],
    [{ businessKeyPath: 'businessKey', inputPath: '' }],
    [{ businessKeyPath: 'key', inputPath: 'payload.order' }],
  ])('is read back by the starter as the same key and input (%j)', (shape) => {
    // Arrange
    const input = { ...ORDER };
    // Act
    const message = startMessageOf(shape, '1001', input);
    const read = parseStartRequest(JSON.stringify(message), { ...shape, maxInputBytes: 262_144 });
    // Assert
    expect(read.businessKey).toBe('1001');
    expect(read.input).toMatchObject(ORDER);
  });
});

import { describe, expect, it } from 'vitest';
import { ExitCode, UsageError } from '../../cli/command.ts';
import { createListCommand } from '../../cli/commands/list.ts';
import { fakeTarget, runCommand } from './support/fake-target.ts';
import { sagaItem, sagaTableInMemory, writeIndexedSagas } from './support/saga-index-fixtures.ts';

const NOW = '2026-12-02T12:00:00.000Z';

async function sagas() {
  const { client } = sagaTableInMemory();
  await writeIndexedSagas(client, [
    sagaItem('s-old', 'COMPLETED', '2026-12-01T09:00:00.000Z', { endedAt: '2026-12-01T09:00:02.000Z' }),
    sagaItem('s-done', 'COMPLETED', '2026-12-02T11:10:00.000Z', { endedAt: '2026-12-02T11:10:01.500Z' }),
    sagaItem('s-failed', 'FAILED', '2026-12-02T11:20:00.000Z', {
      endedAt: '2026-12-02T11:21:00.000Z',
      error: 'RefundRefused',
      failedStep: 'Compensate ChargePayment',
    }),
    sagaItem('s-running', 'RUNNING', '2026-12-02T11:59:30.000Z'),
  ]);
  const fake = fakeTarget(client);
  return { ...fake, deps: fake.deps(NOW) };
}

describe('saga list', () => {
  it('prints every status newest first as a table, an open saga with its age so far', async () => {
    // Arrange
    const { deps } = await sagas();
    // Act
    const { code, out } = await runCommand(createListCommand(deps), [], {});
    // Assert
    expect(code).toBe(ExitCode.ok);
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^STARTED\s+STATUS\s+SAGA ID\s+KEY\s+DURATION\s+ERROR\s+AT$/);
    expect(lines.slice(1).map((line) => line.split(/\s+/)[2])).toEqual([
      's-running',
      's-failed',
      's-done',
      's-old',
    ]);
    expect(lines[1]).toMatch(/RUNNING\s+s-running\s+key-s-running\s+30 s\s+-\s+-$/);
    expect(lines[2]).toMatch(
      /FAILED\s+s-failed\s+key-s-failed\s+1 min 0 s\s+RefundRefused\s+Compensate ChargePayment$/,
    );
  });

  it('filters by status and start time, and takes at most --limit', async () => {
    // Arrange
    const { deps } = await sagas();
    // Act
    const failed = await runCommand(createListCommand(deps), [], { status: ['failed'], json: true });
    const recent = await runCommand(createListCommand(deps), [], { since: '1h', limit: '1', json: true });
    // Assert
    expect(JSON.parse(failed.out).sagas.map((saga: { sagaId: string }) => saga.sagaId)).toEqual(['s-failed']);
    expect(JSON.parse(recent.out).sagas.map((saga: { sagaId: string }) => saga.sagaId)).toEqual([
      's-running',
    ]);
  });

  it('prints JSON with each saga, the saga type and the items the call read', async () => {
    // Arrange
    const { deps } = await sagas();
    // Act
    const { out } = await runCommand(createListCommand(deps), [], {
      status: ['COMPLETED,FAILED'],
      json: true,
    });
    // Assert
    const listed = JSON.parse(out);
    expect(listed).toMatchObject({ sagaType: 'OrderSaga', itemsRead: 3 });
    expect(listed.sagas[0]).toEqual({
      sagaId: 's-failed',
      sagaType: 'OrderSaga',
      businessKey: 'key-s-failed',
      status: 'FAILED',
      startedAt: '2026-12-02T11:20:00.000Z',
      endedAt: '2026-12-02T11:21:00.000Z',
      error: 'RefundRefused',
      step: 'Compensate ChargePayment',
      expiresAt: 1_900_000_000,
    });
  });

  it('says so when no saga matches, and exits 0', async () => {
    // Arrange
    const { deps } = await sagas();
    // Act
    const { code, out } = await runCommand(createListCommand(deps), [], { status: ['TIMED_OUT'] });
    // Assert
    expect(code).toBe(ExitCode.ok);
    expect(out).toMatch(/^No OrderSaga sagas at TIMED_OUT/);
  });

  it('passes --type on as the saga to operate on', async () => {
    // Arrange
    const { deps, resolved } = await sagas();
    // Act
    await runCommand(createListCommand(deps), [], { type: 'OrderSaga' });
    // Assert
    expect(resolved[0]?.values.saga).toBe('OrderSaga');
  });

  it.each([
    [{ status: ['DONE'] }, /--status DONE is not a saga status: use one of RUNNING, .*, or open/],
    [{ since: 'yesterday' }, /--since "yesterday" is not a duration or a time: write 90s, 30m, 1h, 7d/],
    [{ limit: '0' }, /--limit 0 is not a whole number from 1 to 1000/],
  ])('refuses %j naming the option and the fix', async (values, message) => {
    // Arrange
    const { deps } = await sagas();
    // Act
    const run = runCommand(createListCommand(deps), [], values);
    // Assert
    await expect(run).rejects.toThrow(UsageError);
    await expect(run).rejects.toThrow(message);
  });
});

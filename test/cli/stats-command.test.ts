import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../cli/command.ts';
import { createStatsCommand } from '../../cli/commands/stats.ts';
import { percentile } from '../../cli/operations/saga-stats.ts';
import { fakeTarget, runCommand } from './support/fake-target.ts';
import { sagaItem, sagaTableInMemory, writeIndexedSagas } from './support/saga-index-fixtures.ts';

const NOW = '2026-12-02T12:00:00.000Z';
const ended = (
  id: string,
  status: string,
  start: string,
  seconds: number,
  extra: Record<string, unknown> = {},
) =>
  sagaItem(id, status, start, {
    endedAt: new Date(Date.parse(start) + seconds * 1_000).toISOString(),
    ...extra,
  });

async function lastHour() {
  const { client } = sagaTableInMemory();
  await writeIndexedSagas(client, [
    ended('s-1', 'COMPLETED', '2026-12-02T11:10:00.000Z', 1),
    ended('s-2', 'COMPLETED', '2026-12-02T11:20:00.000Z', 2),
    ended('s-3', 'COMPLETED', '2026-12-02T11:30:00.000Z', 3),
    ended('s-4', 'COMPENSATED', '2026-12-02T11:40:00.000Z', 4, {
      failure: JSON.stringify({ Error: 'PaymentDeclined', Cause: 'card declined' }),
    }),
    ended('s-5', 'FAILED', '2026-12-02T11:50:00.000Z', 10, {
      failure: JSON.stringify({ Error: 'PaymentDeclined' }),
      error: 'RefundRefused',
      failedStep: 'Compensate ChargePayment',
    }),
    sagaItem('s-6', 'RUNNING', '2026-12-02T11:59:00.000Z'),
    // Outside the window: an old success, and a saga still open since yesterday.
    ended('s-old', 'COMPLETED', '2026-12-01T11:00:00.000Z', 100),
    sagaItem('s-stuck', 'COMPENSATING', '2026-12-01T11:00:00.000Z'),
  ]);
  const fake = fakeTarget(client);
  return fake.deps(NOW);
}

describe('saga stats', () => {
  it('counts the sagas started in the window by outcome, the success rate, the durations, the reasons and the open sagas', async () => {
    // Arrange
    const deps = await lastHour();
    // Act
    const { code, out } = await runCommand(createStatsCommand(deps), [], { json: true });
    // Assert
    expect(code).toBe(ExitCode.ok);
    expect(JSON.parse(out)).toEqual({
      sagaType: 'OrderSaga',
      where: expect.any(String),
      since: '2026-12-02T11:00:00.000Z',
      started: 6,
      byStatus: {
        RUNNING: 1,
        COMPENSATING: 0,
        COMPLETED: 3,
        COMPENSATED: 1,
        FAILED: 1,
        TIMED_OUT: 0,
        CANCELLED: 0,
        ABANDONED: 0,
      },
      successPercent: 60,
      durationMs: { p50: 3_000, p95: 10_000, p99: 10_000 },
      topFailureReasons: [
        { error: 'PaymentDeclined', count: 1 },
        { error: 'RefundRefused', step: 'Compensate ChargePayment', count: 1 },
      ],
      openSagas: 2,
      itemsRead: 8,
    });
  });

  it('prints the figures and the failure reasons as tables', async () => {
    // Arrange
    const deps = await lastHour();
    // Act
    const { out } = await runCommand(createStatsCommand(deps), [], {});
    // Assert
    expect(out).toMatch(/^OrderSaga sagas started since 2026-12-02T11:00:00.000Z \(/);
    expect(out).toMatch(/^started\s+6$/m);
    expect(out).toMatch(/^completed\s+3$/m);
    expect(out).toMatch(/^compensated\s+1$/m);
    expect(out).toMatch(/^failed\s+1$/m);
    expect(out).toMatch(/^timed out\s+0$/m);
    expect(out).toMatch(/^still open\s+1$/m);
    expect(out).toContain('success     60.0 %');
    expect(out).toContain('duration    p50 3 s   p95 10 s   p99 10 s');
    expect(out).toContain('open sagas  2 (running or compensating now, whenever they started)');
    expect(out).toMatch(/^\s+1\s+RefundRefused\s+Compensate ChargePayment$/m);
  });

  it('takes a wider window with --since', async () => {
    // Arrange
    const deps = await lastHour();
    // Act
    const { out } = await runCommand(createStatsCommand(deps), [], { since: '2d', json: true });
    // Assert
    expect(JSON.parse(out)).toMatchObject({ started: 8, byStatus: { COMPLETED: 4, COMPENSATING: 1 } });
  });

  it('says no saga ended rather than a success rate of nothing', async () => {
    // Arrange
    const { client } = sagaTableInMemory();
    const deps = fakeTarget(client).deps(NOW);
    // Act
    const { out } = await runCommand(createStatsCommand(deps), [], {});
    // Assert
    expect(out).toContain('success     - (none ended)');
    expect(out).toContain('No failures.');
  });
});

describe('percentiles', () => {
  it('takes the nearest rank: the smallest value with p % of them at or below it', () => {
    // Arrange
    const values = Array.from({ length: 100 }, (_, index) => index + 1);
    // Act
    const figures = [
      percentile(values, 50),
      percentile(values, 95),
      percentile(values, 99),
      percentile([7], 99),
    ];
    // Assert
    expect(figures).toEqual([50, 95, 99, 7]);
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderSaga } from '../../examples/order/order-saga.ts';
import { EXAMPLE_STACK_NAME, synthesizeExample } from '../../infra/synthesize-example.ts';
import { type LocalCloud, startLocalCloud } from '../../local/cloud/local-cloud.ts';
import { type FaultRunReport, runFaultCampaign } from './fault-run.ts';
import { renderReliabilityTable, zeroRows } from './reliability-table.ts';

const DAY_SECONDS = 86_400;
let cloud: LocalCloud;
let assemblyDir: string;
let report: FaultRunReport;

// Arrange and act once: the whole run drives the stack; each test asserts one property of the end state.
beforeAll(async () => {
  const began = performance.now();
  assemblyDir = synthesizeExample(await mkdtemp(join(tmpdir(), 'sfn-saga-faults-')));
  cloud = await startLocalCloud({ assemblyDir, stackName: EXAMPLE_STACK_NAME, retryDelayScale: 0.01 });
  const upSeconds = (performance.now() - began) / 1000;
  report = await runFaultCampaign(cloud);
  console.info(
    `Fault run on the local cloud (synth and start-up ${upSeconds.toFixed(1)} s, run ${report.seconds.toFixed(1)} s):\n${renderReliabilityTable(report.counts)}`,
  );
}, 300_000);

afterAll(async () => {
  await cloud?.stop();
  if (assemblyDir) await rm(assemblyDir, { recursive: true, force: true });
});

const sagaOf = (what: string) => {
  const message = report.catalogue.messages.find((candidate) => candidate.what === what);
  return report.sagas.get(String(message?.orderId));
};

describe("issue 10's faults, driven through the example stack on the local cloud", () => {
  it('accounts for every message in — an ended saga, an absorbed duplicate, a dead letter or a refusal, each with its reason — and loses none', () => {
    // Assert
    const { accounts } = report;
    const ended = Object.values(accounts.sagasEndedByStatus).reduce((sum, count) => sum + count, 0);
    expect(accounts.messagesIn).toBe(report.catalogue.messages.length);
    expect(
      ended + accounts.duplicatesAbsorbed + accounts.deadLetteredWithReason + accounts.refusedWithReason,
    ).toBe(accounts.messagesIn);
    expect(accounts.lost).toBe(0);
  });

  it('gives each message the fate it was sent for: bad inputs dead-lettered or refused with their reason, sagas ending as their failures say', () => {
    // Assert
    expect(report.accounts.unexpected).toEqual([]);
    const byStatus = report.accounts.sagasEndedByStatus;
    const ended = Object.values(byStatus).reduce((sum, count) => sum + count, 0);
    // 55 clean, 10 retried, 2 with odd event times, the duplicates' one, 1 with secrets: 69 meant to
    // complete; 20 + 1 declined; 15 whose refund fails; 1 cancelled by an operator.
    expect(ended).toBe(69 + 21 + 15 + 1);
    const timedOut = report.accounts.rolledBackAfterTimeout;
    expect((byStatus.COMPLETED ?? 0) + (byStatus.FAILED ?? 0) + timedOut).toBe(69 + 15);
    expect(byStatus.COMPENSATED).toBe(21 + timedOut);
    expect(byStatus.CANCELLED).toBe(1);
    expect(report.accounts.duplicatesAbsorbed).toBe(19);
  });

  it('leaves no saga RUNNING or its execution open, and parks each FAILED saga with its failed step and error', () => {
    // Assert
    expect(report.runningOrphans).toEqual([]);
    expect(report.failedWithoutReason).toEqual([]);
    expect(report.counts.sagasEndedByStatus.FAILED).toBeGreaterThan(0);
  });

  it('runs each side effect once per business key, 20 concurrent starts of one key included', () => {
    // Assert
    expect(report.repeated).toEqual([]);
  });

  it('leaves no card number, password, bearer token or API key in clear in any table item, queued or dead-lettered message, or log line', () => {
    // Assert
    expect(report.sensitiveHits).toEqual([]);
    // They did go in: the executions' inputs (Step Functions' history) hold every one of them.
    expect(new Set(report.sensitiveInExecutionInputs.map((hit) => hit.kind))).toEqual(
      new Set(['card number', 'password', 'bearer token', 'api key']),
    );
  });

  it("gives every item of every table with a TTL an expiry within its bounds, whatever the producer's clock said", () => {
    // Assert
    expect(report.ttlProblems).toEqual([]);
  });

  it('dead-letters every message with a reason', () => {
    // Assert
    expect(report.deadLettersWithoutReason).toEqual([]);
    expect(report.counts.deadLetteredWithReason).toBeGreaterThan(0);
  });

  it("starts a saga when its message reached the queue, not at the event's time (1970, 2099), and bounds its TTL from then", () => {
    // Assert
    for (const what of [
      'an event whose time is 1970-01-01T00:00:00Z',
      'an event whose time is 2099-12-31T23:59:59Z',
    ]) {
      const saga = sagaOf(what);
      const startedAt = Date.parse(String(saga?.startedAt)) / 1000;
      expect(startedAt).toBeGreaterThanOrEqual(report.startedAtSeconds - 1);
      expect(startedAt).toBeLessThanOrEqual(report.settledAtSeconds);
      expect(Number(saga?.expiresAt)).toBe(
        Math.floor(startedAt) + orderSaga.executionTimeoutSeconds + orderSaga.retentionDays * DAY_SECONDS,
      );
    }
  });

  it('ends a saga an operator marked CANCELLED mid-run as superseded, visibly: CANCELLED, with what its execution reached beside it, a TTL, and a Saga Cancelled event', () => {
    // Assert
    const saga = sagaOf('an operator marks a running saga CANCELLED');
    expect(saga).toMatchObject({
      status: 'CANCELLED',
      outcome: 'COMPENSATED',
      outcomeAt: expect.any(String),
      expiresAt: expect.any(Number),
    });
    const seen = report.lifecycleEvents
      .filter((event) => event.detail.sagaId === saga?.sagaId)
      .map((event) => event['detail-type']);
    expect(seen).toContain('Saga Cancelled');
  });

  it('prints the accounting table, every figure that must be 0 at 0', () => {
    // Act
    const table = renderReliabilityTable(report.counts);
    // Assert
    expect(table).toContain(`| messages in | ${report.catalogue.messages.length} |`);
    expect(zeroRows(report.counts)).toEqual(
      Object.fromEntries(Object.keys(zeroRows(report.counts)).map((row) => [row, 0])),
    );
  });
});

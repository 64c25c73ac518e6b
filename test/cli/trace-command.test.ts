import { readFileSync } from 'node:fs';
import type { XRayClient } from '@aws-sdk/client-xray';
import { describe, expect, it } from 'vitest';
import { type CliIo, NotFoundError, UsageError } from '../../cli/command.ts';
import { traceCommand } from '../../cli/commands/trace.ts';
import { readSagaTraceDocuments } from '../../cli/operations/read-saga-trace.ts';
import { formatJson } from '../../cli/output/table.ts';
import { assembleSagaTrace } from '../../cli/trace/assemble-saga-trace.ts';
import { formatDuration, formatSagaTrace } from '../../cli/trace/format-saga-trace.ts';
import type { SegmentDocument } from '../../local/xray/segment-document.ts';

const documents = JSON.parse(
  readFileSync(new URL('./fixtures/rolled-back-saga-trace.json', import.meta.url), 'utf8'),
) as SegmentDocument[];
const SAGA_ID = 'OrderSaga-9ee64f4aba24a1b0e300f807ea8704fe71ee344d';
const TRACE_ID = '1-6b102740-da637a92d97cdd6ae49bda72';
const io: CliIo = { out: () => {}, err: () => {} };

/** An X-Ray client that answers from the fixture, and remembers what it was asked. */
function fakeXRay(traces: Record<string, readonly SegmentDocument[]>) {
  const calls: { name: string; input: Record<string, unknown> }[] = [];
  const client = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      calls.push({ name: command.constructor.name, input: command.input });
      if (command.constructor.name === 'GetTraceSummariesCommand')
        return { TraceSummaries: Object.keys(traces).map((Id) => ({ Id })) };
      const ids = command.input.TraceIds as string[];
      return {
        Traces: ids.map((Id) => ({
          Id,
          Segments: (traces[Id] ?? []).map((document) => ({
            Id: document.id,
            Document: JSON.stringify(document),
          })),
        })),
      };
    },
  } as unknown as Pick<XRayClient, 'send'>;
  return { client, calls };
}

describe('saga trace: its arguments', () => {
  it('takes exactly one saga id', async () => {
    await expect(traceCommand.run({ positionals: [], values: {} }, io)).rejects.toThrow(
      new UsageError('name one saga id'),
    );
    await expect(traceCommand.run({ positionals: ['a', 'b'], values: {} }, io)).rejects.toThrow(UsageError);
  });

  it('documents --json, where the sagas are, and its exit codes', () => {
    expect(traceCommand.options).toHaveProperty('json');
    expect(traceCommand.help).toContain('--stack <name>');
    expect(traceCommand.help).toContain('Exit codes');
  });
});

describe('saga trace: reading X-Ray', () => {
  it("asks for the saga's traces by its annotation over its time, then reads them", async () => {
    // Arrange
    const { client, calls } = fakeXRay({ [TRACE_ID]: documents });
    const window = { startedAt: new Date('2026-12-02T14:12:00Z'), endedAt: new Date('2026-12-02T14:13:00Z') };
    // Act
    const read = await readSagaTraceDocuments({ region: 'us-east-1' }, SAGA_ID, window, client);
    // Assert
    expect(read).toEqual(documents);
    expect(calls.map((call) => call.name)).toEqual(['GetTraceSummariesCommand', 'BatchGetTracesCommand']);
    expect(calls[0]?.input).toMatchObject({ FilterExpression: `annotation.sagaId = "${SAGA_ID}"` });
    const { StartTime, EndTime } = (calls[0]?.input ?? {}) as { StartTime: Date; EndTime: Date };
    expect(StartTime.getTime()).toBeLessThan(window.startedAt.getTime());
    expect(EndTime.getTime()).toBeGreaterThan(window.endedAt.getTime());
    expect(calls[1]?.input).toEqual({ TraceIds: [TRACE_ID] });
  });

  it('asks in 24-hour slices over a long saga, and reads at most five traces a call', async () => {
    // Arrange
    const ids = Array.from({ length: 7 }, (_, index) => `1-6b102740-${String(index).padStart(24, '0')}`);
    const { client, calls } = fakeXRay(Object.fromEntries(ids.map((id) => [id, []])));
    const window = { startedAt: new Date('2026-12-01T00:00:00Z'), endedAt: new Date('2026-12-02T12:00:00Z') };
    // Act
    await readSagaTraceDocuments({ region: 'us-east-1' }, SAGA_ID, window, client);
    // Assert
    const summaries = calls.filter((call) => call.name === 'GetTraceSummariesCommand');
    expect(summaries).toHaveLength(2);
    const batches = calls.filter((call) => call.name === 'BatchGetTracesCommand');
    expect(batches.map((call) => (call.input.TraceIds as string[]).length)).toEqual([5, 2]);
  });

  it('says when no trace carries the saga id, and what to check', async () => {
    // Arrange
    const { client } = fakeXRay({});
    const window = { startedAt: new Date('2026-12-02T14:12:00Z'), endedAt: new Date('2026-12-02T14:13:00Z') };
    // Act
    const reading = readSagaTraceDocuments({ region: 'us-east-1' }, SAGA_ID, window, client);
    // Assert
    await expect(reading).rejects.toThrow(NotFoundError);
    await expect(reading).rejects.toThrow(/annotation sagaId = ".+".*active tracing/);
  });
});

describe('saga trace: its output', () => {
  it('prints the saga as a tree: each attempt with its duration, ✘ and the error on the failing ones', () => {
    // Arrange
    const trace = assembleSagaTrace(SAGA_ID, documents);
    // Act
    const lines = formatSagaTrace(trace).split('\n');
    // Assert
    expect(lines).toEqual([
      `${SAGA_ID}  ${formatDuration(trace.root.durationMs)}  (trace ${TRACE_ID})`,
      expect.stringMatching(/^├─ ReserveInventory {2}\d+ ms$/),
      expect.stringMatching(
        /^├─ ChargePayment action, attempt 1 {2}\d\.\d\d s {2}✘ SagaRetryableError: injected transient failure in ChargePayment/,
      ),
      expect.stringMatching(/^├─ ChargePayment action, attempt 2 {2}\d\.\d\d s$/),
      expect.stringMatching(
        /^├─ CreateShipment action, attempt 1 {2}.+ {2}✘ SagaTerminalError: injected terminal failure/,
      ),
      expect.stringMatching(/^├─ ChargePayment compensation, undoes ChargePayment {2}\d\.\d\d s$/),
      expect.stringMatching(/^├─ Compensate ReserveInventory {2}\d+ ms$/),
      expect.stringMatching(/^└─ Record rolled back {2}\d+ ms$/),
    ]);
  });

  it('prints --json as the tree itself, for scripts', () => {
    // Arrange
    const trace = assembleSagaTrace(SAGA_ID, documents);
    // Act
    const parsed = JSON.parse(formatJson(trace));
    // Assert
    expect(parsed).toEqual(JSON.parse(JSON.stringify(trace)));
    expect(parsed.root.children[4]).toMatchObject({ kind: 'compensation', undoes: 'ChargePayment' });
  });

  it('writes durations in milliseconds under a second, in seconds above', () => {
    expect([formatDuration(0), formatDuration(999), formatDuration(1_000), formatDuration(10_374)]).toEqual([
      '0 ms',
      '999 ms',
      '1.00 s',
      '10.37 s',
    ]);
  });
});

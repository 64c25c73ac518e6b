import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../local/engine/history.ts';
import { ExecutionTrace } from '../../../local/xray/execution-trace.ts';
import type { SegmentDocument } from '../../../local/xray/segment-document.ts';
import { newTraceId } from '../../../local/xray/xray-ids.ts';

const EXECUTION = {
  executionArn: 'arn:aws:states:us-east-1:000000000000:execution:Orders:OrderSaga-1',
  stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:Orders',
};

function recordingSink() {
  const documents: SegmentDocument[] = [];
  return { documents, put: (document: SegmentDocument) => documents.push(document) };
}

/** A Lambda error as the local Lambda host reports it. */
class LambdaError extends Error {
  readonly errorType = 'SagaTerminalError';
  readonly errorMessage = 'card declined';
}

describe('the X-Ray segments of a local execution', () => {
  it("hands each Lambda attempt a trace header whose parent is the function's segment, under the state attempt", async () => {
    // Arrange
    const sink = recordingSink();
    const traceId = newTraceId();
    const trace = new ExecutionTrace(traceId, EXECUTION, sink);
    const headers: string[] = [];
    // Act
    await trace.invoke('ChargePayment', 'ChargeFn', async (header) => headers.push(header));
    trace.finish({ history: [], startMs: Date.now(), fromMs: 0 }, { status: 'SUCCEEDED' });
    // Assert
    const [functionSegment, machine] = sink.documents;
    expect(headers).toEqual([`Root=${traceId};Parent=${functionSegment?.id};Sampled=1`]);
    expect(functionSegment).toMatchObject({
      trace_id: traceId,
      name: 'ChargeFn',
      origin: 'AWS::Lambda::Function',
    });
    expect(machine).toMatchObject({
      trace_id: traceId,
      name: 'Orders',
      origin: 'AWS::StepFunctions::StateMachine',
    });
    expect(machine?.subsegments?.map((state) => [state.id, state.name])).toEqual([
      [functionSegment?.parent_id, 'ChargePayment'],
    ]);
    expect(machine?.error).toBeUndefined();
  });

  it('marks a failed invocation with its error on the attempt and the function, and passes the error on', async () => {
    // Arrange
    const sink = recordingSink();
    const trace = new ExecutionTrace(newTraceId(), EXECUTION, sink);
    // Act
    const invoking = trace.invoke('ChargePayment', 'ChargeFn', async () => {
      throw new LambdaError('card declined');
    });
    // Assert
    await expect(invoking).rejects.toBeInstanceOf(LambdaError);
    trace.finish({ history: [], startMs: Date.now(), fromMs: 0 }, { status: 'SUCCEEDED' });
    const cause = { exceptions: [{ type: 'SagaTerminalError', message: 'card declined' }] };
    expect(sink.documents[0]).toMatchObject({ error: true, cause });
    expect(sink.documents[1]?.subsegments?.[0]).toMatchObject({ name: 'ChargePayment', error: true, cause });
  });

  it('gives every other state it entered a subsegment, in order, failures marked, and the execution its outcome', () => {
    // Arrange
    const sink = recordingSink();
    const trace = new ExecutionTrace(newTraceId(), EXECUTION, sink);
    const startMs = Date.parse('2026-12-02T10:00:00Z');
    const history: HistoryEntry[] = [
      { event: 'entered', state: 'ReserveInventory', role: 'action', step: 'ReserveInventory', atMs: 0 },
      { event: 'succeeded', state: 'ReserveInventory', role: 'action', step: 'ReserveInventory', atMs: 20 },
      { event: 'entered', state: 'Compensate ReserveInventory', role: 'compensation', atMs: 30 },
      {
        event: 'failed',
        state: 'Compensate ReserveInventory',
        role: 'compensation',
        atMs: 45,
        error: 'States.TaskFailed',
        cause: 'throttled',
      },
    ];
    // Act
    trace.finish(
      { history, startMs, fromMs: 0 },
      { status: 'FAILED', error: 'States.TaskFailed', cause: 'throttled' },
    );
    // Assert
    const [machine] = sink.documents;
    expect(machine?.start_time).toBe(startMs / 1000);
    expect(machine).toMatchObject({
      error: true,
      cause: { exceptions: [{ type: 'States.TaskFailed', message: 'throttled' }] },
    });
    expect(
      machine?.subsegments?.map((state) => [
        state.name,
        state.start_time,
        state.end_time,
        state.error ?? false,
      ]),
    ).toEqual([
      ['ReserveInventory', startMs / 1000, (startMs + 20) / 1000, false],
      ['Compensate ReserveInventory', (startMs + 30) / 1000, (startMs + 45) / 1000, true],
    ]);
  });
});

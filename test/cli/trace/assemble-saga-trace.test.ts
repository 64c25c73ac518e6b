import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assembleSagaTrace } from '../../../cli/trace/assemble-saga-trace.ts';
import type { SegmentDocument } from '../../../local/xray/segment-document.ts';

/**
 * What the local cloud's X-Ray daemon held for a rolled-back order (ChargePayment failed once,
 * CreateShipment for good): the functions' subsegments as their X-Ray SDK sent them, the
 * functions' and the state machine's segments.
 */
const documents = JSON.parse(
  readFileSync(new URL('../fixtures/rolled-back-saga-trace.json', import.meta.url), 'utf8'),
) as SegmentDocument[];
const SAGA_ID = 'OrderSaga-9ee64f4aba24a1b0e300f807ea8704fe71ee344d';
const TRACE_ID = '1-6b102740-da637a92d97cdd6ae49bda72';

/** The same documents as X-Ray returns them: each subsegment sent on its own nested in its parent. */
function nested(flat: readonly SegmentDocument[]): SegmentDocument[] {
  const byId = new Map(
    flat.map((document) => [document.id, { ...document, subsegments: [...(document.subsegments ?? [])] }]),
  );
  const roots: SegmentDocument[] = [];
  for (const document of byId.values()) {
    const parent =
      document.type === 'subsegment' && document.parent_id ? byId.get(document.parent_id) : undefined;
    if (parent) {
      const { type: _type, trace_id: _trace, parent_id: _parent, ...inner } = document;
      parent.subsegments.push(inner);
    } else roots.push(document);
  }
  return roots;
}

describe('assembleSagaTrace', () => {
  it('makes the saga the root and each state attempt a child in order: steps by attempt, compensations with the step they undo', () => {
    // Act
    const { traceIds, root } = assembleSagaTrace(SAGA_ID, documents);
    // Assert
    expect(traceIds).toEqual([TRACE_ID]);
    expect(root).toMatchObject({ kind: 'saga', name: SAGA_ID, annotations: { sagaType: 'OrderSaga' } });
    expect(
      root.children.map((child) => [child.kind, child.name, child.attempt ?? null, child.undoes ?? null]),
    ).toEqual([
      ['state', 'ReserveInventory', null, null],
      ['step', 'ChargePayment', 1, null],
      ['step', 'ChargePayment', 2, null],
      ['step', 'CreateShipment', 1, null],
      ['compensation', 'ChargePayment', 1, 'ChargePayment'],
      ['state', 'Compensate ReserveInventory', null, null],
      ['state', 'Record rolled back', null, null],
    ]);
  });

  it('puts the error on the failing attempts only, with its type and message', () => {
    // Act
    const { root } = assembleSagaTrace(SAGA_ID, documents);
    // Assert
    expect(root.error).toBeUndefined();
    expect(
      root.children.filter((child) => child.error).map((child) => [child.name, child.attempt, child.error]),
    ).toEqual([
      [
        'ChargePayment',
        1,
        {
          type: 'SagaRetryableError',
          message: 'injected transient failure in ChargePayment (action, attempt 1)',
        },
      ],
      [
        'CreateShipment',
        1,
        {
          type: 'SagaTerminalError',
          message: 'injected terminal failure in CreateShipment (action, attempt 1)',
        },
      ],
    ]);
  });

  it("carries each step subsegment's annotations, and each node's start and duration from its segment", () => {
    // Act
    const { root } = assembleSagaTrace(SAGA_ID, documents);
    // Assert
    const compensation = root.children.find((child) => child.kind === 'compensation');
    expect(compensation?.annotations).toEqual({
      sagaId: SAGA_ID,
      sagaType: 'OrderSaga',
      step: 'ChargePayment',
      phase: 'compensation',
      attempt: 0,
      compensates: 'ChargePayment',
    });
    const machine = documents.find((document) => document.origin === 'AWS::StepFunctions::StateMachine');
    expect(root.startedAt).toBe(new Date((machine?.start_time ?? 0) * 1000).toISOString());
    expect(root.durationMs).toBe(Math.round(((machine?.end_time ?? 0) - (machine?.start_time ?? 0)) * 1000));
    const total = root.children.reduce((sum, child) => sum + child.durationMs, 0);
    expect(total).toBeLessThanOrEqual(root.durationMs);
  });

  it('reads the same tree when subsegments come nested in their segments, as X-Ray returns them', () => {
    // Arrange
    const asReturned = nested(documents);
    // Act
    const trace = assembleSagaTrace(SAGA_ID, asReturned);
    // Assert
    expect(asReturned.length).toBeLessThan(documents.length);
    expect(trace).toEqual(assembleSagaTrace(SAGA_ID, documents));
  });

  it("hangs step subsegments on the root when the state machine's segment is missing (its tracing off)", () => {
    // Arrange
    const functionsOnly = documents.filter(
      (document) => document.origin !== 'AWS::StepFunctions::StateMachine',
    );
    // Act
    const { root } = assembleSagaTrace(SAGA_ID, functionsOnly);
    // Assert
    expect(root.children.map((child) => `${child.name} ${child.kind} ${child.attempt}`)).toEqual([
      'ChargePayment step 1',
      'ChargePayment step 2',
      'CreateShipment step 1',
      'ChargePayment compensation 1',
    ]);
  });

  it('ignores the documents of other sagas', () => {
    // Act
    const { root } = assembleSagaTrace('OrderSaga-other', documents);
    // Assert
    expect(root.children.every((child) => child.kind === 'state')).toBe(true);
  });
});

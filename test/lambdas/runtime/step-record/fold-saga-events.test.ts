import { describe, expect, it } from 'vitest';
import { foldSagaEvents } from '../../../../lambdas/runtime/step-record/fold-saga-events.ts';
import type { SagaEvent, SagaEventType } from '../../../../lambdas/runtime/step-record/saga-event.ts';

const at = (second: number) => `2026-01-02T03:04:${String(second).padStart(2, '0')}.000Z`;

function event(
  type: SagaEventType,
  step: string,
  attempt: number,
  second: number,
  extra: Partial<SagaEvent> = {},
) {
  const phase = type.startsWith('compensation') ? 'compensation' : 'action';
  return { sagaId: 's-1', type, step, phase, attempt, time: at(second), ...extra } as SagaEvent;
}

/** A rollback: Reserve ok, Charge ok after one retry, Ship refused, then Charge and Reserve undone. */
const ROLLBACK: readonly SagaEvent[] = [
  event('step.succeeded', 'Reserve', 0, 1, { output: { reservationId: 'r-1' } }),
  event('step.failed', 'Charge', 0, 2, { error: { name: 'SagaRetryableError', message: 'timeout' } }),
  event('step.succeeded', 'Charge', 1, 3, { output: { paymentId: 'p-1' } }),
  event('step.failed', 'Ship', 0, 4, { error: { name: 'SagaTerminalError', message: 'no carrier' } }),
  event('compensation.failed', 'Charge', 0, 5, { error: { name: 'Error', message: 'refund timeout' } }),
  event('compensation.succeeded', 'Charge', 1, 6),
  event('compensation.succeeded', 'Reserve', 0, 7),
];

describe('foldSagaEvents', () => {
  it("rebuilds each step's status, attempts, output and error from a rollback's events", () => {
    // Act
    const state = foldSagaEvents(ROLLBACK);
    // Assert
    expect(state).toEqual({
      Reserve: {
        status: 'compensated',
        attempts: 1,
        compensationAttempts: 1,
        output: { reservationId: 'r-1' },
      },
      Charge: { status: 'compensated', attempts: 2, compensationAttempts: 2, output: { paymentId: 'p-1' } },
      Ship: {
        status: 'failed',
        attempts: 1,
        compensationAttempts: 0,
        error: { name: 'SagaTerminalError', message: 'no carrier' },
      },
    });
  });

  it('gives the same state whatever order the events are read in', () => {
    // Arrange
    const reversed = [...ROLLBACK].reverse();
    const interleaved = [...ROLLBACK].sort((a, b) => a.step.localeCompare(b.step) || b.attempt - a.attempt);
    // Act
    const states = [reversed, interleaved].map(foldSagaEvents);
    // Assert
    expect(states).toEqual([foldSagaEvents(ROLLBACK), foldSagaEvents(ROLLBACK)]);
  });

  it('reports the last failure of a compensation that has not succeeded', () => {
    // Arrange
    const events = [
      event('step.succeeded', 'Charge', 0, 1, { output: null }),
      event('compensation.failed', 'Charge', 1, 3, { error: { name: 'Error', message: 'second' } }),
      event('compensation.failed', 'Charge', 0, 2, { error: { name: 'Error', message: 'first' } }),
    ];
    // Act
    const state = foldSagaEvents(events);
    // Assert
    expect(state.Charge).toEqual({
      status: 'compensation-failed',
      attempts: 1,
      compensationAttempts: 2,
      output: null,
      error: { name: 'Error', message: 'second' },
    });
  });
});

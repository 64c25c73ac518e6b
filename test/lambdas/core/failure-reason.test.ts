import { describe, expect, it } from 'vitest';
import { FIXED_ERROR_TYPES } from '../../../contract/failure-reasons.ts';
import type { SagaLifecycleDetail } from '../../../contract/lifecycle-events.ts';
import { SagaStatus } from '../../../contract/saga-table.ts';
import { errorTypesFrom, failureReasonOf } from '../../../lambdas/core/failure-reason.ts';

const ended = (status: SagaStatus, error?: string): SagaLifecycleDetail => ({
  sagaId: 's-1',
  sagaType: 'OrderSaga',
  businessKey: 'o-1',
  status,
  startedAt: '2026-12-01T10:00:00.000Z',
  endedAt: '2026-12-01T10:00:05.000Z',
  ...(error ? { error: { error, cause: 'why' } } : {}),
});

describe('the failure reason of a saga that ended', () => {
  const types = errorTypesFrom('["PaymentDeclined"]');

  it.each([
    [SagaStatus.COMPENSATED, 'PaymentDeclined', 'PaymentDeclined'],
    [SagaStatus.FAILED, 'States.Runtime', 'States.Runtime'],
    [SagaStatus.TIMED_OUT, 'SagaDeadlineExceeded', 'SagaDeadlineExceeded'],
    [SagaStatus.CANCELLED, undefined, 'Other'],
    [SagaStatus.COMPENSATED, 'UnheardOfError', 'Other'],
  ])('reports a %s saga that ended with %s as %s', (status, error, expected) => {
    // Act
    const reason = failureReasonOf(ended(status, error), types);
    // Assert
    expect(reason).toBe(expected);
  });

  it.each([SagaStatus.COMPLETED, SagaStatus.ABANDONED, SagaStatus.RUNNING, SagaStatus.COMPENSATING])(
    'reports no failure reason for a %s saga (an abandoned one was counted when it failed)',
    (status) => {
      // Act
      const reason = failureReasonOf(ended(status, 'PaymentDeclined'), types);
      // Assert
      expect(reason).toBeUndefined();
    },
  );

  it.each([undefined, 'not JSON', '{"a":1}', '[1, null]'])(
    'falls back to the fixed values when the declared names read %s',
    (value) => {
      // Act
      const fromEnvironment = errorTypesFrom(value);
      // Assert
      expect([...fromEnvironment]).toEqual(FIXED_ERROR_TYPES);
    },
  );
});

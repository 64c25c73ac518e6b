import { defineSaga, fixedInterval, lambda, type SagaSpec } from '../../statemachines/index.ts';

const handlers = 'test/local/fixtures/limits-handlers.ts';
/** One second between attempts: waits that, scaled 1:1, really pass. */
const everySecond = (maxAttempts: number) =>
  fixedInterval('every-second', { maxAttempts, intervalSeconds: 1 });

/**
 * Reserve, Charge (at most 1 KB of output), Ship (the pivot): the saga the limits tests run with
 * real, scaled waits. `overrides` change the saga-level fields.
 */
export function limitsSaga(overrides: Partial<SagaSpec> = {}) {
  return defineSaga({
    name: 'Limits',
    timeoutSeconds: 3,
    steps: [
      {
        name: 'Reserve',
        action: lambda(handlers, { exportName: 'reserve' }),
        compensation: lambda(handlers, { exportName: 'release' }),
        timeoutSeconds: 1,
        compensationTimeoutSeconds: 1,
        retry: everySecond(2),
        compensationRetry: everySecond(3),
      },
      {
        name: 'Charge',
        action: lambda(handlers, { exportName: 'charge' }),
        compensation: lambda(handlers, { exportName: 'refund' }),
        timeoutSeconds: 1,
        compensationTimeoutSeconds: 1,
        retry: everySecond(6),
        compensationRetry: everySecond(2),
        maxOutputBytes: 1_024,
      },
      {
        name: 'Ship',
        action: lambda(handlers, { exportName: 'ship', functionId: 'Ship' }),
        pivot: true,
        timeoutSeconds: 1,
      },
    ],
    ...overrides,
  });
}

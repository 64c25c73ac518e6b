/**
 * A local run refused before anything ran, for the reason the deployed starter would refuse the
 * same start (and dead-letter it): see `sagaInputProblem` in `contract/saga-input.ts`.
 */
export class SagaInputRejectedError extends Error {
  override readonly name = 'SagaInputRejectedError';

  constructor(
    readonly sagaName: string,
    readonly reason: string,
  ) {
    super(
      `Saga "${sagaName}" refused its input, as the deployed starter would (it would dead-letter the start): ${reason}. Fix: send an input the saga accepts, or change its inputSchema / maxInputBytes.`,
    );
  }
}

/** The input of an order saga, as the `OrderPlaced` event carries it. */
export interface Order {
  readonly orderId: string;
  readonly customerId: string;
  readonly sku: string;
  readonly quantity: number;
  /** Amount in cents. */
  readonly amountCents: number;
  /** Test-only: makes named steps fail (see `FailureInjection`). */
  readonly failure?: FailureInjection | readonly FailureInjection[];
}

/**
 * Makes one step of the example fail on purpose, so every compensation path can be driven end to end.
 * - `transient`: throws a retryable error (retried by the step's policy);
 * - `terminal`: throws `SagaTerminalError` (no retry, rollback at once);
 * - `timeout`: never answers within the step's timeout.
 */
export interface FailureInjection {
  readonly step: string;
  readonly mode: 'transient' | 'terminal' | 'timeout';
  /** @default 'action' */
  readonly phase?: 'action' | 'compensation';
  /** Fail only the first `attempts` attempts, then succeed. @default every attempt */
  readonly attempts?: number;
}

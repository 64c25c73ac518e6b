/** The input of an order saga, as the `OrderPlaced` event carries it. */
export interface Order {
  readonly orderId: string;
  readonly customerId: string;
  readonly sku: string;
  readonly quantity: number;
  /** Amount in cents. */
  readonly amountCents: number;
  /**
   * Test-only: makes named steps fail (see `FailureInjection`), and only where failure injection
   * is on (`EXAMPLE_FAILURE_INJECTION=on`, which local runs set and deployed stacks do not).
   */
  readonly failure?: FailureInjection | readonly FailureInjection[];
}

/**
 * Makes one step of the example fail on purpose, so every compensation path can be driven end to end.
 * - `transient`: throws a retryable error (retried by the step's policy);
 * - `terminal`: throws `SagaTerminalError` (no retry, rollback at once);
 * - `timeout`: never answers within the step's timeout;
 * - `slow`: answers, successfully, after `delayMs` (time for an operator to act on a running saga).
 */
export interface FailureInjection {
  readonly step: string;
  readonly mode: 'transient' | 'terminal' | 'timeout' | 'slow';
  /** With `slow`: how long the step takes. @default 1000 */
  readonly delayMs?: number;
  /** @default 'action' */
  readonly phase?: 'action' | 'compensation';
  /** Fail only the first `attempts` attempts, then succeed. @default every attempt */
  readonly attempts?: number;
}

/**
 * The environment variable that turns failure injection on in the example's step handlers. Only
 * local runs set it (`OrderSagaStack`'s `failureInjection`): on a deployed stack, anyone who can
 * publish an order could otherwise make steps fail or hang.
 */
export const FAILURE_INJECTION_VARIABLE = 'EXAMPLE_FAILURE_INJECTION';
/** The value of {@link FAILURE_INJECTION_VARIABLE} that turns it on; any other leaves it off. */
export const FAILURE_INJECTION_ON = 'on';
/**
 * The CDK context flag that turns it on in the example app (`infra/app.ts`):
 * `cdk deploy -c exampleFailureInjection=true`, as the LocalStack deploy passes it; never for AWS.
 */
export const FAILURE_INJECTION_CONTEXT = 'exampleFailureInjection';

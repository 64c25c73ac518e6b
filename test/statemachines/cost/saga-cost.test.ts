import { describe, expect, it } from 'vitest';
import { orderSaga } from '../../../examples/order/order-saga.ts';
import { withPrices } from '../../../statemachines/cost/price-table.ts';
import { sagaCost } from '../../../statemachines/cost/saga-cost.ts';
import { defineSaga, exponentialBackoff, lambda, RetryPolicies } from '../../../statemachines/index.ts';

describe('the cost of the example order saga, against figures computed by hand', () => {
  const report = sagaCost(orderSaga);
  const path = (name: string) => report.paths.find((candidate) => candidate.path.name === name);

  it('prices the happy path: 5 transitions, 3 step and 3 project invocations, 15 write units, 2 cancel checks, 3 events, 3 SQS requests', () => {
    // Assert
    const happy = path('happy path');
    expect(happy?.usage).toEqual({
      transitions: 5,
      lambdaInvocations: 6,
      lambdaGbSeconds: 0.1125,
      dynamoDbWriteUnits: 15,
      // ChargePayment and CreateShipment (Lambda actions up to the pivot) each ask about a cancel.
      dynamoDbReadUnits: 2,
      eventBridgeEvents: 3,
      sqsRequests: 3,
      executionSeconds: 0.31,
    });
    // Standard: 5 × $0.000025 + $0.0000165250075 of Lambda, DynamoDB (15 × $0.000000625 written,
    // 2 × $0.000000125 read), EventBridge and SQS, per million.
    // Express: $0.000001 + 0.31 s × 0.0625 GB × $0.00001667, plus the same $0.0000165250075.
    expect(happy?.dollarsPerMillion).toEqual({ STANDARD: 141.53, EXPRESS: 17.85 });
  });

  it('prices a payment that fails on its 3 attempts: 4 states and 2 retries, and Express bills its 3 s of backoff', () => {
    // Assert
    const declined = path('ChargePayment fails after its retries');
    expect(declined?.path).toMatchObject({
      outcome: 'COMPENSATED',
      statesEntered: 4,
      retries: 2,
      compensations: 1,
    });
    expect(declined?.usage).toMatchObject({
      transitions: 6,
      lambdaInvocations: 6,
      dynamoDbWriteUnits: 16,
      dynamoDbReadUnits: 3,
    });
    expect(declined?.usage.executionSeconds).toBeCloseTo(3.32, 10);
    // Standard: 6 × $0.000025 + $0.0000172750075 (6 invocations, 0.1125 GB-s, 16 write units,
    // 3 read units — one per charge attempt —, 3 events, 3 SQS requests).
    // Express: $0.000001 + 3.32 s × 0.0625 GB × $0.00001667 + the same $0.0000172750075.
    expect(declined?.dollarsPerMillion).toEqual({ STANDARD: 167.28, EXPRESS: 21.73 });
  });

  it('weights the paths by the failure rate, and says which type is cheaper', () => {
    // Act
    const atFivePercent = sagaCost(orderSaga, { failureRate: 0.05 });
    // Assert
    const failures = atFivePercent.paths.slice(1);
    const averageTransitions =
      failures.reduce((sum, failure) => sum + failure.usage.transitions, 0) / failures.length;
    expect(atFivePercent.expected.usage.transitions).toBeCloseTo(0.95 * 5 + 0.05 * averageTransitions, 10);
    expect(atFivePercent.cheaper).toBe('EXPRESS');
    expect(report.expected.dollarsPerMillion).toEqual({ STANDARD: 141.53, EXPRESS: 17.85 });
  });

  it('counts transient retries at the retry rate, and uses the prices it is given', () => {
    // Act
    const retried = sagaCost(
      orderSaga,
      { retryRate: 0.1 },
      withPrices({ stepFunctionsStandardPerTransition: 0.00005 }),
    );
    // Assert: 4 tasks on the happy path, each retried 10 % of the time.
    expect(retried.paths[0]?.usage.transitions).toBeCloseTo(5.4, 10);
    expect(retried.prices.stepFunctionsStandardPerTransition).toBe(0.00005);
  });

  it("warns when the worst case nears the history limit or outruns Express's five minutes", () => {
    // Arrange
    // 45 steps of 150 attempts each: about 22,000 history events at worst, under the limit the
    // definition is refused at (25,000) but over the 80 % the report warns at.
    const stubborn = exponentialBackoff('stubborn', {
      maxAttempts: 150,
      initialIntervalSeconds: 1,
      maxIntervalSeconds: 60,
      multiplier: 2,
      jitter: true,
    });
    const long = defineSaga({
      name: 'Long',
      steps: Array.from({ length: 45 }, (_, index) => ({
        name: `S${index}`,
        action: lambda(`s${index}.ts`),
        compensation: lambda(`undo${index}.ts`),
        retry: stubborn,
        compensationRetry: RetryPolicies.critical,
      })),
    });
    // Act
    const { limits } = sagaCost(long);
    // Assert
    expect(limits.warnings).toEqual([
      expect.stringMatching(/^the worst case writes \d+ history events, over 80 % of Step Functions' 25000/),
      expect.stringMatching(/^the worst case runs \d+ s, over Express's 300 s/),
    ]);
  });

  it('refuses a price table with an unknown field or a negative price, naming them', () => {
    expect(() => withPrices({ lambdaPerRequets: 1, sqsPerRequest: -1 })).toThrow(
      /lambdaPerRequets is not a price .*; sqsPerRequest must be a number ≥ 0/,
    );
  });
});

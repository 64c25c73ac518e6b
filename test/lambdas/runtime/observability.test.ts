import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SagaStepOptions } from '../../../lambdas/runtime/options.ts';
import { type StepFunction, sagaStep } from '../../../lambdas/runtime/saga-step.ts';
import { DEFAULT_SENSITIVE_KEYS } from '../../../lambdas/shared/powertools/redaction.ts';
import { type CapturedOutput, captureOutput, emfBlobs } from '../support/capture-output.ts';
import { lambdaContext, settle, stepEvent } from '../support/step-events.ts';
import { tracerDouble } from '../support/xray-double.ts';

const TRACE_ID = '1-67891233-abcdef012345678912345678';
const STEP_DURATION_MS = 42;
let output: CapturedOutput;
let previousTraceHeader: string | undefined;

beforeEach(() => {
  previousTraceHeader = process.env._X_AMZN_TRACE_ID;
  process.env._X_AMZN_TRACE_ID = `Root=${TRACE_ID};Parent=557abcec3ee5a047;Sampled=1`;
  output = captureOutput();
});
afterEach(() => {
  output.restore();
  if (previousTraceHeader === undefined) delete process.env._X_AMZN_TRACE_ID;
  else process.env._X_AMZN_TRACE_ID = previousTraceHeader;
});

/** A clock that advances by the step's duration on each reading. */
function steppingClock() {
  let now = Date.parse('2026-01-02T03:04:05.000Z');
  return () => {
    const reading = new Date(now);
    now += STEP_DURATION_MS;
    return reading;
  };
}

/** The runtime with no DynamoDB (observability only), on the project's shared logger and tracer. */
function observedStep(step: StepFunction<unknown, unknown>, overrides: SagaStepOptions = {}) {
  return sagaStep(step, {
    idempotency: false,
    stepRecord: false,
    clock: steppingClock(),
    metrics: new Metrics({ namespace: 'SagaRuntimeTest', serviceName: 'payments' }),
    ...overrides,
  });
}

const logLines = () => output.json().filter((line) => typeof line.level === 'string');

describe('logs', () => {
  it('carries the saga id, saga type, step, phase, attempt and trace id on every line', async () => {
    // Arrange
    const event = stepEvent({ attempt: 2 });
    const handler = observedStep(
      async (_event, ctx) => {
        ctx.logger.info('charging the customer');
        return { paymentId: 'pay-1' };
      },
      { logger: new Logger({ logLevel: 'DEBUG' }) },
    );
    // Act
    await handler(event, lambdaContext());
    // Assert
    const lines = logLines();
    expect(lines.map((line) => line.message)).toEqual([
      'Step started',
      'charging the customer',
      'Step succeeded',
    ]);
    for (const line of lines) {
      expect(line).toMatchObject({
        sagaId: event.saga.id,
        sagaType: 'OrderSaga',
        step: 'ChargePayment',
        phase: 'action',
        attempt: 2,
        xray_trace_id: TRACE_ID,
      });
    }
    expect(lines[2]).toMatchObject({ level: 'DEBUG', durationMs: STEP_DURATION_MS });
  });

  it('writes no line of its own for a success at the default level', async () => {
    // Arrange
    const handler = observedStep(async () => ({ paymentId: 'pay-1' }));
    // Act
    await handler(stepEvent(), lambdaContext());
    // Assert
    expect(logLines()).toEqual([]);
  });

  it('redacts sensitive fields in any spelling, and secrets inside messages, before writing', async () => {
    // Arrange
    const handler = observedStep(async (_event, ctx) => {
      ctx.logger.info('charging', {
        cardNumber: '4111 1111 1111 1111',
        customer: { name: 'Ada', API_KEY: 'sk_live_abc', national_id: 'AB123456C' },
        headers: { Authorization: 'Bearer t0k3n' },
      });
      throw new Error('declined card 5500-0000-0000-0004 (password=hunter2)');
    });
    // Act
    await settle(handler(stepEvent(), lambdaContext()));
    // Assert
    const written = output.text();
    for (const secret of [
      '4111 1111 1111 1111',
      'sk_live_abc',
      'AB123456C',
      't0k3n',
      '5500-0000-0000-0004',
      'hunter2',
    ]) {
      expect(written).not.toContain(secret);
    }
    const [charging, failed] = logLines();
    expect(charging).toMatchObject({
      cardNumber: '[REDACTED]',
      customer: { name: 'Ada', API_KEY: '[REDACTED]', national_id: '[REDACTED]' },
      headers: { Authorization: '[REDACTED]' },
    });
    expect(failed).toMatchObject({
      message: 'Step failed',
      error: { message: expect.stringContaining('[REDACTED]') },
    });
  });

  it('redacts the keys the options add to the default list', async () => {
    // Arrange
    const handler = observedStep(
      async (_event, ctx) => {
        ctx.logger.info('refunding', { iban: 'DE89370400440532013000', currency: 'EUR' });
        return null;
      },
      { sensitiveKeys: [...DEFAULT_SENSITIVE_KEYS, 'iban'] },
    );
    // Act
    await handler(stepEvent(), lambdaContext());
    // Assert
    expect(logLines()[0]).toMatchObject({ message: 'refunding', iban: '[REDACTED]', currency: 'EUR' });
  });
});

describe('metrics', () => {
  it('publishes the step metrics with saga type and step dimensions, never the saga id', async () => {
    // Arrange
    const event = stepEvent({ attempt: 1 });
    const handler = observedStep(async () => ({ paymentId: 'pay-1' }));
    // Act
    await handler(event, lambdaContext());
    // Assert
    const [blob, ...others] = emfBlobs(output.json());
    expect(others).toEqual([]);
    const [directive] = blob?._aws.CloudWatchMetrics ?? [];
    expect(directive?.Namespace).toBe('SagaRuntimeTest');
    expect(directive?.Dimensions).toEqual([['service', 'SagaType', 'Step']]);
    expect(directive?.Metrics).toEqual(
      expect.arrayContaining([
        { Name: 'StepStarted', Unit: 'Count' },
        { Name: 'StepRetried', Unit: 'Count' },
        { Name: 'StepSucceeded', Unit: 'Count' },
        { Name: 'StepDuration', Unit: 'Milliseconds' },
      ]),
    );
    expect(directive?.Metrics).toHaveLength(4);
    expect(blob).toMatchObject({
      SagaType: 'OrderSaga',
      Step: 'ChargePayment',
      StepDuration: STEP_DURATION_MS,
    });
    expect(JSON.stringify(blob)).not.toContain(event.saga.id);
    const writtenLines = output
      .text()
      .split('\n')
      .filter((line) => line.length > 0);
    expect(writtenLines.filter((line) => !line.startsWith('{'))).toEqual([]);
  });

  it('takes the namespace from POWERTOOLS_METRICS_NAMESPACE by default', async () => {
    // Arrange
    vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', 'OrdersFromEnv');
    vi.resetModules();
    const { metrics } = await import('../../../lambdas/shared/powertools/metrics.ts');
    vi.unstubAllEnvs();
    const handler = observedStep(async () => ({ ok: true }), { metrics });
    // Act
    await handler(stepEvent(), lambdaContext());
    // Assert
    const [blob] = emfBlobs(output.json());
    expect(blob?._aws.CloudWatchMetrics[0]?.Namespace).toBe('OrdersFromEnv');
  });

  it('counts a failed compensation under the compensation metrics', async () => {
    // Arrange
    const handler = observedStep(async () => {
      throw new Error('refund service unavailable');
    });
    // Act
    await settle(handler(stepEvent({ phase: 'compensation' }), lambdaContext()));
    // Assert
    const names = emfBlobs(output.json()).flatMap((blob) =>
      (blob._aws.CloudWatchMetrics[0]?.Metrics ?? []).map((metric) => metric.Name),
    );
    expect(names.sort()).toEqual(['CompensationDuration', 'CompensationFailed', 'CompensationStarted']);
  });

  it('counts an invocation refused before the step ran, without step metrics', async () => {
    // Arrange
    const handler = observedStep(async () => ({ ok: true }));
    // Act
    await settle(handler({ step: 'ChargePayment' }, lambdaContext()));
    // Assert
    const [blob] = emfBlobs(output.json());
    expect(blob?._aws.CloudWatchMetrics[0]?.Metrics).toEqual([{ Name: 'StepRejected', Unit: 'Count' }]);
  });
});

describe('traces', () => {
  it('opens one subsegment per step run, annotated with the saga and the step a compensation undoes', async () => {
    // Arrange
    const { tracer, facade, subsegments } = tracerDouble();
    const event = stepEvent({ phase: 'compensation', step: 'ReserveInventory' });
    const handler = observedStep(async () => ({ released: true }), { tracer });
    // Act
    await handler(event, lambdaContext());
    // Assert
    const stepSegments = subsegments().filter((segment) => segment.name.startsWith('###'));
    expect(stepSegments.map((segment) => segment.name)).toEqual(['### ReserveInventory compensation']);
    expect(stepSegments[0]?.annotations).toEqual({
      sagaId: event.saga.id,
      sagaType: 'OrderSaga',
      step: 'ReserveInventory',
      phase: 'compensation',
      attempt: event.attempt,
      compensates: 'ReserveInventory',
    });
    expect(stepSegments[0]?.end_time).toEqual(expect.any(Number));
    const handlerSegment = subsegments().find((segment) => segment.name.startsWith('## '));
    expect(handlerSegment?.annotations).toMatchObject({
      sagaId: event.saga.id,
      compensates: 'ReserveInventory',
    });
    expect(tracer.getSegment()).toBe(facade);
  });

  it('records the error, redacted, on the failing step subsegment', async () => {
    // Arrange
    const { tracer, subsegments } = tracerDouble();
    const handler = observedStep(
      async () => {
        throw new Error('gateway rejected apiKey=sk_live_abc');
      },
      { tracer },
    );
    // Act
    await settle(handler(stepEvent(), lambdaContext()));
    // Assert
    const [stepSegment] = subsegments().filter((segment) => segment.name === '### ChargePayment action');
    expect(stepSegment?.annotations).toMatchObject({ phase: 'action' });
    expect(stepSegment?.annotations).not.toHaveProperty('compensates');
    expect(stepSegment?.cause?.exceptions.map((exception) => exception.message)).toEqual([
      'gateway rejected apiKey=[REDACTED]',
    ]);
    expect(JSON.stringify(stepSegment)).not.toContain('sk_live_abc');
    expect(stepSegment?.fault || stepSegment?.error).toBe(true);
    expect(stepSegment?.end_time).toEqual(expect.any(Number));
  });
});

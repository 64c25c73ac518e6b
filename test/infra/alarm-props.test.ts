import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AttributeType, Operation, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { describe, expect, it } from 'vitest';
import { SagaOrchestrator, type SagaOrchestratorProps } from '../../infra/index.ts';
import { defineSaga, dynamoDb } from '../../statemachines/index.ts';

/** A saga of direct DynamoDB calls only (no step handler to bundle), declaring its own terminal error. */
const ledgerSaga = defineSaga({
  name: 'Ledger',
  steps: [
    {
      name: 'Debit',
      action: dynamoDb.putItem('Ledger', { Item: { id: { 'S.$': '$.saga.id' } } }),
      compensation: dynamoDb.deleteItem('Ledger', { Key: { id: { 'S.$': '$.saga.id' } } }),
      terminalErrors: ['InsufficientFunds'],
    },
  ],
});

function ledgerOrchestrator(alarms: SagaOrchestratorProps['alarms']) {
  const app = new App();
  const stack = new Stack(app, 'Test', { env: { account: '111111111111', region: 'eu-west-1' } });
  const ledger = new Table(stack, 'Ledger', { partitionKey: { name: 'id', type: AttributeType.STRING } });
  const saga = new SagaOrchestrator(stack, 'Saga', { saga: ledgerSaga, tables: { Ledger: ledger }, alarms });
  return { app, stack, saga };
}

/** The synth error's message, or a failure when synth succeeds. */
function synthError(app: App): string {
  try {
    app.synth();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('synth succeeded');
}

describe("the coordinator's alarm props", () => {
  it('applies thresholds, evaluation periods and the operations watched', () => {
    // Arrange
    const { stack } = ledgerOrchestrator({
      stateStoreLatency: {
        threshold: Duration.millis(250),
        evaluationPeriods: 3,
        operations: [Operation.QUERY],
      },
      executionsThrottled: { threshold: 5, evaluationPeriods: 2 },
      functionThrottles: { threshold: 10 },
      oldestStartMessageAge: { threshold: Duration.minutes(30), evaluationPeriods: 4 },
    });
    // Act
    const template = Template.fromStack(stack);
    // Assert
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'SuccessfulRequestLatency',
      Dimensions: Match.arrayWith([{ Name: 'Operation', Value: 'Query' }]),
      Threshold: 250,
      EvaluationPeriods: 3,
    });
    expect(
      template.findResources('AWS::CloudWatch::Alarm', {
        Properties: { MetricName: 'SuccessfulRequestLatency' },
      }),
    ).toSatisfy((alarms: object) => Object.keys(alarms).length === 1);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ExecutionThrottled',
      Threshold: 5,
      EvaluationPeriods: 2,
    });
    const throttles = template.findResources('AWS::CloudWatch::Alarm', {
      Properties: { MetricName: 'Throttles' },
    });
    expect(
      Object.values(throttles).map(
        (alarm) => (alarm as { Properties: { Threshold: number } }).Properties.Threshold,
      ),
    ).toEqual([10, 10, 10]);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Threshold: 1800,
      EvaluationPeriods: 4,
    });
  });

  it('notifies the topic from every alarm it creates', () => {
    // Arrange
    const app = new App();
    const stack = new Stack(app, 'Test', { env: { account: '111111111111', region: 'eu-west-1' } });
    const ledger = new Table(stack, 'Ledger', { partitionKey: { name: 'id', type: AttributeType.STRING } });
    const topic = new Topic(stack, 'Pager');
    // Act
    new SagaOrchestrator(stack, 'Saga', { saga: ledgerSaga, tables: { Ledger: ledger }, alarms: { topic } });
    const alarms = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'));
    // Assert
    expect(alarms.length).toBeGreaterThan(0);
    for (const alarm of alarms)
      expect((alarm as { Properties: { AlarmActions?: unknown } }).Properties.AlarmActions).toEqual([
        { Ref: stack.getLogicalId(topic.node.defaultChild as never) },
      ]);
  });

  it("links each alarm's description to its section of the runbook given", () => {
    // Arrange
    const { stack } = ledgerOrchestrator({ runbookUrl: 'https://wiki.example.com/ledger/runbook' });
    // Act
    const template = Template.fromStack(stack);
    // Assert
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ExecutionThrottled',
      AlarmDescription: Match.stringLikeRegexp(
        '^Ledger: Step Functions throttled .* Runbook: https://wiki\\.example\\.com/ledger/runbook#executionsthrottled$',
      ),
    });
  });

  it('gives metrics of the state store, the start queue and each function, and refuses an unknown function', () => {
    // Arrange
    const { saga } = ledgerOrchestrator(undefined);
    // Act
    const latency = saga.metricStateStoreLatency();
    const age = saga.metricOldestStartMessageAge();
    const throttles = saga.metricFunctionThrottles('Starter');
    // Assert
    expect([latency.namespace, latency.metricName, latency.statistic]).toEqual([
      'AWS/DynamoDB',
      'SuccessfulRequestLatency',
      'Average',
    ]);
    expect(latency.dimensions?.Operation).toBe('UpdateItem');
    expect([age.metricName, age.statistic]).toEqual(['ApproximateAgeOfOldestMessage', 'Maximum']);
    expect([throttles.namespace, throttles.metricName, throttles.statistic]).toEqual([
      'AWS/Lambda',
      'Throttles',
      'Sum',
    ]);
    expect(saga.metricExecutionsThrottled().metricName).toBe('ExecutionThrottled');
    expect(() => saga.metricFunctionThrottles('Nope')).toThrow(
      /saga Ledger has no function "Nope"\. Use one of: Starter, LifecyclePublisher, StatusRecorder/,
    );
  });

  it("keeps the saga's own terminal error among its error types", () => {
    // Act
    const { saga } = ledgerOrchestrator(undefined);
    // Assert
    expect(saga.errorTypes).toContain('InsufficientFunds');
    expect(saga.metricFailureReason('InsufficientFunds').dimensions?.ErrorType).toBe('InsufficientFunds');
  });
});

describe('alarm props validation', () => {
  it('reports every bad alarm value at once, each naming the field, what was given and the fix', () => {
    // Arrange
    const { app } = ledgerOrchestrator({
      p95Duration: Duration.millis(0),
      maxActiveSagas: 2.5,
      stateStoreLatency: { threshold: Duration.millis(0), evaluationPeriods: 0, operations: [] },
      executionsThrottled: { threshold: 0 },
      functionThrottles: { threshold: 1.5, evaluationPeriods: 300 },
      oldestStartMessageAge: { threshold: Duration.days(5) },
      runbookUrl: 'https://example.com/runbook.md#top',
    });
    // Act
    const message = synthError(app);
    // Assert
    for (const expected of [
      'alarms.p95Duration: must be longer than zero (given: "0 millis"). Fix: use e.g. Duration.seconds(60)',
      'alarms.maxActiveSagas: must be a whole number of at least 1 (given: 2.5). Fix: use e.g. 1000',
      'alarms.stateStoreLatency.threshold: must be at least 1 milli (given: "0 millis"). Fix: use e.g. Duration.millis(100)',
      'alarms.stateStoreLatency.evaluationPeriods: must be a whole number of 5-minute periods from 1 to 288 (one day) (given: 0)',
      'alarms.stateStoreLatency.operations: is empty, so no latency alarm would be created (given: []). Fix: name at least one operation',
      'alarms.executionsThrottled.threshold: must be a whole count of at least 1 (given: 0)',
      'alarms.functionThrottles.threshold: must be a whole count of at least 1 (given: 1.5)',
      'alarms.functionThrottles.evaluationPeriods: must be a whole number of 5-minute periods from 1 to 288 (one day) (given: 300)',
      'alarms.oldestStartMessageAge.threshold: must be at least 1 minute and under 4 days (given: "5 days"). Fix: use e.g. Duration.minutes(15)',
      'alarms.runbookUrl: must be an http(s) address of at most 256 characters, without a #fragment (each alarm appends its section\'s anchor) (given: "https://example.com/runbook.md#top")',
    ]) {
      expect(message).toContain(expected);
    }
  });

  it('refuses operations DynamoDB does not report, and an operation named twice', () => {
    // Arrange
    const { app } = ledgerOrchestrator({
      stateStoreLatency: { operations: ['Fetch' as Operation, Operation.PUT_ITEM, Operation.PUT_ITEM] },
    });
    // Act
    const message = synthError(app);
    // Assert
    expect(message).toContain(
      'alarms.stateStoreLatency.operations: names operations DynamoDB does not report latency for (given: ["Fetch"]). Fix: use values of aws-cdk-lib\'s Operation: GetItem, ',
    );
    expect(message).toContain(
      'alarms.stateStoreLatency.operations: names an operation more than once (given: ["PutItem"]). Fix: name each operation once',
    );
  });

  it('accepts the bounds themselves', () => {
    // Arrange
    const { app } = ledgerOrchestrator({
      stateStoreLatency: { threshold: Duration.millis(1), evaluationPeriods: 288 },
      executionsThrottled: { threshold: 1, evaluationPeriods: 1 },
      oldestStartMessageAge: { threshold: Duration.minutes(1) },
      runbookUrl: 'http://runbooks.internal/saga.md',
    });
    // Act
    const synth = () => app.synth();
    // Assert
    expect(synth).not.toThrow();
  });
});

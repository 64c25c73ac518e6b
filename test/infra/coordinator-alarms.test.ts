import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXED_ERROR_TYPES } from '../../contract/failure-reasons.ts';
import type { CloudTemplate } from '../../local/cloud/cloud-template.ts';
import { orderSagaTemplate } from './order-saga-template.ts';
import { metricsWatchedByDashboards } from './watched-metrics.ts';

let template: ReturnType<typeof orderSagaTemplate>['template'];
let stack: ReturnType<typeof orderSagaTemplate>['stack'];
beforeAll(() => {
  ({ template, stack } = orderSagaTemplate());
}, 120_000);

const logicalIdOf = (type: string, pathPart: string) => {
  const match = Object.entries(template.findResources(type)).find(([, resource]) =>
    String((resource as { Metadata?: Record<string, string> }).Metadata?.['aws:cdk:path'] ?? '').includes(
      pathPart,
    ),
  );
  if (!match) throw new Error(`no ${type} under ${pathPart}`);
  return match[0];
};
const alarmTopic = () => [{ Ref: logicalIdOf('AWS::SNS::Topic', 'AlarmTopic/') }];
/** The alarm `Monitoring/<name>Alarm` of the example's orchestrator has these properties. */
const expectAlarm = (name: string, properties: Record<string, unknown>) =>
  template.hasResource('AWS::CloudWatch::Alarm', {
    Metadata: { 'aws:cdk:path': Match.stringLikeRegexp(`Orders/Monitoring/${name}Alarm/`) },
    Properties: Match.objectLike({ ...properties, AlarmActions: alarmTopic() }),
  });

describe("the coordinator's alarms on the example", () => {
  it.each(['PutItem', 'UpdateItem'])(
    "alarms when the saga table's average %s latency is over 100 ms for two periods",
    (operation) => {
      expectAlarm(`StateStoreLatency${operation}`, {
        Namespace: 'AWS/DynamoDB',
        MetricName: 'SuccessfulRequestLatency',
        Dimensions: Match.arrayEquals([
          { Name: 'Operation', Value: operation },
          {
            Name: 'TableName',
            Value: { Ref: logicalIdOf('AWS::DynamoDB::GlobalTable', 'Orders/SagaTable/') },
          },
        ]),
        Statistic: 'Average',
        Period: 300,
        Threshold: 100,
        EvaluationPeriods: 2,
        ComparisonOperator: 'GreaterThanThreshold',
      });
    },
  );

  it('alarms on any execution Step Functions throttled', () => {
    expectAlarm('ExecutionsThrottled', {
      Namespace: 'AWS/States',
      MetricName: 'ExecutionThrottled',
      Dimensions: [
        {
          Name: 'StateMachineArn',
          Value: { Ref: logicalIdOf('AWS::StepFunctions::StateMachine', 'Orders/StateMachine/') },
        },
      ],
      Statistic: 'Sum',
      Threshold: 1,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it.each([
    ['Starter', 'Orders/Starter/Function/'],
    ['LifecyclePublisher', 'Orders/LifecyclePublisher/Function/'],
    ['StatusRecorder', 'Orders/StatusRecorder/Function/'],
    ['ChargePayment', 'Orders/Steps/ChargePayment/'],
    ['RefundPayment', 'Orders/Steps/RefundPayment/'],
    ['CreateShipment', 'Orders/Steps/CreateShipment/'],
    ['SendConfirmation', 'Orders/Steps/SendConfirmation/'],
  ])('alarms on any throttle of function %s', (functionId, path) => {
    expectAlarm(`${functionId}Throttles`, {
      Namespace: 'AWS/Lambda',
      MetricName: 'Throttles',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalIdOf('AWS::Lambda::Function', path) } }],
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('alarms when the oldest start message has waited over 15 minutes', () => {
    expectAlarm('OldestStartMessageAge', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [logicalIdOf('AWS::SQS::Queue', 'Orders/Starter/Queue/'), 'QueueName'] },
        },
      ],
      Statistic: 'Maximum',
      Threshold: 900,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });
});

describe('failure reasons by error type on the example', () => {
  it("graphs one line per error type: the fixed ones and the saga's own terminal error", () => {
    // Act
    const graphed = metricsWatchedByDashboards(template.toJSON() as CloudTemplate)
      .filter((metric) => metric.metricName === 'SagaFailureReasons')
      .map((metric) => metric.dimensions.ErrorType);
    // Assert
    expect(graphed).toEqual([...FIXED_ERROR_TYPES, 'DynamoDB.ConditionalCheckFailedException']);
    expect(stack.orchestrator.errorTypes).toEqual(graphed);
  });

  it("tells the lifecycle publisher the saga's own error names, so it reports them by name", () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ SAGA_ERROR_TYPES: '["DynamoDB.ConditionalCheckFailedException"]' }),
      },
    });
  });

  it('gives a metric per error type, and refuses one the saga cannot report', () => {
    // Act
    const metric = stack.orchestrator.metricFailureReason('States.Timeout');
    // Assert
    expect(metric.metricName).toBe('SagaFailureReasons');
    expect(metric.dimensions).toEqual({
      service: 'OrderSaga',
      SagaType: 'OrderSaga',
      ErrorType: 'States.Timeout',
    });
    expect(() => stack.orchestrator.metricFailureReason('PaymentDeclined')).toThrow(
      /"PaymentDeclined" is not an error type of saga OrderSaga, so its metric has no data\. Use one of: SagaTerminalError, /,
    );
  });
});

import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { FAILURE_INJECTION_VARIABLE } from '../../examples/order/order.ts';
import { orderSaga } from '../../examples/order/order-saga.ts';
import { compileSaga } from '../../statemachines/index.ts';
import { orderSagaTemplate, resourcesOf } from './order-saga-template.ts';

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
const stepFunctionIds = ['ChargePayment', 'RefundPayment', 'CreateShipment', 'SendConfirmation'];
type Statement = { Action: string | string[]; Resource: unknown };
/** Every statement of the policies attached to the role at `rolePath`. */
const statementsOfRole = (rolePath: string): Statement[] =>
  Object.values(
    template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: logicalIdOf('AWS::IAM::Role', rolePath) }] },
    }),
  ).flatMap(
    (resource) =>
      (resource as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument
        .Statement,
  );
const actionsOf = (statements: Statement[]) =>
  [...new Set(statements.flatMap((statement) => [statement.Action].flat()))].sort();
/** The resource of the one statement that allows `action`. */
const resourceOf = (statements: Statement[], action: string) => {
  const matching = statements.filter((statement) => [statement.Action].flat().includes(action));
  expect(matching, action).toHaveLength(1);
  return matching[0]?.Resource;
};
const sagaTableArn = () => ({
  'Fn::GetAtt': [logicalIdOf('AWS::DynamoDB::GlobalTable', 'Orders/SagaTable/'), 'Arn'],
});
/** `arn:<partition>:states:<region>:<account>:execution:<state machine name>:*` */
const executionsArn = () => ({
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':states:eu-west-1:111111111111:execution:',
      { 'Fn::GetAtt': [logicalIdOf('AWS::StepFunctions::StateMachine', 'Orders/StateMachine/'), 'Name'] },
      ':*',
    ],
  ],
});

describe('the state machine', () => {
  it('carries the compiled saga, parsed, with its resources bound by substitution, its functions by their published versions', () => {
    // Act
    const [[, machine]] = resourcesOf(template, 'AWS::StepFunctions::StateMachine') as [
      [string, { Properties: Record<string, unknown> }],
    ];
    // Assert
    expect(JSON.parse(machine.Properties.DefinitionString as string)).toEqual(compileSaga(orderSaga));
    const substitutions = machine.Properties.DefinitionSubstitutions as Record<string, unknown>;
    expect(Object.keys(substitutions).sort()).toEqual(
      ['InventoryTableName', 'SagaTableName', ...stepFunctionIds.map((id) => `${id}FunctionArn`)].sort(),
    );
    for (const id of stepFunctionIds) {
      // Ref of an AWS::Lambda::Version is the version's ARN (`<function ARN>:<version>`).
      expect(substitutions[`${id}FunctionArn`]).toEqual({
        Ref: logicalIdOf('AWS::Lambda::Version', `Orders/Steps/${id}/CurrentVersion/`),
      });
    }
    expect(machine.Properties).toMatchObject({
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
    });
    expect(machine.Properties.LoggingConfiguration).toMatchObject({
      Level: 'ERROR',
      IncludeExecutionData: false,
    });
  });

  it("trusts Step Functions only on behalf of this account's state machines in this region", () => {
    template.hasResource('AWS::IAM::Role', {
      Metadata: { 'aws:cdk:path': Match.stringLikeRegexp('Orders/StateMachineRole/') },
      Properties: Match.objectLike({
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'sts:AssumeRole',
              Principal: { Service: 'states.amazonaws.com' },
              Condition: {
                StringEquals: { 'aws:SourceAccount': '111111111111' },
                ArnLike: {
                  'aws:SourceArn': {
                    'Fn::Join': [
                      '',
                      ['arn:', { Ref: 'AWS::Partition' }, ':states:eu-west-1:111111111111:stateMachine:*'],
                    ],
                  },
                },
              },
            },
          ],
        },
      }),
    });
  });

  it('may invoke exactly the saga functions and their versions, and touch exactly its tables', () => {
    // Act
    const policy = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: logicalIdOf('AWS::IAM::Role', 'Orders/StateMachineRole/') }] },
    });
    const statements = Object.values(policy).flatMap(
      (resource) =>
        (
          resource as {
            Properties: { PolicyDocument: { Statement: { Action: unknown; Resource: unknown }[] } };
          }
        ).Properties.PolicyDocument.Statement,
    );
    // Assert
    const invoke = statements.find((statement) => statement.Action === 'lambda:InvokeFunction');
    const functionArn = (id: string) => ({
      'Fn::GetAtt': [logicalIdOf('AWS::Lambda::Function', `Orders/Steps/${id}/`), 'Arn'],
    });
    expect(invoke?.Resource).toEqual(
      expect.arrayContaining(
        stepFunctionIds.flatMap((id) => [functionArn(id), { 'Fn::Join': ['', [functionArn(id), ':*']] }]),
      ),
    );
    expect(invoke?.Resource).toHaveLength(stepFunctionIds.length * 2);
    const dynamo = statements.filter((statement) => String(statement.Action).startsWith('dynamodb:'));
    expect(dynamo).toEqual([
      expect.objectContaining({
        Action: 'dynamodb:UpdateItem',
        Resource: { 'Fn::GetAtt': [logicalIdOf('AWS::DynamoDB::GlobalTable', 'Orders/SagaTable/'), 'Arn'] },
      }),
      expect.objectContaining({
        Action: 'dynamodb:UpdateItem',
        Resource: {
          'Fn::GetAtt': [logicalIdOf('AWS::DynamoDB::GlobalTable', 'OrderSagaTest/Inventory/'), 'Arn'],
        },
      }),
    ]);
  });
});

describe('the functions', () => {
  it('run Node 22 on arm64 with X-Ray and the Powertools environment', () => {
    // Assert
    const paths = [
      ...stepFunctionIds.map((id) => `Orders/Steps/${id}/`),
      ...['Starter', 'LifecyclePublisher', 'StatusRecorder'].map((part) => `Orders/${part}/Function/`),
    ];
    for (const path of paths) {
      template.hasResource('AWS::Lambda::Function', {
        Metadata: { 'aws:cdk:path': Match.stringLikeRegexp(path) },
        Properties: Match.objectLike({
          Runtime: 'nodejs22.x',
          Architectures: ['arm64'],
          TracingConfig: { Mode: 'Active' },
          Environment: {
            Variables: Match.objectLike({
              POWERTOOLS_SERVICE_NAME: 'OrderSaga',
              POWERTOOLS_METRICS_NAMESPACE: 'SfnSaga',
              POWERTOOLS_LOG_LEVEL: 'INFO',
            }),
          },
        }),
      });
    }
  });

  it("leave the example's failure injection off unless the stack asks for it", () => {
    // Act
    const variables = resourcesOf(template, 'AWS::Lambda::Function').map(
      ([, resource]) => (resource.Properties.Environment as { Variables: Record<string, string> }).Variables,
    );
    // Assert
    expect(variables).toHaveLength(7);
    for (const environment of variables) expect(environment).not.toHaveProperty(FAILURE_INJECTION_VARIABLE);
  });

  it('gives the starter only PutItem, DeleteItem and GetItem on the saga table, StartExecution, DescribeExecution of its executions and the dead-letter queue', () => {
    // Act
    const statements = statementsOfRole('Orders/Starter/FunctionRole/');
    // Assert
    expect(actionsOf(statements)).toEqual(
      [
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'sqs:ChangeMessageVisibility',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:ReceiveMessage',
        'sqs:SendMessage',
        'states:DescribeExecution',
        'states:StartExecution',
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ].sort(),
    );
    expect(resourceOf(statements, 'dynamodb:GetItem')).toEqual(sagaTableArn());
    expect(resourceOf(statements, 'dynamodb:PutItem')).toEqual(sagaTableArn());
    expect(resourceOf(statements, 'states:StartExecution')).toEqual({
      Ref: logicalIdOf('AWS::StepFunctions::StateMachine', 'Orders/StateMachine/'),
    });
    expect(resourceOf(statements, 'states:DescribeExecution')).toEqual(executionsArn());
  });

  it("gives the starter the saga's input limit, the start queue's receive count and the execution timeout", () => {
    template.hasResource('AWS::Lambda::Function', {
      Metadata: { 'aws:cdk:path': Match.stringLikeRegexp('Orders/Starter/Function/') },
      Properties: Match.objectLike({
        Environment: {
          Variables: Match.objectLike({
            MAX_INPUT_BYTES: String(orderSaga.maxInputBytes),
            MAX_RECEIVE_COUNT: '3',
            EXECUTION_TIMEOUT_SECONDS: String(compileSaga(orderSaga).TimeoutSeconds),
          }),
        },
      }),
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: Match.objectLike({
        deadLetterTargetArn: {
          'Fn::GetAtt': [logicalIdOf('AWS::SQS::Queue', 'Orders/Starter/QueueDeadLetters/'), 'Arn'],
        },
        maxReceiveCount: 3,
      }),
    });
  });

  it('gives the status recorder only UpdateItem on the saga table, DescribeExecution and GetExecutionHistory of its executions and its dead-letter queue', () => {
    // Act
    const statements = statementsOfRole('Orders/StatusRecorder/FunctionRole/');
    // Assert
    expect(actionsOf(statements)).toEqual(
      [
        'dynamodb:UpdateItem',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:SendMessage',
        'states:DescribeExecution',
        'states:GetExecutionHistory',
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ].sort(),
    );
    expect(resourceOf(statements, 'dynamodb:UpdateItem')).toEqual(sagaTableArn());
    expect(resourceOf(statements, 'states:GetExecutionHistory')).toEqual(executionsArn());
    expect(resourceOf(statements, 'states:DescribeExecution')).toEqual(executionsArn());
    expect(resourceOf(statements, 'sqs:SendMessage')).toEqual({
      'Fn::GetAtt': [logicalIdOf('AWS::SQS::Queue', 'Orders/StatusRecorder/DeadLetters/'), 'Arn'],
    });
  });
});

describe('the saga table', () => {
  it('is on-demand with TTL, point-in-time recovery, KMS encryption and a stream', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: 'sagaId', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      Replicas: [
        Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
      ],
    });
  });
});

describe('queues and rules', () => {
  it('gives every queue a dead-letter queue, or is one', () => {
    // Arrange
    const queues = resourcesOf(template, 'AWS::SQS::Queue');
    const deadLetterIds = new Set(
      queues.flatMap(([, queue]) => {
        const redrive = queue.Properties.RedrivePolicy as
          | { deadLetterTargetArn?: { 'Fn::GetAtt': [string] } }
          | undefined;
        return redrive?.deadLetterTargetArn ? [redrive.deadLetterTargetArn['Fn::GetAtt'][0]] : [];
      }),
    );
    const templateJson = JSON.stringify(template.toJSON());
    // Assert
    for (const [id, queue] of queues) {
      const isDeadLetterQueue =
        deadLetterIds.has(id) ||
        templateJson.includes(`"DeadLetterConfig":{"Arn":{"Fn::GetAtt":["${id}","Arn"]}}`) ||
        templateJson.includes(`"Destination":{"Fn::GetAtt":["${id}","Arn"]}`);
      expect(
        queue.Properties.RedrivePolicy !== undefined || isDeadLetterQueue,
        `${id} has no DLQ and is none`,
      ).toBe(true);
      expect(queue.Properties.SqsManagedSseEnabled ?? queue.Properties.KmsMasterKeyId).toBeTruthy();
    }
    expect(queues.length).toBe(6);
  });

  it("routes the shop's OrderPlaced events on the bus to the start queue, dead-lettering failed deliveries", () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: logicalIdOf('AWS::Events::EventBus', 'Orders/EventBus/') },
      EventPattern: { source: ['shop'], 'detail-type': ['OrderPlaced'] },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [logicalIdOf('AWS::SQS::Queue', 'Orders/Starter/Queue/'), 'Arn'] },
          DeadLetterConfig: {
            Arn: {
              'Fn::GetAtt': [logicalIdOf('AWS::SQS::Queue', 'Orders/Starter/QueueDeadLetters/'), 'Arn'],
            },
          },
        }),
      ],
    });
  });

  it('records executions that end TIMED_OUT, ABORTED or FAILED, and redrives, for this state machine only', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.states'],
        'detail-type': ['Step Functions Execution Status Change'],
        detail: {
          stateMachineArn: [{ Ref: logicalIdOf('AWS::StepFunctions::StateMachine', 'Orders/StateMachine/') }],
          $or: [
            { status: ['FAILED', 'TIMED_OUT', 'ABORTED'] },
            { status: ['RUNNING'], redriveCount: [{ numeric: ['>', 0] }] },
          ],
        },
      },
    });
  });

  it("lets a step that can be cancelled read only the cancel request's attributes of the saga item", () => {
    // Act: ChargePayment runs before the pivot, SendConfirmation after it
    const charge = statementsOfRole('Orders/Steps/ChargePaymentRole/');
    const confirm = statementsOfRole('Orders/Steps/SendConfirmationRole/');
    // Assert
    const read = charge.find((statement) => [statement.Action].flat().includes('dynamodb:GetItem'));
    expect(read).toMatchObject({
      Resource: sagaTableArn(),
      Condition: {
        'ForAllValues:StringEquals': {
          'dynamodb:Attributes': ['sagaId', 'sk', 'cancelRequestedAt', 'cancelReason'],
        },
        StringEquals: { 'dynamodb:Select': 'SPECIFIC_ATTRIBUTES' },
      },
    });
    expect(
      confirm
        .filter((statement) =>
          [statement.Resource].flat().some((r) => JSON.stringify(r) === JSON.stringify(sagaTableArn())),
        )
        .flatMap((statement) => [statement.Action].flat()),
    ).not.toContain('dynamodb:GetItem');
  });

  it("dead-letters status-recorder invocations that still fail after Lambda's retries, and may send there", () => {
    // Arrange
    const recorder = logicalIdOf('AWS::Lambda::Function', 'Orders/StatusRecorder/Function/');
    const deadLetters = {
      'Fn::GetAtt': [logicalIdOf('AWS::SQS::Queue', 'Orders/StatusRecorder/DeadLetters/'), 'Arn'],
    };
    // Assert
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: recorder },
      Qualifier: '$LATEST',
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: deadLetters } },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: logicalIdOf('AWS::IAM::Role', 'Orders/StatusRecorder/FunctionRole/') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: Match.arrayWith(['sqs:SendMessage']), Resource: deadLetters }),
        ]),
      },
    });
  });

  it('says in the StatusRecorderNotEmpty alarm that it covers undelivered events and failed invocations, and what to do', () => {
    // Act
    const [[, alarm]] = resourcesOf(template, 'AWS::CloudWatch::Alarm').filter(([id]) =>
      id.startsWith('OrdersMonitoringStatusRecorderNotEmptyAlarm'),
    ) as [[string, { Properties: { AlarmDescription: string } }]];
    // Assert
    const description = alarm.Properties.AlarmDescription;
    expect(description).toMatch(/EventBridge could not deliver/);
    expect(description).toMatch(/failed after Lambda's retries \(its on-failure destination/);
    expect(description).toMatch(/still show RUNNING/);
    expect(description).toMatch(/invoke the status recorder function again with each event/);
    expect(description.length).toBeLessThanOrEqual(1024);
  });

  it('publishes lifecycle events from the saga items of the table stream, with a dead-letter queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalIdOf('AWS::Lambda::Function', 'Orders/LifecyclePublisher/Function/') },
      BisectBatchOnFunctionError: true,
      FilterCriteria: {
        Filters: [{ Pattern: JSON.stringify({ dynamodb: { Keys: { sk: { S: ['SAGA'] } } } }) }],
      },
      DestinationConfig: {
        OnFailure: {
          Destination: {
            'Fn::GetAtt': [logicalIdOf('AWS::SQS::Queue', 'Orders/LifecyclePublisher/DeadLetters/'), 'Arn'],
          },
        },
      },
    });
  });
});

describe('monitoring', () => {
  const over = 'GreaterThanThreshold';
  const atLeast = 'GreaterThanOrEqualToThreshold';
  it.each([
    ['FailureRate', over, 10],
    ['P95Duration', over, 60_000],
    ['ActiveSagas', over, 1000],
    ['CompensationFailed', atLeast, 1],
    ['StateStoreErrors', atLeast, 1],
    ['EventPublishErrors', atLeast, 1],
    ['StartNotEmpty', atLeast, 1],
    ['LifecycleNotEmpty', atLeast, 1],
    ['StatusRecorderNotEmpty', atLeast, 1],
  ])('has the %s alarm (%s %d), notifying the alarm topic', (name, comparison, threshold) => {
    template.hasResource('AWS::CloudWatch::Alarm', {
      Metadata: { 'aws:cdk:path': Match.stringLikeRegexp(`Orders/Monitoring/${name}Alarm/`) },
      Properties: Match.objectLike({
        Threshold: threshold,
        ComparisonOperator: comparison,
        AlarmActions: [{ Ref: logicalIdOf('AWS::SNS::Topic', 'AlarmTopic/') }],
      }),
    });
  });

  it("lets CloudWatch use the alarm topic's key, for this account only", () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Resource: '*',
            Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
          },
        ]),
      },
    });
  });

  it("lets CloudWatch publish to the alarm topic, for this account's saga alarms only", () => {
    // Arrange
    const alarmArns = Object.keys(template.findResources('AWS::CloudWatch::Alarm')).map((id) => ({
      'Fn::GetAtt': [id, 'Arn'],
    }));
    // Assert
    // 9 saga alarms, 2 state-store latency, executions throttled, 7 function throttles, oldest start message.
    expect(alarmArns).toHaveLength(20);
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: logicalIdOf('AWS::SNS::Topic', 'AlarmTopic/') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: { Ref: logicalIdOf('AWS::SNS::Topic', 'AlarmTopic/') },
            Condition: {
              StringEquals: { 'aws:SourceAccount': '111111111111' },
              ArnLike: { 'aws:SourceArn': alarmArns },
            },
          }),
        ]),
      },
    });
  });

  it('has a dashboard with rates, success %, active sagas, duration percentiles, failure reasons, and step and compensation counts', () => {
    // Act
    const [[, dashboard]] = resourcesOf(template, 'AWS::CloudWatch::Dashboard') as [
      [string, { Properties: { DashboardBody: unknown } }],
    ];
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    // Assert
    for (const title of [
      'Sagas started / succeeded / failed',
      'Success %',
      'Active sagas',
      'Saga duration',
      'Failure reasons',
      'Steps: started / retried / failed',
      'Compensations: started / retried / failed',
      'Alarms',
    ]) {
      expect(body).toContain(title);
    }
    expect(body).toMatch(/p99/);
    expect(body).toMatch(/MetricName=.{0,4}CompensationFailed.{0,4} SagaType=.{0,4}OrderSaga/);
  });
});

describe('cdk-nag', () => {
  it('finds nothing unacknowledged in the AwsSolutions pack', () => {
    // Act
    const report = new AwsSolutionsChecks().validateScope(stack);
    // Assert
    expect(report.violations).toEqual([]);
    expect(report.success).toBe(true);
  });
});

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { SecurityGroup, Vpc } from 'aws-cdk-lib/aws-ec2';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Code, Function as LambdaFunction, LayerVersion, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SagaOrchestrator, type SagaOrchestratorProps } from '../../infra/index.ts';
import { defineSaga, dynamoDb, lambda, type SagaSpec } from '../../statemachines/index.ts';

/** A saga of direct DynamoDB calls only: no step handler to bundle. */
const ledgerSaga = (timeoutSeconds: number) => defineSaga(ledgerSpec(timeoutSeconds));

function synthWithSchema(inputSchema: Record<string, unknown>): string {
  const { app, stack, ledger } = stackWithTable();
  new SagaOrchestrator(stack, 'Saga', {
    saga: defineSaga({ ...ledgerSpec(300), inputSchema }),
    tables: { Ledger: ledger },
  });
  return synthError(app);
}

function ledgerSpec(timeoutSeconds: number): SagaSpec {
  return {
    name: 'Ledger',
    timeoutSeconds,
    steps: [
      {
        name: 'Debit',
        action: dynamoDb.putItem('Ledger', { Item: { id: { 'S.$': '$.saga.id' } } }),
        compensation: dynamoDb.deleteItem('Ledger', { Key: { id: { 'S.$': '$.saga.id' } } }),
      },
      {
        name: 'Post',
        action: dynamoDb.updateItem('Ledger', {
          Key: { id: { 'S.$': '$.saga.id' } },
          UpdateExpression: 'SET posted = :t',
          ExpressionAttributeValues: { ':t': { BOOL: true } },
        }),
        pivot: true,
      },
    ],
  };
}

/** A saga with two Lambda steps of a user's project: `src/handlers/charge.ts` and `ship.ts`. */
const paymentSaga = defineSaga({
  name: 'Payment',
  steps: [
    {
      name: 'Charge',
      action: lambda('src/handlers/charge.ts'),
      compensation: lambda('src/handlers/charge.ts', { exportName: 'refund' }),
    },
    { name: 'Ship', action: lambda('src/handlers/ship.ts'), pivot: true },
  ],
});

/** A user's project outside this repository: a lock file and two handler modules. */
let project: string;
beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'sfn-saga-project-'));
  writeFileSync(join(project, 'package-lock.json'), '{"lockfileVersion":3,"packages":{}}');
  writeFileSync(join(project, 'package.json'), '{"name":"user-project","type":"module"}');
  mkdirSync(join(project, 'src', 'handlers'), { recursive: true });
  const handler =
    'export const handler = async () => ({ ok: true });\nexport const refund = async () => ({});\n';
  writeFileSync(join(project, 'src', 'handlers', 'charge.ts'), handler);
  writeFileSync(join(project, 'src', 'handlers', 'ship.ts'), handler);
  // The project's own esbuild, as a user installs it for NodejsFunction.
  symlinkSync(resolve(import.meta.dirname, '../../node_modules'), join(project, 'node_modules'));
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

function stackWithTable() {
  const app = new App();
  const stack = new Stack(app, 'Test', { env: { account: '111111111111', region: 'eu-west-1' } });
  const ledger = new Table(stack, 'Ledger', { partitionKey: { name: 'id', type: AttributeType.STRING } });
  return { app, stack, ledger };
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

describe('SagaOrchestrator props validation', () => {
  it('reports every problem at once, each naming the field, what was given and the fix', () => {
    // Arrange
    const { app, stack } = stackWithTable();
    const existing = Table.fromTableName(stack, 'Existing', 'sagas');
    // Act
    new SagaOrchestrator(stack, 'Saga', {
      saga: ledgerSaga(600),
      existingTable: existing,
      tableProps: { deletionProtection: false },
      stateMachineType: StateMachineType.EXPRESS,
      trigger: { businessKeyPath: '$.detail.id', maxReceiveCount: 0 },
      alarms: { failureRatePercent: 150 },
      functionOptions: { Nope: { memorySize: 256 }, Starter: { memorySize: 64 } },
      functionDefaults: { securityGroups: [], environment: { SAGA_TABLE_NAME: 'mine' } },
    });
    const message = synthError(app);
    // Assert
    expect(message).toContain('[Test/Saga] existingTable: both are set');
    expect(message).toContain(
      'existingTable: the table has no stream; lifecycle events need one with NEW_AND_OLD_IMAGES (given: ',
    );
    expect(message).toContain(
      'stateMachineType: Express workflows run at most 300 s, less than the saga\'s own deadline (given: "EXPRESS with a saga timeoutSeconds of 600"). Fix: use StateMachineType.STANDARD',
    );
    expect(message).toContain(
      'tables: saga "Ledger" calls DynamoDB tables "Ledger" that are not bound (given: []). Fix: pass tables: { Ledger: table }',
    );
    expect(message).toContain(
      'trigger.businessKeyPath: is not a dot path (given: "$.detail.id"). Fix: use a dot path such as "detail.orderId"',
    );
    expect(message).toContain('trigger.maxReceiveCount: must be a whole number from 1 to 1000 (given: 0)');
    expect(message).toContain(
      'alarms.failureRatePercent: must be a percentage above 0 and at most 100 (given: 150)',
    );
    expect(message).toContain(
      'functionOptions.Nope: saga "Ledger" has no function with this id (given: "Nope"). Fix: use one of: Starter, LifecyclePublisher, StatusRecorder',
    );
    expect(message).toContain(
      'functionOptions.Starter.memorySize: must be whole MB from 128 to 10240 (given: 64)',
    );
    expect(message).toContain(
      'functionDefaults.securityGroups: security groups apply only to a function in a VPC',
    );
    expect(message).toContain(
      'functionDefaults.environment: these variables are set by the construct and cannot be replaced (given: ["SAGA_TABLE_NAME"])',
    );
  });

  it("checks the saga's input schema at synth: a schema that is not JSON Schema, or too large for the starter's environment", () => {
    // Arrange
    const invalid = synthWithSchema({ type: 'objekt' });
    const large = synthWithSchema({
      type: 'object',
      properties: Object.fromEntries(
        Array.from({ length: 80 }, (_, index) => [`field${index}`, { type: 'string', maxLength: 64 }]),
      ),
    });
    // Assert
    expect(invalid).toMatch(
      /saga\.inputSchema: it is not a valid JSON Schema: schema is invalid: data\/type must be equal to one of the allowed values.*Fix: correct the schema/,
    );
    expect(large).toMatch(
      /saga\.inputSchema: the starter carries the schema in its environment, which holds at most 2048 bytes of it .*\(given: "\d+ bytes"\)\. Fix: keep the schema to the fields a start needs/,
    );
  });

  it("gives the starter the saga's input schema", () => {
    // Arrange
    const { stack, ledger } = stackWithTable();
    const inputSchema = { type: 'object', required: ['id'], properties: { id: { type: 'string' } } };
    // Act
    new SagaOrchestrator(stack, 'Saga', {
      saga: defineSaga({ ...ledgerSpec(300), inputSchema }),
      tables: { Ledger: ledger },
      trigger: { businessKeyPath: 'id' },
    });
    // Assert
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ INPUT_SCHEMA: JSON.stringify(inputSchema) }) },
    });
  });

  it("refuses overrides of Powertools' service name and namespace, which the alarms name", () => {
    // Arrange
    const { app, stack, ledger } = stackWithTable();
    // Act
    new SagaOrchestrator(stack, 'Saga', {
      saga: ledgerSaga(300),
      tables: { Ledger: ledger },
      functionDefaults: { environment: { POWERTOOLS_SERVICE_NAME: 'mine', POWERTOOLS_LOG_LEVEL: 'DEBUG' } },
    });
    // Assert
    expect(synthError(app)).toContain(
      'functionDefaults.environment: these variables are set by the construct and cannot be replaced (given: ["POWERTOOLS_SERVICE_NAME"]). Fix: remove them: the construct points them at the saga\'s own resources (Powertools\' service name and namespace come from the serviceName and metricsNamespace props)',
    );
  });

  it('refuses an object that defineSaga did not build, at once', () => {
    const { stack } = stackWithTable();
    const handMade = { ...ledgerSaga(300) };

    expect(() => new SagaOrchestrator(stack, 'Saga', { saga: handMade as never })).toThrow(
      /SagaOrchestrator Test\/Saga: saga: expected a saga from defineSaga/,
    );
  });

  it('names a handler entry that does not exist under the project root, and the root', () => {
    // Arrange
    const { app, stack } = stackWithTable();
    const saga = defineSaga({
      name: 'Typo',
      steps: [{ name: 'Charge', action: lambda('src/handlers/charg.ts'), pivot: true }],
    });
    // Act
    new SagaOrchestrator(stack, 'Saga', { saga, projectRoot: project });
    // Assert
    expect(synthError(app)).toContain(
      `saga (function Charg): no handler file at ${join(project, 'src/handlers/charg.ts')}; entries are paths from the project root ${project} (given: "src/handlers/charg.ts"). Fix: fix the path in lambda('src/handlers/charg.ts'), set projectRoot, or bring the function (functions.Charg)`,
    );
  });

  it('asks for a project root when no lock file is found', () => {
    // Arrange
    const { app, stack } = stackWithTable();
    const empty = mkdtempSync(join(tmpdir(), 'sfn-saga-no-lock-'));
    // Act
    new SagaOrchestrator(stack, 'Saga', { saga: paymentSaga, projectRoot: empty });
    // Assert
    expect(synthError(app)).toContain(
      `projectRoot: no lock file (package-lock.json, yarn.lock, pnpm-lock.yaml, bun.lock, bun.lockb) was found, so the step handlers cannot be bundled (given: "${empty}")`,
    );
    rmSync(empty, { recursive: true, force: true });
  });
});

describe('SagaOrchestrator in a project of its own', () => {
  it("bundles the handlers from the user's project root and deploys the project's functions from the package", () => {
    // Arrange
    const { stack } = stackWithTable();
    // Act
    new SagaOrchestrator(stack, 'Saga', { saga: paymentSaga, projectRoot: project });
    const template = Template.fromStack(stack);
    // Assert: one function per handler module export, and the three packaged ones.
    const handlers = Object.values(template.findResources('AWS::Lambda::Function')).map(
      (resource) => (resource as { Properties: { Handler: string } }).Properties.Handler,
    );
    expect(handlers.sort()).toEqual(
      [
        'index.handler',
        'index.handler',
        'index.handler',
        'index.handler',
        'index.refund',
        'index.handler',
      ].sort(),
    );
  });

  it('invokes a function the user brings instead of building one, and grants it the tables', () => {
    // Arrange
    const { stack } = stackWithTable();
    const charge = new LambdaFunction(stack, 'MyCharge', {
      runtime: Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: Code.fromInline('exports.handler = async () => ({})'),
    });
    // Act
    const saga = new SagaOrchestrator(stack, 'Saga', {
      saga: paymentSaga,
      projectRoot: project,
      functions: { Charge: charge },
    });
    const template = Template.fromStack(stack);
    // Assert
    expect(saga.stepFunctions.get('Charge')).toBe(charge);
    const machine = Object.values(template.findResources('AWS::StepFunctions::StateMachine'))[0] as {
      Properties: { DefinitionSubstitutions: Record<string, unknown> };
    };
    // The brought Function's current version, published by this app.
    expect(machine.Properties.DefinitionSubstitutions.ChargeFunctionArn).toEqual(
      stack.resolve(charge.currentVersion.functionArn),
    );
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'lambda:InvokeFunction',
            Resource: Match.arrayWith([
              { 'Fn::GetAtt': [stack.getLogicalId(charge.node.defaultChild as never), 'Arn'] },
            ]),
          }),
        ]),
      },
      Roles: [{ Ref: stack.getLogicalId(saga.stateMachine.role.node.defaultChild as never) }],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Code: { ZipFile: 'exports.handler = async () => ({})' },
      Environment: {
        Variables: { SAGA_TABLE_NAME: Match.anyValue(), IDEMPOTENCY_TABLE_NAME: Match.anyValue() },
      },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: ['dynamodb:PutItem', 'dynamodb:UpdateItem'] }),
        ]),
      },
      Roles: [{ Ref: stack.getLogicalId(charge.role?.node.defaultChild as never) }],
    });
    // Built from their entries: the refund export and Ship (beside the three packaged functions and the user's own).
    expect(saga.stepFunctions.get('ChargeRefund')).not.toBe(charge);
    expect(Object.keys(template.findResources('AWS::Lambda::Function'))).toHaveLength(6);
  });

  it('applies functionDefaults to every function it builds and functionOptions per function id', () => {
    // Arrange
    const { stack } = stackWithTable();
    const vpc = new Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const group = new SecurityGroup(stack, 'Group', { vpc });
    const layer = new LayerVersion(stack, 'Layer', { code: Code.fromAsset(join(project, 'src')) });
    // Act
    new SagaOrchestrator(stack, 'Saga', {
      saga: paymentSaga,
      projectRoot: project,
      functionDefaults: { memorySize: 512, environment: { TEAM: 'payments' }, layers: [layer] },
      functionOptions: {
        Charge: {
          memorySize: 1024,
          reservedConcurrentExecutions: 5,
          vpc,
          securityGroups: [group],
          environment: { PSP: 'x' },
        },
        Starter: { memorySize: 128 },
      },
    });
    const template = Template.fromStack(stack);
    const functions = Object.entries(template.findResources('AWS::Lambda::Function')) as [
      string,
      { Properties: Record<string, unknown>; Metadata?: Record<string, unknown> },
    ][];
    const byPath = (part: string) => {
      const found = functions.find(([id]) => id.startsWith(part));
      if (!found) throw new Error(`no function ${part}: ${functions.map(([id]) => id).join(', ')}`);
      return found[1].Properties;
    };
    // Assert
    expect(byPath('SagaStepsCharge')).toMatchObject({
      MemorySize: 1024,
      ReservedConcurrentExecutions: 5,
      VpcConfig: {
        SecurityGroupIds: [
          { 'Fn::GetAtt': [stack.getLogicalId(group.node.defaultChild as never), 'GroupId'] },
        ],
      },
      Environment: { Variables: expect.objectContaining({ TEAM: 'payments', PSP: 'x' }) },
      Layers: [{ Ref: stack.getLogicalId(layer.node.defaultChild as never) }],
    });
    expect(byPath('SagaStepsShip')).toMatchObject({ MemorySize: 512 });
    expect(byPath('SagaStepsShip')).not.toHaveProperty('VpcConfig');
    expect(byPath('SagaStarterFunction')).toMatchObject({ MemorySize: 128 });
    expect(byPath('SagaLifecyclePublisherFunction')).toMatchObject({
      MemorySize: 512,
      Environment: { Variables: expect.objectContaining({ TEAM: 'payments' }) },
    });
  });
});

describe('SagaOrchestrator options', () => {
  it('deploys an EXPRESS saga that fits, grants starts and state reads, and limits the DynamoDB actions to the ones the steps use', () => {
    // Arrange
    const { stack, ledger } = stackWithTable();
    const client = new Role(stack, 'Client', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    // Act
    const saga = new SagaOrchestrator(stack, 'Saga', {
      saga: ledgerSaga(120),
      tables: { Ledger: ledger },
      stateMachineType: StateMachineType.EXPRESS,
      alarms: { p95Duration: Duration.seconds(30), maxActiveSagas: 50 },
    });
    saga.grantStartSaga(client);
    saga.grantReadSagaState(client);
    const template = Template.fromStack(stack);
    // Assert
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', { StateMachineType: 'EXPRESS' });
    Annotations.fromStack(stack).hasWarning(
      '/Test/Saga',
      Match.stringLikeRegexp(
        "Express executions send no status-change events and cannot be redriven.*worst case .* is \\d+ s, over Express's 300 s",
      ),
    );
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 30_000 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 50 });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: ['dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'] }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['sqs:SendMessage']) })]),
      },
      Roles: [{ Ref: stack.getLogicalId(client.node.defaultChild as never) }],
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['dynamodb:GetItem']) })]),
      },
      Roles: [{ Ref: stack.getLogicalId(client.node.defaultChild as never) }],
    });
    expect(saga.stepFunctions.size).toBe(0);
  });

  it('watches its custom metrics under the service name its functions publish them with', () => {
    // Arrange
    const { stack, ledger } = stackWithTable();
    // Act
    const saga = new SagaOrchestrator(stack, 'Saga', {
      saga: ledgerSaga(120),
      tables: { Ledger: ledger },
      serviceName: 'ledger-service',
    });
    const template = Template.fromStack(stack);
    // Assert
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'ledger-service' }) },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'StateStoreErrors',
      Dimensions: [
        { Name: 'SagaType', Value: 'Ledger' },
        { Name: 'service', Value: 'ledger-service' },
      ],
    });
    expect(saga.metricFailed().dimensions).toEqual({
      service: 'ledger-service',
      SagaType: 'Ledger',
      Status: 'FAILED',
    });
    expect(saga.metricActiveSagas().dimensions).toEqual({ service: 'ledger-service', SagaType: 'Ledger' });
  });

  it('refuses two orchestrators of one saga type in a stack, naming both', () => {
    // Arrange
    const { app, stack, ledger } = stackWithTable();
    new SagaOrchestrator(stack, 'First', { saga: ledgerSaga(120), tables: { Ledger: ledger } });
    new SagaOrchestrator(stack, 'Second', { saga: ledgerSaga(120), tables: { Ledger: ledger } });
    // Act
    const error = synthError(app);
    // Assert
    expect(error).toContain('saga type Ledger is also orchestrated by');
    expect(error).toContain('/Second');
    expect(error).toContain('give each saga its own name');
  });

  it("allows the account's alarms on a topic of another stack, without tying that stack to this one", () => {
    // Arrange
    const { app, stack, ledger } = stackWithTable();
    const alerts = new Stack(app, 'Alerts', { env: { account: '111111111111', region: 'eu-west-1' } });
    const topic = new Topic(alerts, 'Topic');
    const imported = Topic.fromTopicArn(stack, 'Imported', 'arn:aws:sns:eu-west-1:111111111111:theirs');
    // Act
    new SagaOrchestrator(stack, 'Saga', {
      saga: ledgerSaga(120),
      tables: { Ledger: ledger },
      alarms: { topic },
    });
    new SagaOrchestrator(stack, 'Other', {
      saga: defineSaga({ ...ledgerSpec(120), name: 'OtherLedger' }),
      tables: { Ledger: ledger },
      alarms: { topic: imported },
    });
    app.synth();
    // Assert
    expect(alerts.dependencies).toEqual([]);
    expect(stack.dependencies).toEqual([alerts]);
    Template.fromStack(alerts).hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: {
              StringEquals: { 'aws:SourceAccount': '111111111111' },
              ArnLike: {
                'aws:SourceArn': [
                  {
                    'Fn::Join': [
                      '',
                      ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:eu-west-1:111111111111:alarm:*'],
                    ],
                  },
                ],
              },
            },
          }),
        ],
      },
    });
    Template.fromStack(stack).resourceCountIs('AWS::SNS::TopicPolicy', 0);
  });
});

describe('SagaOrchestrator with one customer managed key (encryptionKey)', () => {
  /**
   * The Ledger saga with a trigger rule, encrypted with `key`: `extra` props on top, `then` run
   * before the template is synthesized.
   */
  function keyed(
    extra: (stack: Stack) => Partial<SagaOrchestratorProps> = () => ({}),
    then: (saga: SagaOrchestrator, stack: Stack) => void = () => undefined,
  ) {
    const { stack, ledger } = stackWithTable();
    const key = new Key(stack, 'Key', { enableKeyRotation: true });
    const saga = new SagaOrchestrator(stack, 'Saga', {
      saga: ledgerSaga(120),
      tables: { Ledger: ledger },
      trigger: { eventPattern: { source: ['ledger'] }, businessKeyPath: 'detail.id' },
      encryptionKey: key,
      ...extra(stack),
    });
    then(saga, stack);
    const template = Template.fromStack(stack);
    const id = (construct: { node: { defaultChild?: unknown } }) =>
      stack.getLogicalId(construct.node.defaultChild as never);
    return { stack, ledger, key, saga, template, keyArn: { 'Fn::GetAtt': [id(key), 'Arn'] }, id };
  }
  const propertiesOf = (template: Template, type: string) =>
    Object.values(template.findResources(type)).map(
      (resource) => (resource as { Properties: Record<string, unknown> }).Properties,
    );

  it('encrypts the saga table and the idempotency table with it', () => {
    // Act
    const { template, keyArn } = keyed();
    // Assert
    const tables = propertiesOf(template, 'AWS::DynamoDB::GlobalTable');
    expect(tables).toHaveLength(2);
    for (const table of tables) {
      expect(table).toMatchObject({
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
        Replicas: [expect.objectContaining({ SSESpecification: { KMSMasterKeyId: keyArn } })],
      });
    }
  });

  it('encrypts every queue with it, and lets EventBridge of this account send to them', () => {
    // Act
    const { template, keyArn } = keyed();
    // Assert
    const queues = propertiesOf(template, 'AWS::SQS::Queue');
    expect(queues).toHaveLength(4);
    for (const queue of queues) expect(queue.KmsMasterKeyId).toEqual(keyArn);
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
            Resource: '*',
            Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
          },
        ]),
      },
    });
  });

  it('encrypts the event bus with it', () => {
    // Act
    const { template, keyArn } = keyed();
    // Assert
    template.hasResourceProperties('AWS::Events::EventBus', { KmsKeyIdentifier: keyArn });
  });

  it("encrypts every log group with it, and lets CloudWatch Logs use it for this account's log groups only", () => {
    // Act
    const { template, keyArn } = keyed();
    // Assert
    const logGroups = propertiesOf(template, 'AWS::Logs::LogGroup');
    expect(logGroups).toHaveLength(4);
    for (const logGroup of logGroups) expect(logGroup.KmsKeyId).toEqual(keyArn);
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
            Action: [
              'kms:Encrypt*',
              'kms:Decrypt*',
              'kms:ReEncrypt*',
              'kms:GenerateDataKey*',
              'kms:Describe*',
            ],
            Resource: '*',
            Condition: {
              ArnLike: {
                'kms:EncryptionContext:aws:logs:arn': {
                  'Fn::Join': [
                    '',
                    ['arn:', { Ref: 'AWS::Partition' }, ':logs:eu-west-1:111111111111:log-group:*'],
                  ],
                },
              },
            },
          },
        ]),
      },
    });
  });

  it("encrypts the state machine with it, and lets the roles that run, start, read or operate executions use it for this state machine's data", () => {
    // Act
    let operator: Role | undefined;
    const { saga, template, keyArn, id } = keyed(undefined, (orchestrator, stack) => {
      operator = new Role(stack, 'Operator', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
      orchestrator.grantOperate(operator);
    });
    // Assert
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      EncryptionConfiguration: { Type: 'CUSTOMER_MANAGED_KMS_KEY', KmsKeyId: keyArn },
    });
    const forThisMachine = {
      'kms:EncryptionContext:aws:states:stateMachineArn': { Ref: id(saga.stateMachine) },
    };
    const allows = (roleId: string, actions: string | string[], condition: Record<string, unknown>) =>
      template.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: roleId }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            { Effect: 'Allow', Action: actions, Resource: keyArn, Condition: condition },
          ]),
        },
      });
    allows(id(saga.stateMachine.role), ['kms:Decrypt', 'kms:GenerateDataKey'], {
      ArnLike: {
        'kms:EncryptionContext:aws:states:stateMachineArn': {
          'Fn::Join': [
            '',
            ['arn:', { Ref: 'AWS::Partition' }, ':states:eu-west-1:111111111111:stateMachine:*'],
          ],
        },
      },
    });
    allows(id(saga.starterFunction.role as Role), ['kms:Decrypt', 'kms:GenerateDataKey'], {
      StringEquals: forThisMachine,
    });
    allows(id(saga.statusRecorderFunction.role as Role), 'kms:Decrypt', { StringEquals: forThisMachine });
    allows(id(operator as Role), ['kms:Decrypt', 'kms:GenerateDataKey'], { StringEquals: forThisMachine });
  });

  it('lets the more specific keys win: tableProps.encryptionKey for the saga table, queueEncryptionKey for the queues', () => {
    // Act
    const { template, keyArn, id, saga, stack } = keyed((scope) => ({
      tableProps: { encryptionKey: new Key(scope, 'TableKey', { enableKeyRotation: true }) },
      queueEncryptionKey: new Key(scope, 'QueueKey', { enableKeyRotation: true }),
    }));
    const keyArnOf = (name: string) => ({ 'Fn::GetAtt': [id(stack.node.findChild(name)), 'Arn'] });
    // Assert
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: Match.arrayWith([{ AttributeName: 'sagaId', KeyType: 'HASH' }]),
      Replicas: [Match.objectLike({ SSESpecification: { KMSMasterKeyId: keyArnOf('TableKey') } })],
    });
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      Replicas: [Match.objectLike({ SSESpecification: { KMSMasterKeyId: keyArn } })],
    });
    for (const queue of propertiesOf(template, 'AWS::SQS::Queue'))
      expect(queue.KmsMasterKeyId).toEqual(keyArnOf('QueueKey'));
    expect(saga.idempotencyTable.encryptionKey).toBe(stack.node.findChild('Key'));
    template.hasResourceProperties('AWS::Events::EventBus', { KmsKeyIdentifier: keyArn });
  });

  it('keeps AWS managed keys without it', () => {
    // Arrange
    const { stack, ledger } = stackWithTable();
    // Act
    new SagaOrchestrator(stack, 'Saga', { saga: ledgerSaga(120), tables: { Ledger: ledger } });
    const template = Template.fromStack(stack);
    // Assert
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      EncryptionConfiguration: Match.absent(),
    });
    template.hasResourceProperties('AWS::Events::EventBus', { KmsKeyIdentifier: Match.absent() });
    for (const logGroup of propertiesOf(template, 'AWS::Logs::LogGroup'))
      expect(logGroup.KmsKeyId).toBeUndefined();
    for (const queue of propertiesOf(template, 'AWS::SQS::Queue'))
      expect(queue.SqsManagedSseEnabled).toBe(true);
    template.resourceCountIs('AWS::KMS::Key', 0);
  });

  it('finds nothing unacknowledged in the AwsSolutions pack', () => {
    // Arrange
    const { stack, ledger } = keyed();
    Validations.of(ledger).acknowledge({
      id: 'AwsSolutions-DDB3',
      reason: "The test's own table, not the construct's: point-in-time recovery is beside the point here.",
    });
    // Act
    const report = new AwsSolutionsChecks().validateScope(stack);
    // Assert
    expect(report.violations).toEqual([]);
  });
});

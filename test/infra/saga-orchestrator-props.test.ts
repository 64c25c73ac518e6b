import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { describe, expect, it } from 'vitest';
import { SagaOrchestrator } from '../../infra/index.ts';
import { defineSaga, dynamoDb } from '../../statemachines/index.ts';

/** A saga of direct DynamoDB calls only: no step handler to bundle. */
const ledgerSaga = (timeoutSeconds: number) =>
  defineSaga({
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
  });

function stackWithTable() {
  const stack = new Stack(new App(), 'Test', { env: { account: '111111111111', region: 'eu-west-1' } });
  const ledger = new Table(stack, 'Ledger', { partitionKey: { name: 'id', type: AttributeType.STRING } });
  return { stack, ledger };
}

describe('SagaOrchestrator props validation', () => {
  it('refuses existingTable together with tableProps', () => {
    // Arrange
    const { stack, ledger } = stackWithTable();
    const existing = Table.fromTableAttributes(stack, 'Existing', {
      tableName: 'sagas',
      tableStreamArn: 'arn:aws:dynamodb:eu-west-1:111111111111:table/sagas/stream/x',
    });
    // Act + Assert
    expect(
      () =>
        new SagaOrchestrator(stack, 'Saga', {
          saga: ledgerSaga(300),
          tables: { Ledger: ledger },
          existingTable: existing,
          tableProps: { deletionProtection: false },
        }),
    ).toThrow('SagaOrchestrator Saga: existingTable: pass either existingTable or tableProps, not both');
  });

  it('refuses an existing table without a stream', () => {
    // Arrange
    const { stack, ledger } = stackWithTable();
    const existing = Table.fromTableName(stack, 'Existing', 'sagas');
    // Act + Assert
    expect(
      () =>
        new SagaOrchestrator(stack, 'Saga', {
          saga: ledgerSaga(300),
          tables: { Ledger: ledger },
          existingTable: existing,
        }),
    ).toThrow(/existingTable: the existing table has no stream/);
  });

  it('refuses EXPRESS for a saga that may run longer than five minutes', () => {
    // Arrange
    const { stack, ledger } = stackWithTable();
    // Act + Assert
    expect(
      () =>
        new SagaOrchestrator(stack, 'Saga', {
          saga: ledgerSaga(600),
          tables: { Ledger: ledger },
          stateMachineType: StateMachineType.EXPRESS,
        }),
    ).toThrow(
      'SagaOrchestrator Saga: stateMachineType: EXPRESS workflows run at most 300 s but saga "Ledger" has timeoutSeconds 600; use STANDARD or lower the saga timeout',
    );
  });

  it('refuses a saga whose DynamoDB tables are not bound, naming them and the fix', () => {
    // Arrange
    const { stack } = stackWithTable();
    // Act + Assert
    expect(() => new SagaOrchestrator(stack, 'Saga', { saga: ledgerSaga(300) })).toThrow(
      'SagaOrchestrator Saga: tables: saga "Ledger" calls DynamoDB tables "Ledger" that are not bound; pass tables: { Ledger: table }',
    );
  });

  it('refuses a business key path that is not a dot path', () => {
    // Arrange
    const { stack, ledger } = stackWithTable();
    // Act + Assert
    expect(
      () =>
        new SagaOrchestrator(stack, 'Saga', {
          saga: ledgerSaga(300),
          tables: { Ledger: ledger },
          trigger: { businessKeyPath: '$.detail.id' },
        }),
    ).toThrow(/trigger.businessKeyPath: "\$.detail.id" is not a dot path/);
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
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 30_000 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 50 });
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policies).toContain('"dynamodb:DeleteItem","dynamodb:PutItem","dynamodb:UpdateItem"');
    expect(policies).toMatch(/"sqs:SendMessage"/);
    expect(policies).toMatch(/"dynamodb:GetItem"/);
    expect(saga.stepFunctions.size).toBe(0);
  });
});

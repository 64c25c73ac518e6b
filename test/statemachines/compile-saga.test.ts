import { describe, expect, it } from 'vitest';
import { LAMBDA_SERVICE_ERRORS } from '../../contract/error-names.ts';
import { StateNames } from '../../contract/state-names.ts';
import { orderSaga } from '../../examples/order/order-saga.ts';
import {
  compileSaga,
  defineSaga,
  dynamoDb,
  exponentialBackoff,
  fixedInterval,
  lambda,
  NO_COMPENSATION,
  parallel,
  RetryPolicies,
  type StateMachineDefinition,
} from '../../statemachines/index.ts';
import { layoutsUnderTest } from '../support/rollback-model.ts';
import { syntheticSaga } from '../support/synthetic-saga.ts';
import { expectValidAsl } from '../support/valid-asl.ts';

const step = (name: string, extra: object = {}) => ({
  name,
  action: lambda(`handlers/${name}.ts`, { functionId: name }),
  compensation: lambda(`handlers/undo-${name}.ts`, { functionId: `Undo${name}` }),
  ...extra,
});
/** A CloudFormation-style definition substitution variable, as CDK fills them in. */
const substitution = (name: string) => `\${${name}}`;
const task = (definition: StateMachineDefinition, name: string) => {
  const state = definition.States[name];
  if (state?.Type !== 'Task') throw new Error(`${name} is not a Task state: ${JSON.stringify(state)}`);
  return state;
};

describe('compileSaga', () => {
  it('chains the actions forward and ends with the COMPLETED record', () => {
    // Arrange
    const saga = defineSaga({ name: 'Three', steps: [step('A'), step('B'), step('C')] });
    // Act
    const definition = compileSaga(saga);
    // Assert
    expect(definition.StartAt).toBe('A');
    expect(task(definition, 'A').Next).toBe('B');
    expect(task(definition, 'B').Next).toBe('C');
    expect(task(definition, 'C').Next).toBe(StateNames.recordCompleted);
    expect(task(definition, StateNames.recordCompleted)).toMatchObject({
      Resource: 'arn:aws:states:::dynamodb:updateItem',
      End: true,
      ResultPath: null,
    });
    expectValidAsl(definition);
  });

  it("routes each step's failure to the compensation of the step before it, chaining down to the rollback record", () => {
    // Arrange
    const saga = defineSaga({ name: 'Three', steps: [step('A'), step('B'), step('C')] });
    // Act
    const definition = compileSaga(saga);
    // Assert
    expect(task(definition, 'A').Catch?.at(-1)).toEqual({
      ErrorEquals: ['States.ALL'],
      ResultPath: '$.failure',
      Next: StateNames.recordRolledBack,
    });
    expect(task(definition, 'B').Catch?.at(-1)?.Next).toBe('Compensate A');
    expect(task(definition, 'C').Catch?.at(-1)?.Next).toBe('Compensate B');
    expect(task(definition, 'Compensate B').Next).toBe('Compensate A');
    expect(task(definition, 'Compensate A').Next).toBe(StateNames.recordRolledBack);
    expectValidAsl(definition);
  });

  it('catches nothing on a compensation, so one that cannot finish fails the execution in that state (where a redrive resumes)', () => {
    // Arrange
    const saga = defineSaga({ name: 'Three', steps: [step('A'), step('B'), step('C')] });
    // Act
    const definition = compileSaga(saga);
    // Assert
    expect(task(definition, 'Compensate A').Catch).toBeUndefined();
    expect(task(definition, 'Compensate B').Catch).toBeUndefined();
    expect(JSON.stringify(definition)).not.toContain('"Type":"Fail"');
  });

  it('sends a configuration error to a copy of the step without that catcher, and a passed deadline to a TIMED_OUT marker', () => {
    // Arrange
    const saga = defineSaga({ name: 'Two', steps: [step('A'), step('B')] });
    // Act
    const definition = compileSaga(saga);
    // Assert
    const [configuration, deadline] = task(definition, 'B').Catch ?? [];
    expect(configuration).toEqual({
      ErrorEquals: ['SagaConfigurationError'],
      ResultPath: '$.failure',
      Next: 'B after fix',
    });
    expect(deadline).toEqual({
      ErrorEquals: ['SagaDeadlineExceeded'],
      ResultPath: '$.failure',
      Next: 'B past deadline',
    });
    const copy = task(definition, 'B after fix');
    expect(copy.Resource).toBe(task(definition, 'B').Resource);
    expect(copy.Next).toBe(task(definition, 'B').Next);
    expect(copy.Catch?.map((catcher) => catcher.ErrorEquals[0])).not.toContain('SagaConfigurationError');
    expect(definition.States['B past deadline']).toEqual(
      expect.objectContaining({
        Type: 'Pass',
        Result: 'TIMED_OUT',
        ResultPath: '$.rollbackStatus',
        Next: 'Compensate A',
      }),
    );
    expect(task(definition, StateNames.recordRolledBack).Parameters).toMatchObject({
      ExpressionAttributeValues: { ':status': { 'S.$': '$.rollbackStatus' } },
    });
  });

  it("sends an operator's cancel to a CANCELLED marker before the rollback, and asks for it only before the pivot", () => {
    // Arrange
    const saga = defineSaga({
      name: 'Cancellable',
      steps: [
        step('A'),
        step('B'),
        { name: 'Ship', action: lambda('handlers/ship.ts'), pivot: true },
        { name: 'Mail', action: lambda('handlers/mail.ts') },
      ],
    });
    // Act
    const definition = compileSaga(saga);
    // Assert
    expect(task(definition, 'B').Parameters).toMatchObject({ cancellable: true });
    expect(task(definition, 'Ship').Parameters).toMatchObject({ cancellable: true });
    expect(task(definition, 'Mail').Parameters).not.toHaveProperty('cancellable');
    for (const state of ['B', 'B after fix'])
      expect(task(definition, state).Catch).toContainEqual({
        ErrorEquals: ['SagaCancelled'],
        ResultPath: '$.failure',
        Next: 'B cancelled',
      });
    expect(definition.States['B cancelled']).toEqual(
      expect.objectContaining({
        Type: 'Pass',
        Result: 'CANCELLED',
        ResultPath: '$.rollbackStatus',
        Next: 'Compensate A',
      }),
    );
    expect(task(definition, 'Mail').Catch ?? []).toEqual([]);
    expect(definition.States['Mail cancelled']).toBeUndefined();
  });

  it('compensates a Lambda step whose output was too large, since its action ran', () => {
    // Arrange
    const saga = defineSaga({ name: 'Two', steps: [step('A'), step('B')] });
    // Act
    const definition = compileSaga(saga);
    // Assert
    expect(task(definition, 'B').Catch).toContainEqual({
      ErrorEquals: ['SagaOutputTooLarge'],
      ResultPath: '$.failure',
      Next: 'Compensate B',
    });
    expect(task(definition, 'Compensate B').Next).toBe('Compensate A');
  });

  it("leaves out a last DynamoDB step's compensation, which no failure can reach", () => {
    // Arrange
    const put = (name: string) => ({
      name,
      action: dynamoDb.putItem('T', { Item: { id: { 'S.$': '$.saga.id' } } }),
      compensation: dynamoDb.deleteItem('T', { Key: { id: { 'S.$': '$.saga.id' } } }),
    });
    const saga = defineSaga({ name: 'Two', steps: [put('A'), put('B')] });
    // Act
    const definition = compileSaga(saga);
    // Assert
    expect(definition.States['Compensate B']).toBeUndefined();
    expect(definition.States['Compensate A']).toBeDefined();
    expect(definition.States['B after fix']).toBeUndefined();
  });

  it('compensates a step that timed out itself, and does not retry its timeouts (its outcome is unknown)', () => {
    // Arrange
    const saga = defineSaga({ name: 'Two', steps: [step('A'), step('B', { compensateOnTimeout: true })] });
    // Act
    const definition = compileSaga(saga);
    // Assert
    expect(task(definition, 'B').Catch).toContainEqual({
      ErrorEquals: ['SagaOutputTooLarge', 'States.Timeout', 'IdempotencyAlreadyInProgressError'],
      ResultPath: '$.failure',
      Next: 'Compensate B',
    });
    expect(task(definition, 'B').Retry?.[0]?.ErrorEquals).toContain('States.Timeout');
    expect(task(definition, 'B').Retry?.[0]?.MaxAttempts).toBe(0);
    expect(task(definition, 'Compensate B').Next).toBe('Compensate A');
  });

  it('renders the terminal errors, the Lambda service retrier and the policy, in that order, and the timeouts', () => {
    // Arrange
    const payment = exponentialBackoff('payment', {
      maxAttempts: 4,
      initialIntervalSeconds: 2,
      maxIntervalSeconds: 30,
      multiplier: 3,
      jitter: true,
    });
    const saga = defineSaga({
      name: 'Retry',
      steps: [
        step('A'),
        step('B', {
          retry: payment,
          compensationRetry: fixedInterval('steady', { maxAttempts: 3, intervalSeconds: 5 }),
          terminalErrors: ['PaymentDeclined'],
          timeoutSeconds: 12,
          compensationTimeoutSeconds: 40,
        }),
      ],
    });
    // Act
    const definition = compileSaga(saga);
    // Assert
    expect(task(definition, 'B').Retry).toEqual([
      {
        ErrorEquals: [
          'SagaConfigurationError',
          'SagaTerminalError',
          'PaymentDeclined',
          'SagaDeadlineExceeded',
          'SagaOutputTooLarge',
          'SagaCancelled',
        ],
        MaxAttempts: 0,
      },
      { ErrorEquals: [...LAMBDA_SERVICE_ERRORS], IntervalSeconds: 2, MaxAttempts: 6, BackoffRate: 2 },
      {
        ErrorEquals: ['States.ALL'],
        IntervalSeconds: 2,
        MaxAttempts: 3,
        BackoffRate: 3,
        MaxDelaySeconds: 30,
        JitterStrategy: 'FULL',
      },
    ]);
    expect(task(definition, 'B').TimeoutSeconds).toBe(12);
    expect(task(definition, 'Compensate B').Retry).toEqual([
      { ErrorEquals: ['SagaConfigurationError', 'SagaTerminalError'], MaxAttempts: 0 },
      { ErrorEquals: [...LAMBDA_SERVICE_ERRORS], IntervalSeconds: 2, MaxAttempts: 6, BackoffRate: 2 },
      { ErrorEquals: ['States.ALL'], IntervalSeconds: 5, MaxAttempts: 2, BackoffRate: 1 },
    ]);
    expect(task(definition, 'Compensate B').TimeoutSeconds).toBe(40);
  });

  it('still retries Lambda service errors under a one-attempt policy, unless the step opts out', () => {
    // Arrange
    const saga = defineSaga({
      name: 'Once',
      steps: [
        step('A', { retry: RetryPolicies.none }),
        step('B', { retry: RetryPolicies.none, retryLambdaServiceErrors: false }),
      ],
    });
    // Act
    const definition = compileSaga(saga);
    // Assert
    expect(task(definition, 'A').Retry).toEqual([
      { ErrorEquals: [...LAMBDA_SERVICE_ERRORS], IntervalSeconds: 2, MaxAttempts: 6, BackoffRate: 2 },
    ]);
    expect(task(definition, 'B').Retry).toBeUndefined();
  });

  it('gives the execution a limit that covers the deadline, the step in flight, the steps after the pivot and the whole rollback', () => {
    // Arrange: 2 s tasks, two attempts 1 s apart, no Lambda service retries: a task takes at most 5 s.
    const quick = {
      retry: fixedInterval('quick', { maxAttempts: 2, intervalSeconds: 1 }),
      timeoutSeconds: 2,
      retryLambdaServiceErrors: false,
    };
    const saga = defineSaga({
      name: 'Budget',
      timeoutSeconds: 60,
      steps: [
        step('A', { ...quick, compensationRetry: quick.retry, compensationTimeoutSeconds: 2 }),
        step('B', { ...quick, compensationRetry: quick.retry, compensationTimeoutSeconds: 2 }),
        { name: 'Ship', action: lambda('handlers/ship.ts'), pivot: true, ...quick },
        { name: 'Mail', action: lambda('handlers/mail.ts'), ...quick },
      ],
    });
    // Act
    const definition = compileSaga(saga);
    // Assert: 60 deadline + 5 (a step in flight) + 5 (Mail) + 2 × 5 (compensations) + 2 records.
    const record = 10 * 10 + 511;
    expect(definition.TimeoutSeconds).toBe(60 + 5 + 5 + 10 + 2 * record);
    expect(saga.executionTimeoutSeconds).toBe(definition.TimeoutSeconds);
  });

  it("passes the step's limits in the envelope: the deadline before the pivot, the output size, the saga's sensitive keys", () => {
    // Arrange
    const saga = defineSaga({
      name: 'Limits',
      sensitiveKeys: ['iban'],
      steps: [
        step('A', { maxOutputBytes: 512 }),
        { name: 'Ship', action: lambda('handlers/ship.ts'), pivot: true },
        { name: 'Mail', action: lambda('handlers/mail.ts') },
      ],
    });
    // Act
    const definition = compileSaga(saga);
    // Assert
    expect(task(definition, 'A').Parameters).toMatchObject({
      maxOutputBytes: 512,
      'deadline.$': '$.saga.deadline',
      sensitiveKeys: ['iban'],
    });
    expect(task(definition, 'Ship').Parameters).toHaveProperty('deadline.$');
    expect(task(definition, 'Mail').Parameters).not.toHaveProperty('deadline.$');
    expect(task(definition, 'Compensate A').Parameters).toEqual(
      expect.objectContaining({ sensitiveKeys: ['iban'] }),
    );
  });

  it('passes the step envelope to Lambda steps and keeps each result under $.steps', () => {
    // Arrange
    const saga = defineSaga({ name: 'Envelope', steps: [step('A')] });
    // Act
    const definition = compileSaga(saga, {
      functionArn: (target) => `arn:aws:lambda:eu-west-1:1:function:${target.functionId}`,
    });
    // Assert
    expect(task(definition, 'A')).toMatchObject({
      Resource: 'arn:aws:lambda:eu-west-1:1:function:A',
      Parameters: {
        'saga.$': '$.saga',
        step: 'A',
        phase: 'action',
        'attempt.$': '$$.State.RetryCount',
        'input.$': '$.input',
        'steps.$': '$.steps',
        maxOutputBytes: 2048,
        'deadline.$': '$.saga.deadline',
      },
      ResultPath: '$.steps.A',
    });
  });

  it('uses definition substitutions for ARNs and tables by default', () => {
    // Act
    const definition = compileSaga(orderSaga);
    // Assert
    expect(task(definition, 'ChargePayment').Resource).toBe(substitution('ChargePaymentFunctionArn'));
    expect(task(definition, 'ReserveInventory').Parameters.TableName).toBe(
      substitution('InventoryTableName'),
    );
    expect(task(definition, StateNames.recordCompleted).Parameters.TableName).toBe(
      substitution('SagaTableName'),
    );
    expectValidAsl(definition);
  });

  it('retries forward after the pivot and catches nothing there, so a step that cannot finish fails the execution in place', () => {
    // Arrange
    const saga = defineSaga({
      name: 'Pivot',
      steps: [
        step('A'),
        { name: 'Ship', action: lambda('handlers/ship.ts'), pivot: true },
        { name: 'Email', action: lambda('handlers/email.ts') },
      ],
    });
    // Act
    const definition = compileSaga(saga);
    // Assert
    expect(task(definition, 'Ship').Catch?.at(-1)?.Next).toBe('Compensate A');
    expect(task(definition, 'Email').Catch).toBeUndefined();
    expect(task(definition, 'Email').Retry?.at(-1)?.MaxAttempts).toBe(RetryPolicies.critical.maxAttempts - 1);
    expect(definition.States['Email after fix']).toBeUndefined();
  });

  it('runs a group as a Parallel state whose members cannot cancel each other, then checks for a failure', () => {
    // Arrange
    const saga = defineSaga({
      name: 'Group',
      steps: [
        step('A'),
        parallel('Reserve', [step('Hotel'), step('Car'), { ...step('Note'), compensation: NO_COMPENSATION }]),
        step('Pay'),
      ],
    });
    // Act
    const definition = compileSaga(saga);
    // Assert
    const group = definition.States.Reserve;
    if (group?.Type !== 'Parallel') throw new Error('Reserve is not a Parallel state');
    expect(group.Branches.map((branch) => branch.StartAt)).toEqual(['Hotel', 'Car', 'Note']);
    expect(group.Branches[0]?.States.Hotel).toMatchObject({
      ResultSelector: { 'output.$': '$' },
      End: true,
      Catch: [
        { ErrorEquals: ['SagaConfigurationError'], Next: 'Hotel after fix' },
        { ErrorEquals: ['States.ALL'], Next: 'Hotel did not finish' },
      ],
    });
    expect(group.ResultPath).toBe('$.steps.Reserve');
    expect(definition.States['Reserve settled']).toMatchObject({
      Type: 'Choice',
      Default: 'Pay',
      Choices: [{ Next: 'Reserve past deadline' }, { Next: 'Reserve cancelled' }, { Next: 'Reserve failed' }],
    });
    expect(definition.States['Reserve failed']).toMatchObject({
      Type: 'Pass',
      Parameters: { Error: 'SagaGroupMemberFailed', 'Cause.$': 'States.JsonToString($.steps.Reserve)' },
      ResultPath: '$.failure',
      Next: 'Undo Car?',
    });
    expect(definition.States['Undo Car?']).toMatchObject({ Default: 'Undo Hotel?' });
    expect(definition.States['Undo Hotel?']).toMatchObject({ Default: 'Compensate A' });
    expect(task(definition, 'Pay').Catch?.at(-1)?.Next).toBe('Undo Car?');
    expectValidAsl(definition);
  });

  it('stays valid ASL for every layout the local tests run, with Pass states only on failure paths', () => {
    for (const { layout } of layoutsUnderTest()) {
      // Act
      const definition = compileSaga(syntheticSaga(layout).saga);
      // Assert
      expectValidAsl(definition);
      const passes = Object.keys(definition.States).filter(
        (name) => definition.States[name]?.Type === 'Pass',
      );
      expect(passes.every((name) => / past deadline$| cancelled$| failed$/.test(name))).toBe(true);
    }
  });

  it('is deterministic: the same saga compiles to byte-identical JSON', () => {
    // Act
    const first = JSON.stringify(compileSaga(orderSaga));
    const second = JSON.stringify(compileSaga(orderSaga));
    // Assert
    expect(second).toBe(first);
  });
});

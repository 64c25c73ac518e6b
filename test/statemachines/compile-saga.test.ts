import { describe, expect, it } from 'vitest';
import { StateNames } from '../../contract/state-names.ts';
import { orderSaga } from '../../examples/order/order-saga.ts';
import {
  compileSaga,
  defineSaga,
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

  it("routes each step's failure to the compensation of the step before it, chaining down to COMPENSATED", () => {
    // Arrange
    const saga = defineSaga({ name: 'Three', steps: [step('A'), step('B'), step('C')] });
    // Act
    const definition = compileSaga(saga);
    // Assert
    expect(task(definition, 'A').Catch).toEqual([
      { ErrorEquals: ['SagaConfigurationError'], ResultPath: '$.failure', Next: 'Record FAILED after A' },
      { ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: StateNames.recordCompensated },
    ]);
    expect(task(definition, 'B').Catch?.[1]?.Next).toBe('Compensate A');
    expect(task(definition, 'C').Catch?.[1]?.Next).toBe('Compensate B');
    expect(task(definition, 'Compensate B').Next).toBe('Compensate A');
    expect(task(definition, 'Compensate A').Next).toBe(StateNames.recordCompensated);
    expect(task(definition, 'Compensate A').Catch).toEqual([
      {
        ErrorEquals: ['States.ALL'],
        ResultPath: '$.compensationFailure',
        Next: 'Record FAILED after Compensate A',
      },
    ]);
    expect(definition.States['FAILED after Compensate A']).toMatchObject({
      Type: 'Fail',
      Error: 'SagaFailed',
    });
  });

  it("leaves out the last step's compensation, which no failure can reach", () => {
    // Arrange
    const saga = defineSaga({ name: 'Two', steps: [step('A'), step('B')] });
    // Act
    const definition = compileSaga(saga);
    // Assert
    expect(definition.States['Compensate B']).toBeUndefined();
    expect(definition.States['Record FAILED after Compensate B']).toBeUndefined();
    expect(definition.States['Compensate A']).toBeDefined();
  });

  it('keeps the compensation of a last step that compensates its own timeout', () => {
    // Arrange
    const saga = defineSaga({ name: 'Two', steps: [step('A'), step('B', { compensateOnTimeout: true })] });
    // Act
    const definition = compileSaga(saga);
    // Assert
    expect(task(definition, 'B').Catch).toEqual([
      { ErrorEquals: ['SagaConfigurationError'], ResultPath: '$.failure', Next: 'Record FAILED after B' },
      {
        ErrorEquals: ['States.Timeout', 'IdempotencyAlreadyInProgressError'],
        ResultPath: '$.failure',
        Next: 'Compensate B',
      },
      { ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'Compensate A' },
    ]);
    expect(task(definition, 'Compensate B').Next).toBe('Compensate A');
  });

  it('renders the retry policy after a terminal-error retrier, and the timeouts', () => {
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
          compensateOnTimeout: true,
        }),
      ],
    });
    // Act
    const definition = compileSaga(saga);
    // Assert
    expect(task(definition, 'B').Retry).toEqual([
      { ErrorEquals: ['SagaConfigurationError', 'SagaTerminalError', 'PaymentDeclined'], MaxAttempts: 0 },
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
    expect(task(definition, 'Compensate B').Retry?.[0]).toEqual({
      ErrorEquals: ['SagaConfigurationError', 'SagaTerminalError'],
      MaxAttempts: 0,
    });
    expect(task(definition, 'Compensate B').Retry?.[1]).toEqual({
      ErrorEquals: ['States.ALL'],
      IntervalSeconds: 5,
      MaxAttempts: 2,
      BackoffRate: 1,
    });
    expect(task(definition, 'Compensate B').TimeoutSeconds).toBe(40);
  });

  it('renders no Retry for a one-attempt policy', () => {
    // Arrange
    const saga = defineSaga({ name: 'Once', steps: [step('A', { retry: RetryPolicies.none })] });
    // Act
    const definition = compileSaga(saga);
    // Assert
    expect(task(definition, 'A').Retry).toBeUndefined();
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

  it('retries forward after the pivot and parks the saga as FAILED instead of compensating', () => {
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
    expect(task(definition, 'Ship').Catch?.[1]?.Next).toBe('Compensate A');
    expect(task(definition, 'Email').Catch).toEqual([
      { ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'Record FAILED after Email' },
    ]);
    expect(task(definition, 'Email').Retry?.[1]?.MaxAttempts).toBe(RetryPolicies.critical.maxAttempts - 1);
    expect(task(definition, 'Record FAILED after Email').Next).toBe('FAILED after Email');
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
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Hotel failed' }],
    });
    expect(group.ResultPath).toBe('$.steps.Reserve');
    expect(definition.States['Reserve settled']).toMatchObject({
      Type: 'Choice',
      Default: 'Pay',
      Choices: [{ Next: 'Record FAILED after Reserve' }, { Next: 'Undo Car?' }],
    });
    expect(definition.States['Undo Car?']).toMatchObject({ Default: 'Undo Hotel?' });
    expect(definition.States['Undo Hotel?']).toMatchObject({ Default: 'Compensate A' });
    expect(task(definition, 'Pay').Catch?.[1]?.Next).toBe('Undo Car?');
    expectValidAsl(definition);
  });

  it('uses no Pass states and stays valid ASL for every layout the local tests run', () => {
    for (const { layout } of layoutsUnderTest()) {
      // Act
      const definition = compileSaga(syntheticSaga(layout).saga);
      // Assert
      expect(JSON.stringify(definition)).not.toContain('"Type":"Pass"');
      expectValidAsl(definition);
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

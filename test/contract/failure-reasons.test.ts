import { describe, expect, it } from 'vitest';
import {
  boundedErrorTypes,
  errorTypeOf,
  FIXED_ERROR_TYPES,
  MAX_DECLARED_ERROR_TYPES,
} from '../../contract/failure-reasons.ts';

describe('failure reasons by error type', () => {
  it("keeps the saga's own declared error names as values of their own, after the fixed ones", () => {
    // Act
    const types = boundedErrorTypes([
      'SagaTerminalError',
      'PaymentDeclined',
      'OutOfStock',
      'PaymentDeclined',
    ]);
    // Assert
    expect(types).toEqual([...FIXED_ERROR_TYPES, 'PaymentDeclined', 'OutOfStock']);
  });

  it('keeps at most ten declared names, so a saga declaring many still has a bounded set', () => {
    // Arrange
    const declared = Array.from({ length: 25 }, (_, index) => `Declared${index}`);
    // Act
    const types = boundedErrorTypes(declared);
    // Assert
    expect(types).toHaveLength(FIXED_ERROR_TYPES.length + MAX_DECLARED_ERROR_TYPES);
    expect(errorTypeOf('Declared9', new Set(types))).toBe('Declared9');
    expect(errorTypeOf('Declared10', new Set(types))).toBe('Other');
  });

  it('does not keep a declared name that another value already covers (Lambda.*, heartbeat timeouts)', () => {
    // Act
    const types = boundedErrorTypes(['Lambda.TooManyRequestsException', 'States.HeartbeatTimeout']);
    // Assert
    expect(types).toEqual(FIXED_ERROR_TYPES);
  });

  it.each([
    ['PaymentDeclined', 'PaymentDeclined'],
    ['SagaTerminalError', 'SagaTerminalError'],
    ['States.Timeout', 'States.Timeout'],
    ['States.HeartbeatTimeout', 'States.Timeout'],
    ['States.TIMED_OUT', 'States.Timeout'],
    ['States.ABORTED', 'SagaCancelled'],
    ['States.TaskFailed', 'States.TaskFailed'],
    ['States.Runtime', 'States.Runtime'],
    ['Lambda.ServiceException', 'Lambda'],
    ['Lambda.TooManyRequestsException', 'Lambda'],
    ['Sandbox.Timedout', 'Lambda'],
    ['Runtime.ExitError', 'Lambda'],
    ['TypeError', 'Other'],
    ['Card 4111 declined for order 1001', 'Other'],
    [undefined, 'Other'],
    ['', 'Other'],
  ])('reports %s as %s', (errorName, expected) => {
    // Arrange
    const types = new Set(boundedErrorTypes(['PaymentDeclined']));
    // Act
    const errorType = errorTypeOf(errorName, types);
    // Assert
    expect(errorType).toBe(expected);
  });

  it('maps every error name into the bounded set, and every value of the set to itself', () => {
    // Arrange
    const types = boundedErrorTypes(['PaymentDeclined']);
    const set = new Set(types);
    const names = [...types, 'Lambda.Unknown', 'States.ABORTED', 'x'.repeat(500), 'Error', 'saga-123'];
    // Act
    const reported = names.map((name) => errorTypeOf(name, set));
    // Assert
    expect(reported.filter((type) => !set.has(type))).toEqual([]);
    expect(types.map((type) => errorTypeOf(type, set))).toEqual(types);
  });
});

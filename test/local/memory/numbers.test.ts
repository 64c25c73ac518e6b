import { describe, expect, it } from 'vitest';
import {
  addNumbers,
  compareNumbers,
  normalizeNumber,
  subtractNumbers,
} from '../../../local/memory/numbers.ts';
import { compareStrings } from '../../../local/memory/ordering.ts';

describe('numbers', () => {
  it.each([
    ['1.50', '1.5'],
    ['1e3', '1000'],
    ['1E+100', `1${'0'.repeat(100)}`],
    ['-0', '0'],
    ['0.0010', '0.001'],
    ['007', '7'],
    ['+5', '5'],
    ['.5', '0.5'],
    ['5.', '5'],
    ['-1.23E-5', '-0.0000123'],
  ])('writes %s as %s', (given, canonical) => {
    // Act
    const result = normalizeNumber(given);
    // Assert
    expect(result).toBe(canonical);
  });

  it.each([
    ['10', '9', 1],
    ['-10', '-9', -1],
    ['0.5', '0.05', 1],
    ['0', '0.001', -1],
    ['-0.5', '0', -1],
    ['12345678901234567890123456789012345678', '12345678901234567890123456789012345677', 1],
    ['99.99', '100', -1],
    ['1', '1', 0],
  ])('orders %s against %s as %d', (a, b, order) => {
    // Act
    const result = compareNumbers(a, b);
    // Assert
    expect(result).toBe(order);
  });

  it.each([
    ['0.1', '0.2', '0.3'],
    ['1.5', '0.5', '2'],
    ['-2.5', '2.5', '0'],
    ['99999999999999999999', '1', '100000000000000000000'],
    ['0.000000000000000000001', '1', '1.000000000000000000001'],
  ])('adds %s and %s exactly', (a, b, sum) => {
    // Act
    const result = addNumbers(a, b);
    // Assert
    expect(result).toBe(sum);
  });

  it('subtracts exactly', () => {
    // Act
    const results = [subtractNumbers('0.3', '0.1'), subtractNumbers('1', '1.5'), subtractNumbers('-1', '-1')];
    // Assert
    expect(results).toEqual(['0.2', '-0.5', '0']);
  });
});

describe('strings', () => {
  it('orders by code point, as UTF-8 bytes do', () => {
    // Arrange
    const ordered = ['', 'A', 'B', 'a', 'ab', 'é', '\ue000', '\uffff', '😀', '😀a'];
    // Act
    const sorted = [...ordered].reverse().sort(compareStrings);
    // Assert
    expect(sorted).toEqual(ordered);
  });
});

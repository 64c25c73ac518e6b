import { describe, expect, it } from 'vitest';
import { compiledCondition } from '../../../local/memory/condition-expression.ts';
import { holds } from './support/store.ts';

describe('comparators', () => {
  it.each([
    ['n = :v', 10, true],
    ['n = :v', 11, false],
    ['n <> :v', 11, true],
    ['n <> :v', 10, false],
    ['n < :v', 11, true],
    ['n < :v', 10, false],
    ['n <= :v', 10, true],
    ['n <= :v', 9, false],
    ['n > :v', 9, true],
    ['n > :v', 10, false],
    ['n >= :v', 10, true],
    ['n >= :v', 11, false],
  ])('%s with :v = %s is %s for n = 10', (condition, value, expected) => {
    // Arrange
    const given = { ':v': value };
    // Act
    const result = holds(condition, given);
    // Assert
    expect(result).toBe(expected);
  });

  it('compares numbers as decimals, not as text or floats', () => {
    // Arrange: "10" < "9" as text; 0.1 + 0.2 style digits beyond a double's precision
    const given = { ':nine': 9, ':long': { N: '9.99999999999999999999999999999999999' } };
    // Act
    const results = [holds('n > :nine', given), holds('n > :long', given)];
    // Assert
    expect(results).toEqual([true, true]);
  });

  it('compares strings by their UTF-8 bytes, so an emoji sorts after U+FFFF', () => {
    // Arrange
    const given = { ':last': '\uffff' };
    // Act
    const result = holds('e > :last', given);
    // Assert
    expect(result).toBe(true);
  });

  it('compares binary values byte by byte', () => {
    // Arrange
    const given = { ':higher': { B: new Uint8Array([1, 2, 4]) }, ':prefix': { B: new Uint8Array([1, 2]) } };
    // Act
    const results = [holds('b < :higher', given), holds('b > :prefix', given)];
    // Assert
    expect(results).toEqual([true, true]);
  });

  it('makes comparisons of different types false, except <>', () => {
    // Arrange
    const given = { ':text': '10' };
    // Act
    const results = [holds('n = :text', given), holds('n < :text', given), holds('n <> :text', given)];
    // Assert
    expect(results).toEqual([false, false, true]);
  });

  it('makes comparisons with a missing attribute false, except <>', () => {
    // Arrange
    const given = { ':v': 1 };
    // Act
    const results = [holds('absent = :v', given), holds('absent >= :v', given), holds('absent <> :v', given)];
    // Assert
    expect(results).toEqual([false, false, true]);
  });

  it('includes both bounds in BETWEEN', () => {
    // Arrange
    const given = { ':ten': 10, ':twenty': 20, ':eleven': 11 };
    // Act
    const results = [
      holds('n BETWEEN :ten AND :twenty', given),
      holds('n BETWEEN :eleven AND :twenty', given),
    ];
    // Assert
    expect(results).toEqual([true, false]);
  });

  it('matches IN against any of its values', () => {
    // Arrange
    const given = { ':a': 'a', ':h': 'héllo', ':b': 'b' };
    // Act
    const results = [holds('s IN (:a, :h)', given), holds('s IN (:a, :b)', given)];
    // Assert
    expect(results).toEqual([true, false]);
  });
});

describe('logical operators', () => {
  const given = { ':ten': 10, ':zero': 0, ':wrong': 'w' };

  it('binds AND tighter than OR', () => {
    // Act
    const result = holds('n = :ten OR n = :zero AND s = :wrong', given);
    // Assert
    expect(result).toBe(true);
  });

  it('binds NOT tighter than AND', () => {
    // Act
    const result = holds('NOT n = :zero AND s = :wrong', given);
    // Assert
    expect(result).toBe(false);
  });

  it('lets parentheses override the precedence', () => {
    // Act
    const result = holds('(n = :ten OR n = :zero) AND s = :wrong', given);
    // Assert
    expect(result).toBe(false);
  });

  it('reads keywords in any case', () => {
    // Act
    const result = holds('not n = :zero and n between :zero and :ten or n in (:zero)', given);
    // Assert
    expect(result).toBe(true);
  });
});

describe('functions', () => {
  it.each([
    ['attribute_exists(n)', true],
    ['attribute_exists(absent)', false],
    ['attribute_not_exists(absent)', true],
    ['attribute_not_exists(m.a.b)', false],
  ])('%s is %s', (condition, expected) => {
    // Act
    const result = holds(condition);
    // Assert
    expect(result).toBe(expected);
  });

  it('tells the type of an attribute with attribute_type', () => {
    // Arrange
    const given = { ':ss': 'SS', ':n': 'N', ':null': 'NULL' };
    // Act
    const results = [
      holds('attribute_type(ss, :ss)', given),
      holds('attribute_type(ss, :n)', given),
      holds('attribute_type(nul, :null)', given),
    ];
    // Assert
    expect(results).toEqual([true, false, true]);
  });

  it('checks prefixes of strings and binary with begins_with', () => {
    // Arrange
    const given = { ':he': 'hé', ':lo': 'lo', ':one': { B: new Uint8Array([1]) } };
    // Act
    const results = [
      holds('begins_with(s, :he)', given),
      holds('begins_with(s, :lo)', given),
      holds('begins_with(b, :one)', given),
    ];
    // Assert
    expect(results).toEqual([true, false, true]);
  });

  it('finds substrings, set members and list elements with contains', () => {
    // Arrange
    const given = { ':ll': 'll', ':a': 'a', ':x': 'x', ':one': 1, ':z': 'z' };
    // Act
    const results = [
      holds('contains(s, :ll)', given),
      holds('contains(ss, :a)', given),
      holds('contains(l, :x)', given),
      holds('contains(ns, :one)', given),
      holds('contains(ss, :z)', given),
    ];
    // Assert
    expect(results).toEqual([true, true, true, true, false]);
  });

  it('measures strings, lists, maps, sets and binary with size, and makes a number’s size false', () => {
    // Arrange
    const given = { ':five': 5, ':three': 3, ':two': 2 };
    // Act
    const results = [
      holds(
        'size(s) = :five AND size(l) = :three AND size(m) = :two AND size(ss) = :two AND size(b) = :three',
        given,
      ),
      holds('size(n) = :two', given),
    ];
    // Assert
    expect(results).toEqual([true, false]);
  });
});

describe('document paths', () => {
  it('reaches into nested maps and lists', () => {
    // Arrange
    const given = { ':one': 1, ':deep': 'deep' };
    // Act
    const result = holds('m.a.b = :one AND l[2].c = :deep AND l[0] = :x', { ...given, ':x': 'x' });
    // Assert
    expect(result).toBe(true);
  });

  it('resolves #name placeholders in every element of a path', () => {
    // Arrange
    const names = { '#m': 'm', '#a': 'a', '#b': 'b' };
    // Act
    const result = holds('#m.#a.#b = :one', { ':one': 1 }, names);
    // Assert
    expect(result).toBe(true);
  });

  it('treats a path through a value of another type as missing', () => {
    // Act
    const result = holds('attribute_exists(s.x) OR attribute_exists(s[0]) OR attribute_exists(l[9])');
    // Assert
    expect(result).toBe(false);
  });

  it('reads a dotted name given as a placeholder as one attribute', () => {
    // Arrange
    const names = { '#dotted': 'm.a' };
    // Act
    const result = holds('attribute_exists(#dotted)', {}, names);
    // Assert
    expect(result).toBe(false);
  });
});

describe('parsing', () => {
  it('parses each expression text once and reuses it', () => {
    // Arrange
    const text = 'attribute_not_exists(#pk) AND #n < :limit';
    // Act
    const [first, second] = [
      compiledCondition(text, 'ConditionExpression'),
      compiledCondition(text, 'ConditionExpression'),
    ];
    // Assert
    expect(second).toBe(first);
    expect([...first.names, ...first.values]).toEqual(['#pk', '#n', ':limit']);
  });
});

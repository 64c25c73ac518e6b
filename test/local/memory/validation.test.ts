import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { KEY } from './support/builders.ts';
import { seededStore, TABLE, thrownBy } from './support/store.ts';

/** The name and message of the error an UpdateItem of the seeded item fails with. */
function refusal(input: {
  UpdateExpression?: string;
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, AttributeValue>;
}) {
  const store = seededStore();
  const error = thrownBy(() => store.updateItem({ TableName: TABLE, Key: KEY, ...input }));
  return [error.name, error.message];
}

const one = { ':v': { N: '1' } };

describe('expression validation', () => {
  it.each([
    [
      'an undefined #name',
      { UpdateExpression: 'SET #x = :v', ExpressionAttributeValues: one },
      'Invalid UpdateExpression: An expression attribute name used in the document path is not defined; attribute name: #x',
    ],
    [
      'an undefined :value in the condition',
      { UpdateExpression: 'SET a1 = :v', ConditionExpression: 'n = :w', ExpressionAttributeValues: one },
      'Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :w',
    ],
    [
      'unused :values',
      {
        UpdateExpression: 'SET a1 = :v',
        ExpressionAttributeValues: { ...one, ':x': { S: 'x' }, ':y': { S: 'y' } },
      },
      'Value provided in ExpressionAttributeValues unused in expressions: keys: {:x, :y}',
    ],
    [
      'an unused #name',
      {
        UpdateExpression: 'SET a1 = :v',
        ExpressionAttributeValues: one,
        ExpressionAttributeNames: { '#u': 'u' },
      },
      'Value provided in ExpressionAttributeNames unused in expressions: keys: {#u}',
    ],
    [
      'a reserved word',
      { UpdateExpression: 'SET status = :v', ExpressionAttributeValues: one },
      'Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status',
    ],
    [
      'a syntax error',
      { UpdateExpression: 'SET a1 = :v,', ExpressionAttributeValues: one },
      'Invalid UpdateExpression: Syntax error; token: "<EOF>", near: ","',
    ],
    [
      'a clause used twice',
      { UpdateExpression: 'SET a1 = :v SET a2 = :v', ExpressionAttributeValues: one },
      'Invalid UpdateExpression: The "SET" section can only be used once in an update expression;',
    ],
    [
      'an empty expression',
      { UpdateExpression: '  ' },
      'Invalid UpdateExpression: The expression can not be empty;',
    ],
    [
      'overlapping paths',
      { UpdateExpression: 'SET m = :v REMOVE m.k', ExpressionAttributeValues: one },
      'Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [m], path two: [m, k]',
    ],
    [
      'conflicting paths',
      { UpdateExpression: 'REMOVE l.x, l[0]' },
      'Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [l, x], path two: [l, [0]]',
    ],
    [
      'a function of conditions in an update',
      { UpdateExpression: 'SET c = size(l)' },
      'Invalid UpdateExpression: The function is not allowed in an update expression; function: size',
    ],
    [
      'redundant parentheses',
      { UpdateExpression: 'SET a1 = :v', ConditionExpression: '((n = :v))', ExpressionAttributeValues: one },
      'Invalid ConditionExpression: The expression has redundant parentheses;',
    ],
    [
      'an unknown function',
      {
        UpdateExpression: 'SET a1 = :v',
        ConditionExpression: 'ATTRIBUTE_EXISTS(n)',
        ExpressionAttributeValues: one,
      },
      'Invalid ConditionExpression: Invalid function name; function: ATTRIBUTE_EXISTS',
    ],
    [
      'the same operand twice',
      { UpdateExpression: 'SET a1 = :v', ConditionExpression: 'n = n', ExpressionAttributeValues: one },
      'Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [n]',
    ],
    [
      'an ordering of a boolean',
      {
        UpdateExpression: 'SET a1 = :v',
        ConditionExpression: 'n < :b',
        ExpressionAttributeValues: { ...one, ':b': { BOOL: true } },
      },
      'Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: <, operand type: BOOL',
    ],
    [
      'BETWEEN bounds in the wrong order',
      {
        UpdateExpression: 'SET a1 = :v',
        ConditionExpression: 'n BETWEEN :hi AND :v',
        ExpressionAttributeValues: { ...one, ':hi': { N: '5' } },
      },
      'Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {N:1}',
    ],
  ])('refuses %s', (_what, input, message) => {
    // Act
    const [name, actual] = refusal(input);
    // Assert
    expect(name).toBe('ValidationException');
    expect(actual).toBe(message);
  });
});

describe('update validation', () => {
  it.each([
    [
      'updating a key attribute',
      'SET sk = :v',
      'One or more parameter values were invalid: Cannot update attribute sk. This attribute is part of the key',
    ],
    [
      'arithmetic on a string',
      'SET x = s + :v',
      'An operand in the update expression has an incorrect data type',
    ],
    [
      'arithmetic on a missing attribute',
      'SET x = absent + :v',
      'The provided expression refers to an attribute that does not exist in the item',
    ],
    [
      'a path under a missing map',
      'SET absent.x = :v',
      'The document path provided in the update expression is invalid for update',
    ],
    ['ADD to a string', 'ADD s :v', 'An operand in the update expression has an incorrect data type'],
  ])('refuses %s', (_what, expression, message) => {
    // Act
    const [name, actual] = refusal({ UpdateExpression: expression, ExpressionAttributeValues: one });
    // Assert
    expect([name, actual]).toEqual(['ValidationException', message]);
  });
});

describe('value validation', () => {
  it.each([
    [
      'an empty set',
      { SS: [] },
      'One or more parameter values were invalid: An string set  may not be empty',
    ],
    [
      'a set with duplicates',
      { NS: ['1', '1.0'] },
      'One or more parameter values were invalid: Input collection [1, 1] contains duplicates.',
    ],
    ['a number with 39 digits', { N: '1'.repeat(39) }, 'DynamoDB only supports precision up to 38 digits'],
    [
      'a number too large',
      { N: '1E+126' },
      'Number overflow. Attempting to store a number with magnitude larger than supported range',
    ],
    [
      'a number too small',
      { N: '1E-131' },
      'Number underflow. Attempting to store a number with magnitude smaller than supported range',
    ],
    ['text that is no number', { N: '1,5' }, 'A value provided cannot be converted into a number'],
    [
      'a value with two types',
      { S: 'x', N: '1' },
      'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes',
    ],
  ])('refuses %s', (_what, value, message) => {
    // Arrange
    const store = seededStore();
    // Act
    const error = thrownBy(() =>
      store.putItem({ TableName: TABLE, Item: { ...KEY, x: value as AttributeValue } }),
    );
    // Assert
    expect([error.name, error.message]).toEqual(['ValidationException', message]);
  });

  it('refuses an item over 400 KB', () => {
    // Arrange
    const store = seededStore();
    // Act
    const error = thrownBy(() =>
      store.putItem({ TableName: TABLE, Item: { ...KEY, big: { S: 'x'.repeat(410_000) } } }),
    );
    // Assert
    expect(error.message).toBe('Item size has exceeded the maximum allowed size');
  });

  it('names the :value whose AttributeValue is invalid', () => {
    // Act
    const [name, message] = refusal({
      UpdateExpression: 'SET a1 = :v',
      ExpressionAttributeValues: { ':v': {} as AttributeValue },
    });
    // Assert
    expect([name, message]).toEqual([
      'ValidationException',
      'ExpressionAttributeValues contains invalid value: Supplied AttributeValue is empty, must contain exactly one of the supported datatypes for key :v',
    ]);
  });
});

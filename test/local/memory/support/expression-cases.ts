import { checked, KEY, request, seed, update } from './builders.ts';
import type { DifferentialCase } from './differential.ts';
import { failing } from './requests.ts';

const CCF = 'ConditionalCheckFailedException';

const generic = (name: string, ...requests: DifferentialCase['requests']): DifferentialCase => ({
  name,
  schema: 'generic',
  requests: [seed, ...requests],
});

/** Conditions: comparators, functions, precedence, paths; DynamoDB's comparison semantics. */
export const conditionCases: readonly DifferentialCase[] = [
  generic('numbers compare as decimals, not text (10 > 9)', checked('n > :nine', { ':nine': 9 })),
  generic(
    'numbers compare by value across notations (10 < 9.5E1)',
    checked('n < :big', { ':big': { N: '9.5E1' } }),
  ),
  generic(
    'a number equals the same value with trailing zeros',
    checked('n = :ten', { ':ten': { N: '10.00' } }),
  ),
  generic(
    'strings order by UTF-8 bytes: an emoji sorts after U+FFFF',
    checked('e > :last', { ':last': '\uffff' }),
  ),
  generic(
    'binary values order by their bytes',
    checked('b < :b', { ':b': { B: new Uint8Array([1, 2, 4]) } }),
  ),
  generic('values of different types are never equal', failing(checked('n = :ten', { ':ten': '10' }), CCF)),
  generic('<> holds for a missing attribute', checked('nothing <> :x', { ':x': 'x' })),
  generic('< fails for a missing attribute', failing(checked('nothing < :x', { ':x': 'x' }), CCF)),
  generic(
    'BETWEEN includes its bounds',
    checked('n BETWEEN :ten AND :twenty', { ':ten': 10, ':twenty': 20 }),
  ),
  generic('IN matches any listed value', checked('s IN (:a, :h)', { ':a': 'a', ':h': 'héllo' })),
  generic(
    'AND binds tighter than OR',
    checked('n = :ten OR n = :zero AND s = :wrong', { ':ten': 10, ':zero': 0, ':wrong': 'w' }),
  ),
  generic(
    'NOT binds tighter than AND',
    failing(checked('NOT n = :zero AND s = :wrong', { ':zero': 0, ':wrong': 'w' }), CCF),
  ),
  generic(
    'parentheses override precedence',
    failing(
      checked('(n = :ten OR n = :zero) AND s = :wrong', { ':ten': 10, ':zero': 0, ':wrong': 'w' }),
      CCF,
    ),
  ),
  generic(
    'attribute_type names the type',
    checked('attribute_type(ss, :ss) AND attribute_type(m, :m)', { ':ss': 'SS', ':m': 'M' }),
  ),
  generic(
    'begins_with works on strings and binary',
    checked('begins_with(s, :h) AND begins_with(b, :one)', {
      ':h': 'hé',
      ':one': { B: new Uint8Array([1]) },
    }),
  ),
  generic(
    'contains finds substrings, set members and list elements',
    checked('contains(s, :ll) AND contains(ss, :a) AND contains(l, :x) AND contains(ns, :one)', {
      ':ll': 'll',
      ':a': 'a',
      ':x': 'x',
      ':one': 1,
    }),
  ),
  generic(
    'size counts characters, elements, members, entries and bytes',
    checked(
      'size(s) = :five AND size(l) = :three AND size(m) = :two AND size(ss) = :two AND size(b) = :three',
      {
        ':five': 5,
        ':three': 3,
        ':two': 2,
      },
    ),
  ),
  generic(
    'size of a number makes the condition false',
    failing(checked('size(n) = :two', { ':two': 2 }), CCF),
  ),
  generic(
    'nested paths reach into maps and lists',
    checked('m.a.b = :one AND l[2].c = :deep', { ':one': 1, ':deep': 'deep' }),
  ),
  generic(
    'a path through a value of another type is missing',
    failing(checked('s.x = :one OR s[0] = :one', { ':one': 1 }), CCF),
  ),
  generic(
    'placeholders name every element of a nested path',
    checked(
      '#m.#a.#b = :one',
      { ':one': 1 },
      { ExpressionAttributeNames: { '#m': 'm', '#a': 'a', '#b': 'b' } },
    ),
  ),
  generic(
    'negative decimals and 38-digit numbers order by value',
    checked('n > :negative AND :small < :large', {
      ':negative': { N: '-0.25' },
      ':small': { N: '-12345678901234567890123456789012345678' },
      ':large': { N: '-12345678901234567890123456789012345677' },
    }),
  ),
  generic('BETWEEN orders strings by their bytes', checked('s BETWEEN :h AND :i', { ':h': 'h', ':i': 'i' })),
  generic(
    'contains and begins_with on binary and binary sets',
    checked('contains(b, :two) AND contains(bs, :one) AND begins_with(b, :prefix)', {
      ':two': { B: new Uint8Array([2, 3]) },
      ':one': { B: new Uint8Array([1]) },
      ':prefix': { B: new Uint8Array([1, 2]) },
    }),
  ),
  generic('IN compares with attributes too', checked('m.a.b IN (:ten, l[1])', { ':ten': 10 })),
  generic(
    'attribute_exists reaches list elements inside maps',
    checked('attribute_exists(l[2].c) AND attribute_not_exists(l[3])'),
  ),
  generic(
    'names with dots and spaces go through #placeholders',
    checked(
      'attribute_not_exists(#dotted) AND attribute_not_exists(#spaced)',
      {},
      {
        ExpressionAttributeNames: { '#dotted': 'm.a', '#spaced': 'my attr' },
      },
    ),
  ),
  {
    name: 'a refused update of a missing item returns no item, even for ALL_OLD',
    schema: 'generic',
    requests: [
      failing(checked('attribute_exists(pk)', {}, { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }), CCF),
    ],
  },
  generic(
    'a refused condition returns the item when asked (ALL_OLD)',
    failing(checked('attribute_not_exists(pk)', {}, { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }), CCF),
  ),
];

/** Updates: every clause and function, the order DynamoDB applies them in, and ReturnValues. */
export const updateCases: readonly DifferentialCase[] = [
  generic(
    'SET adds decimals exactly (0.1 + 0.2)',
    update('SET x = :a + :b', { ':a': 0.1, ':b': 0.2 }, { ReturnValues: 'UPDATED_NEW' }),
  ),
  generic(
    'SET subtracts below zero',
    update('SET n = n - :more', { ':more': 12.5 }, { ReturnValues: 'UPDATED_NEW' }),
  ),
  generic(
    'if_not_exists takes the attribute, or the value when it is missing',
    update(
      'SET c = if_not_exists(c, :zero) + :one, n = if_not_exists(n, :zero)',
      { ':zero': 0, ':one': 1 },
      { ReturnValues: 'ALL_NEW' },
    ),
  ),
  generic(
    'list_append appends either way round, also to a list not there yet',
    update(
      'SET l = list_append(:pre, l), l2 = list_append(if_not_exists(l2, :empty), :pre)',
      { ':pre': { L: [{ S: 'first' }] }, ':empty': { L: [] } },
      { ReturnValues: 'UPDATED_NEW' },
    ),
  ),
  generic(
    'SET reads every value before it writes (a swap)',
    update('SET n = s, s = n', {}, { ReturnValues: 'UPDATED_NEW' }),
  ),
  generic(
    'SET writes into nested maps, and an index past the end appends',
    update('SET m.a.c = :v, l[10] = :v', { ':v': 'new' }, { ReturnValues: 'ALL_NEW' }),
  ),
  generic(
    'REMOVE takes list elements by their original index, and map entries',
    update('REMOVE l[0], l[2], m.k', {}, { ReturnValues: 'ALL_NEW' }),
  ),
  generic(
    'SET applies before REMOVE whatever their order',
    update('REMOVE l[0] SET l[2] = :v', { ':v': 'set' }, { ReturnValues: 'UPDATED_NEW' }),
  ),
  generic(
    'ADD adds to a number, and starts a missing one',
    update('ADD n :five, fresh :five', { ':five': 5 }, { ReturnValues: 'UPDATED_NEW' }),
  ),
  generic(
    'ADD unions sets',
    update(
      'ADD ss :more, ns :three',
      { ':more': { SS: ['b', 'c'] }, ':three': { NS: ['3'] } },
      { ReturnValues: 'UPDATED_NEW' },
    ),
  ),
  generic(
    'DELETE takes members out of a set, and the attribute when none is left',
    update(
      'DELETE ss :a, ns :all',
      { ':a': { SS: ['a'] }, ':all': { NS: ['1', '2'] } },
      { ReturnValues: 'ALL_NEW' },
    ),
  ),
  generic(
    'one expression may hold all four clauses, in any case',
    update(
      'set a1 = :v remove bo add n :one delete ss :a',
      { ':v': 'v', ':one': 1, ':a': { SS: ['a'] } },
      { ReturnValues: 'ALL_NEW' },
    ),
  ),
  generic(
    'SET and REMOVE reach into maps inside lists',
    update('SET l[2].d = :v REMOVE l[2].c', { ':v': 'new' }, { ReturnValues: 'UPDATED_NEW' }),
  ),
  generic(
    'ADD starts a set inside a map and adds to a binary set',
    update(
      'ADD m.tags :tags, bs :bytes',
      { ':tags': { SS: ['t'] }, ':bytes': { BS: [new Uint8Array([9]), new Uint8Array([1])] } },
      { ReturnValues: 'ALL_NEW' },
    ),
  ),
  generic(
    'REMOVE of every element leaves an empty list',
    update('REMOVE l[0], l[1], l[2]', {}, { ReturnValues: 'ALL_NEW' }),
  ),
  generic(
    'UPDATED_OLD answers what REMOVE took',
    update('REMOVE bo, nul, absent', {}, { ReturnValues: 'UPDATED_OLD' }),
  ),
  generic(
    'the same attribute under two #names is one path: an overlap',
    failing(
      update('SET #a = :v, #b = :v', { ':v': 1 }, { ExpressionAttributeNames: { '#a': 'x', '#b': 'x' } }),
      'ValidationException',
    ),
  ),
  {
    name: 'UpdateItem creates a missing item from its key',
    schema: 'generic',
    requests: [update('SET a1 = :v', { ':v': 'v' }, { ReturnValues: 'ALL_NEW' })],
  },
  {
    name: 'UpdateItem with only REMOVE still creates the key of a missing item',
    schema: 'generic',
    requests: [update('REMOVE a1')],
  },
  {
    name: 'UpdateItem without an expression creates the key of a missing item',
    schema: 'generic',
    requests: [request('update', { Key: KEY })],
  },
  generic(
    'ALL_OLD on UpdateItem answers the item before',
    update('SET n = :v', { ':v': 1 }, { ReturnValues: 'ALL_OLD' }),
  ),
  generic(
    'UPDATED_OLD leaves out attributes the item did not have',
    update('SET n = :v, fresh = :v', { ':v': 1 }, { ReturnValues: 'UPDATED_OLD' }),
  ),
  generic(
    'UPDATED_NEW of a nested update answers its top-level attribute',
    update('SET m.a.b = :v', { ':v': 2 }, { ReturnValues: 'UPDATED_NEW' }),
  ),
  generic(
    'PutItem with ALL_OLD replaces the item and answers the old one',
    request('put', { Item: { ...KEY, only: { S: 'this' } }, ReturnValues: 'ALL_OLD' }),
  ),
  generic(
    'DeleteItem with ALL_OLD answers the deleted item',
    request('delete', { Key: KEY, ReturnValues: 'ALL_OLD' }),
  ),
  {
    name: 'DeleteItem of a missing item answers no attributes',
    schema: 'generic',
    requests: [request('delete', { Key: KEY, ReturnValues: 'ALL_OLD' })],
  },
  {
    name: 'numbers are stored in canonical form',
    schema: 'generic',
    requests: [
      request('put', {
        Item: {
          ...KEY,
          a: { N: '1.50' },
          b: { N: '1e3' },
          c: { N: '-0' },
          d: { N: '0.0010' },
          e: { N: '007' },
          f: { N: '-.5' },
        },
      }),
      request('get', { Key: KEY }),
    ],
  },
  {
    name: 'empty strings and binary are allowed outside keys',
    schema: 'generic',
    requests: [
      request('put', {
        Item: { ...KEY, a: { S: '' }, b: { B: new Uint8Array() }, m: { M: { e: { S: '' } } } },
      }),
      request('get', { Key: KEY }),
    ],
  },
];

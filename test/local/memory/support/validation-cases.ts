import { checked, KEY, request, seed, update } from './builders.ts';
import type { DifferentialCase } from './differential.ts';
import { failing, type Request } from './requests.ts';

const INVALID = 'ValidationException';

const refused = (name: string, request: Request): DifferentialCase => ({
  name,
  schema: 'generic',
  requests: [seed, failing(request, INVALID)],
});

/** Requests DynamoDB refuses with ValidationException before (or while) touching the item. */
export const validationCases: readonly DifferentialCase[] = [
  refused('a reserved word as an attribute name', update('SET status = :v', { ':v': 'x' })),
  refused('an undefined #name', update('SET #x = :v', { ':v': 'x' })),
  refused('an unused :value', update('SET a1 = :v', { ':v': 'x', ':unused': 'y' })),
  refused(
    'an unused #name',
    update('SET a1 = :v', { ':v': 'x' }, { ExpressionAttributeNames: { '#unused': 'u' } }),
  ),
  refused('a trailing comma', update('SET a1 = :v,', { ':v': 'x' })),
  refused('two operators in one SET value', update('SET a1 = :v + :v + :v', { ':v': 1 })),
  refused('updating a key attribute', update('SET sk = :v', { ':v': 'x' })),
  refused('arithmetic on a string attribute', update('SET x = s + :one', { ':one': 1 })),
  refused('arithmetic on a missing attribute', update('SET x = absent + :one', { ':one': 1 })),
  refused('overlapping paths', update('SET m = :v REMOVE m.k', { ':v': 'x' })),
  refused('a clause used twice', update('SET a1 = :v SET a2 = :v', { ':v': 'x' })),
  refused('an empty update expression', update('', { ':v': 'x' })),
  refused('redundant parentheses', checked('((n = :ten))', { ':ten': 10 })),
  refused('a function name in the wrong case', checked('ATTRIBUTE_EXISTS(n)')),
  refused(
    'BETWEEN with its bounds reversed',
    checked('n BETWEEN :high AND :low', { ':high': 20, ':low': 10 }),
  ),
  refused('< on a boolean value', checked('n < :yes', { ':yes': { BOOL: true } })),
  refused('begins_with with a number', checked('begins_with(s, :one)', { ':one': 1 })),
  refused('attribute_type with an unknown type', checked('attribute_type(s, :t)', { ':t': 'STRING' })),
  refused('the same operand on both sides', checked('n = n')),
  refused('SET under a missing map', update('SET absent.a = :v', { ':v': 'x' })),
  refused('ADD of a string', update('ADD ss :str', { ':str': 'c' })),
  refused('DELETE of a number set from a string set', update('DELETE ss :ns', { ':ns': { NS: ['1'] } })),
  refused('list_append of a number', update('SET l = list_append(l, :one)', { ':one': 1 })),
  refused('a Key without its sort key', request('get', { Key: { pk: KEY.pk } })),
  refused('a key of the wrong type', request('put', { Item: { pk: KEY.pk, sk: { N: '1' } } })),
  refused('an empty string key', request('put', { Item: { pk: KEY.pk, sk: { S: '' } } })),
  refused('an empty set', request('put', { Item: { ...KEY, set: { SS: [] } } })),
  refused('a set with duplicates', request('put', { Item: { ...KEY, set: { NS: ['1', '1.0'] } } })),
  refused(
    'a number with 39 digits',
    request('put', { Item: { ...KEY, big: { N: '123456789012345678901234567890123456789' } } }),
  ),
  refused('an item over 400 KB', request('put', { Item: { ...KEY, big: { S: 'x'.repeat(410_000) } } })),
  refused('ReturnValues ALL_NEW on PutItem', request('put', { Item: KEY, ReturnValues: 'ALL_NEW' })),
  refused(
    'ExpressionAttributeValues without an expression',
    request('put', { Item: KEY, ExpressionAttributeValues: { ':v': { S: 'x' } } }),
  ),
];

import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { request, values } from './builders.ts';
import type { DifferentialCase } from './differential.ts';
import { failing, type Request } from './requests.ts';

const SORT_KEYS = ['B', 'a', 'ab', 'b', '\uffff', '😀'];
const items: Request[] = SORT_KEYS.map((sk, index) =>
  request('put', {
    Item: {
      pk: { S: 'p' },
      sk: { S: sk },
      v: { N: String(index) },
      m: { M: { l: { L: [{ N: '0' }, { N: String(index) }] } } },
    },
  }),
);
const partition = { ':p': 'p' };

function query(
  expression: string,
  given: Record<string, string | number | AttributeValue> = {},
  extra = {},
): Request {
  return request('query', {
    KeyConditionExpression: expression,
    ExpressionAttributeValues: values({ ...partition, ...given }),
    ...extra,
  });
}

const queried = (name: string, ...requests: Request[]): DifferentialCase => ({
  name,
  schema: 'generic',
  requests: [...items, ...requests],
});

const NUMBERS = ['-5', '2', '9.5', '10', '100'];

/** Query: order, key conditions, pages, filters, projections, and the requests DynamoDB refuses. */
export const queryCases: readonly DifferentialCase[] = [
  queried('items come in sort-key order (UTF-8 bytes)', query('pk = :p')),
  queried(
    'backwards with Limit, then the next page from LastEvaluatedKey',
    query('pk = :p', {}, { ScanIndexForward: false, Limit: 2 }),
    query(
      'pk = :p',
      {},
      { ScanIndexForward: false, Limit: 2, ExclusiveStartKey: { pk: { S: 'p' }, sk: { S: '\uffff' } } },
    ),
  ),
  queried(
    'a page that ends on the last item still has a LastEvaluatedKey',
    query('pk = :p', {}, { Limit: 6 }),
  ),
  queried('begins_with on the sort key', query('pk = :p AND begins_with(sk, :a)', { ':a': 'a' })),
  queried(
    'BETWEEN on the sort key, conditions in either order',
    query('sk BETWEEN :a AND :b AND pk = :p', { ':a': 'a', ':b': 'b' }),
  ),
  queried('<= on the sort key', query('pk = :p AND sk <= :ab', { ':ab': 'ab' })),
  queried('the value may come first', query(':p = pk AND :a < sk', { ':a': 'a' })),
  queried(
    'placeholders for the key names',
    query('#pk = :p AND #sk > :a', { ':a': 'a' }, { ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' } }),
  ),
  queried(
    'a filter applies after Limit: fewer items than read',
    query('pk = :p', { ':two': 2 }, { FilterExpression: 'v > :two', Limit: 4 }),
  ),
  queried(
    'Select COUNT counts without items',
    query('pk = :p', { ':two': 2 }, { FilterExpression: 'v > :two', Select: 'COUNT' }),
  ),
  queried(
    'a projection of a nested list element',
    query('pk = :p', {}, { ProjectionExpression: 'sk, m.l[1]' }),
  ),
  queried(
    'ExclusiveStartKey need not be an item that exists',
    query('pk = :p', {}, { ExclusiveStartKey: { pk: { S: 'p' }, sk: { S: 'aa' } } }),
  ),
  queried('a partition with no items', query('pk = :p', { ':p': 'nobody' })),
  {
    name: 'number sort keys order by value',
    schema: 'numeric',
    requests: [
      ...NUMBERS.map((sk) => request('put', { Item: { pk: { S: 'p' }, sk: { N: sk } } })),
      query('pk = :p'),
      query('pk = :p AND sk > :nine', { ':nine': 9 }, { ScanIndexForward: false }),
    ],
  },
  {
    name: 'a page ends once 1 MB has been read',
    schema: 'generic',
    requests: [
      ...['1', '2', '3', '4'].map((sk) =>
        request('put', { Item: { pk: { S: 'p' }, sk: { S: sk }, big: { S: 'x'.repeat(350_000) } } }),
      ),
      query('pk = :p', {}, { ProjectionExpression: 'sk' }),
    ],
  },
  queried(
    'a filter on a key attribute is refused',
    failing(query('pk = :p', { ':a': 'a' }, { FilterExpression: 'sk > :a' }), 'ValidationException'),
  ),
  queried(
    'a key condition on another attribute is refused',
    failing(query('pk = :p AND v = :a', { ':a': 1 }), 'ValidationException'),
  ),
  queried('< on the partition key is refused', failing(query('pk < :p'), 'ValidationException')),
  queried('OR in a key condition is refused', failing(query('pk = :p OR sk = :p'), 'ValidationException')),
  queried('Limit 0 is refused', failing(query('pk = :p', {}, { Limit: 0 }), 'ValidationException')),
  queried(
    'a partition key value of the wrong type is refused',
    failing(query('pk = :p', { ':p': 1 }), 'ValidationException'),
  ),
];

import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Request } from './requests.ts';

/** Short forms for the requests of the differential cases on the generic `pk`/`sk` table. */
export const KEY = { pk: { S: 'p' }, sk: { S: 's' } } as const;

/** An item with a value of every type, for conditions and updates to work on. */
export const SEED: Record<string, AttributeValue> = {
  ...KEY,
  n: { N: '10' },
  s: { S: 'héllo' },
  e: { S: '😀' },
  ss: { SS: ['a', 'b'] },
  ns: { NS: ['1', '2'] },
  l: { L: [{ S: 'x' }, { N: '1' }, { M: { c: { S: 'deep' } } }] },
  m: { M: { a: { M: { b: { N: '1' } } }, k: { S: 'v' } } },
  bo: { BOOL: true },
  nul: { NULL: true },
  b: { B: new Uint8Array([1, 2, 3]) },
  bs: { BS: [new Uint8Array([1]), new Uint8Array([2])] },
};

export const seed: Request = { op: 'put', input: { Item: SEED } };

type Values = Record<string, AttributeValue>;

/** `:name` → `{ S: … }` or `{ N: … }` for brevity: numbers become N, strings S. */
export function values(given: Record<string, string | number | AttributeValue>): Values {
  return Object.fromEntries(
    Object.entries(given).map(([name, value]) => [
      name,
      typeof value === 'number' ? { N: String(value) } : typeof value === 'string' ? { S: value } : value,
    ]),
  );
}

/** An UpdateItem of the seeded item guarded by `condition`, which sets `checked` when the condition holds. */
export function checked(
  condition: string,
  given: Record<string, string | number | AttributeValue> = {},
  extra = {},
): Request {
  const all = { ...given, ':checked': { BOOL: true } };
  return {
    op: 'update',
    input: {
      Key: KEY,
      UpdateExpression: 'SET checked = :checked',
      ConditionExpression: condition,
      ExpressionAttributeValues: values(all),
      ...extra,
    },
  };
}

/** An UpdateItem of the seeded item. */
export function update(
  expression: string,
  given: Record<string, string | number | AttributeValue> = {},
  extra = {},
): Request {
  return {
    op: 'update',
    input: {
      Key: KEY,
      UpdateExpression: expression,
      ...(Object.keys(given).length > 0 ? { ExpressionAttributeValues: values(given) } : {}),
      ...extra,
    },
  };
}

/** Any request of an operation on the generic table. */
export function request(op: Request['op'], input: Record<string, unknown>): Request {
  return { op, input };
}

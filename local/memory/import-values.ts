import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { emptyItem, type Item } from './attribute-values.ts';
import { validationError } from './errors.ts';
import { normalizeNumber } from './numbers.ts';

/**
 * Values from a request, validated as DynamoDB validates them and copied into the store's form:
 * exactly one data type per value, canonical numbers, non-empty sets without duplicates, byte
 * arrays copied. Nothing of the caller's object is kept, so a caller can never alias stored state.
 */
const INVALID = 'One or more parameter values were invalid: ';
const SET_NAMES = { SS: 'string', NS: 'number', BS: 'binary' } as const;

/** An item (or a `Key`) from a request, copied and validated. */
export function importItem(source: Record<string, AttributeValue> | undefined): Item {
  const item = emptyItem();
  if (source === undefined || source === null) return item;
  for (const name of Object.keys(source)) {
    item[name] = importValue(source[name] as AttributeValue);
  }
  return item;
}

/** One value from a request, copied and validated. */
export function importValue(value: AttributeValue): AttributeValue {
  if (typeof value !== 'object' || value === null) {
    throw validationError(
      'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes',
    );
  }
  const type = singleMember(value);
  const content: unknown = (value as unknown as Record<string, unknown>)[type];
  switch (type) {
    case 'S':
      return { S: expect(content, typeof content === 'string') };
    case 'N':
      return { N: normalizeNumber(expect(content, typeof content === 'string')) };
    case 'B':
      return { B: importBinary(content) };
    case 'BOOL':
      return { BOOL: expect(content, typeof content === 'boolean') };
    case 'NULL':
      return importNull(content);
    case 'L':
      return { L: expect<AttributeValue[]>(content, Array.isArray(content)).map(importValue) };
    case 'M':
      return { M: importItem(expect(content, typeof content === 'object' && content !== null)) };
    case 'SS':
    case 'NS':
    case 'BS':
      return importSet(type, content);
    default:
      throw validationError(`Supplied AttributeValue has an unknown data type: ${type}`);
  }
}

function singleMember(value: AttributeValue): string {
  let type: string | undefined;
  for (const key of Object.keys(value)) {
    if ((value as unknown as Record<string, unknown>)[key] === undefined) continue;
    if (type !== undefined) {
      throw validationError(
        'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes',
      );
    }
    type = key;
  }
  if (type === undefined) {
    throw validationError(
      'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes',
    );
  }
  return type;
}

function expect<T>(content: unknown, valid: boolean): T {
  if (!valid) throw validationError(`${INVALID}Supplied AttributeValue has a value of the wrong form`);
  return content as T;
}

function importNull(content: unknown): AttributeValue {
  if (content !== true) {
    throw validationError(`${INVALID}Null attribute value types must have the value of true`);
  }
  return { NULL: true };
}

/** Bytes as given (`Uint8Array`, `Buffer`), or base64 text as Step Functions passes them. */
function importBinary(content: unknown): Uint8Array {
  if (content instanceof Uint8Array) return new Uint8Array(content);
  if (typeof content === 'string') return new Uint8Array(Buffer.from(content, 'base64'));
  throw validationError(`${INVALID}Supplied AttributeValue has a value of the wrong form`);
}

function importSet(type: 'SS' | 'NS' | 'BS', content: unknown): AttributeValue {
  const members: unknown[] = expect(content, Array.isArray(content));
  if (members.length === 0) throw validationError(`${INVALID}An ${SET_NAMES[type]} set  may not be empty`);
  if (type === 'BS') {
    const bytes = members.map(importBinary);
    rejectDuplicates(bytes.map((member) => Buffer.from(member).toString('base64')));
    return { BS: bytes };
  }
  const texts = members.map((member) => expect<string>(member, typeof member === 'string'));
  const canonical = type === 'NS' ? texts.map(normalizeNumber) : texts;
  rejectDuplicates(canonical);
  return type === 'NS' ? { NS: canonical } : { SS: canonical };
}

function rejectDuplicates(members: readonly string[]): void {
  if (new Set(members).size !== members.length) {
    throw validationError(`${INVALID}Input collection [${members.join(', ')}] contains duplicates.`);
  }
}

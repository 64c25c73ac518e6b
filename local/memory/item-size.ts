import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Item } from './attribute-values.ts';
import { validationError } from './errors.ts';

/**
 * DynamoDB's item size: the UTF-8 bytes of every attribute name and value; numbers about one byte
 * per two significant digits plus one; 1 byte for a boolean or null; 3 bytes plus 1 per element
 * for a list or map. An item may hold 400 KB; a Query page reads up to 1 MB.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html
 */
export const MAX_ITEM_BYTES = 400 * 1024;

/** The item's size in bytes; `ValidationException` with `message` past 400 KB. */
export function checkedItemSize(item: Item, message: string): number {
  const size = itemSize(item);
  if (size > MAX_ITEM_BYTES) throw validationError(message);
  return size;
}

/** The item's size in bytes, as DynamoDB counts it. */
export function itemSize(item: Item): number {
  let size = 0;
  for (const name in item) size += utf8Length(name) + valueSize(item[name] as AttributeValue);
  return size;
}

function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return utf8Length(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return value.B.length;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.L !== undefined) return value.L.reduce((size, element) => size + 1 + valueSize(element), 3);
  if (value.M !== undefined) return 3 + itemSize(value.M) + Object.keys(value.M).length;
  if (value.SS !== undefined) return value.SS.reduce((size, member) => size + utf8Length(member), 0);
  if (value.NS !== undefined) return value.NS.reduce((size, member) => size + numberSize(member), 0);
  return (value.BS ?? []).reduce((size, member) => size + member.length, 0);
}

/** UTF-8 length; counted by hand for short strings, where it beats a call into Buffer. */
export function utf8Length(text: string): number {
  if (text.length > 64) return Buffer.byteLength(text, 'utf8');
  let length = 0;
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    length += unit < 0x80 ? 1 : unit < 0x800 ? 2 : unit >= 0xd800 && unit <= 0xdfff ? 2 : 3;
  }
  return length;
}

/** 1 byte per two significant digits, plus 1: the digits between the first and last non-zero digit. */
function numberSize(canonical: string): number {
  let first = 0;
  while (first < canonical.length && !isSignificant(canonical.charCodeAt(first))) first += 1;
  let last = canonical.length - 1;
  while (last > first && !isSignificant(canonical.charCodeAt(last))) last -= 1;
  const point = canonical.indexOf('.');
  const digits = last - first + 1 - (point > first && point < last ? 1 : 0);
  return Math.ceil(Math.max(digits, 0) / 2) + 1;
}

/** A digit 1–9 (not a sign, point or zero). */
function isSignificant(code: number): boolean {
  return code > 48 && code <= 57;
}

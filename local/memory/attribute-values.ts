import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/**
 * Stored values. Items and maps are objects whose prototype is an empty object without prototype,
 * so no attribute name (`constructor`, `__proto__`) meets an inherited property, while V8 keeps
 * them as fast objects (`Object.create(null)` would make slow dictionaries). They are never changed
 * in place once stored: an update builds new containers along the paths it changes and shares the
 * rest. That is what lets reads hand out copies and writes copy only what they touch.
 */
export type Item = Record<string, AttributeValue>;

/** DynamoDB's data type descriptors. */
export type AttributeType = 'S' | 'N' | 'B' | 'SS' | 'NS' | 'BS' | 'M' | 'L' | 'NULL' | 'BOOL';

/** Every type descriptor, for `attribute_type`. */
export const ATTRIBUTE_TYPES: ReadonlySet<string> = new Set<AttributeType>([
  'S',
  'N',
  'B',
  'SS',
  'NS',
  'BS',
  'M',
  'L',
  'NULL',
  'BOOL',
]);

/** The type of a stored (validated) value: its single member. */
export function typeOf(value: AttributeValue): AttributeType {
  for (const key in value) return key as AttributeType;
  return 'NULL';
}

const NOTHING_INHERITED: object = Object.freeze(Object.create(null));

/** A new item or map that inherits nothing. */
export function emptyItem(): Item {
  return Object.create(NOTHING_INHERITED) as Item;
}

/** A shallow copy of an item or map: new container, shared (immutable) values. */
export function shallowCopy(item: Item): Item {
  const copy = emptyItem();
  for (const name in item) copy[name] = item[name] as AttributeValue;
  return copy;
}

/** A deep copy of a stored item as an ordinary object, for a caller who may change it. */
export function exportItem(item: Item): Record<string, AttributeValue> {
  const copy: Record<string, AttributeValue> = {};
  for (const name in item) setOwn(copy, name, exportValue(item[name] as AttributeValue));
  return copy;
}

/** A deep copy of a stored value as ordinary objects and fresh byte arrays. */
export function exportValue(value: AttributeValue): AttributeValue {
  if (value.S !== undefined || value.N !== undefined) return { ...value };
  if (value.M !== undefined) return { M: exportItem(value.M) };
  if (value.L !== undefined) return { L: value.L.map(exportValue) };
  if (value.B !== undefined) return { B: new Uint8Array(value.B) };
  if (value.SS !== undefined) return { SS: [...value.SS] };
  if (value.NS !== undefined) return { NS: [...value.NS] };
  if (value.BS !== undefined) return { BS: value.BS.map((bytes) => new Uint8Array(bytes)) };
  return { ...value };
}

/** Assigns an own property, even one named `__proto__`. */
export function setOwn(target: Record<string, AttributeValue>, name: string, value: AttributeValue): void {
  if (name === '__proto__') {
    Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[name] = value;
  }
}

/** DynamoDB's equality: same type and same value; sets in any order; numbers by value. */
export function valuesEqual(a: AttributeValue, b: AttributeValue): boolean {
  if (a.S !== undefined) return a.S === b.S;
  if (a.N !== undefined) return a.N === b.N;
  if (a.BOOL !== undefined) return a.BOOL === b.BOOL;
  if (a.NULL !== undefined) return b.NULL !== undefined;
  if (a.B !== undefined) return b.B !== undefined && bytesEqual(a.B, b.B);
  if (a.L !== undefined) return b.L !== undefined && listsEqual(a.L, b.L);
  if (a.M !== undefined) return b.M !== undefined && mapsEqual(a.M, b.M);
  if (a.SS !== undefined) return b.SS !== undefined && sameMembers(a.SS, b.SS);
  if (a.NS !== undefined) return b.NS !== undefined && sameMembers(a.NS, b.NS);
  if (a.BS !== undefined) return b.BS !== undefined && sameBinaryMembers(a.BS, b.BS);
  return false;
}

/** Whether two byte arrays hold the same bytes. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index += 1) if (a[index] !== b[index]) return false;
  return true;
}

function listsEqual(a: readonly AttributeValue[], b: readonly AttributeValue[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((element, index) => valuesEqual(element, b[index] as AttributeValue));
}

function mapsEqual(a: Item, b: Item): boolean {
  let count = 0;
  for (const name in a) {
    const other = b[name];
    if (other === undefined || !valuesEqual(a[name] as AttributeValue, other)) return false;
    count += 1;
  }
  return count === Object.keys(b).length;
}

function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const members = new Set(b);
  return a.every((member) => members.has(member));
}

function sameBinaryMembers(a: readonly Uint8Array[], b: readonly Uint8Array[]): boolean {
  return a.length === b.length && a.every((member) => b.some((other) => bytesEqual(member, other)));
}

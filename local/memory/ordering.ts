import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { compareNumbers } from './numbers.ts';

/**
 * DynamoDB's order of scalar values: numbers by value, strings and binary by their bytes (UTF-8 for
 * strings). Values of different types, or of types that have no order, are not comparable.
 */
export function compareValues(a: AttributeValue, b: AttributeValue): number | undefined {
  if (a.S !== undefined) return b.S === undefined ? undefined : compareStrings(a.S, b.S);
  if (a.N !== undefined) return b.N === undefined ? undefined : compareNumbers(a.N, b.N);
  if (a.B !== undefined) return b.B === undefined ? undefined : compareBytes(a.B, b.B);
  return undefined;
}

/**
 * Orders strings by their UTF-8 bytes, which is the order of their code points. JavaScript's `<`
 * compares UTF-16 code units instead, which differs only where a surrogate pair (a code point above
 * U+FFFF) meets a code unit from U+E000 to U+FFFF: there the pair must sort after.
 */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index += 1) {
    const left = a.charCodeAt(index);
    const right = b.charCodeAt(index);
    if (left !== right) return Math.sign(codePointRank(left) - codePointRank(right));
  }
  return Math.sign(a.length - b.length);
}

/** Moves surrogates (U+D800–U+DFFF) above every other code unit, keeping the rest in order. */
function codePointRank(unit: number): number {
  return unit >= 0xd800 && unit <= 0xdfff ? unit + 0x2000 : unit >= 0xe000 ? unit - 0x800 : unit;
}

/** Orders byte arrays as unsigned bytes, a shorter prefix first. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index += 1) {
    const difference = (a[index] as number) - (b[index] as number);
    if (difference !== 0) return Math.sign(difference);
  }
  return Math.sign(a.length - b.length);
}

/** Whether `prefix` starts `bytes`. */
export function bytesStartWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (prefix.length > bytes.length) return false;
  for (let index = 0; index < prefix.length; index += 1) if (bytes[index] !== prefix[index]) return false;
  return true;
}

/** Whether `part` occurs anywhere in `bytes`. */
export function bytesContain(bytes: Uint8Array, part: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).includes(Buffer.from(part));
}

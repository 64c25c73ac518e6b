import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { emptyItem, type Item, typeOf } from './attribute-values.ts';
import { validationError } from './errors.ts';
import { utf8Length } from './item-size.ts';
import { compareValues } from './ordering.ts';

/** The key attribute types DynamoDB allows. */
export type KeyType = 'S' | 'N' | 'B';

/** A table's name and key schema. */
export interface InMemoryTableSpec {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey?: string;
  /**
   * The partition key's type, as `AttributeDefinitions` declares it. Left out, the table takes the
   * type of the first item written, and refuses other types from then on (DynamoDB's tables have one).
   */
  readonly partitionKeyType?: KeyType;
  /** The sort key's type; left out, as for {@link partitionKeyType}. */
  readonly sortKeyType?: KeyType;
}

/** An item's place in its table. */
export interface ItemKey {
  readonly partition: string;
  readonly sort: string;
  readonly sortValue: AttributeValue | undefined;
  /** The key attributes alone. */
  readonly attributes: Item;
}

/** A stored item with its sort key value and size (for Query's 1 MB pages). */
export interface StoredRecord {
  readonly key: ItemKey;
  readonly item: Item;
  readonly size: number;
}

interface Partition {
  readonly records: Map<string, StoredRecord>;
  /** The same records in sort-key order. */
  readonly sorted: StoredRecord[];
}

const MAX_PARTITION_KEY_BYTES = 2048;
const MAX_SORT_KEY_BYTES = 1024;
const NO_MATCH = 'The provided key element does not match the schema';
const INVALID = 'One or more parameter values were invalid: ';

/** One table: items by partition, each partition in sort-key order. */
export class Table {
  readonly keyNames: readonly string[];
  readonly #partitions = new Map<string, Partition>();
  readonly #types: { partition: KeyType | undefined; sort: KeyType | undefined };

  constructor(readonly spec: InMemoryTableSpec) {
    this.keyNames = spec.sortKey === undefined ? [spec.partitionKey] : [spec.partitionKey, spec.sortKey];
    this.#types = { partition: spec.partitionKeyType, sort: spec.sortKeyType };
  }

  /** The key type in force (declared, or taken from the first item), if any yet. */
  keyType(which: 'partition' | 'sort'): KeyType | undefined {
    return this.#types[which];
  }

  /** The key of a whole item (PutItem's `Item`). */
  keyOfItem(item: Item): ItemKey {
    return this.#key(item, 'item');
  }

  /** A `Key` parameter, which must hold exactly the key attributes. */
  keyOf(key: Item): ItemKey {
    if (Object.keys(key).length !== this.keyNames.length) throw validationError(NO_MATCH);
    return this.#key(key, 'key');
  }

  get(key: ItemKey): StoredRecord | undefined {
    return this.#partitions.get(key.partition)?.records.get(key.sort);
  }

  put(key: ItemKey, item: Item, size: number): void {
    this.#types.partition ??= typeOf(item[this.spec.partitionKey] as AttributeValue) as KeyType;
    if (key.sortValue) this.#types.sort ??= typeOf(key.sortValue) as KeyType;
    let partition = this.#partitions.get(key.partition);
    if (!partition) {
      partition = { records: new Map(), sorted: [] };
      this.#partitions.set(key.partition, partition);
    }
    const record: StoredRecord = { key, item, size };
    const previous = partition.records.get(key.sort);
    partition.records.set(key.sort, record);
    const at = insertionPoint(partition.sorted, key.sortValue);
    if (previous) partition.sorted[at] = record;
    else partition.sorted.splice(at, 0, record);
  }

  delete(key: ItemKey): void {
    const partition = this.#partitions.get(key.partition);
    if (!partition?.records.delete(key.sort)) return;
    partition.sorted.splice(insertionPoint(partition.sorted, key.sortValue), 1);
    if (partition.records.size === 0) this.#partitions.delete(key.partition);
  }

  /** The records of a partition, in sort-key order. */
  partition(partitionValue: AttributeValue): readonly StoredRecord[] {
    return this.#partitions.get(keyText(partitionValue))?.sorted ?? [];
  }

  /** Every record, partition by partition. */
  *records(): Generator<StoredRecord> {
    for (const partition of this.#partitions.values()) yield* partition.sorted;
  }

  #key(source: Item, mode: 'item' | 'key'): ItemKey {
    const { partitionKey, sortKey } = this.spec;
    const partitionValue = this.#keyPart(partitionKey, source[partitionKey], 'partition', mode);
    const sortValue =
      sortKey === undefined ? undefined : this.#keyPart(sortKey, source[sortKey], 'sort', mode);
    const attributes = emptyItem();
    attributes[partitionKey] = partitionValue;
    if (sortKey !== undefined && sortValue) attributes[sortKey] = sortValue;
    return {
      partition: keyText(partitionValue),
      sort: sortValue ? keyText(sortValue) : '',
      sortValue,
      attributes,
    };
  }

  #keyPart(
    name: string,
    value: AttributeValue | undefined,
    which: 'partition' | 'sort',
    mode: 'item' | 'key',
  ) {
    if (value === undefined) {
      throw validationError(mode === 'item' ? `${INVALID}Missing the key ${name} in the item` : NO_MATCH);
    }
    const type = typeOf(value);
    const expected = this.#types[which];
    if ((type !== 'S' && type !== 'N' && type !== 'B') || (expected !== undefined && type !== expected)) {
      throw validationError(
        mode === 'item'
          ? `${INVALID}Type mismatch for key ${name} expected: ${expected ?? 'S, N or B'} actual: ${type}`
          : NO_MATCH,
      );
    }
    checkKeyContent(name, value, which);
    return value;
  }
}

function checkKeyContent(name: string, value: AttributeValue, which: 'partition' | 'sort'): void {
  const length = value.S !== undefined ? utf8Length(value.S) : (value.B?.length ?? 1);
  if (length === 0) {
    throw validationError(
      `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ${value.S !== undefined ? 'string' : 'binary'} value. Key: ${name}`,
    );
  }
  if (which === 'partition' && length > MAX_PARTITION_KEY_BYTES) {
    throw validationError(`${INVALID}Size of hashkey has exceeded the maximum size limit of 2048 bytes`);
  }
  if (which === 'sort' && length > MAX_SORT_KEY_BYTES) {
    throw validationError(
      `${INVALID}Aggregated size of all range keys has exceeded the size limit of 1024 bytes`,
    );
  }
}

/** A key value as text: one table has one key type, so the texts of different values differ. */
function keyText(value: AttributeValue): string {
  return value.S ?? value.N ?? Buffer.from(value.B ?? new Uint8Array()).toString('base64');
}

/** Where a sort key value is, or would go, in a partition's sorted records (binary search). */
function insertionPoint(sorted: readonly StoredRecord[], sortValue: AttributeValue | undefined): number {
  if (sortValue === undefined) return 0;
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const order =
      compareValues((sorted[middle] as StoredRecord).key.sortValue as AttributeValue, sortValue) ?? 0;
    if (order < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

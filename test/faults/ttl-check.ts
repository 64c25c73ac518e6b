import type { TableAtRest } from './at-rest.ts';

/** An item of a table with a TTL whose TTL is missing or out of range. */
export interface TtlProblem {
  readonly tableName: string;
  readonly key: string;
  readonly expiresAt: unknown;
}

/** The range every TTL must fall in (epoch seconds). */
export interface TtlRange {
  /** Nothing written by the run may be expired before the run began (a producer's 1970 clock). */
  readonly notBefore: number;
  /** The longest any item may be kept: the run's end + the execution limit + the longest retention (a FAILED saga's 14-day redrive window), with a margin. */
  readonly notAfter: number;
}

/** Every item, of every table that declares a TTL attribute, whose TTL is missing or outside `range`. */
export function itemsWithoutSaneTtl(tables: readonly TableAtRest[], range: TtlRange): TtlProblem[] {
  const problems: TtlProblem[] = [];
  for (const table of tables) {
    const attribute = table.ttlAttribute;
    if (attribute === undefined) continue;
    for (const item of table.items) {
      const expiresAt = item[attribute];
      const sane =
        typeof expiresAt === 'number' &&
        Number.isInteger(expiresAt) &&
        expiresAt >= range.notBefore &&
        expiresAt <= range.notAfter;
      if (!sane) problems.push({ tableName: table.tableName, key: keyOf(item), expiresAt });
    }
  }
  return problems;
}

function keyOf(item: Readonly<Record<string, unknown>>): string {
  return [item.sagaId ?? item.id, item.sk].filter((part) => part !== undefined).join(' / ');
}

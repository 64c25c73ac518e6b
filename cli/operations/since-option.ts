import { UsageError } from '../command.ts';

/** Milliseconds in each unit `--since` takes. */
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * The start of a `--since` window: `30m`, `1h`, `7d`, `90s` before `now`, or an ISO time.
 * @throws UsageError naming `--since` and the accepted forms
 */
export function sinceTime(value: string, now: Date): Date {
  const relative = /^(\d+(?:\.\d+)?)\s*([smhd])$/.exec(value.trim());
  if (relative?.[1] && relative[2]) {
    return new Date(now.getTime() - Number(relative[1]) * UNIT_MS[relative[2] as keyof typeof UNIT_MS]);
  }
  const absolute = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isFinite(absolute)) return new Date(absolute);
  throw new UsageError(
    `--since ${JSON.stringify(value)} is not a duration or a time: write 90s, 30m, 1h, 7d, or an ISO time such as 2026-12-01T09:00:00Z`,
  );
}

import type { SagaIndexEntry } from '../../contract/saga-index.ts';
import { SagaStatus, TERMINAL_STATUSES } from '../../contract/saga-table.ts';

/** Failure reasons `saga stats` shows, most frequent first. */
export const TOP_FAILURE_REASONS = 5;

/** One failure reason: an error at a step, and how many sagas in the window ended with it. */
export interface FailureReason {
  readonly error: string;
  readonly step: string | undefined;
  readonly count: number;
}

/** The health of a saga type over a window: what `saga stats` prints. */
export interface SagaStats {
  /** Sagas started in the window, whatever they became. */
  readonly started: number;
  /** Of those, how many are at each status now. */
  readonly byStatus: Readonly<Record<SagaStatus, number>>;
  /** Completed, percent of the sagas of the window that ended; `undefined` when none ended. */
  readonly successPercent: number | undefined;
  /** Start to end of the sagas of the window that ended, nearest-rank percentiles. */
  readonly durationMs: { readonly p50: number; readonly p95: number; readonly p99: number } | undefined;
  /** Why the sagas that did not complete ended as they did, by error and step. */
  readonly topFailureReasons: readonly FailureReason[];
}

/** The figures of {@link SagaStats} from the index entries of a window. */
export function sagaStatsOf(entries: readonly SagaIndexEntry[]): SagaStats {
  const byStatus = Object.fromEntries(Object.values(SagaStatus).map((status) => [status, 0])) as Record<
    SagaStatus,
    number
  >;
  for (const entry of entries) byStatus[entry.status] = (byStatus[entry.status] ?? 0) + 1;
  const ended = entries.filter((entry) => TERMINAL_STATUSES.includes(entry.status));
  const durations = ended
    .flatMap((entry) => (entry.endedAt ? [Date.parse(entry.endedAt) - Date.parse(entry.startedAt)] : []))
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  return {
    started: entries.length,
    byStatus,
    successPercent: ended.length === 0 ? undefined : (byStatus.COMPLETED / ended.length) * 100,
    durationMs:
      durations.length === 0
        ? undefined
        : { p50: percentile(durations, 50), p95: percentile(durations, 95), p99: percentile(durations, 99) },
    topFailureReasons: failureReasons(ended),
  };
}

/** The nearest-rank percentile of sorted values: the smallest value with p % of them at or below it. */
export function percentile(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? Number.NaN;
}

function failureReasons(ended: readonly SagaIndexEntry[]): FailureReason[] {
  const counts = new Map<string, FailureReason>();
  for (const entry of ended) {
    if (entry.status === SagaStatus.COMPLETED || entry.error === undefined) continue;
    const id = JSON.stringify([entry.error, entry.step]);
    const known = counts.get(id);
    counts.set(id, { error: entry.error, step: entry.step, count: (known?.count ?? 0) + 1 });
  }
  return [...counts.values()]
    .sort((a, b) => b.count - a.count || a.error.localeCompare(b.error))
    .slice(0, TOP_FAILURE_REASONS);
}

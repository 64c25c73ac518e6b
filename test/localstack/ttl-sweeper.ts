import type { Fetch } from '../../localstack/scripts/endpoint.ts';

/**
 * LocalStack's developer endpoint that runs its TTL sweep now: it deletes the expired items of every
 * table with TTL enabled, as the `DYNAMODB_REMOVE_EXPIRED_ITEMS` worker does, but that worker runs hourly.
 * @see https://github.com/localstack/localstack/blob/main/localstack-core/localstack/services/dynamodb/provider.py
 *   (`DynamoDBDeveloperEndpoints`, `ExpiredItemsWorker`)
 */
export const EXPIRED_ITEMS_PATH = '/_aws/dynamodb/expired';

/** How often the suite asks LocalStack to sweep expired items. */
export const TTL_SWEEP_INTERVAL_MS = 2_000;

/** A running sweeper. */
export interface TtlSweeper {
  /** Stops sweeping, after the sweep in flight (if any) ends. */
  stop(): Promise<void>;
  /** Sweeps LocalStack answered. */
  readonly sweeps: number;
  /** The last failure (a sweep that fails is retried at the next interval), for the suite's diagnostics. */
  readonly lastError: string | undefined;
}

/**
 * Asks LocalStack every `intervalMs` to delete expired items, so TTL expiry happens within seconds of an
 * item's `expiresAt` passing: the deletion is LocalStack's own TTL code, only its schedule is ours.
 */
export function startTtlSweeper(
  endpoint: string,
  options: { readonly fetch?: Fetch; readonly intervalMs?: number } = {},
): TtlSweeper {
  const { fetch: send = globalThis.fetch, intervalMs = TTL_SWEEP_INTERVAL_MS } = options;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  const state: { sweeps: number; lastError: string | undefined } = { sweeps: 0, lastError: undefined };

  const sweep = async () => {
    try {
      const response = await send(`${endpoint}${EXPIRED_ITEMS_PATH}`, {
        method: 'DELETE',
        signal: AbortSignal.timeout(intervalMs * 5),
      });
      if (response.ok) state.sweeps += 1;
      else state.lastError = `HTTP ${response.status}`;
    } catch (error) {
      state.lastError = error instanceof Error ? error.message : String(error);
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      inFlight = sweep().then(schedule);
    }, intervalMs);
  };
  schedule();

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await inFlight;
    },
    get sweeps() {
      return state.sweeps;
    },
    get lastError() {
      return state.lastError;
    },
  };
}

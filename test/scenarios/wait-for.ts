/** Polls `probe` until `done` holds, or fails after `timeoutMs` with what it last saw. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (done(last)) return last;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  const seen =
    last === undefined
      ? `nothing${lastError ? ` (last error: ${String(lastError)})` : ''}`
      : JSON.stringify(last, null, 2);
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}. Last seen: ${seen}`);
}

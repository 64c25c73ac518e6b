import { describe, expect, it, vi } from 'vitest';
import type { Fetch } from '../../localstack/scripts/endpoint.ts';
import { startTtlSweeper } from './ttl-sweeper.ts';

function recordingFetch(answer: () => Promise<Response>) {
  const calls: { url: string; method: string | undefined }[] = [];
  const fetch: Fetch = async (url, init) => {
    calls.push({ url, method: init?.method });
    return answer();
  };
  return { fetch, calls };
}

describe('the TTL sweeper', () => {
  it('asks LocalStack to delete expired items on every interval, until it is stopped', async () => {
    // Arrange
    const { fetch, calls } = recordingFetch(async () => new Response('{"ExpiredItems": 0}'));
    // Act
    const sweeper = startTtlSweeper('http://ls:4566', { fetch, intervalMs: 5 });
    await vi.waitFor(() => expect(sweeper.sweeps).toBeGreaterThanOrEqual(3));
    await sweeper.stop();
    const afterStop = calls.length;
    await new Promise((resolve) => setTimeout(resolve, 30));
    // Assert
    expect(calls[0]).toEqual({ url: 'http://ls:4566/_aws/dynamodb/expired', method: 'DELETE' });
    expect(calls.length).toBe(afterStop);
    expect(sweeper.lastError).toBeUndefined();
  });

  it('keeps sweeping after a failure, and keeps the last one for the diagnostics', async () => {
    // Arrange
    let call = 0;
    const { fetch } = recordingFetch(async () => {
      call += 1;
      if (call === 1) throw new Error('socket hang up');
      return new Response('', { status: call === 2 ? 500 : 200 });
    });
    // Act
    const sweeper = startTtlSweeper('http://ls:4566', { fetch, intervalMs: 5 });
    await vi.waitFor(() => expect(call).toBeGreaterThanOrEqual(3));
    await sweeper.stop();
    // Assert
    expect(sweeper.lastError).toBe('HTTP 500');
    expect(sweeper.sweeps).toBeGreaterThanOrEqual(1);
  });
});

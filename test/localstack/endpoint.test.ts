import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_LOCALSTACK_ENDPOINT,
  type Fetch,
  PROBE_TIMEOUT_MS,
  probeLocalStack,
  REQUIRED_SERVICES,
  resolveEndpoint,
  servicesNotReady,
  waitForHealthy,
} from '../../localstack/scripts/endpoint.ts';

const allReady = Object.fromEntries(REQUIRED_SERVICES.map((service) => [service, 'available']));
const answer =
  (status: number, body: unknown): Fetch =>
  async () =>
    new Response(JSON.stringify(body), { status });
const refused: Fetch = async () => {
  throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
};

const servers: { close(): void }[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});
async function listening<S extends Server | ReturnType<typeof createTcpServer>>(server: S): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
}

describe('the LocalStack endpoint', () => {
  it('is http://localhost:4566 unless LOCALSTACK_ENDPOINT or AWS_ENDPOINT_URL says otherwise', () => {
    // Act
    const endpoints = [
      resolveEndpoint({}),
      resolveEndpoint({ AWS_ENDPOINT_URL: 'http://aws-endpoint:4566/' }),
      resolveEndpoint({
        AWS_ENDPOINT_URL: 'http://aws-endpoint:4566',
        LOCALSTACK_ENDPOINT: 'http://ls:4566',
      }),
    ];
    // Assert
    expect(endpoints).toEqual([DEFAULT_LOCALSTACK_ENDPOINT, 'http://aws-endpoint:4566', 'http://ls:4566']);
    expect(DEFAULT_LOCALSTACK_ENDPOINT).toBe('http://localhost:4566');
  });

  it('is reachable when its health resource answers with services', async () => {
    // Arrange
    const server = createHttpServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(
        JSON.stringify(
          request.url === '/_localstack/health' ? { services: allReady, version: '4.14.0' } : {},
        ),
      );
    });
    const endpoint = await listening(server);
    // Act
    const probe = await probeLocalStack(endpoint);
    // Assert
    expect(probe).toEqual({ reachable: true, health: { services: allReady, version: '4.14.0' } });
  });

  it('is unreachable, at once, when nothing listens', async () => {
    // Arrange
    const endpoint = await listening(createTcpServer());
    servers.pop()?.close();
    const started = Date.now();
    // Act
    const probe = await probeLocalStack(endpoint);
    // Assert
    expect(probe).toEqual({ reachable: false, reason: 'ECONNREFUSED' });
    expect(Date.now() - started).toBeLessThan(PROBE_TIMEOUT_MS);
  });

  it('gives up after about a second on a port that accepts but never answers', async () => {
    // Arrange
    const endpoint = await listening(createTcpServer(() => {}));
    const started = Date.now();
    // Act
    const probe = await probeLocalStack(endpoint);
    // Assert
    expect(probe).toEqual({ reachable: false, reason: `no answer within ${PROBE_TIMEOUT_MS} ms` });
    expect(Date.now() - started).toBeLessThan(PROBE_TIMEOUT_MS + 1_000);
  });

  it('is unreachable, saying why, when something else answers', async () => {
    // Act
    const httpError = await probeLocalStack('http://ls:4566', { fetch: answer(503, {}) });
    const notLocalStack = await probeLocalStack('http://ls:4566', { fetch: answer(200, { status: 'ok' }) });
    // Assert
    expect(httpError).toEqual({
      reachable: false,
      reason: 'http://ls:4566/_localstack/health answered HTTP 503',
    });
    expect(notLocalStack).toEqual({
      reachable: false,
      reason: "http://ls:4566/_localstack/health is not LocalStack's health",
    });
  });

  it('lists the required services that are not available or running', () => {
    // Act
    const waiting = servicesNotReady({
      services: { ...allReady, lambda: 'starting', sqs: 'running', ssm: 'error' },
    });
    const missing = servicesNotReady({ services: { dynamodb: 'available' } }, ['dynamodb', 'stepfunctions']);
    // Assert
    expect(waiting).toEqual(['lambda=starting', 'ssm=error']);
    expect(missing).toEqual(['stepfunctions=missing']);
  });
});

describe('waiting for a healthy LocalStack', () => {
  it('polls until every required service is ready', async () => {
    // Arrange
    const answers = [
      refused,
      answer(200, { services: { ...allReady, lambda: 'starting' } }),
      answer(200, { services: allReady }),
    ];
    let calls = 0;
    const sleeps: number[] = [];
    // Act
    const health = await waitForHealthy('http://ls:4566', {
      fetch: (url, init) => (answers[Math.min(calls++, answers.length - 1)] as Fetch)(url, init),
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      intervalMs: 50,
    });
    // Assert
    expect(health.services).toEqual(allReady);
    expect(sleeps).toEqual([50, 50]);
  });

  it('fails after its timeout with what it last saw', async () => {
    // Arrange
    let clock = 0;
    // Act
    const wait = waitForHealthy('http://ls:4566', {
      fetch: answer(200, { services: { ...allReady, stepfunctions: 'starting' } }),
      sleep: async (ms) => {
        clock += ms;
      },
      now: () => clock,
      timeoutMs: 10_000,
    });
    // Assert
    await expect(wait).rejects.toThrow(
      'LocalStack at http://ls:4566 was not healthy after 10000 ms; last seen: services not ready: stepfunctions=starting',
    );
  });
});

/**
 * Where LocalStack is and whether it answers: shared by the npm scripts and the LocalStack suite.
 * @see https://docs.localstack.cloud/aws/capabilities/config/internal-endpoints/
 */

/** The LocalStack gateway when nothing says otherwise (the port `docker-compose.yml` publishes). */
export const DEFAULT_LOCALSTACK_ENDPOINT = 'http://localhost:4566';

/** LocalStack's health resource: `{ services: { <name>: "available" | "running" | … }, version, edition }`. */
export const HEALTH_PATH = '/_localstack/health';

/** How long a probe waits for an answer: short, so `npm test` is not slowed when nothing listens. */
export const PROBE_TIMEOUT_MS = 1_000;

/**
 * The LocalStack services the example stack and its deployment use: the ones the stack's resources
 * live in, plus what `cdk bootstrap`/`cdk deploy` touch (S3 assets, SSM bootstrap version, STS).
 * `docker-compose.yml` starts exactly these (`SERVICES`), and `localstack:up` waits for them.
 */
export const REQUIRED_SERVICES = [
  'cloudformation',
  'cloudwatch',
  'dynamodb',
  'dynamodbstreams',
  'events',
  'iam',
  'kms',
  'lambda',
  'logs',
  's3',
  'sns',
  'sqs',
  'ssm',
  'stepfunctions',
  'sts',
] as const;

/** Service states in the health answer that mean "ready to serve" (`available` = loads on first call). */
const READY_STATES = new Set(['available', 'running']);

/** The health answer, as far as the scripts and the suite read it. */
export interface LocalStackHealth {
  readonly services: Readonly<Record<string, string>>;
  readonly version?: string;
  readonly edition?: string;
}

/** What a probe found: a LocalStack that answered, or why there is none. */
export type ProbeResult =
  | { readonly reachable: true; readonly health: LocalStackHealth }
  | { readonly reachable: false; readonly reason: string };

/** The `fetch` the probes use (the global one by default; tests pass a fake). */
export type Fetch = (url: string, init?: { method?: string; signal?: AbortSignal }) => Promise<Response>;

/**
 * The LocalStack endpoint: `LOCALSTACK_ENDPOINT`, else `AWS_ENDPOINT_URL`, else
 * {@link DEFAULT_LOCALSTACK_ENDPOINT}; without a trailing slash.
 * @example resolveEndpoint({ LOCALSTACK_ENDPOINT: 'http://ci-localstack:4566/' }) // 'http://ci-localstack:4566'
 */
export function resolveEndpoint(env: Readonly<Record<string, string | undefined>>): string {
  const endpoint = env.LOCALSTACK_ENDPOINT || env.AWS_ENDPOINT_URL || DEFAULT_LOCALSTACK_ENDPOINT;
  return endpoint.replace(/\/+$/, '');
}

/** The health URL of an endpoint. */
export function healthUrl(endpoint: string): string {
  return `${endpoint}${HEALTH_PATH}`;
}

/**
 * Asks `<endpoint>/_localstack/health` once, giving up after `timeoutMs`. Never throws: a refused
 * connection, a timeout, an HTTP error or an answer that is not LocalStack's all come back as
 * `{ reachable: false, reason }`.
 */
export async function probeLocalStack(
  endpoint: string,
  options: { readonly fetch?: Fetch; readonly timeoutMs?: number } = {},
): Promise<ProbeResult> {
  const { fetch: get = globalThis.fetch, timeoutMs = PROBE_TIMEOUT_MS } = options;
  try {
    const response = await get(healthUrl(endpoint), { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok)
      return { reachable: false, reason: `${healthUrl(endpoint)} answered HTTP ${response.status}` };
    const body: unknown = await response.json();
    if (!isHealth(body))
      return { reachable: false, reason: `${healthUrl(endpoint)} is not LocalStack's health` };
    return { reachable: true, health: body };
  } catch (error) {
    return { reachable: false, reason: describeFetchError(error, timeoutMs) };
  }
}

/** The required services that the health answer does not show ready, as `name=state`. */
export function servicesNotReady(
  health: LocalStackHealth,
  services: readonly string[] = REQUIRED_SERVICES,
): string[] {
  return services
    .filter((service) => !READY_STATES.has(health.services[service] ?? ''))
    .map((service) => `${service}=${health.services[service] ?? 'missing'}`);
}

/** Options of {@link waitForHealthy}. */
export interface WaitForHealthyOptions {
  readonly services?: readonly string[];
  /** @default 180_000 (the first start pulls the image) */
  readonly timeoutMs?: number;
  /** @default 2_000 */
  readonly intervalMs?: number;
  readonly fetch?: Fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

/**
 * Polls the health resource until every required service is ready; throws after `timeoutMs` with
 * what it last saw (no answer and why, or the services not ready yet).
 */
export async function waitForHealthy(
  endpoint: string,
  options: WaitForHealthyOptions = {},
): Promise<LocalStackHealth> {
  const { services = REQUIRED_SERVICES, timeoutMs = 180_000, intervalMs = 2_000 } = options;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const deadline = now() + timeoutMs;
  let lastSeen = 'nothing yet';
  for (;;) {
    const probe = await probeLocalStack(endpoint, options.fetch ? { fetch: options.fetch } : {});
    if (probe.reachable) {
      const waiting = servicesNotReady(probe.health, services);
      if (waiting.length === 0) return probe.health;
      lastSeen = `services not ready: ${waiting.join(', ')}`;
    } else {
      lastSeen = `no answer (${probe.reason})`;
    }
    if (now() >= deadline) break;
    await sleep(intervalMs);
  }
  throw new Error(`LocalStack at ${endpoint} was not healthy after ${timeoutMs} ms; last seen: ${lastSeen}`);
}

function isHealth(body: unknown): body is LocalStackHealth {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { services?: unknown }).services === 'object' &&
    (body as { services?: unknown }).services !== null
  );
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError')
    return `no answer within ${timeoutMs} ms`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

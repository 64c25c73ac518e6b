/**
 * `npm run localstack:up`: starts LocalStack with `docker-compose.yml` and waits until every service
 * the example stack needs is ready.
 */
import { REQUIRED_SERVICES, resolveEndpoint, waitForHealthy } from './endpoint.ts';
import {
  assertDockerAvailable,
  composeInvocation,
  definedEnv,
  type Invocation,
  isMainModule,
  runInvocation,
  runMain,
} from './invocation.ts';

/** How long `localstack:up` waits for health: the first start pulls a ~1 GB image. */
export const UP_TIMEOUT_MS = 300_000;

/**
 * `docker compose … up -d`, in the caller's environment (Compose reads `LOCALSTACK_AUTH_TOKEN`,
 * `LOCALSTACK_IMAGE_TAG` and `DEBUG` from it).
 */
export function upInvocation(env: Readonly<Record<string, string | undefined>>): Invocation {
  return composeInvocation(['up', '--detach'], definedEnv(env));
}

async function main(): Promise<void> {
  const endpoint = resolveEndpoint(process.env);
  const invocation = upInvocation(process.env);
  assertDockerAvailable(invocation.env);
  runInvocation(invocation);
  console.info(`waiting for LocalStack at ${endpoint} (${REQUIRED_SERVICES.join(', ')})…`);
  const health = await waitForHealthy(endpoint, { timeoutMs: UP_TIMEOUT_MS });
  console.info(`LocalStack ${health.version ?? ''} is ready at ${endpoint}; next: npm run localstack:deploy`);
}

if (isMainModule(import.meta.url)) runMain(main);

import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { STACK_NAME } from '../../localstack/scripts/deploy.ts';
import { type Fetch, probeLocalStack, resolveEndpoint } from '../../localstack/scripts/endpoint.ts';
import { REQUIRED_VARIABLE } from '../../localstack/scripts/test.ts';
import {
  type DescribesStacks,
  localStackClientConfig,
  readStackOutputs,
  StackNotDeployedError,
  type StackOutputs,
} from './localstack-backend.ts';

/** Whether the LocalStack suite can run: LocalStack answers and the example stack is deployed on it. */
export type Detection =
  | { readonly ready: true; readonly endpoint: string; readonly outputs: StackOutputs }
  | { readonly ready: false; readonly endpoint: string; readonly message: string };

/** What {@link detectLocalStack} talks to (real ones by default; tests pass fakes). */
export interface DetectionDependencies {
  readonly fetch?: Fetch;
  readonly cloudFormation?: (endpoint: string) => DescribesStacks;
}

/** The one line the suite prints when nothing answers at the endpoint. */
export function unreachableMessage(endpoint: string): string {
  return `LocalStack suite skipped: no LocalStack at ${endpoint} (start it with: npm run localstack:up && npm run localstack:deploy)`;
}

/** The one line the suite prints when LocalStack answers but the example stack is not usable on it. */
export function noStackMessage(endpoint: string, why: string): string {
  return `LocalStack suite skipped: LocalStack at ${endpoint} has no usable ${STACK_NAME} stack (${why}; deploy it with: npm run localstack:deploy)`;
}

/** Whether the suite must run (`LOCALSTACK_REQUIRED=1`, as `npm run localstack:test` sets): skipping fails it. */
export function isRequired(env: Readonly<Record<string, string | undefined>>): boolean {
  return ['1', 'true'].includes(env[REQUIRED_VARIABLE] ?? '');
}

/**
 * Probes the endpoint (one short health request, see `PROBE_TIMEOUT_MS`) and, when it answers, reads the
 * example stack's outputs from its CloudFormation. Any other error than "no LocalStack" or "no stack"
 * is thrown: it is a real failure to show.
 */
export async function detectLocalStack(
  env: Readonly<Record<string, string | undefined>>,
  dependencies: DetectionDependencies = {},
): Promise<Detection> {
  const endpoint = resolveEndpoint(env);
  const probe = await probeLocalStack(endpoint, dependencies.fetch ? { fetch: dependencies.fetch } : {});
  if (!probe.reachable) return { ready: false, endpoint, message: unreachableMessage(endpoint) };
  const cloudFormation = (dependencies.cloudFormation ?? detectionCloudFormation)(endpoint);
  try {
    return { ready: true, endpoint, outputs: await readStackOutputs(cloudFormation) };
  } catch (error) {
    if (error instanceof StackNotDeployedError)
      return { ready: false, endpoint, message: noStackMessage(endpoint, error.message) };
    throw error;
  } finally {
    if (cloudFormation instanceof CloudFormationClient) cloudFormation.destroy();
  }
}

function detectionCloudFormation(endpoint: string): CloudFormationClient {
  return new CloudFormationClient({ ...localStackClientConfig(endpoint), maxAttempts: 1 });
}

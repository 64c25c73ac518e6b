/**
 * `npm run localstack:deploy`: bootstraps LocalStack's account for the CDK and deploys the example app
 * (`infra/app.ts`, stack `OrderSaga`) with `cdklocal`, the CDK CLI wrapper of `aws-cdk-local`.
 * @see https://github.com/localstack/aws-cdk-local
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FAILURE_INJECTION_CONTEXT } from '../../examples/order/order.ts';
import { probeLocalStack, resolveEndpoint, servicesNotReady } from './endpoint.ts';
import {
  definedEnv,
  type Invocation,
  isMainModule,
  PROJECT_ROOT,
  runInvocation,
  runMain,
} from './invocation.ts';

/** The example app's stack (`infra/app.ts`). */
export const STACK_NAME = 'OrderSaga';
/** The account LocalStack answers as. */
export const LOCALSTACK_ACCOUNT = '000000000000';
/** The region the stack is deployed to and the suite's clients use. */
export const LOCALSTACK_REGION = 'us-east-1';
/** LocalStack accepts any credentials; these are its documented dummies. */
export const LOCALSTACK_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' } as const;
/** Where `cdk deploy --outputs-file` writes the stack outputs (for people; the suite asks CloudFormation). */
export const OUTPUTS_FILE = '.tmp/localstack/outputs.json';
/** The cloud assembly of LocalStack deployments, apart from `cdk.out` so the two never mix. */
export const CLOUD_ASSEMBLY_DIR = '.tmp/localstack/cdk.out';

/**
 * AWS variables `cdklocal` (for CDK CLIs ≥ 2.177) keeps; it drops every other `AWS_*` variable
 * except `AWS_ENDPOINT_URL*`.
 */
export const CDKLOCAL_ALLOWLIST = [
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
];

/** Hosts whose `s3.localhost.localstack.cloud` alias reaches the same gateway (that name resolves to 127.0.0.1). */
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', 'localhost.localstack.cloud']);

/**
 * The S3 endpoint `cdklocal` needs beside `AWS_ENDPOINT_URL`: asset uploads address buckets as
 * subdomains, so it must be a host whose subdomains resolve to LocalStack. `AWS_ENDPOINT_URL_S3`
 * when set; for a local gateway, `s3.localhost.localstack.cloud` on the same port; otherwise an
 * error that says what to set.
 */
export function s3EndpointFor(endpoint: string, env: Readonly<Record<string, string | undefined>>): string {
  if (env.AWS_ENDPOINT_URL_S3) return env.AWS_ENDPOINT_URL_S3;
  const url = new URL(endpoint);
  if (!LOCAL_HOSTS.has(url.hostname)) {
    throw new Error(
      `cdklocal uploads assets to <bucket>.<host>, which cannot resolve for ${url.hostname}: set ` +
        'AWS_ENDPOINT_URL_S3 to an S3 endpoint of that LocalStack whose subdomains resolve to it',
    );
  }
  return `${url.protocol}//s3.localhost.localstack.cloud${url.port ? `:${url.port}` : ''}`;
}

/**
 * The environment of `cdklocal`: the caller's, without any `AWS_*` or `CDK_DEFAULT_*` variable (a real
 * profile, session or account must never reach a LocalStack deployment), plus the endpoint, dummy
 * credentials, `us-east-1` and `CDK_DISABLE_VERSION_CHECK=1`.
 */
export function deployEnvironment(
  endpoint: string,
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const s3Endpoint = s3EndpointFor(endpoint, env);
  const kept = Object.entries(definedEnv(env)).filter(
    ([name]) => !name.startsWith('AWS_') && !name.startsWith('CDK_DEFAULT_'),
  );
  return {
    ...Object.fromEntries(kept),
    AWS_ENDPOINT_URL: endpoint,
    AWS_ENDPOINT_URL_S3: s3Endpoint,
    AWS_ACCESS_KEY_ID: LOCALSTACK_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCALSTACK_CREDENTIALS.secretAccessKey,
    AWS_REGION: LOCALSTACK_REGION,
    AWS_DEFAULT_REGION: LOCALSTACK_REGION,
    AWS_ENVAR_ALLOWLIST: CDKLOCAL_ALLOWLIST.join(','),
    CDK_DISABLE_VERSION_CHECK: '1',
  };
}

/** `cdklocal bootstrap aws://000000000000/us-east-1` (once per LocalStack start; repeating it is harmless). */
export function bootstrapInvocation(
  endpoint: string,
  env: Readonly<Record<string, string | undefined>>,
): Invocation {
  return {
    command: 'npx',
    args: [
      '--no',
      'cdklocal',
      'bootstrap',
      `aws://${LOCALSTACK_ACCOUNT}/${LOCALSTACK_REGION}`,
      '--output',
      CLOUD_ASSEMBLY_DIR,
    ],
    env: deployEnvironment(endpoint, env),
  };
}

/**
 * `cdklocal deploy OrderSaga --require-approval never --outputs-file … -c exampleFailureInjection=true`:
 * the LocalStack suite drives every compensation path through the example's failure injection.
 */
export function deployInvocation(
  endpoint: string,
  env: Readonly<Record<string, string | undefined>>,
): Invocation {
  return {
    command: 'npx',
    args: [
      '--no',
      'cdklocal',
      'deploy',
      STACK_NAME,
      '--require-approval',
      'never',
      '--outputs-file',
      OUTPUTS_FILE,
      '--output',
      CLOUD_ASSEMBLY_DIR,
      '--context',
      `${FAILURE_INJECTION_CONTEXT}=true`,
    ],
    env: deployEnvironment(endpoint, env),
  };
}

/** Checks that LocalStack answers with every service the stack needs, or says how to start it. */
export async function assertLocalStackReady(endpoint: string): Promise<void> {
  const probe = await probeLocalStack(endpoint, { timeoutMs: 5_000 });
  if (!probe.reachable)
    throw new Error(`no LocalStack at ${endpoint} (${probe.reason}); start it with: npm run localstack:up`);
  const waiting = servicesNotReady(probe.health);
  if (waiting.length > 0)
    throw new Error(`LocalStack at ${endpoint} is missing services the stack needs: ${waiting.join(', ')}`);
}

async function main(): Promise<void> {
  const endpoint = resolveEndpoint(process.env);
  await assertLocalStackReady(endpoint);
  mkdirSync(join(PROJECT_ROOT, dirname(OUTPUTS_FILE)), { recursive: true });
  runInvocation(bootstrapInvocation(endpoint, process.env));
  runInvocation(deployInvocation(endpoint, process.env));
  console.info(
    `${STACK_NAME} is deployed on ${endpoint} (outputs: ${OUTPUTS_FILE}); next: npm run localstack:test`,
  );
}

if (isMainModule(import.meta.url)) runMain(main);

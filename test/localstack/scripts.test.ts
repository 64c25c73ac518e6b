import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  bootstrapInvocation,
  CLOUD_ASSEMBLY_DIR,
  deployEnvironment,
  deployInvocation,
  OUTPUTS_FILE,
  s3EndpointFor,
} from '../../localstack/scripts/deploy.ts';
import { downInvocation } from '../../localstack/scripts/down.ts';
import {
  DEFAULT_LOCALSTACK_ENDPOINT,
  HEALTH_PATH,
  REQUIRED_SERVICES,
} from '../../localstack/scripts/endpoint.ts';
import {
  assertDockerAvailable,
  COMPOSE_FILE,
  type Invocation,
  PROJECT_ROOT,
} from '../../localstack/scripts/invocation.ts';
import { testInvocation } from '../../localstack/scripts/test.ts';
import { upInvocation } from '../../localstack/scripts/up.ts';

const ENDPOINT = 'http://localhost:4566';
const callerEnv = {
  PATH: '/usr/bin',
  HOME: '/home/dev',
  AWS_PROFILE: 'production',
  AWS_ACCESS_KEY_ID: 'AKIAREAL',
  AWS_SECRET_ACCESS_KEY: 'real-secret',
  AWS_SESSION_TOKEN: 'real-session',
  AWS_REGION: 'eu-west-1',
  CDK_DEFAULT_ACCOUNT: '123456789012',
  LOCALSTACK_AUTH_TOKEN: 'ls-token',
};

describe('the deploy script', () => {
  it('bootstraps the LocalStack account and region with cdklocal', () => {
    // Act
    const invocation = bootstrapInvocation(ENDPOINT, callerEnv);
    // Assert
    expect(invocation.command).toBe('npx');
    expect(invocation.args).toEqual([
      '--no',
      'cdklocal',
      'bootstrap',
      'aws://000000000000/us-east-1',
      '--output',
      CLOUD_ASSEMBLY_DIR,
    ]);
  });

  it('deploys the OrderSaga stack without approval prompts, writing its outputs, with the failure injection the suite drives', () => {
    // Act
    const invocation = deployInvocation(ENDPOINT, callerEnv);
    // Assert
    expect(invocation.command).toBe('npx');
    expect(invocation.args).toEqual([
      '--no',
      'cdklocal',
      'deploy',
      'OrderSaga',
      '--require-approval',
      'never',
      '--outputs-file',
      '.tmp/localstack/outputs.json',
      '--output',
      '.tmp/localstack/cdk.out',
      '--context',
      'exampleFailureInjection=true',
    ]);
    expect(OUTPUTS_FILE).toBe('.tmp/localstack/outputs.json');
  });

  it('targets the endpoint with dummy credentials in us-east-1, with the CDK version check off', () => {
    // Act
    const env = deployEnvironment(ENDPOINT, callerEnv);
    // Assert
    expect(env).toMatchObject({
      AWS_ENDPOINT_URL: 'http://localhost:4566',
      AWS_ENDPOINT_URL_S3: 'http://s3.localhost.localstack.cloud:4566',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_ENVAR_ALLOWLIST: 'AWS_REGION,AWS_DEFAULT_REGION,AWS_ACCESS_KEY_ID,AWS_SECRET_ACCESS_KEY',
      CDK_DISABLE_VERSION_CHECK: '1',
      PATH: '/usr/bin',
      HOME: '/home/dev',
    });
    expect(deployInvocation(ENDPOINT, callerEnv).env).toEqual(env);
    expect(bootstrapInvocation(ENDPOINT, callerEnv).env).toEqual(env);
  });

  it('never passes a real profile, session or account on to the deployment', () => {
    // Act
    const env = deployEnvironment(ENDPOINT, callerEnv);
    // Assert
    expect(env).not.toHaveProperty('AWS_PROFILE');
    expect(env).not.toHaveProperty('AWS_SESSION_TOKEN');
    expect(env).not.toHaveProperty('CDK_DEFAULT_ACCOUNT');
    expect(Object.values(env)).not.toContain('AKIAREAL');
  });

  it('addresses S3 through a name whose subdomains resolve to a local gateway, or the one it is given', () => {
    // Act
    const endpoints = [
      s3EndpointFor('http://127.0.0.1:4567', {}),
      s3EndpointFor('http://localhost.localstack.cloud:4566', {}),
      s3EndpointFor('http://ci-localstack:4566', {
        AWS_ENDPOINT_URL_S3: 'http://s3.ci-localstack.test:4566',
      }),
    ];
    // Assert
    expect(endpoints).toEqual([
      'http://s3.localhost.localstack.cloud:4567',
      'http://s3.localhost.localstack.cloud:4566',
      'http://s3.ci-localstack.test:4566',
    ]);
  });

  it('asks for AWS_ENDPOINT_URL_S3 when the gateway is on another host', () => {
    // Act
    const remote = () => s3EndpointFor('http://ci-localstack:4566', {});
    // Assert
    expect(remote).toThrow(/cannot resolve for ci-localstack: set AWS_ENDPOINT_URL_S3/);
  });
});

describe('the up, down and test scripts', () => {
  it('starts LocalStack detached with the Compose file, passing the caller environment through', () => {
    // Act
    const invocation = upInvocation(callerEnv);
    // Assert
    expect([invocation.command, ...invocation.args]).toEqual([
      'docker',
      'compose',
      '-f',
      'localstack/docker-compose.yml',
      'up',
      '--detach',
    ]);
    expect(invocation.env).toMatchObject({ LOCALSTACK_AUTH_TOKEN: 'ls-token' });
  });

  it('says what is missing before calling Compose: the compose plugin, then a Docker engine', () => {
    // Arrange
    const checked: string[] = [];
    const without = (missing: string) => (invocation: Invocation) => {
      checked.push(invocation.args.join(' '));
      return invocation.args.join(' ') !== missing;
    };
    // Act
    const noCompose = () => assertDockerAvailable({}, without('compose version'));
    const noEngine = () => assertDockerAvailable({}, without('info'));
    const ready = () => assertDockerAvailable({}, without('nothing'));
    // Assert
    expect(noCompose).toThrow('Docker Compose v2 is not available (`docker compose version` failed)');
    expect(noEngine).toThrow(
      'no Docker engine answers (`docker info` failed): start Docker, then run this again',
    );
    expect(ready).not.toThrow();
    expect(checked).toEqual(['compose version', 'compose version', 'info', 'compose version', 'info']);
  });

  it('tears LocalStack down with its volumes', () => {
    // Act
    const invocation = downInvocation({});
    // Assert
    expect([invocation.command, ...invocation.args]).toEqual([
      'docker',
      'compose',
      '-f',
      'localstack/docker-compose.yml',
      'down',
      '--volumes',
      '--remove-orphans',
    ]);
  });

  it('runs the LocalStack suite with skipping turned into failure, passing extra arguments on', () => {
    // Act
    const invocation = testInvocation({ PATH: '/usr/bin' }, ['-t', 'declined payment']);
    // Assert
    expect([invocation.command, ...invocation.args]).toEqual([
      'npx',
      '--no',
      'vitest',
      'run',
      'test/localstack',
      '-t',
      'declined payment',
    ]);
    expect(invocation.env).toEqual({ PATH: '/usr/bin', LOCALSTACK_REQUIRED: '1' });
  });

  it('are the npm scripts, and one command chains up, deploy and the suite', () => {
    // Arrange
    const { scripts } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    // Assert
    expect(scripts).toMatchObject({
      localstack: 'npm run localstack:up && npm run localstack:deploy && npm run localstack:test',
      'localstack:up': 'tsx localstack/scripts/up.ts',
      'localstack:deploy': 'tsx localstack/scripts/deploy.ts',
      'localstack:test': 'tsx localstack/scripts/test.ts',
      'localstack:down': 'tsx localstack/scripts/down.ts',
    });
  });
});

describe('the Compose file', () => {
  const compose = readFileSync(join(PROJECT_ROOT, COMPOSE_FILE), 'utf8');
  const environment = (name: string) => compose.match(new RegExp(`^\\s+- ${name}(?:=(.*))?$`, 'm'));

  it('pins the last LocalStack image that runs without an auth token, and passes a token through when set', () => {
    // Assert
    expect(compose).toMatch(/^\s+image: localstack\/localstack:\$\{LOCALSTACK_IMAGE_TAG:-4\.14\.0\}$/m);
    expect(environment('LOCALSTACK_AUTH_TOKEN')?.[1]).toBeUndefined();
    expect(environment('LOCALSTACK_AUTH_TOKEN')).not.toBeNull();
  });

  it('starts exactly the services the scripts wait for, with real TTL expiry', () => {
    // Assert
    expect(environment('SERVICES')?.[1]?.split(',')).toEqual([...REQUIRED_SERVICES]);
    expect(environment('DYNAMODB_REMOVE_EXPIRED_ITEMS')?.[1]).toBe('1');
  });

  it('publishes the default endpoint, mounts the Docker socket for Lambda and checks health', () => {
    // Assert
    expect(compose).toContain(`"127.0.0.1:${new URL(DEFAULT_LOCALSTACK_ENDPOINT).port}:4566"`);
    expect(compose).toContain('"/var/run/docker.sock:/var/run/docker.sock"');
    expect(compose).toMatch(
      new RegExp(`healthcheck:\\n\\s+test: \\[.*"http://localhost:4566${HEALTH_PATH}"\\]`),
    );
  });
});

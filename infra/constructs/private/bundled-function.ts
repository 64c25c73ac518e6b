import { resolve } from 'node:path';
import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { type Architecture, type IFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/** What every function of the project shares: runtime, architecture, tracing, Powertools settings. */
export interface FunctionDefaults {
  readonly projectRoot: string;
  readonly architecture: Architecture;
  readonly serviceName: string;
  readonly metricsNamespace: string;
  readonly logLevel: string;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/** Makes `require` work inside an ESM bundle for the CommonJS dependencies esbuild inlines. */
const ESM_REQUIRE_SHIM =
  "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

/**
 * A `NodejsFunction` bundled locally by esbuild (no Docker): ESM, minified, tree-shaken, Node 22,
 * X-Ray active, its own log group, the Powertools environment set. The AWS SDK v3 is left to the
 * runtime, which ships it.
 * @see https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_lambda_nodejs-readme.html
 */
export function bundledFunction(
  scope: Construct,
  id: string,
  entry: string,
  defaults: FunctionDefaults,
  options: {
    readonly handler?: string;
    readonly timeout?: Duration;
    readonly environment?: Record<string, string>;
  } = {},
): NodejsFunction {
  const logGroup = new LogGroup(scope, `${id}Logs`, {
    retention: defaults.logRetention,
    removalPolicy: defaults.removalPolicy,
  });
  // Its own role, allowed to write to its own log group only (instead of the managed
  // AWSLambdaBasicExecutionRole, which allows every log group of the account).
  const role = new Role(scope, `${id}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
  logGroup.grantWrite(role);
  const fn = new NodejsFunction(scope, id, {
    role,
    entry: resolve(defaults.projectRoot, entry),
    handler: options.handler ?? 'handler',
    projectRoot: defaults.projectRoot,
    depsLockFilePath: resolve(defaults.projectRoot, 'package-lock.json'),
    runtime: Runtime.NODEJS_22_X,
    architecture: defaults.architecture,
    tracing: Tracing.ACTIVE,
    memorySize: 256,
    timeout: options.timeout ?? Duration.seconds(30),
    logGroup,
    environment: {
      POWERTOOLS_SERVICE_NAME: defaults.serviceName,
      POWERTOOLS_METRICS_NAMESPACE: defaults.metricsNamespace,
      POWERTOOLS_LOG_LEVEL: defaults.logLevel,
      ...options.environment,
    },
    bundling: {
      format: OutputFormat.ESM,
      target: 'node22',
      minify: true,
      sourceMap: false,
      mainFields: ['module', 'main'],
      banner: ESM_REQUIRE_SHIM,
      metafile: true,
      forceDockerBundling: false,
    },
  });
  acknowledgeFunctionFindings(fn, role);
  return fn;
}

/** The cdk-nag findings every project function carries by design, acknowledged with their reasons. */
function acknowledgeFunctionFindings(fn: NodejsFunction, role: Role): void {
  Validations.of(fn).acknowledge({
    id: 'AwsSolutions-L1',
    reason:
      'Node.js 22 (nodejs22.x) is the runtime this project targets and tests; newer runtimes are adopted deliberately.',
  });
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'X-Ray tracing (xray:PutTraceSegments, xray:PutTelemetryRecords) supports no resource-level permissions.',
  });
}

export type { IFunction };

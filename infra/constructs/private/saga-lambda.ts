import { type Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import {
  Architecture,
  Code,
  type FunctionProps,
  Function as LambdaFunction,
  Runtime,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { SagaFunctionOptions } from '../saga-function-options.ts';
import { type PackagedFunctionName, packagedFunctionDir } from './packaged-function.ts';

/** Memory of every function unless its options say otherwise (MB). */
export const DEFAULT_MEMORY_SIZE = 256;

/** Makes `require` work inside an ESM bundle for the CommonJS dependencies esbuild inlines. */
const ESM_REQUIRE_SHIM =
  "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

/** What every function of a saga shares: its Powertools settings, the removal policy and the logs' key. */
export interface SharedFunctionSettings {
  readonly serviceName: string;
  readonly metricsNamespace: string;
  readonly logLevel: string;
  readonly removalPolicy: RemovalPolicy;
  /** The customer managed key of the log groups, if any (its policy must let CloudWatch Logs use it). */
  readonly logEncryptionKey: IKey | undefined;
}

/** Where a function's code comes from: a user's handler module, or a bundle shipped in the package. */
export type FunctionSource =
  | {
      readonly kind: 'entry';
      readonly entry: string;
      readonly handler: string;
      readonly lockFile: string;
      readonly projectRoot: string;
    }
  | { readonly kind: 'packaged'; readonly name: PackagedFunctionName };

/** A function to build: its code, its options, and what the construct itself sets. */
export interface SagaLambdaSpec {
  readonly source: FunctionSource;
  readonly shared: SharedFunctionSettings;
  readonly options: SagaFunctionOptions;
  readonly timeout: Duration;
  /** Set by the construct; wins over `options.environment` (validation reports a clash). */
  readonly environment: Readonly<Record<string, string>>;
}

/**
 * A Node 22 function with X-Ray, its own log group and a role that may write to that log group
 * only (instead of the managed AWSLambdaBasicExecutionRole, which allows every log group of the
 * account). A user's handler is bundled locally by esbuild (no Docker): ESM, minified, the AWS SDK
 * left to the runtime; a packaged function is deployed from its pre-built bundle. Creates `id`,
 * `<id>Role` and `<id>Logs` in `scope`.
 * @see https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_lambda_nodejs-readme.html
 */
export function sagaLambda(scope: Construct, id: string, spec: SagaLambdaSpec): LambdaFunction {
  const { options, shared } = spec;
  const logGroup = new LogGroup(scope, `${id}Logs`, {
    retention: options.logRetention ?? RetentionDays.ONE_MONTH,
    removalPolicy: shared.removalPolicy,
    ...(shared.logEncryptionKey ? { encryptionKey: shared.logEncryptionKey } : {}),
  });
  const role = new Role(scope, `${id}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
  logGroup.grantWrite(role);
  const common: Omit<FunctionProps, 'code' | 'handler'> = {
    role,
    runtime: Runtime.NODEJS_22_X,
    architecture: options.architecture ?? Architecture.ARM_64,
    tracing: Tracing.ACTIVE,
    memorySize: options.memorySize ?? DEFAULT_MEMORY_SIZE,
    timeout: spec.timeout,
    logGroup,
    environment: {
      POWERTOOLS_SERVICE_NAME: shared.serviceName,
      POWERTOOLS_METRICS_NAMESPACE: shared.metricsNamespace,
      POWERTOOLS_LOG_LEVEL: shared.logLevel,
      ...options.environment,
      ...spec.environment,
    },
    ...(options.vpc ? { vpc: options.vpc } : {}),
    ...(options.vpcSubnets ? { vpcSubnets: options.vpcSubnets } : {}),
    ...(options.securityGroups ? { securityGroups: [...options.securityGroups] } : {}),
    ...(options.layers ? { layers: [...options.layers] } : {}),
    ...(options.reservedConcurrentExecutions === undefined
      ? {}
      : { reservedConcurrentExecutions: options.reservedConcurrentExecutions }),
  };
  const fn =
    spec.source.kind === 'packaged'
      ? new LambdaFunction(scope, id, {
          ...common,
          code: Code.fromAsset(packagedFunctionDir(spec.source.name)),
          handler: 'index.handler',
        })
      : new NodejsFunction(scope, id, {
          ...common,
          entry: spec.source.entry,
          handler: spec.source.handler,
          projectRoot: spec.source.projectRoot,
          depsLockFilePath: spec.source.lockFile,
          bundling: {
            format: OutputFormat.ESM,
            target: 'node22',
            minify: true,
            sourceMap: false,
            mainFields: ['module', 'main'],
            banner: ESM_REQUIRE_SHIM,
            // The asset hash is the bundle's: esbuild's metafile names the temporary build folder,
            // so it would make every synth a new asset, a new Lambda version and a new state
            // machine version (a canary on every deploy).
            metafile: false,
            forceDockerBundling: false,
            ...options.bundling,
          },
        });
  acknowledgeFunctionFindings(fn, role);
  return fn;
}

/** The cdk-nag findings every function carries by design, acknowledged with their reasons. */
function acknowledgeFunctionFindings(fn: LambdaFunction, role: Role): void {
  Validations.of(fn).acknowledge({
    id: 'AwsSolutions-L1',
    reason:
      'Node.js 22 (nodejs22.x) is the runtime this project targets and tests; newer runtimes are adopted deliberately.',
  });
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'X-Ray tracing (xray:PutTraceSegments, xray:PutTelemetryRecords) and VPC network interfaces support no resource-level permissions.',
  });
}

/** `functionDefaults` then `functionOptions[id]`, field by field; environments merged. */
export function optionsFor(
  functionId: string,
  defaults: SagaFunctionOptions | undefined,
  perFunction: Readonly<Record<string, SagaFunctionOptions>> | undefined,
): SagaFunctionOptions {
  const own = perFunction?.[functionId] ?? {};
  return {
    ...defaults,
    ...own,
    environment: { ...defaults?.environment, ...own.environment },
  };
}

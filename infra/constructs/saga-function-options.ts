import type { ISecurityGroup, IVpc, SubnetSelection } from 'aws-cdk-lib/aws-ec2';
import type { Architecture, ILayerVersion } from 'aws-cdk-lib/aws-lambda';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';

/**
 * Settings of a function `SagaOrchestrator` builds: given once for all of them
 * (`functionDefaults`) and per function id (`functionOptions`), the latter winning field by field
 * (`environment` is merged).
 */
export interface SagaFunctionOptions {
  /**
   * Memory in MB (128 to 10,240); CPU grows with it.
   * @default 256
   */
  readonly memorySize?: number;
  /**
   * Extra environment variables. The variables the construct sets itself (the saga table, the
   * idempotency table, the project functions' settings) cannot be overridden.
   * @default {}
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * The VPC to run in (e.g. to reach a private database).
   * @default not in a VPC
   */
  readonly vpc?: IVpc;
  /**
   * Subnets in `vpc`.
   * @default the VPC's private subnets (CDK's default)
   */
  readonly vpcSubnets?: SubnetSelection;
  /**
   * Security groups, with `vpc` only.
   * @default a new security group per function (CDK's default)
   */
  readonly securityGroups?: readonly ISecurityGroup[];
  /**
   * Lambda layers (e.g. a monitoring extension).
   * @default none
   */
  readonly layers?: readonly ILayerVersion[];
  /**
   * Concurrency reserved for (and limiting) the function.
   * @default unreserved
   */
  readonly reservedConcurrentExecutions?: number;
  /**
   * Instruction set.
   * @default Architecture.ARM_64
   */
  readonly architecture?: Architecture;
  /**
   * How long the function's log group keeps logs.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
  /**
   * esbuild settings of a step handler's bundle (e.g. `nodeModules`, `externalModules`). The
   * project's own functions come pre-bundled and ignore it.
   * @default ESM, minified, Node 22, the AWS SDK left to the runtime
   */
  readonly bundling?: BundlingOptions;
}

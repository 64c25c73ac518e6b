import { createHash } from 'node:crypto';
import { type Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { IAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import {
  type CfnStateMachine,
  CfnStateMachineAlias,
  CfnStateMachineVersion,
  type StateMachine,
} from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import {
  DEFAULT_DEPLOYMENT_INTERVAL,
  DEFAULT_DEPLOYMENT_PERCENTAGE,
  LIVE_ALIAS_NAME,
  type SagaDeploymentProps,
  SagaDeploymentType,
} from '../saga-deployment.ts';

/** CloudFormation's longest logical id, less the hash appended to it (as Lambda's currentVersion does). */
const MAX_LOGICAL_ID_PREFIX = 255 - 32;

export interface SagaRolloutProps {
  readonly sagaType: string;
  readonly stateMachine: StateMachine;
  readonly deployment: SagaDeploymentProps;
  /** The saga's own alarms a deployment rolls back on. */
  readonly rollbackAlarms: readonly IAlarm[];
}

/**
 * The state machine version this deploy publishes and the `live` alias that starts sagas, moved to
 * it by the deployment preference and rolled back by the alarms.
 *
 * The version's logical id ends with a hash of the state machine as deployed (definition with its
 * substitutions — the pinned Lambda version ARNs among them — role, logging, tracing, encryption,
 * type), so a changed state machine gets a new version resource and an unchanged one keeps its
 * own, as Lambda's `currentVersion` does. Versions are retained: executions started on an older
 * version, and their redrives, keep running it.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-stepfunctions-statemachineversion.html
 */
export class SagaRollout extends Construct {
  public readonly version: CfnStateMachineVersion;
  public readonly alias: CfnStateMachineAlias;
  /** `arn:…:stateMachine:<name>:live`. */
  public readonly aliasArn: string;

  constructor(scope: Construct, id: string, props: SagaRolloutProps) {
    super(scope, id);
    const machine = props.stateMachine.node.defaultChild as CfnStateMachine;
    const revision = Lazy.uncachedString({ produce: () => revisionHash(machine) });
    this.version = new CfnStateMachineVersion(this, 'Version', {
      stateMachineArn: props.stateMachine.stateMachineArn,
      // Publishes exactly the revision this deploy made, not one another update made meanwhile.
      stateMachineRevisionId: machine.attrStateMachineRevisionId,
      description: `${props.sagaType}, state machine ${revision}`,
    });
    this.version.applyRemovalPolicy(RemovalPolicy.RETAIN);
    const prefix = String(Stack.of(this).resolve(this.version.logicalId)).slice(0, MAX_LOGICAL_ID_PREFIX);
    this.version.overrideLogicalId(
      Lazy.uncachedString({ produce: () => `${prefix}${revisionHash(machine)}` }),
    );

    const { deployment } = props;
    const type = deployment.type ?? SagaDeploymentType.CANARY;
    const gradual = type !== SagaDeploymentType.ALL_AT_ONCE;
    const alarms = [...props.rollbackAlarms, ...(deployment.alarms ?? [])];
    this.alias = new CfnStateMachineAlias(this, 'Alias', {
      name: LIVE_ALIAS_NAME,
      description: `Starts ${props.sagaType} sagas; moved to each new version by a ${type} deployment`,
      deploymentPreference: {
        stateMachineVersionArn: this.version.attrArn,
        type,
        ...(gradual
          ? {
              percentage: deployment.percentage ?? DEFAULT_DEPLOYMENT_PERCENTAGE,
              interval: wholeMinutes(deployment.interval ?? DEFAULT_DEPLOYMENT_INTERVAL),
            }
          : {}),
        // Alarm names, not ARNs: CloudWatch treats an unknown name as OK.
        alarms: alarms.map((alarm) => alarm.alarmName),
      },
    });
    this.aliasArn = this.alias.attrArn;
  }
}

/** A hash of everything that makes a state machine revision, resolved as the template will hold it. */
function revisionHash(machine: CfnStateMachine): string {
  const stack = Stack.of(machine);
  const deployed = stack.resolve({
    definitionString: machine.definitionString,
    definition: machine.definition,
    definitionSubstitutions: machine.definitionSubstitutions,
    roleArn: machine.roleArn,
    stateMachineType: machine.stateMachineType,
    loggingConfiguration: machine.loggingConfiguration,
    tracingConfiguration: machine.tracingConfiguration,
    encryptionConfiguration: machine.encryptionConfiguration,
  });
  return createHash('md5').update(JSON.stringify(deployed)).digest('hex');
}

/** Minutes of an interval validation accepted; an invalid one is reported there, not thrown here. */
function wholeMinutes(interval: Duration): number {
  return Math.max(1, Math.round(interval.toSeconds() / 60));
}

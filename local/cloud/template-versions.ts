import {
  type CloudTemplate,
  type ResolvedResource,
  resolveIntrinsics,
  resourcesOfType,
} from './cloud-template.ts';
import type { LambdaHost } from './lambda-host.ts';
import type { LocalStepFunctions } from './local-step-functions.ts';

/**
 * The versions a template publishes and the aliases it points, numbered as Lambda and Step
 * Functions number them: 1, 2, … per function or state machine, in the order they are published.
 * A version resource publishes once: the same logical id in a later template is the same version
 * (CloudFormation leaves it alone), a new logical id is a new version.
 */
export class TemplateVersions {
  private readonly numbers = new Map<string, number>();
  private readonly latest = new Map<string, number>();
  private readonly published = new Set<string>();

  /**
   * Names the template's `AWS::Lambda::Version`, `AWS::StepFunctions::StateMachineVersion` and
   * `AWS::StepFunctions::StateMachineAlias` resources in `resolved` (their `Ref` is their ARN), so
   * the definitions and environments that name them resolve. Functions and state machines must be
   * named first.
   */
  name(template: CloudTemplate, resolved: Map<string, ResolvedResource>): void {
    for (const [id, resource] of resourcesOfType(template, 'AWS::Lambda::Version')) {
      const functionName = String(resolveIntrinsics(resource.Properties?.FunctionName, resolved));
      const functionArn = resolved.get(functionName)?.attributes.Arn ?? functionName;
      const version = this.numberOf(id, functionArn);
      const arn = `${functionArn}:${version}`;
      resolved.set(id, { ref: arn, attributes: { FunctionArn: arn, Version: String(version) } });
    }
    for (const [id, resource] of resourcesOfType(template, 'AWS::StepFunctions::StateMachineVersion')) {
      const stateMachineArn = String(resolveIntrinsics(resource.Properties?.StateMachineArn, resolved));
      const arn = `${stateMachineArn}:${this.numberOf(id, stateMachineArn)}`;
      resolved.set(id, { ref: arn, attributes: { Arn: arn } });
    }
    for (const [id, resource] of resourcesOfType(template, 'AWS::StepFunctions::StateMachineAlias')) {
      const versionArn = aliasTarget(resource.Properties ?? {}, resolved);
      const arn = `${versionArn.split(':').slice(0, 7).join(':')}:${String(resource.Properties?.Name)}`;
      resolved.set(id, { ref: arn, attributes: { Arn: arn } });
    }
  }

  /**
   * Publishes the versions `name` numbered and not yet published — from the functions' and state
   * machines' code and definitions as deployed now — and points each alias at its version. A
   * deployment preference's traffic shifting is not simulated: the alias moves at once.
   */
  publish(
    template: CloudTemplate,
    resolved: ReadonlyMap<string, ResolvedResource>,
    targets: { readonly lambdas: LambdaHost; readonly stepFunctions: LocalStepFunctions },
  ): void {
    for (const [id, resource] of resourcesOfType(template, 'AWS::Lambda::Version')) {
      if (this.published.has(id)) continue;
      const functionName = String(resolveIntrinsics(resource.Properties?.FunctionName, resolved));
      targets.lambdas.publishVersion(functionName, Number(resolved.get(id)?.attributes.Version));
      this.published.add(id);
    }
    for (const [id, resource] of resourcesOfType(template, 'AWS::StepFunctions::StateMachineVersion')) {
      if (this.published.has(id)) continue;
      const stateMachineArn = String(resolveIntrinsics(resource.Properties?.StateMachineArn, resolved));
      const version = Number(resolved.get(id)?.ref.split(':').at(-1));
      targets.stepFunctions.publishVersion(stateMachineArn, version);
      this.published.add(id);
    }
    for (const [id, resource] of resourcesOfType(template, 'AWS::StepFunctions::StateMachineAlias')) {
      const aliasArn = resolved.get(id)?.ref ?? id;
      targets.stepFunctions.setAlias(aliasArn, aliasTarget(resource.Properties ?? {}, resolved));
    }
  }

  private numberOf(logicalId: string, of: string): number {
    const known = this.numbers.get(logicalId);
    if (known !== undefined) return known;
    const version = (this.latest.get(of) ?? 0) + 1;
    this.latest.set(of, version);
    this.numbers.set(logicalId, version);
    return version;
  }
}

/**
 * The version an alias points at: its deployment preference's version (where traffic ends up), else
 * the heaviest of its routing configuration.
 */
function aliasTarget(properties: Record<string, unknown>, resolved: ReadonlyMap<string, ResolvedResource>) {
  const props = resolveIntrinsics(properties, resolved) as {
    DeploymentPreference?: { StateMachineVersionArn?: string };
    RoutingConfiguration?: { StateMachineVersionArn: string; Weight: number }[];
  };
  const routed = [...(props.RoutingConfiguration ?? [])].sort((a, b) => b.Weight - a.Weight)[0];
  return String(props.DeploymentPreference?.StateMachineVersionArn ?? routed?.StateMachineVersionArn);
}

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A CloudFormation resource as the synthesized template holds it. */
export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
}

export interface CloudTemplate {
  readonly Resources: Record<string, TemplateResource>;
  readonly Outputs?: Record<string, { readonly Value: unknown }>;
}

/** The account and region every local resource claims (cosmetic: only ARNs carry them). */
export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'us-east-1';

/** Reads `<stackName>.template.json` from a cloud assembly directory (`cdk.out`). */
export async function readTemplate(assemblyDir: string, stackName: string): Promise<CloudTemplate> {
  return JSON.parse(await readFile(join(assemblyDir, `${stackName}.template.json`), 'utf8')) as CloudTemplate;
}

/** Every resource of a type, as `[logicalId, resource]`. */
export function resourcesOfType(template: CloudTemplate, type: string): [string, TemplateResource][] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

/** What `Ref` and `Fn::GetAtt` give for a logical id, once the harness created it locally. */
export interface ResolvedResource {
  readonly ref: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/**
 * Resolves the intrinsic functions the example template uses (`Ref`, `Fn::GetAtt`, `Fn::Join`,
 * `Fn::Select`, `Fn::Split`, the pseudo parameters) against the resources created locally. Values
 * of resources the harness does not create (roles, log groups) resolve to their logical id.
 */
export function resolveIntrinsics(value: unknown, resources: ReadonlyMap<string, ResolvedResource>): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveIntrinsics(item, resources));
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  const [first] = entries;
  if (entries.length === 1 && first) {
    const [key, argument] = first;
    if (key === 'Ref') return refOf(String(argument), resources);
    if (key === 'Fn::GetAtt') {
      const [id, attribute] = argument as [string, string];
      return resources.get(id)?.attributes[attribute] ?? `${id}.${attribute}`;
    }
    if (key === 'Fn::Join') {
      const [separator, parts] = argument as [string, unknown[]];
      return (resolveIntrinsics(parts, resources) as unknown[]).join(separator);
    }
    if (key === 'Fn::Split') {
      const [separator, source] = argument as [string, unknown];
      return String(resolveIntrinsics(source, resources)).split(separator);
    }
    if (key === 'Fn::Select') {
      const [index, list] = argument as [number, unknown];
      return (resolveIntrinsics(list, resources) as unknown[])[Number(index)];
    }
  }
  return Object.fromEntries(entries.map(([key, inner]) => [key, resolveIntrinsics(inner, resources)]));
}

const PSEUDO_PARAMETERS: Record<string, string> = {
  'AWS::Region': LOCAL_REGION,
  'AWS::AccountId': LOCAL_ACCOUNT,
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'local',
};

function refOf(id: string, resources: ReadonlyMap<string, ResolvedResource>): string {
  return PSEUDO_PARAMETERS[id] ?? resources.get(id)?.ref ?? id;
}

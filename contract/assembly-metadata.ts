import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The metadata type under which SagaOrchestrator keeps a saga's shape in the cloud assembly. */
export const SHAPE_METADATA_TYPE = 'sfn-saga:shape';

/** The metadata type under which SagaOrchestrator keeps a saga's cost summary. */
export const COST_METADATA_TYPE = 'sfn-saga:cost';

/** A stack's metadata in a cloud assembly: entries by construct path (`/Stack/Saga`). */
export type AssemblyMetadata = Record<string, { type: string; data?: unknown }[]>;

/**
 * Every metadata entry of a stack in a cloud assembly (`cdk.out`): in its manifest, or in the file
 * the manifest points to (`<stack>.metadata.json`, as newer CDK versions write it). Empty when the
 * assembly or the stack is not there.
 */
export function assemblyMetadata(assemblyDir: string, artifactId: string): AssemblyMetadata {
  const manifest = readJson(join(assemblyDir, 'manifest.json')) as
    | { artifacts?: Record<string, { metadata?: AssemblyMetadata; additionalMetadataFile?: string }> }
    | undefined;
  const artifact = manifest?.artifacts?.[artifactId];
  if (!artifact) return {};
  const extra = artifact.additionalMetadataFile
    ? ((readJson(join(assemblyDir, artifact.additionalMetadataFile)) as AssemblyMetadata | undefined) ?? {})
    : {};
  return { ...extra, ...artifact.metadata };
}

/** The ids of the stacks a cloud assembly holds. */
export function assemblyStacks(assemblyDir: string): string[] {
  const manifest = readJson(join(assemblyDir, 'manifest.json')) as
    | { artifacts?: Record<string, { type?: string }> }
    | undefined;
  return Object.entries(manifest?.artifacts ?? {})
    .filter(([, artifact]) => artifact.type === 'aws:cloudformation:stack')
    .map(([id]) => id);
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

import { Annotations, Stack, Stage } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { assemblyMetadata, SHAPE_METADATA_TYPE } from '../../../contract/assembly-metadata.ts';
import type { Saga } from '../../../statemachines/definition/saga.ts';
import { diffSagas } from '../../../statemachines/diff/saga-diff.ts';
import { type SagaShape, sagaShape } from '../../../statemachines/diff/saga-shape.ts';

/**
 * Keeps the saga's shape in the cloud assembly and, when the assembly of the previous synth (the
 * same output folder, usually `cdk.out`) holds one, warns at synth about each change that matters to
 * sagas still running — the same report as `saga diff --assembly`. The previous shape is read before
 * this synth overwrites it; with no previous assembly nothing is said.
 */
export function addSagaChangeWarning(scope: Construct, saga: Saga): void {
  const shape = sagaShape(saga);
  const previous = previousShape(scope);
  scope.node.addMetadata(SHAPE_METADATA_TYPE, shape);
  if (!previous) return;
  const changes = diffSagas(previous, shape).filter((change) => change.severity !== 'safe');
  if (changes.length === 0) return;
  Annotations.of(scope).addWarningV2(
    'sfn-saga:saga-changed',
    `${saga.name} changed since the last synth in a way sagas still running notice: ${changes
      .map(
        (change) =>
          `${change.severity.toUpperCase()} ${change.kind}${change.step ? ` ${change.step}` : ''} (${change.detail}): ${change.impact}`,
      )
      .join('; ')}. Run \`saga diff --assembly <dir> <saga-file>\` for the whole report.`,
  );
}

/** The shape the previous synth into this output folder kept for this construct, if any. */
export function previousShape(scope: Construct): SagaShape | undefined {
  const outdir = Stage.of(scope)?.outdir;
  if (!outdir) return undefined;
  return shapeInAssembly(outdir, Stack.of(scope).artifactId, `/${scope.node.path}`);
}

/** A saga's shape kept in a cloud assembly, by stack artifact and construct path. */
export function shapeInAssembly(
  assemblyDir: string,
  artifactId: string,
  constructPath: string,
): SagaShape | undefined {
  const entries = assemblyMetadata(assemblyDir, artifactId)[constructPath] ?? [];
  return entries.find((entry) => entry.type === SHAPE_METADATA_TYPE)?.data as SagaShape | undefined;
}

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { assemblyMetadata, assemblyStacks, SHAPE_METADATA_TYPE } from '../../contract/assembly-metadata.ts';
import { diffSagas, type SagaChange } from '../../statemachines/diff/saga-diff.ts';
import { type SagaShape, sagaShape } from '../../statemachines/diff/saga-shape.ts';
import { type CliCommand, ExitCode, NotFoundError, stringOption, UsageError } from '../command.ts';
import { loadSaga } from '../load-saga.ts';
import { formatJson, formatTable } from '../output/table.ts';

/** `saga diff`: what changed between two versions of a saga, and what it means for sagas in flight. */
export const diffCommand: CliCommand = {
  name: 'diff',
  summary: 'compare two versions of a saga and say what each change means for sagas still running',
  usage:
    'saga diff <old-saga-file> <new-saga-file> | saga diff --assembly <cdk.out> <new-saga-file>  [--export name] [--json]',
  help: `Lists steps added, removed, renamed and reordered, actions and compensations that call something
else, pivots that moved, retries, timeouts and the deadline that changed — each with what it means for
sagas started before the deploy (their execution keeps its definition, but calls functions by name).
With --assembly, the old version is the one the last \`cdk synth\` into that folder kept (SagaOrchestrator
records each saga's shape there, and warns at synth about the same changes).

Exit code: 0 when nothing breaks sagas in flight, 1 when a change does (a function they still call is no
longer deployed), so CI can stop such a deploy.

Options:
  --assembly <dir>   compare with the saga as last synthesized into <dir> (e.g. cdk.out)
  --export <name>    the export of the saga file(s), when they export several sagas
  --json             the changes as JSON`,
  options: { assembly: { type: 'string' }, export: { type: 'string' }, json: { type: 'boolean' } },
  async run(args, io) {
    const exportName = stringOption(args, 'export');
    const assembly = stringOption(args, 'assembly');
    const files = args.positionals;
    let before: SagaShape;
    let after: SagaShape;
    if (assembly) {
      if (files.length !== 1) throw new UsageError('with --assembly, name one saga file: the new version');
      after = sagaShape(await loadSaga(files[0] as string, exportName));
      before = await shapeFromAssembly(resolve(assembly), after.name);
    } else {
      if (files.length !== 2) throw new UsageError('name the old and the new saga file');
      before = sagaShape(await loadSaga(files[0] as string, exportName));
      after = sagaShape(await loadSaga(files[1] as string, exportName));
    }
    const changes = diffSagas(before, after);
    io.out(args.values.json ? formatJson(changes) : formatChanges(after.name, changes));
    return changes.some((change) => change.severity === 'breaking') ? ExitCode.failed : ExitCode.ok;
  },
};

function formatChanges(saga: string, changes: readonly SagaChange[]): string {
  if (changes.length === 0) return `Saga ${saga}: no change that sagas in flight would notice.`;
  const breaking = changes.filter((change) => change.severity === 'breaking').length;
  return [
    `Saga ${saga}: ${changes.length} change(s), ${breaking} breaking for sagas still running.`,
    '',
    formatTable(changes, [
      { heading: 'SEVERITY', value: (change) => change.severity },
      { heading: 'CHANGE', value: (change) => change.kind },
      { heading: 'STEP', value: (change) => change.step },
      { heading: 'DETAIL', value: (change) => change.detail },
    ]),
    '',
    'For sagas in flight:',
    ...changes.map((change) => `  ${change.step ?? change.kind}: ${change.impact}`),
  ].join('\n');
}

async function shapeFromAssembly(assemblyDir: string, sagaName: string): Promise<SagaShape> {
  if (!existsSync(join(assemblyDir, 'manifest.json')))
    throw new NotFoundError(`no cloud assembly at ${assemblyDir}: run \`npx cdk synth\` first`);
  for (const stack of assemblyStacks(assemblyDir)) {
    for (const entries of Object.values(assemblyMetadata(assemblyDir, stack))) {
      const shape = entries.find((entry) => entry.type === SHAPE_METADATA_TYPE)?.data as
        | SagaShape
        | undefined;
      if (shape?.name === sagaName) return shape;
    }
  }
  throw new NotFoundError(
    `the assembly at ${assemblyDir} keeps no shape of saga ${sagaName}: synthesize it with this version of SagaOrchestrator first`,
  );
}

import { compileSaga } from '../../statemachines/compiler/compile-saga.ts';
import { toMermaid } from '../../statemachines/diagram/mermaid.ts';
import { type CliCommand, ExitCode, UsageError } from '../command.ts';
import { loadSagas } from '../load-saga.ts';

/** `saga mermaid <file> [export]`: a Mermaid flowchart of each saga the file exports. */
export const mermaidCommand: CliCommand = {
  name: 'mermaid',
  summary: 'print a Mermaid diagram of a saga file',
  usage: 'saga mermaid <saga-file> [export-name]',
  help: 'Prints a Mermaid flowchart of each compiled saga: forward edges solid, failure and\ncompensation edges dashed.',
  options: {},
  async run({ positionals: [file, exportName] }, io) {
    if (!file) throw new UsageError('name the saga file');
    const sagas = await loadSagas(file, exportName);
    io.out(sagas.map((saga) => `%% ${saga.name}\n${toMermaid(compileSaga(saga))}`).join('\n\n'));
    return ExitCode.ok;
  },
};

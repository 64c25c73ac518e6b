import { compileSaga } from '../../statemachines/compiler/compile-saga.ts';
import { type CliCommand, ExitCode, UsageError } from '../command.ts';
import { loadSagas } from '../load-saga.ts';

/** `saga asl <file> [export]`: the compiled ASL of each saga the file exports. */
export const aslCommand: CliCommand = {
  name: 'asl',
  summary: 'print the compiled Amazon States Language of a saga file',
  usage: 'saga asl <saga-file> [export-name]',
  help: 'Prints the state machine definition each saga the file exports compiles to (JSON), with its\nresources as the definition substitution variables the CDK construct fills in.',
  options: {},
  async run({ positionals: [file, exportName] }, io) {
    if (!file) throw new UsageError('name the saga file');
    const sagas = await loadSagas(file, exportName);
    io.out(sagas.map((saga) => JSON.stringify(compileSaga(saga), null, 2)).join('\n'));
    return ExitCode.ok;
  },
};

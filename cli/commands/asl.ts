import { compileSaga } from '../../statemachines/compiler/compile-saga.ts';
import { loadSagas } from '../load-saga.ts';

/** `saga asl <file> [export]`: prints the compiled ASL of each saga the file exports. */
export async function aslCommand(file: string, exportName?: string): Promise<string> {
  const sagas = await loadSagas(file, exportName);
  return sagas.map((saga) => JSON.stringify(compileSaga(saga), null, 2)).join('\n');
}

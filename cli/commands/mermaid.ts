import { compileSaga } from '../../statemachines/compiler/compile-saga.ts';
import { toMermaid } from '../../statemachines/diagram/mermaid.ts';
import { loadSagas } from '../load-saga.ts';

/** `saga mermaid <file> [export]`: prints a Mermaid flowchart of each saga the file exports. */
export async function mermaidCommand(file: string, exportName?: string): Promise<string> {
  const sagas = await loadSagas(file, exportName);
  return sagas.map((saga) => `%% ${saga.name}\n${toMermaid(compileSaga(saga))}`).join('\n\n');
}

import { isSaga, type Saga } from '../statemachines/definition/saga.ts';
import { importUserModule } from './load-module.ts';

/**
 * The sagas a module exports (any export that `defineSaga` built). With `exportName`, only that one.
 * Throws with the fix when the file exports none.
 */
export async function loadSagas(file: string, exportName?: string): Promise<Saga[]> {
  const module = await importUserModule(file);
  const sagas = Object.entries(module)
    .filter(([name, value]) => isSaga(value) && (exportName === undefined || name === exportName))
    .map(([, value]) => value as Saga);
  if (sagas.length === 0) {
    throw new Error(
      `${file} exports no saga${exportName ? ` named "${exportName}"` : ''}: export the result of defineSaga(...)`,
    );
  }
  return sagas;
}

/** The one saga a file exports (or the one named); a usage mistake when there are several. */
export async function loadSaga(file: string, exportName?: string): Promise<Saga> {
  const sagas = await loadSagas(file, exportName);
  const [first] = sagas;
  if (!first || sagas.length > 1) {
    throw new Error(
      `${file} exports ${sagas.length} sagas (${sagas.map((saga) => saga.name).join(', ')}): name the export to use`,
    );
  }
  return first;
}

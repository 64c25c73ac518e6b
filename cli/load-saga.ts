import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isSaga, type Saga } from '../statemachines/definition/saga.ts';

/**
 * The sagas a module exports (any export that `defineSaga` built). With `exportName`, only that one.
 * Throws with the fix when the file exports none.
 */
export async function loadSagas(file: string, exportName?: string): Promise<Saga[]> {
  const module: Record<string, unknown> = await import(pathToFileURL(resolve(file)).href);
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

import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

let typeScriptHook: Promise<void> | undefined;

/**
 * Imports a module of the user's project. A TypeScript file is loaded through the project's own
 * `tsx` when it has one (it resolves the `.js` specifiers TypeScript projects write), else through
 * Node's own type stripping; plain JavaScript is imported as is.
 * @throws Error naming the file and the fix when TypeScript cannot be loaded
 */
export async function importUserModule(file: string): Promise<Record<string, unknown>> {
  const path = resolve(file);
  if (/\.[cm]?tsx?$/.test(path)) {
    typeScriptHook ??= registerProjectTsx(process.cwd());
    await typeScriptHook;
  }
  try {
    return await import(pathToFileURL(path).href);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_UNKNOWN_FILE_EXTENSION' || code === 'ERR_MODULE_NOT_FOUND') {
      throw new Error(
        `Cannot load ${file}: ${(error as Error).message}. Fix: install tsx in your project (npm install --save-dev tsx), or point saga at compiled JavaScript`,
        { cause: error },
      );
    }
    throw error;
  }
}

/** Registers the project's tsx loader when the project (or the CLI itself, in development) has one. */
async function registerProjectTsx(projectDir: string): Promise<void> {
  // A require anchored in the project's folder resolves the project's own tsx.
  const fromProject = createRequire(join(projectDir, 'package.json'));
  let api: string;
  try {
    api = fromProject.resolve('tsx/esm/api');
  } catch {
    return;
  }
  const { register } = (await import(pathToFileURL(api).href)) as { register: () => unknown };
  register();
}

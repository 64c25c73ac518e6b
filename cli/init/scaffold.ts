import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { packageRoot } from '../../contract/project-root.ts';

/** The template of a new project, shipped in the package. */
export const TEMPLATE_DIR = join('templates', 'init');

/** Files npm would drop from a published package under their real name, shipped renamed. */
const RENAMED: Record<string, string> = { _gitignore: '.gitignore' };

/** What may already be in the folder a project is scaffolded into. */
const TOLERATED = new Set(['package.json', 'package-lock.json', 'node_modules', '.git']);

/** What `scaffold` needs. */
export interface ScaffoldOptions {
  /** The folder of the new project (created if missing). */
  readonly dir: string;
  /** @default the folder's name */
  readonly name?: string;
  /** The dependency spec of sfn-saga. @default `^<this package's version>` */
  readonly sfnSaga?: string;
}

/**
 * Writes a new project from the template: `{{name}}`, `{{sfn-saga}}` and `{{version:<package>}}`
 * (the version range this package is built and tested with) are filled in. An existing
 * `package.json` is merged: its name, scripts and dependencies are kept, the template's added.
 * @throws Error when the folder holds files the template would overwrite
 * @returns the files written, relative to `dir`
 */
export async function scaffold(options: ScaffoldOptions): Promise<string[]> {
  const dir = resolve(options.dir);
  const existing = existsSync(dir) ? await readdir(dir) : [];
  const clashes = existing.filter((entry) => !TOLERATED.has(entry));
  if (clashes.length > 0) {
    throw new Error(
      `${dir} is not empty (${clashes.slice(0, 5).join(', ')}${clashes.length > 5 ? ', …' : ''}): scaffold into a new or empty folder`,
    );
  }
  const root = packageRoot();
  const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as PackageManifest;
  const values = fillValues(manifest, options.name ?? basename(dir), options.sfnSaga);
  const templateDir = join(root, TEMPLATE_DIR);
  const written: string[] = [];
  for (const file of await filesUnder(templateDir)) {
    const target = join(dir, renamed(relative(templateDir, file)));
    let text = fill(await readFile(file, 'utf8'), values, relative(templateDir, file));
    if (basename(target) === 'package.json' && existsSync(target))
      text = mergeManifest(JSON.parse(await readFile(target, 'utf8')), JSON.parse(text));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, text);
    written.push(relative(dir, target));
  }
  return written.sort();
}

interface PackageManifest {
  readonly version: string;
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly [key: string]: unknown;
}

function fillValues(manifest: PackageManifest, name: string, sfnSaga: string | undefined) {
  const versions = {
    ...manifest.devDependencies,
    ...manifest.peerDependencies,
    ...manifest.dependencies,
  };
  return { name, 'sfn-saga': sfnSaga ?? `^${manifest.version}`, versions };
}

function fill(text: string, values: ReturnType<typeof fillValues>, file: string): string {
  return text.replace(/\{\{([^}]+)\}\}/g, (_, key: string) => {
    if (key === 'name') return values.name;
    if (key === 'sfn-saga') return values['sfn-saga'];
    const version = key.startsWith('version:') ? values.versions[key.slice('version:'.length)] : undefined;
    if (version === undefined) throw new Error(`template ${file}: no value for {{${key}}}`);
    return version;
  });
}

/** The user's package.json with the template's type, engines, scripts and dependencies added. */
function mergeManifest(own: Record<string, unknown>, template: Record<string, unknown>): string {
  const merged: Record<string, unknown> = { ...template, ...own, type: 'module' };
  for (const field of ['scripts', 'dependencies', 'devDependencies', 'engines'] as const) {
    merged[field] = { ...(template[field] as object), ...(own[field] as object) };
  }
  return `${JSON.stringify(merged, null, 2)}\n`;
}

function renamed(path: string): string {
  const name = basename(path);
  return RENAMED[name] ? join(dirname(path), RENAMED[name]) : path;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory() ? filesUnder(join(dir, entry.name)) : Promise.resolve([join(dir, entry.name)]),
    ),
  );
  return nested.flat();
}

import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { LocalCloudDescription } from './local-gateway.ts';

/** Where, under a project's root, a running local cloud says so. */
export const DISCOVERY_FILE = join('.sfn-saga', 'local-cloud.json');

/** The discovery file's content: the cloud's description and the process that runs it. */
export interface LocalCloudDiscovery extends LocalCloudDescription {
  readonly pid: number;
}

/** Says that a local cloud runs (written by `saga local-cloud`). */
export async function writeDiscoveryFile(file: string, discovery: LocalCloudDiscovery): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(discovery, null, 2)}\n`);
}

export async function removeDiscoveryFile(file: string): Promise<void> {
  await rm(file, { force: true });
}

/**
 * The local cloud a discovery file names, if its process still runs; `undefined` when there is no
 * file or its process is gone (a crashed local cloud leaves its file behind).
 */
export async function readDiscoveryFile(file: string): Promise<LocalCloudDiscovery | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  const discovery = JSON.parse(text) as LocalCloudDiscovery;
  return processRuns(discovery.pid) ? discovery : undefined;
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root (scripts run from it; paths in invocations are relative to it). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The Compose file of LocalStack, relative to the repository root. */
export const COMPOSE_FILE = 'localstack/docker-compose.yml';

/** A command the scripts run: built by pure functions (so tests assert it), run by {@link runInvocation}. */
export interface Invocation {
  readonly command: string;
  readonly args: readonly string[];
  /** The complete environment of the child process. */
  readonly env: Readonly<Record<string, string>>;
}

/** `docker compose -f localstack/docker-compose.yml <args>` with the given environment. */
export function composeInvocation(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): Invocation {
  return { command: 'docker', args: ['compose', '-f', COMPOSE_FILE, ...args], env };
}

/** The defined variables of an environment (what a child process can be given). */
export function definedEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/** The command line of an invocation, for logs. */
export function commandLine(invocation: Invocation): string {
  return [invocation.command, ...invocation.args].join(' ');
}

/**
 * Runs an invocation from the repository root with inherited stdio; throws, naming the command,
 * when it cannot start or exits non-zero.
 */
export function runInvocation(invocation: Invocation): void {
  console.info(`$ ${commandLine(invocation)}`);
  const result = spawnSync(invocation.command, [...invocation.args], {
    cwd: PROJECT_ROOT,
    env: invocation.env,
    stdio: 'inherit',
  });
  if (result.error) throw new Error(`could not run ${invocation.command}: ${result.error.message}`);
  if (result.status !== 0)
    throw new Error(`${commandLine(invocation)} exited with ${result.status ?? result.signal ?? 'unknown'}`);
}

/** Whether an invocation runs and exits 0, without showing its output. */
export function succeeds(invocation: Invocation): boolean {
  const result = spawnSync(invocation.command, [...invocation.args], {
    cwd: PROJECT_ROOT,
    env: invocation.env,
    stdio: 'ignore',
  });
  return result.error === undefined && result.status === 0;
}

/**
 * What `docker compose` needs, each with what to say when it is missing: the Compose v2 plugin, and
 * a Docker engine that answers (LocalStack runs in it, and starts each Lambda function in it).
 */
export function dockerPrerequisites(
  env: Readonly<Record<string, string>>,
): readonly { readonly check: Invocation; readonly problem: string }[] {
  return [
    {
      check: { command: 'docker', args: ['compose', 'version'], env },
      problem:
        'Docker Compose v2 is not available (`docker compose version` failed): install Docker with its compose plugin',
    },
    {
      check: { command: 'docker', args: ['info'], env },
      problem: 'no Docker engine answers (`docker info` failed): start Docker, then run this again',
    },
  ];
}

/** Throws the first missing Docker prerequisite's problem (`run` is {@link succeeds}; tests pass a fake). */
export function assertDockerAvailable(
  env: Readonly<Record<string, string>>,
  run: (invocation: Invocation) => boolean = succeeds,
): void {
  const missing = dockerPrerequisites(env).find(({ check }) => !run(check));
  if (missing) throw new Error(missing.problem);
}

/** Whether the module at `moduleUrl` is the script Node was started with (not an import). */
export function isMainModule(moduleUrl: string): boolean {
  const script = process.argv[1];
  return script !== undefined && pathToFileURL(resolve(script)).href === moduleUrl;
}

/** Runs a script's main, printing a failure as one line and exiting 1 (no stack trace for expected failures). */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}

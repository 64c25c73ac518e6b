/**
 * `npm run localstack:test`: runs the LocalStack suite with `LOCALSTACK_REQUIRED=1`, so a LocalStack that
 * does not answer, or has no deployed stack, fails the run instead of skipping it.
 */
import { definedEnv, type Invocation, isMainModule, runInvocation, runMain } from './invocation.ts';

/** The variable that turns the suite's skip into a failure. */
export const REQUIRED_VARIABLE = 'LOCALSTACK_REQUIRED';

/** The folder of the LocalStack suite and its unit tests. */
export const SUITE_DIR = 'test/localstack';

/** `vitest run test/localstack` with `LOCALSTACK_REQUIRED=1` (extra arguments, e.g. `-t <name>`, are passed on). */
export function testInvocation(
  env: Readonly<Record<string, string | undefined>>,
  extraArgs: readonly string[] = [],
): Invocation {
  return {
    command: 'npx',
    args: ['--no', 'vitest', 'run', SUITE_DIR, ...extraArgs],
    env: { ...definedEnv(env), [REQUIRED_VARIABLE]: '1' },
  };
}

async function main(): Promise<void> {
  runInvocation(testInvocation(process.env, process.argv.slice(2)));
}

if (isMainModule(import.meta.url)) runMain(main);

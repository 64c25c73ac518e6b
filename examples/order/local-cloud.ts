/**
 * `npm run local-cloud`: synthesizes the example app (failure injection on) and runs it on the
 * local cloud until Ctrl-C, for the saga commands to operate on (`npm run saga -- list`, …).
 * In your own project: `npx cdk synth && npx saga local-cloud`.
 */
import { resolve } from 'node:path';
import { localCloudCommand } from '../../cli/commands/local-cloud.ts';
import { EXAMPLE_STACK_NAME, synthesizeExample } from '../../infra/synthesize-example.ts';

const assembly = synthesizeExample(resolve('cdk.out.local-cloud'));
process.exitCode = await localCloudCommand.run(
  { positionals: [], values: { assembly, stack: EXAMPLE_STACK_NAME } },
  { out: (text) => process.stdout.write(`${text}\n`), err: (text) => process.stderr.write(`${text}\n`) },
);

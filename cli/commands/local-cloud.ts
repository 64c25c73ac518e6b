import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { findProjectRoot } from '../../contract/project-root.ts';
import { sagaResourcesOf } from '../../contract/saga-stack-outputs.ts';
import { DISCOVERY_FILE } from '../../local/cloud/discovery.ts';
import { startLocalCloud } from '../../local/cloud/local-cloud.ts';
import { type CliCommand, ExitCode, NotFoundError, stringOption, UsageError } from '../command.ts';

/** `saga local-cloud`: the synthesized stack on the local cloud, until interrupted. */
export const localCloudCommand: CliCommand = {
  name: 'local-cloud',
  summary: 'run a synthesized stack on the local cloud (no AWS, no Docker) until Ctrl-C',
  usage: 'saga local-cloud [--assembly cdk.out] [--stack <name>] [--retry-delay-scale 0.01]',
  help: `Runs the stack's template from the cloud assembly (run \`npx cdk synth\` first): DynamoDB Local,
a local SQS, EventBridge and Step Functions, and every function from its bundle. Prints one endpoint
for all services (pass it to the SDK or to --endpoint), and tells the other saga commands of this
project where it runs (${DISCOVERY_FILE}), so \`saga list\`, \`saga show\`… find it with no option.

Options:
  --assembly <dir>            the cloud assembly (default: cdk.out)
  --stack <name>              the stack (default: the assembly's only stack)
  --retry-delay-scale <n>     multiplies Step Functions' retry waits (default 0.01: 1 s waits 10 ms)`,
  options: {
    assembly: { type: 'string' },
    stack: { type: 'string' },
    'retry-delay-scale': { type: 'string' },
  },
  async run(args, io) {
    const assemblyDir = resolve(stringOption(args, 'assembly') ?? 'cdk.out');
    const stackName = stringOption(args, 'stack') ?? (await onlyStack(assemblyDir));
    const scale = Number(stringOption(args, 'retry-delay-scale') ?? '0.01');
    if (!Number.isFinite(scale) || scale < 0)
      throw new UsageError('--retry-delay-scale must be a number ≥ 0');
    const root = findProjectRoot(undefined);
    const cloud = await startLocalCloud({
      assemblyDir,
      stackName,
      retryDelayScale: scale,
      ...(root ? { discoveryFile: join(root.dir, DISCOVERY_FILE) } : {}),
    });
    const sagas = sagaResourcesOf(cloud.outputs).map((saga) => saga.sagaType);
    io.out(
      [
        `Local cloud of stack ${stackName} running.`,
        `  endpoint: ${cloud.gateway}   (AWS_ENDPOINT_URL=${cloud.gateway} for the SDK and the AWS CLI)`,
        `  sagas:    ${sagas.join(', ') || 'none (no SfnSaga… output)'}`,
        '  try:      saga list · saga stats · saga start <type> --key … --input …',
        'Ctrl-C stops it.',
      ].join('\n'),
    );
    await new Promise<void>((done) => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    io.out('Stopping the local cloud…');
    await cloud.stop();
    return ExitCode.ok;
  },
};

async function onlyStack(assemblyDir: string): Promise<string> {
  const manifest = join(assemblyDir, 'manifest.json');
  if (!existsSync(manifest))
    throw new NotFoundError(
      `no cloud assembly at ${assemblyDir}: run \`npx cdk synth\` first, or pass --assembly`,
    );
  const { artifacts = {} } = JSON.parse(await readFile(manifest, 'utf8')) as {
    artifacts?: Record<string, { type?: string }>;
  };
  const stacks = Object.entries(artifacts)
    .filter(([, artifact]) => artifact.type === 'aws:cloudformation:stack')
    .map(([name]) => name);
  if (stacks.length === 1 && stacks[0]) return stacks[0];
  throw new UsageError(
    stacks.length === 0
      ? `the assembly at ${assemblyDir} holds no stack`
      : `the assembly holds several stacks (${stacks.join(', ')}): pass --stack`,
  );
}

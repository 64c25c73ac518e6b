import { relative, resolve } from 'node:path';
import { type CliCommand, ExitCode, stringOption, UsageError } from '../command.ts';
import { scaffold } from '../init/scaffold.ts';

/** `saga init <dir>`: scaffolds a project with a saga, its handlers, a stack and tests. */
export const initCommand: CliCommand = {
  name: 'init',
  summary: 'scaffold a project: a saga with three handlers, a CDK stack and its tests',
  usage: 'saga init <dir> [--name <package-name>] [--sfn-saga <dependency-spec>]',
  help: [
    'Writes package.json, tsconfig.json, cdk.json, a saga (src/order-saga.ts) with three sagaStep',
    'handlers, a stack (lib/), a vitest test of the happy path and of every failure point, and a',
    'README. An existing package.json is merged. Then: cd <dir> && npm install && npm test.',
    '',
    'Options:',
    '  --name <name>           the package name (default: the folder name)',
    "  --sfn-saga <spec>       the sfn-saga dependency (default: this version's ^range)",
  ].join('\n'),
  options: { name: { type: 'string' }, 'sfn-saga': { type: 'string' } },
  async run(args, io) {
    const [dir] = args.positionals;
    if (!dir) throw new UsageError('name the folder of the new project (e.g. my-saga, or . for this one)');
    const name = stringOption(args, 'name');
    const sfnSaga = stringOption(args, 'sfn-saga');
    const files = await scaffold({ dir, ...(name ? { name } : {}), ...(sfnSaga ? { sfnSaga } : {}) });
    const where = relative(process.cwd(), resolve(dir)) || '.';
    io.out(
      [
        `Created a saga project in ${where}:`,
        ...files.map((file) => `  ${file}`),
        '',
        'Next:',
        ...(where === '.' ? [] : [`  cd ${where}`]),
        '  npm install && npm test   # typecheck, run the saga and every failure point locally',
        '  npx cdk synth             # the CloudFormation template',
      ].join('\n'),
    );
    return ExitCode.ok;
  },
};

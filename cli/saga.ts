#!/usr/bin/env -S node --import tsx
/**
 * The `saga` command line (also `sfn-saga`): `saga <command> [arguments] [--help]`.
 * One command per file under `cli/commands/`; `saga --help` lists them.
 */
import { parseArgs } from 'node:util';
import { type CliCommand, type CliIo, ExitCode, NotFoundError, UsageError } from './command.ts';
import { abandonCommand } from './commands/abandon.ts';
import { aslCommand } from './commands/asl.ts';
import { cancelCommand } from './commands/cancel.ts';
import { costCommand } from './commands/cost.ts';
import { diffCommand } from './commands/diff.ts';
import { initCommand } from './commands/init.ts';
import { listCommand } from './commands/list.ts';
import { localCloudCommand } from './commands/local-cloud.ts';
import { mermaidCommand } from './commands/mermaid.ts';
import { redriveCommand } from './commands/redrive.ts';
import { showCommand } from './commands/show.ts';
import { startCommand } from './commands/start.ts';
import { statsCommand } from './commands/stats.ts';
import { testCommand } from './commands/test.ts';
import { traceCommand } from './commands/trace.ts';

const COMMANDS: readonly CliCommand[] = [
  initCommand,
  testCommand,
  aslCommand,
  mermaidCommand,
  costCommand,
  diffCommand,
  localCloudCommand,
  listCommand,
  statsCommand,
  showCommand,
  startCommand,
  redriveCommand,
  cancelCommand,
  abandonCommand,
  traceCommand,
];

const io: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

function overview(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return [
    'usage: saga <command> [arguments] [--help]',
    '',
    'Commands:',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Exit codes: 0 done, 1 failed (the error says why), 2 usage, 3 not found.',
  ].join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.err : io.out)(overview());
    return name === undefined ? ExitCode.usage : ExitCode.ok;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    io.err(`saga: unknown command "${name}"\n\n${overview()}`);
    return ExitCode.usage;
  }
  try {
    const { positionals, values } = parseArgs({
      args: [...rest],
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    });
    if (values.help) {
      io.out(`usage: ${command.usage}\n\n${command.summary}.\n\n${command.help}`);
      return ExitCode.ok;
    }
    return await command.run({ positionals, values }, io);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`saga ${command.name}: ${(error as Error).message}\nusage: ${command.usage}`);
      return ExitCode.usage;
    }
    io.err(`saga ${command.name}: ${error instanceof Error ? error.message : String(error)}`);
    return error instanceof NotFoundError ? ExitCode.notFound : ExitCode.failed;
  }
}

process.exitCode = await main(process.argv.slice(2));

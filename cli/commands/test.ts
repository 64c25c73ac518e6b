import { readFile } from 'node:fs/promises';
import { SagaTestEnvironment } from '../../local/testing/saga-test-environment.ts';
import type { TestStoreKind } from '../../local/testing/test-store.ts';
import { type CliCommand, ExitCode, stringOption, UsageError } from '../command.ts';
import { loadSaga } from '../load-saga.ts';

/** `saga test <file> [export]`: the rollback matrix of a saga, run locally. */
export const testCommand: CliCommand = {
  name: 'test',
  summary: 'run every failure point of a saga locally and print its rollback matrix',
  usage:
    'saga test <saga-file> [export-name] [--input <json> | --input @<file>] [--store memory|dynamodb-local] [--json]',
  help: [
    'Runs the saga in-process with its own handlers (resolved from your project root), once per',
    'failure point: each step failing on every attempt, terminally and by timeout, and each',
    'compensation failing. Prints what was compensated, in order, and how each run ended.',
    '',
    'Options:',
    '  --input <json>|@<file>   the saga input of every run (default {})',
    '  --store memory|dynamodb-local   where records go (default memory; dynamodb-local needs Java)',
    "  --table <Name>=<partitionKey>[,<sortKey>]   a table the saga's DynamoDB steps use (repeatable)",
    '  --json                   print the matrix as JSON',
  ].join('\n'),
  options: {
    input: { type: 'string' },
    store: { type: 'string' },
    table: { type: 'string', multiple: true },
    json: { type: 'boolean' },
  },
  async run(args, io) {
    const [file, exportName] = args.positionals;
    if (!file) throw new UsageError('name the saga file');
    const store = stringOption(args, 'store') ?? 'memory';
    if (store !== 'memory' && store !== 'dynamodb-local')
      throw new UsageError(`--store must be memory or dynamodb-local, not "${store}"`);
    const saga = await loadSaga(file, exportName);
    const env = await SagaTestEnvironment.start({
      saga,
      store: store as TestStoreKind,
      tables: tablesOf(args.values.table),
    });
    try {
      const matrix = await env.runEveryFailure(await inputOf(stringOption(args, 'input')));
      io.out(
        args.values.json
          ? JSON.stringify({ saga: matrix.saga, rows: matrix.rows }, null, 2)
          : matrix.toString(),
      );
      return matrix.rows.every((row) => row.status !== undefined) ? ExitCode.ok : ExitCode.failed;
    } finally {
      await env.stop();
    }
  },
};

async function inputOf(given: string | undefined): Promise<unknown> {
  if (given === undefined) return {};
  const text = given.startsWith('@') ? await readFile(given.slice(1), 'utf8') : given;
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`--input is not JSON: ${text.slice(0, 80)}`);
  }
}

function tablesOf(given: unknown): Record<string, { partitionKey: string; sortKey?: string }> {
  const specs = Array.isArray(given) ? given.map(String) : [];
  return Object.fromEntries(
    specs.map((spec) => {
      const match = /^([A-Za-z0-9_.-]+)=([^,]+)(?:,(.+))?$/.exec(spec);
      if (!match?.[1] || !match[2])
        throw new UsageError(`--table must be Name=partitionKey[,sortKey], not "${spec}"`);
      return [match[1], { partitionKey: match[2], ...(match[3] ? { sortKey: match[3] } : {}) }];
    }),
  );
}

import type { ParseArgsConfig } from 'node:util';

/** What a command prints to. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** Exit codes every command uses. */
export const ExitCode = {
  /** The command did what it was asked. */
  ok: 0,
  /** It ran and failed: the error says why. */
  failed: 1,
  /** The command line was wrong: the usage says how to call it. */
  usage: 2,
  /** What it was asked about does not exist. */
  notFound: 3,
} as const;

/** A command of the `saga` CLI (one per file under `cli/commands/`). */
export interface CliCommand {
  readonly name: string;
  /** One line, for `saga --help`. */
  readonly summary: string;
  /** e.g. `saga asl <file> [export]` */
  readonly usage: string;
  /** More lines for `saga <command> --help`: arguments, options, examples. */
  readonly help: string;
  /** Options as `node:util` parseArgs takes them (`--help` is added). */
  readonly options: NonNullable<ParseArgsConfig['options']>;
  run(args: CommandArgs, io: CliIo): Promise<number>;
}

/** A command's parsed arguments. */
export interface CommandArgs {
  readonly positionals: readonly string[];
  readonly values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
}

/** A usage mistake: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** What the command was asked about does not exist (a saga, a stack): exit code 3. */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/** The value of a string option, or `undefined`. */
export function stringOption(args: CommandArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

#!/usr/bin/env -S node --import tsx
/**
 * The `saga` command line.
 *   saga asl <file> [export]      the compiled Amazon States Language of a saga file
 *   saga mermaid <file> [export]  a Mermaid diagram of it (forward and compensation edges)
 */
import { aslCommand } from './commands/asl.ts';
import { mermaidCommand } from './commands/mermaid.ts';

const USAGE = 'usage: saga <asl|mermaid> <saga-file.ts> [export-name]';
const commands: Record<string, (file: string, exportName?: string) => Promise<string>> = {
  asl: aslCommand,
  mermaid: mermaidCommand,
};

const [commandName, file, exportName] = process.argv.slice(2);
const command = commandName ? commands[commandName] : undefined;
if (!command || !file) {
  console.error(USAGE);
  process.exit(2);
}
try {
  console.log(await command(file, exportName));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

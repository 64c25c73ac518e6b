import { describe, expect, it } from 'vitest';
import { type CliCommand, type CliIo, UsageError } from '../../cli/command.ts';
import { abandonCommand } from '../../cli/commands/abandon.ts';
import { cancelCommand } from '../../cli/commands/cancel.ts';
import { redriveCommand } from '../../cli/commands/redrive.ts';

const io: CliIo = { out: () => {}, err: () => {} };
const run = (command: CliCommand, positionals: string[], values: Record<string, string | boolean> = {}) =>
  command.run({ positionals, values }, io);

describe('saga redrive, cancel and abandon: their arguments', () => {
  it('take exactly one saga id', async () => {
    for (const command of [redriveCommand, cancelCommand, abandonCommand]) {
      await expect(run(command, [], { reason: 'x' })).rejects.toThrow(new UsageError('name one saga id'));
      await expect(run(command, ['a', 'b'], { reason: 'x' })).rejects.toThrow(UsageError);
    }
  });

  it('refuse a cancel or an abandon without a reason, before touching anything', async () => {
    for (const command of [cancelCommand, abandonCommand]) {
      await expect(run(command, ['OrderSaga-1'])).rejects.toThrow(/--reason/);
      await expect(run(command, ['OrderSaga-1'], { reason: '   ' })).rejects.toThrow(/--reason/);
    }
  });

  it('document their options, exit codes and what they do to the saga', () => {
    expect(redriveCommand.help).toContain('Exit codes');
    expect(cancelCommand.help).toMatch(/past its pivot/);
    expect(abandonCommand.help).toMatch(/Saga Abandoned/);
    for (const command of [redriveCommand, cancelCommand, abandonCommand])
      expect(command.help).toContain('--stack <name>');
  });
});

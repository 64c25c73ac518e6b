import { type CommandArgs, stringOption, UsageError } from '../command.ts';

/**
 * The one saga id a command that acts on a saga takes.
 * @throws UsageError when there is none, or more than one
 */
export function oneSagaId(args: CommandArgs): string {
  const [sagaId, ...extra] = args.positionals;
  if (!sagaId || extra.length > 0) throw new UsageError('name one saga id');
  return sagaId;
}

/**
 * The saga id and the `--reason` an operator's cancel or abandon must give (kept on the record).
 * @throws UsageError when either is missing
 */
export function sagaIdAndReason(args: CommandArgs): { sagaId: string; reason: string } {
  const sagaId = oneSagaId(args);
  const reason = stringOption(args, 'reason')?.trim();
  if (!reason) throw new UsageError('say why with --reason "…": it is kept on the saga record');
  return { sagaId, reason };
}

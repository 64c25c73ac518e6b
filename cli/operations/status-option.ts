import { OPEN_STATUSES, SagaStatus } from '../../contract/saga-table.ts';
import { UsageError } from '../command.ts';

const ALL_STATUSES = Object.values(SagaStatus);

/**
 * The statuses of `--status` (repeated, or comma-separated; any case; `open` for RUNNING and
 * COMPENSATING); every status when it is absent.
 * @throws UsageError naming the unknown status and the known ones
 */
export function statusesOption(value: string | boolean | (string | boolean)[] | undefined): SagaStatus[] {
  const words = (Array.isArray(value) ? value : [value])
    .filter((word): word is string => typeof word === 'string')
    .flatMap((word) => word.split(','))
    .map((word) => word.trim().toUpperCase().replace(/[\s-]/g, '_'))
    .filter(Boolean);
  if (words.length === 0) return [...ALL_STATUSES];
  const statuses = words.flatMap((word) => {
    if (word === 'OPEN') return [...OPEN_STATUSES];
    if ((ALL_STATUSES as string[]).includes(word)) return [word as SagaStatus];
    throw new UsageError(
      `--status ${word} is not a saga status: use one of ${ALL_STATUSES.join(', ')}, or open`,
    );
  });
  return [...new Set(statuses)];
}

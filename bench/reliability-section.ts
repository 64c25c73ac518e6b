import { faultCatalogue } from '../test/faults/fault-messages.ts';
import { renderReliabilityTable } from '../test/faults/reliability-table.ts';
import type { ReliabilityResults } from './reliability.ts';

/** The heading of the Reliability section of bench/README.md. */
export const RELIABILITY_HEADING = '## Reliability';

/** The Reliability section of bench/README.md: what the fault run sent, and its accounting. */
export function reliabilitySection(results: ReliabilityResults, measuredAt: string): string {
  const groups = new Map<string, Set<string>>();
  const sizes = new Map<string, number>();
  for (const message of faultCatalogue('readme').messages) {
    groups.set(message.group, (groups.get(message.group) ?? new Set()).add(message.what));
    sizes.set(message.group, (sizes.get(message.group) ?? 0) + 1);
  }
  return [
    `${RELIABILITY_HEADING} (issue 10's fault run on the local cloud, \`test/faults/\`)`,
    '',
    `Measured ${measuredAt}: ${results.runSeconds} s from the first message sent to the stack settled.`,
    "Every message is accounted for from the stack's own state at the end: every table item, every queued",
    'and dead-lettered message (body and reason attribute) and every log line of its functions.',
    '',
    '| sent | messages | what |',
    '|---|---|---|',
    ...[...groups].map(([group, whats]) => `| ${group} | ${sizes.get(group)} | ${[...whats].join('; ')} |`),
    '',
    renderReliabilityTable(results.counts),
    '',
    'A step that times out is what a loaded machine gives the local cloud (one DynamoDB Local, every',
    "function's invocations in one worker); the saga answers it as designed, by rolling back (the timed-out",
    'charge refunded too), so those sagas are counted apart and accepted.',
    '',
  ].join('\n');
}

/** The reliability figures of one fault run: what the suite prints and bench/README.md shows. */
export interface ReliabilityCounts {
  readonly messagesIn: number;
  readonly sagasEndedByStatus: Readonly<Record<string, number>>;
  /** Sagas meant to complete that a step's timeout rolled back (a loaded machine): accepted, shown. */
  readonly rolledBackAfterTimeout: number;
  readonly duplicatesAbsorbed: number;
  readonly deadLetteredWithReason: number;
  readonly refusedWithReason: number;
  readonly lost: number;
  readonly runningOrphans: number;
  readonly failedWithoutReason: number;
  readonly duplicateSideEffects: number;
  readonly sensitiveValuesAtRest: number;
  readonly itemsWithoutSaneTtl: number;
  readonly deadLettersWithoutReason: number;
  readonly unexpectedFates: number;
}

/** The figures that must be 0, by their row label. */
export function zeroRows(counts: ReliabilityCounts): Record<string, number> {
  return {
    lost: counts.lost,
    'RUNNING orphans': counts.runningOrphans,
    'FAILED without a reason': counts.failedWithoutReason,
    'duplicate side effects': counts.duplicateSideEffects,
    'sensitive values at rest': counts.sensitiveValuesAtRest,
    'items without a sane TTL': counts.itemsWithoutSaneTtl,
    'dead letters without a reason': counts.deadLettersWithoutReason,
    'messages whose fate was not the expected one': counts.unexpectedFates,
  };
}

/** The accounting as a Markdown table: messages in, where each went, and what must be 0. */
export function renderReliabilityTable(counts: ReliabilityCounts): string {
  const ended = Object.entries(counts.sagasEndedByStatus).sort(([a], [b]) => a.localeCompare(b));
  const endedTotal = ended.reduce((sum, [, count]) => sum + count, 0);
  const rows: [string, number | string][] = [
    ['messages in', counts.messagesIn],
    [
      `sagas ended (${ended.map(([status, count]) => `${status} ${count}`).join(', ') || 'none'})`,
      endedTotal,
    ],
    [
      'of which rolled back cleanly after a step timed out on the loaded machine',
      counts.rolledBackAfterTimeout,
    ],
    ["duplicates absorbed by their key's saga", counts.duplicatesAbsorbed],
    ['dead-lettered with a reason', counts.deadLetteredWithReason],
    ['refused at the queue with a reason', counts.refusedWithReason],
    ...Object.entries(zeroRows(counts)),
  ];
  return [
    '| messages | count |',
    '|---|---|',
    ...rows.map(([label, value]) => `| ${label} | ${value} |`),
  ].join('\n');
}

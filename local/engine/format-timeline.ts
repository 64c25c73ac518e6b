import type { HistoryEntry } from './history.ts';
import type { LocalSagaRun } from './local-saga-engine.ts';

/** What a timeline shows: a local engine run, or an execution of the local cloud. */
export type TimelineRun = Pick<
  LocalSagaRun,
  'sagaId' | 'status' | 'execution' | 'history' | 'transitions' | 'retries' | 'compensated' | 'error'
>;

const ROLE_LABEL: Record<HistoryEntry['role'], string> = {
  action: 'step',
  compensation: 'undo',
  record: 'record',
  group: 'group',
  check: 'check',
  end: 'end',
};

/** A readable, line-per-event timeline of a local saga run, for people. */
export function formatTimeline(title: string, run: TimelineRun): string {
  const lines = [`── ${title} ── saga ${run.sagaId}`];
  for (const entry of run.history) {
    const line = describe(entry);
    if (line)
      lines.push(`  ${String(entry.atMs).padStart(6)} ms  ${ROLE_LABEL[entry.role].padEnd(6)} ${line}`);
  }
  lines.push(
    `  status ${run.status ?? '(no record)'} · execution ${run.execution} · ${run.transitions} transitions` +
      ` · ${run.retries} retries · compensated: ${run.compensated.length > 0 ? run.compensated.join(' → ') : 'nothing'}`,
  );
  if (run.error) lines.push(`  error ${run.error.name}: ${run.error.message}`);
  return lines.join('\n');
}

function describe(entry: HistoryEntry): string | undefined {
  switch (entry.event) {
    case 'entered':
      return entry.role === 'check' ? undefined : `▶ ${entry.state}`;
    case 'succeeded':
      return entry.role === 'check' || entry.role === 'group' ? undefined : `✔ ${entry.state}`;
    case 'failed':
      return `✘ ${entry.state}: ${entry.error}${entry.cause ? ` — ${shorten(entry.cause)}` : ''}`;
    case 'retried':
      return `↻ ${entry.state} retry ${entry.retry}`;
    case 'caught':
      return `↪ ${entry.state} failure caught`;
    case 'redriven':
      return `⟳ redrive ${entry.redriveCount} resumes at ${entry.state} (the execution had ended ${entry.endedWith})`;
  }
}

function shorten(text: string): string {
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}

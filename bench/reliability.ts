/**
 * Reliability figures: the fault run of `test/faults/` (issue 10's bad inputs, 20 concurrent
 * duplicates, 100 sagas at once, secrets in inputs, an operator's write mid-run) on the example
 * stack on the local cloud, and its accounting of every message in. Part of `npm run bench`; alone,
 * `npx tsx bench/reliability.ts` measures it and rewrites the Reliability section of bench/README.md.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXAMPLE_STACK_NAME, synthesizeExample } from '../infra/synthesize-example.ts';
import { startLocalCloud } from '../local/cloud/local-cloud.ts';
import { runFaultCampaign } from '../test/faults/fault-run.ts';
import type { ReliabilityCounts } from '../test/faults/reliability-table.ts';
import { RELIABILITY_HEADING, reliabilitySection } from './reliability-section.ts';
import { round } from './support.ts';

/** Retry waits scaled as in the full-stack tests: the same paths, without minutes of backoff. */
const RETRY_DELAY_SCALE = 0.01;

/** What `measureReliability` reports. */
export interface ReliabilityResults {
  readonly counts: ReliabilityCounts;
  /** From the first message sent to the stack settled. */
  readonly runSeconds: number;
}

/** Runs the fault campaign once on a fresh local cloud and returns its accounting. */
export async function measureReliability(): Promise<ReliabilityResults> {
  const assemblyDir = synthesizeExample(await mkdtemp(join(tmpdir(), 'bench-faults-')));
  const cloud = await startLocalCloud({
    assemblyDir,
    stackName: EXAMPLE_STACK_NAME,
    retryDelayScale: RETRY_DELAY_SCALE,
  });
  try {
    const report = await runFaultCampaign(cloud);
    return { counts: report.counts, runSeconds: round(report.seconds, 1) };
  } finally {
    await cloud.stop();
    await rm(assemblyDir, { recursive: true, force: true });
  }
}

/** bench/README.md with its Reliability section replaced by (or, the first time, followed by) `section`. */
export function withReliabilitySection(readme: string, section: string): string {
  const start = readme.indexOf(RELIABILITY_HEADING);
  if (start < 0) return `${readme.trimEnd()}\n\n${section}`;
  const next = readme.indexOf('\n## ', start + RELIABILITY_HEADING.length);
  return `${readme.slice(0, start)}${section}${next < 0 ? '' : readme.slice(next + 1)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const results = await measureReliability();
  const section = reliabilitySection(results, new Date().toISOString());
  const readmeUrl = new URL('./README.md', import.meta.url);
  await writeFile(readmeUrl, withReliabilitySection(await readFile(readmeUrl, 'utf8'), section));
  console.log(section);
}

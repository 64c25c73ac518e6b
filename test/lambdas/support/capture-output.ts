import { type MockInstance, vi } from 'vitest';

/** What a function wrote on stdout and stderr during a test. */
export interface CapturedOutput {
  /** Every line that is a JSON object (Powertools log lines and EMF blobs), parsed. */
  json(): Record<string, unknown>[];
  /** Everything written, as text. */
  text(): string;
  restore(): void;
}

/**
 * Captures what is written to stdout and stderr. Powertools' Logger and Metrics write through
 * their own `Console` on `process.stdout`/`process.stderr` (not the global `console`), as in Lambda.
 */
export function captureOutput(): CapturedOutput {
  const chunks: string[] = [];
  const capture = (chunk: unknown) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString());
    return true;
  };
  const spies: MockInstance[] = [
    vi.spyOn(process.stdout, 'write').mockImplementation(capture),
    vi.spyOn(process.stderr, 'write').mockImplementation(capture),
  ];
  const text = () => chunks.join('');
  return {
    text,
    json: () =>
      text()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}

/** The EMF blobs among captured lines. */
export function emfBlobs(lines: Record<string, unknown>[]) {
  return lines.filter((line) => typeof line._aws === 'object') as EmfBlob[];
}

/** The part of an Embedded Metric Format blob the tests read. */
export interface EmfBlob extends Record<string, unknown> {
  readonly _aws: {
    readonly CloudWatchMetrics: readonly {
      readonly Namespace: string;
      readonly Dimensions: readonly (readonly string[])[];
      readonly Metrics: readonly { readonly Name: string; readonly Unit: string }[];
    }[];
  };
}

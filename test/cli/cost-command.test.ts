import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode, UsageError } from '../../cli/command.ts';
import { costCommand } from '../../cli/commands/cost.ts';

const SAGA_FILE = 'examples/order/order-saga.ts';

async function cost(positionals: string[], values: Record<string, string | boolean> = {}) {
  const out: string[] = [];
  const code = await costCommand.run(
    { positionals, values },
    { out: (text) => out.push(text), err: () => {} },
  );
  return { code, text: out.join('\n') };
}

describe('saga cost', () => {
  it('prints every path, the expected mix, the cheaper type, the limits and what it assumed', async () => {
    // Act
    const { code, text } = await cost([SAGA_FILE], { 'failure-rate': '5%' });
    // Assert
    expect(code).toBe(ExitCode.ok);
    const lines = text.split('\n');
    expect(lines[0]).toBe('Saga OrderSaga: cost per million sagas');
    expect(lines.find((line) => line.startsWith('happy path'))).toMatch(
      /COMPLETED\s+5\s+6\s+0\.1125\s+15\s+2\s+3\s+3\s+\$141\.53\s+\$17\.85$/,
    );
    expect(lines.find((line) => line.startsWith('ChargePayment fails'))).toMatch(/\$167\.28\s+\$21\.73$/);
    expect(text).toContain(
      'Expected at 5 % failures, 0 % retried attempts: $146.67 per million on STANDARD ($25.41 on EXPRESS); EXPRESS is cheaper for this saga.',
    );
    expect(text).toMatch(/Warning: the worst case runs \d+ s, over Express's 300 s/);
    expect(text).toContain('Prices: us-east-1 as of 2026-12-01');
  });

  it('leads with the type you deploy, takes other assumptions, and prices from a file', async () => {
    // Arrange
    const dir = await mkdtemp(join(tmpdir(), 'prices-'));
    const prices = join(dir, 'prices.json');
    await writeFile(prices, JSON.stringify({ stepFunctionsStandardPerTransition: 0, region: 'eu-west-1' }));
    // Act
    const { text } = await cost([SAGA_FILE], { type: 'express', 'duration-ms': '200', prices });
    // Assert
    expect(text).toMatch(
      /^Expected at 0 % failures, 0 % retried attempts: \$[\d.]+ per million on EXPRESS \(\$[\d.]+ on STANDARD\)/m,
    );
    expect(text).toContain('Assumed: Lambda steps 200 ms at 256 MB');
    expect(text).toContain('Prices: eu-west-1 as of 2026-12-01');
  });

  it('gives the whole report as JSON', async () => {
    // Act
    const { text } = await cost([SAGA_FILE], { json: true });
    // Assert
    const report = JSON.parse(text);
    expect(report.saga).toBe('OrderSaga');
    expect(report.paths).toHaveLength(5);
    expect(report.expected.dollarsPerMillion).toEqual({ STANDARD: 141.53, EXPRESS: 17.85 });
  });

  it('refuses rates that are not shares, a type that does not exist, and a missing file name', async () => {
    await expect(cost([SAGA_FILE], { 'failure-rate': '5' })).rejects.toThrow(
      '--failure-rate is a share: 2% or 0.02 (given: 5)',
    );
    await expect(cost([SAGA_FILE], { type: 'FAST' })).rejects.toThrow(UsageError);
    await expect(cost([SAGA_FILE], { memory: '-1' })).rejects.toThrow(
      '--memory must be a number above 0 (given: -1)',
    );
    await expect(cost([])).rejects.toThrow('name the saga file');
  });
});

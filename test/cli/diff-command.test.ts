import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AttributeType, type ITable, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode, UsageError } from '../../cli/command.ts';
import { diffCommand } from '../../cli/commands/diff.ts';
import { SagaOrchestrator } from '../../infra/index.ts';
import { allTargets, type Saga } from '../../statemachines/definition/saga.ts';
import { ledgerSaga as v1 } from './fixtures/ledger-v1.ts';
import { ledgerSaga as v2 } from './fixtures/ledger-v2.ts';

const V1 = 'test/cli/fixtures/ledger-v1.ts';
const V2 = 'test/cli/fixtures/ledger-v2.ts';
const V3 = 'test/cli/fixtures/ledger-v3.ts';
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function diff(positionals: string[], values: Record<string, string | boolean> = {}) {
  const out: string[] = [];
  const code = await diffCommand.run(
    { positionals, values },
    { out: (text) => out.push(text), err: () => {} },
  );
  return { code, text: out.join('\n') };
}

/** Synthesizes the saga into `outdir` as a deploy would, and returns the stack. */
function synthesize(outdir: string, saga: Saga): Stack {
  const app = new App({ outdir });
  const stack = new Stack(app, 'Ledger', { env: { account: '111111111111', region: 'eu-west-1' } });
  const table = new Table(stack, 'LedgerTable', { partitionKey: { name: 'id', type: AttributeType.STRING } });
  // A function of the account's for the refund version 2 calls: nothing to bundle.
  const refund = LambdaFunction.fromFunctionArn(
    stack,
    'Refund',
    'arn:aws:lambda:eu-west-1:111111111111:function:refund',
  );
  const callsRefund = allTargets(saga).some(
    (target) => target.kind === 'lambda' && target.functionId === 'Refund',
  );
  new SagaOrchestrator(stack, 'Saga', {
    saga,
    tables: { Ledger: table as ITable },
    ...(callsRefund ? { functions: { Refund: refund } } : {}),
  });
  app.synth();
  return stack;
}

describe('saga diff', () => {
  it('lists each change with what it means for sagas in flight, and exits 0 when none breaks them', async () => {
    // Act
    const { code, text } = await diff([V1, V2]);
    // Assert
    expect(code).toBe(ExitCode.ok);
    expect(text).toContain('Saga Ledger: 2 change(s), 0 breaking for sagas still running.');
    expect(text).toMatch(
      /caution\s+compensation changed\s+Debit\s+dynamodb:deleteItem:Ledger → lambda:Refund/,
    );
    expect(text).toMatch(/safe\s+step added\s+Audit\s+Audit at position 1/);
    expect(text).toContain(
      '  Debit: in-flight sagas undo Debit as their definition says; new sagas call lambda:Refund',
    );
  });

  it('exits 1 when a change breaks sagas in flight, and gives the changes as JSON', async () => {
    // Act
    const { code, text } = await diff([V2, V3], { json: true });
    // Assert
    expect(code).toBe(ExitCode.failed);
    expect(JSON.parse(text)).toEqual([
      expect.objectContaining({ kind: 'step removed', step: 'Audit', severity: 'caution' }),
      expect.objectContaining({
        kind: 'compensation changed',
        step: 'Debit',
        severity: 'breaking',
        impact: expect.stringContaining('still call lambda:Refund to undo Debit'),
      }),
    ]);
  });

  it('compares with the shape the last synth kept, and the next synth warns about the same changes', async () => {
    // Arrange
    const outdir = await mkdtemp(join(tmpdir(), 'cdk-out-'));
    dirs.push(outdir);
    synthesize(outdir, v1);
    // Act
    const report = await diff([V2], { assembly: outdir });
    const stack = synthesize(outdir, v2);
    // Assert
    expect(report.text).toContain('Saga Ledger: 2 change(s), 0 breaking for sagas still running.');
    Annotations.fromStack(stack).hasWarning(
      '/Ledger/Saga',
      Match.stringLikeRegexp(
        'Ledger changed since the last synth in a way sagas still running notice: CAUTION compensation changed Debit',
      ),
    );
  });

  it('says nothing at the first synth, and names what is missing or misused', async () => {
    // Arrange
    const outdir = await mkdtemp(join(tmpdir(), 'cdk-out-'));
    dirs.push(outdir);
    // Act
    const stack = synthesize(outdir, v1);
    const noAssembly = diff([V2], { assembly: join(outdir, 'nowhere') });
    // Assert
    Annotations.fromStack(stack).hasNoWarning(
      '/Ledger/Saga',
      Match.stringLikeRegexp('changed since the last synth'),
    );
    await expect(noAssembly).rejects.toThrow(/no cloud assembly at .*nowhere: run `npx cdk synth` first/);
    await expect(diff([V1])).rejects.toThrow(UsageError);
    await expect(diff([V1, V2], { assembly: outdir })).rejects.toThrow('with --assembly, name one saga file');
  });
});

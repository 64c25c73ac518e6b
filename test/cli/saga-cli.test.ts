import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { orderSaga } from '../../examples/order/order-saga.ts';
import { compileSaga } from '../../statemachines/index.ts';

const run = promisify(execFile);
const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'cli/saga.ts', ...args]);

describe('the saga command line', () => {
  it('prints the compiled ASL of a saga file', async () => {
    // Act
    const { stdout } = await cli('asl', 'examples/order/order-saga.ts');
    // Assert
    expect(JSON.parse(stdout)).toEqual(compileSaga(orderSaga));
  });

  it('prints a Mermaid flowchart with solid forward and dashed compensation edges', async () => {
    // Act
    const { stdout } = await cli('mermaid', 'examples/order/order-saga.ts');
    // Assert
    expect(stdout).toMatch(/^%% OrderSaga\nflowchart TD/);
    expect(stdout).toMatch(/s\d+\["ReserveInventory"\]\n\s+s\d+ --> s\d+/);
    expect(stdout).toContain('-.->|"States.ALL"|');
    expect(stdout).toMatch(/s\d+\["Compensate ChargePayment"\]\n\s+s\d+ -.-> s\d+/);
  });

  it('says what a file must export when it has no saga, and exits 1', async () => {
    // Act
    const failure = cli('asl', 'examples/order/order.ts');
    // Assert
    await expect(failure).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('export the result of defineSaga'),
    });
  });

  it('lists its commands on --help, and prints the usage and exits 2 for an unknown command', async () => {
    // Act
    const { stdout } = await cli('--help');
    // Assert
    for (const command of ['init', 'test', 'asl', 'mermaid'])
      expect(stdout).toMatch(new RegExp(`\\n  ${command} +\\w`));
    await expect(cli('draw')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('saga: unknown command "draw"'),
    });
  });

  it("prints a command's usage on --help, and exits 2 when an argument is missing", async () => {
    // Act
    const { stdout } = await cli('test', '--help');
    // Assert
    expect(stdout).toMatch(/^usage: saga test <saga-file>/);
    await expect(cli('test')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('name the saga file'),
    });
  });

  it('prints the rollback matrix of a saga file, running its own handlers', async () => {
    // Act
    const { stdout } = await cli(
      'test',
      'test/local/testing/fixtures/travel-saga.ts',
      '--input',
      '{"tripId":"t","traveller":"x"}',
    );
    // Assert
    expect(stdout).toMatch(/^Rollback matrix of Travel \(18 failure points\)/);
    expect(stdout).toMatch(/Pay fails terminally +RentCar → BookHotel → BookFlight +COMPENSATED/);
    expect(stdout).toMatch(
      /RentCar's compensation fails on every attempt, after BookHotel fails terminally +— +FAILED at Compensate RentCar/,
    );
  });

  it('names the key schema a saga with DynamoDB steps needs, and takes it from --table', async () => {
    // Act + Assert: without it
    await expect(cli('test', 'examples/order/order-saga.ts')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("give their key schemas: tables: { Inventory: { partitionKey: '…' } }"),
    });
    // Act: with it
    const { stdout } = await cli(
      'test',
      'examples/order/order-saga.ts',
      '--table',
      'Inventory=sku',
      '--input',
      '{"orderId":"1","customerId":"c","sku":"BOOK","quantity":1,"amountCents":100}',
      '--json',
    );
    // Assert
    const matrix = JSON.parse(stdout) as { saga: string; rows: { failurePoint: string; status: string }[] };
    expect(matrix.saga).toBe('OrderSaga');
    expect(matrix.rows.find((row) => row.failurePoint === 'ReserveInventory fails terminally')).toMatchObject(
      {
        compensations: [],
        status: 'COMPENSATED',
      },
    );
  });

  it('scaffolds a project with the versions this package is built with, and refuses a folder in use', async () => {
    // Arrange
    const dir = await mkdtemp(join(tmpdir(), 'sfn-saga-init-'));
    const own = JSON.parse(await readFile('package.json', 'utf8'));
    try {
      // Act
      const { stdout } = await cli('init', join(dir, 'shop'), '--sfn-saga', 'file:../sfn-saga.tgz');
      const manifest = JSON.parse(await readFile(join(dir, 'shop', 'package.json'), 'utf8'));
      await writeFile(join(dir, 'shop', 'notes.txt'), 'mine');
      const again = cli('init', join(dir, 'shop'));
      // Assert
      expect(stdout).toContain('npm install && npm test');
      expect(manifest).toMatchObject({
        name: 'shop',
        type: 'module',
        dependencies: {
          'sfn-saga': 'file:../sfn-saga.tgz',
          'aws-cdk-lib': own.devDependencies['aws-cdk-lib'],
        },
        devDependencies: { 'aws-local-stepfunctions': own.peerDependencies['aws-local-stepfunctions'] },
      });
      expect(await readFile(join(dir, 'shop', '.gitignore'), 'utf8')).toContain('cdk.out/');
      await expect(again).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('is not empty') });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

import { execFile } from 'node:child_process';
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

  it('prints its usage and exits 2 for an unknown command', async () => {
    await expect(cli('draw')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('usage: saga'),
    });
  });
});

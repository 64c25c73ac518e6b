import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  FAILURE_INJECTION_CONTEXT,
  FAILURE_INJECTION_ON,
  FAILURE_INJECTION_VARIABLE,
} from '../../examples/order/order.ts';

const run = promisify(execFile);

type Template = { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };

/** `cdk synth` of the example app (`infra/app.ts`) with the pinned CLI, offline; its template and stderr. */
async function synthesizeWithTheCli(...args: string[]): Promise<{ template: Template; stderr: string }> {
  const out = await mkdtemp(join(tmpdir(), 'cdk-out-'));
  try {
    // The CLI makes no network calls with the version check, notices and telemetry off.
    const { stderr } = await run(
      'npx',
      ['cdk', 'synth', '--quiet', '--no-notices', '--no-version-reporting', '--output', out, ...args],
      {
        env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1', CDK_DISABLE_CLI_TELEMETRY: '1' },
        timeout: 240_000,
      },
    );
    const template = JSON.parse(await readFile(join(out, 'OrderSaga.template.json'), 'utf8')) as Template;
    return { template, stderr };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

/** The environment of each function of the template, by logical id. */
const functionEnvironments = (template: Template) =>
  Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function')
    .map(([id, resource]) => ({
      id,
      variables:
        (resource.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)
          ?.Variables ?? {},
    }));

describe('the example CDK app', () => {
  it('synthesizes offline with the pinned CDK CLI, cdk-nag clean, with no failure injection', async () => {
    // Act
    const { template, stderr } = await synthesizeWithTheCli();
    // Assert
    const types = Object.values(template.Resources).map((resource) => resource.Type);
    expect(types).toContain('AWS::StepFunctions::StateMachine');
    const functions = functionEnvironments(template);
    expect(functions).toHaveLength(7);
    for (const { variables } of functions) expect(variables).not.toHaveProperty(FAILURE_INJECTION_VARIABLE);
    expect(stderr).not.toMatch(/AwsSolutions-/);
    // What the saga costs, said at synth (hand-computed in test/statemachines/cost/saga-cost.test.ts).
    expect(stderr).toContain(
      'OrderSaga costs about $141.53 per million sagas on STANDARD ($17.85 on EXPRESS; us-east-1 list prices, 100 ms steps)',
    );
  }, 240_000);

  it('turns failure injection on in the step handlers only when the context flag asks, as the LocalStack deploy does', async () => {
    // Act
    const { template } = await synthesizeWithTheCli('--context', `${FAILURE_INJECTION_CONTEXT}=true`);
    // Assert
    const steps = functionEnvironments(template).filter(({ id }) => id.startsWith('OrdersSteps'));
    expect(steps.map(({ id }) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual(
      ['ChargePayment', 'CreateShipment', 'RefundPayment', 'SendConfirmation'].map(
        (step) => `OrdersSteps${step}`,
      ),
    );
    for (const { variables } of steps)
      expect(variables).toMatchObject({ [FAILURE_INJECTION_VARIABLE]: FAILURE_INJECTION_ON });
  }, 240_000);
});

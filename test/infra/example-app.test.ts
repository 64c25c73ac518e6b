import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('the example CDK app', () => {
  it('synthesizes offline with the pinned CDK CLI, cdk-nag clean', async () => {
    // Arrange
    const out = await mkdtemp(join(tmpdir(), 'cdk-out-'));
    try {
      // Act: the CLI makes no network calls with the version check, notices and telemetry off
      const { stderr } = await run(
        'npx',
        ['cdk', 'synth', '--quiet', '--no-notices', '--no-version-reporting', '--output', out],
        {
          env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1', CDK_DISABLE_CLI_TELEMETRY: '1' },
          timeout: 240_000,
        },
      );
      // Assert
      const template = JSON.parse(await readFile(join(out, 'OrderSaga.template.json'), 'utf8'));
      const types = Object.values(template.Resources as Record<string, { Type: string }>).map(
        (resource) => resource.Type,
      );
      expect(types).toContain('AWS::StepFunctions::StateMachine');
      expect(types.filter((type) => type === 'AWS::Lambda::Function')).toHaveLength(7);
      expect(stderr).not.toMatch(/AwsSolutions-/);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 240_000);
});

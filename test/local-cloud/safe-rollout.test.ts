import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  RedriveExecutionCommand,
} from '@aws-sdk/client-sfn';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { App, Stack } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sagaIdFor } from '../../contract/execution-input.ts';
import { type SagaResources, sagaOutputKey, sagaResourcesOf } from '../../contract/saga-stack-outputs.ts';
import { SagaOrchestrator } from '../../infra/index.ts';
import { type LocalCloud, startLocalCloud } from '../../local/cloud/local-cloud.ts';
import { defineSaga, lambda } from '../../statemachines/index.ts';
import { waitFor } from '../scenarios/wait-for.ts';

const STACK = 'Rollout';
const SAGA = 'RolloutSaga';
/** How long version 1's first step holds, so version 2 is published while a saga runs on version 1. */
const HOLD_MS = 3_000;
/** Version 1's Mark fails for this business key until the release file exists (a fix, then a redrive). */
const HELD_BACK_KEY = 'k-held';

/** Hold, then Mark: each step says which version of its code ran. */
const rolloutSaga = defineSaga({
  name: SAGA,
  steps: [
    { name: 'Hold', action: lambda('src/hold.ts'), pivot: true },
    { name: 'Mark', action: lambda('src/mark.ts') },
  ],
});

/** Writes the handlers of `version` into the project and synthesizes the stack into an assembly of its own. */
function synthesizeVersion(project: string, version: number): string {
  writeFileSync(
    join(project, 'src', 'hold.ts'),
    `export const handler = async () => {\n  await new Promise((resolve) => setTimeout(resolve, ${version === 1 ? HOLD_MS : 0}));\n  return { version: ${version} };\n};\n`,
  );
  writeFileSync(
    join(project, 'src', 'mark.ts'),
    [
      "import { existsSync } from 'node:fs';",
      'export const handler = async (event) => {',
      `  if (event.input.businessKey === '${HELD_BACK_KEY}' && !existsSync(${JSON.stringify(releaseFile(project))}))`,
      "    throw new Error('held back until the release file exists');",
      `  return { version: ${version} };`,
      '};',
      '',
    ].join('\n'),
  );
  const outdir = join(project, `cdk.out.v${version}`);
  const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true } });
  new SagaOrchestrator(new Stack(app, STACK), 'Saga', { saga: rolloutSaga, projectRoot: project });
  app.synth();
  return outdir;
}

const releaseFile = (project: string) => join(project, 'released');

let project: string;
let assemblies: { v1: string; v2: string };
let cloud: LocalCloud;
let saga: SagaResources;

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), 'sfn-saga-rollout-'));
  writeFileSync(join(project, 'package-lock.json'), '{"lockfileVersion":3,"packages":{}}');
  writeFileSync(join(project, 'package.json'), '{"name":"rollout-project","type":"module"}');
  mkdirSync(join(project, 'src'));
  symlinkSync(resolve(import.meta.dirname, '../../node_modules'), join(project, 'node_modules'));
  assemblies = { v1: synthesizeVersion(project, 1), v2: synthesizeVersion(project, 2) };
  cloud = await startLocalCloud({ assemblyDir: assemblies.v1, stackName: STACK });
  [saga] = sagaResourcesOf(cloud.outputs) as [SagaResources];
}, 180_000);

afterAll(async () => {
  await cloud?.stop();
  rmSync(project, { recursive: true, force: true });
});

/** Sends a start message for `businessKey` and waits until its execution exists. */
async function start(businessKey: string): Promise<string> {
  await cloud.clients.sqs.send(
    new SendMessageCommand({ QueueUrl: saga.startQueueUrl, MessageBody: JSON.stringify({ businessKey }) }),
  );
  const executionArn = `${saga.stateMachineArn.replace(':stateMachine:', ':execution:')}:${sagaIdFor(SAGA, businessKey)}`;
  await waitFor(
    `the execution of ${businessKey}`,
    async () => cloud.stepFunctions.executions.has(executionArn),
    Boolean,
    30_000,
  );
  return executionArn;
}

const describeExecution = (executionArn: string) =>
  cloud.clients.stepFunctions.send(new DescribeExecutionCommand({ executionArn }));

/** What each step's code said it was, from the execution's output. */
const versionsRun = (execution: DescribeExecutionCommandOutput) => {
  const output = JSON.parse(execution.output ?? '{}') as { steps?: Record<string, { version?: number }> };
  return { hold: output.steps?.Hold?.version, mark: output.steps?.Mark?.version };
};

describe('a saga rolled out on the local cloud', () => {
  it('finishes a saga started on version 1 on version 1 after version 2 is published, redrives one on version 1 too, and starts the next one on version 2', async () => {
    // Arrange: two sagas start on the live alias (version 1) and hold in their first step; the
    // second's Mark will fail (after the pivot: the execution fails there, to be redriven)
    const finishing = await start('k-1');
    const failing = await start(HELD_BACK_KEY);
    // Act: the changed stack is deployed while they run; another saga starts; the failed one is
    // fixed and redriven
    await cloud.update({ assemblyDir: assemblies.v2 });
    const next = await start('k-2');
    await cloud.settle();
    const failed = await describeExecution(failing);
    writeFileSync(releaseFile(project), 'fixed');
    await cloud.clients.stepFunctions.send(new RedriveExecutionCommand({ executionArn: failing }));
    await cloud.settle();
    // Assert
    const alias = `${saga.stateMachineArn}:live`;
    const onVersion = (version: number) => ({
      status: 'SUCCEEDED',
      stateMachineArn: saga.stateMachineArn,
      stateMachineAliasArn: alias,
      stateMachineVersionArn: `${saga.stateMachineArn}:${version}`,
    });
    expect(saga.startTargetArn).toBe(alias);
    const [finished, redriven, started] = await Promise.all([
      describeExecution(finishing),
      describeExecution(failing),
      describeExecution(next),
    ]);
    expect(finished).toMatchObject(onVersion(1));
    expect(versionsRun(finished)).toEqual({ hold: 1, mark: 1 });
    expect(failed.status).toBe('FAILED');
    expect(redriven).toMatchObject({ ...onVersion(1), redriveCount: 1 });
    expect(versionsRun(redriven)).toEqual({ hold: 1, mark: 1 });
    expect(started).toMatchObject(onVersion(2));
    expect(versionsRun(started)).toEqual({ hold: 2, mark: 2 });
    // The steps ran the Lambda versions each definition pinned.
    const invoked = cloud.lambdas.invocations.map((invocation) => invocation.functionName);
    expect(invoked).toEqual(expect.arrayContaining([expect.stringMatching(/StepsMark[0-9A-F]{8}:1$/)]));
    expect(invoked).toEqual(expect.arrayContaining([expect.stringMatching(/StepsMark[0-9A-F]{8}:2$/)]));
    expect(cloud.outputs[sagaOutputKey(SAGA)]).toContain(alias);
  }, 120_000);
});

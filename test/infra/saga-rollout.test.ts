import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Alarm, Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { beforeAll, describe, expect, it } from 'vitest';
import { sagaOutputKey } from '../../contract/saga-stack-outputs.ts';
import { SagaDeploymentType, SagaOrchestrator, type SagaOrchestratorProps } from '../../infra/index.ts';
import { OrderSagaStack } from '../../infra/order-saga-stack.ts';
import { defineSaga, lambda } from '../../statemachines/index.ts';
import { orderSagaTemplate, resourcesOf } from './order-saga-template.ts';

type Resource = {
  Properties: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
};

let template: ReturnType<typeof orderSagaTemplate>['template'];
beforeAll(() => {
  ({ template } = orderSagaTemplate());
}, 120_000);

const logicalIdOf = (inTemplate: Template, type: string, pathPart: string) => {
  const match = Object.entries(inTemplate.findResources(type)).find(([, resource]) =>
    String((resource as { Metadata?: Record<string, string> }).Metadata?.['aws:cdk:path'] ?? '').includes(
      pathPart,
    ),
  );
  if (!match) throw new Error(`no ${type} under ${pathPart}`);
  return match[0];
};
const only = (inTemplate: Template, type: string): [string, Resource] => {
  const found = Object.entries(inTemplate.findResources(type)) as [string, Resource][];
  expect(found, type).toHaveLength(1);
  return found[0] as [string, Resource];
};

/** A saga whose one step is a function the test brings (inline code: nothing to bundle). */
const reserveSaga = (name = 'Reserve') =>
  defineSaga({ name, steps: [{ name: 'Reserve', action: lambda('src/reserve.ts'), pivot: true }] });

/** A stack with the reserve saga, its function running `code`. */
function reserveStack(code: string, props: Partial<SagaOrchestratorProps> = {}) {
  const app = new App();
  const stack = new Stack(app, 'Test', { env: { account: '111111111111', region: 'eu-west-1' } });
  const reserve = new LambdaFunction(stack, 'ReserveFunction', {
    runtime: Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: Code.fromInline(code),
  });
  const orchestrator = new SagaOrchestrator(stack, 'Saga', {
    saga: reserveSaga(),
    functions: { Reserve: reserve },
    ...props,
  });
  return { app, stack, reserve, orchestrator, template: () => Template.fromStack(stack) };
}

/** The synth error's message, or a failure when synth succeeds. */
function synthError(app: App): string {
  try {
    app.synth();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('synth succeeded');
}

describe('safe rollout of the example saga', () => {
  it('publishes a state machine version of exactly the revision it deployed, and keeps it when a newer one comes', () => {
    // Act
    const [versionId, version] = only(template, 'AWS::StepFunctions::StateMachineVersion');
    // Assert
    const machineId = logicalIdOf(template, 'AWS::StepFunctions::StateMachine', 'Orders/StateMachine/');
    expect(version.Properties).toMatchObject({
      StateMachineArn: { Ref: machineId },
      StateMachineRevisionId: { 'Fn::GetAtt': [machineId, 'StateMachineRevisionId'] },
    });
    expect(version).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    // The logical id carries a hash of the deployed state machine, as Lambda's currentVersion does.
    expect(versionId).toMatch(/^OrdersRolloutVersion[0-9A-F]{8}[0-9a-f]{32}$/);
  });

  it('starts sagas on the live alias, moved by a 10 % canary for 5 minutes that rolls back on the saga’s failure-rate, failed-compensation and p95-duration alarms', () => {
    // Act
    const [, alias] = only(template, 'AWS::StepFunctions::StateMachineAlias');
    // Assert
    const [versionId] = only(template, 'AWS::StepFunctions::StateMachineVersion');
    const alarm = (name: string) => ({
      Ref: logicalIdOf(template, 'AWS::CloudWatch::Alarm', `Orders/Monitoring/${name}Alarm/`),
    });
    expect(alias.Properties).toEqual({
      Name: 'live',
      Description: expect.stringContaining('CANARY'),
      DeploymentPreference: {
        StateMachineVersionArn: { 'Fn::GetAtt': [versionId, 'Arn'] },
        Type: 'CANARY',
        Percentage: 10,
        Interval: 5,
        Alarms: [alarm('FailureRate'), alarm('CompensationFailed'), alarm('P95Duration')],
      },
    });
  });

  it("points the starter and the saga's stack output at the alias, keeping the state machine's own ARN for executions", () => {
    // Act
    const [starterId, starter] = resourcesOf(template, 'AWS::Lambda::Function').find(([, resource]) =>
      JSON.stringify(resource.Properties.Environment).includes('BUSINESS_KEY_PATH'),
    ) ?? ['', { Properties: {} }];
    const output = template.toJSON().Outputs[sagaOutputKey('OrderSaga')].Value['Fn::Join'][1] as unknown[];
    // Assert
    const aliasArn = {
      'Fn::GetAtt': [
        logicalIdOf(template, 'AWS::StepFunctions::StateMachineAlias', 'Orders/Rollout/'),
        'Arn',
      ],
    };
    const machineArn = {
      Ref: logicalIdOf(template, 'AWS::StepFunctions::StateMachine', 'Orders/StateMachine/'),
    };
    expect(starterId).toContain('Starter');
    expect(starter.Properties.Environment).toMatchObject({
      Variables: { START_TARGET_ARN: aliasArn, STATE_MACHINE_ARN: machineArn },
    });
    expect(output).toEqual(expect.arrayContaining([aliasArn, machineArn]));
    expect(output).toContain('","startTargetArn":"');
  });

  it('keeps each published Lambda version of the step functions when a newer one replaces it', () => {
    // Act
    const versions = resourcesOf(template, 'AWS::Lambda::Version') as [string, Resource][];
    // Assert
    expect(versions).toHaveLength(4);
    for (const [, version] of versions) expect(version.DeletionPolicy).toBe('Retain');
  });
});

describe('a new version per change', () => {
  it('publishes no new version when the same app is synthesized again, bundled handlers included', () => {
    // Arrange
    const versionsOf = (inTemplate: Template) =>
      Object.keys({
        ...inTemplate.findResources('AWS::Lambda::Version'),
        ...inTemplate.findResources('AWS::StepFunctions::StateMachineVersion'),
      }).sort();
    const app = new App({ context: { 'aws:cdk:enable-path-metadata': true } });
    const again = new OrderSagaStack(app, 'OrderSagaTest', {
      env: { account: '111111111111', region: 'eu-west-1' },
    });
    // Act
    const resynthesized = Template.fromStack(again);
    // Assert
    expect(versionsOf(resynthesized)).toHaveLength(5);
    expect(versionsOf(resynthesized)).toEqual(versionsOf(template));
  }, 120_000);

  it("publishes a new state machine version when a step function's code changes, and none when nothing changed", () => {
    // Act
    const versionOf = (code: string) =>
      Object.keys(reserveStack(code).template().findResources('AWS::StepFunctions::StateMachineVersion'));
    const first = versionOf('exports.handler = async () => ({ v: 1 })');
    const same = versionOf('exports.handler = async () => ({ v: 1 })');
    const changed = versionOf('exports.handler = async () => ({ v: 2 })');
    // Assert
    expect(first).toHaveLength(1);
    expect(same).toEqual(first);
    expect(changed).not.toEqual(first);
  });

  it("invokes a brought Function's current version, and an imported function as it was given", () => {
    // Arrange
    const { stack, reserve, template: templateOf } = reserveStack('exports.handler = async () => ({})');
    const imported = LambdaFunction.fromFunctionArn(
      stack,
      'Imported',
      'arn:aws:lambda:eu-west-1:111111111111:function:release:7',
    );
    // Act
    new SagaOrchestrator(stack, 'Other', {
      saga: reserveSaga('Other'),
      functions: { Reserve: imported },
    });
    const template = templateOf();
    // Assert
    const substitutions = Object.values(template.findResources('AWS::StepFunctions::StateMachine')).map(
      (machine) => (machine as Resource).Properties.DefinitionSubstitutions as Record<string, unknown>,
    );
    expect(substitutions.map((bound) => bound.ReserveFunctionArn)).toEqual([
      stack.resolve(reserve.currentVersion.functionArn),
      'arn:aws:lambda:eu-west-1:111111111111:function:release:7',
    ]);
  });
});

describe('deployment options', () => {
  it('invokes the functions’ $LATEST with pinFunctionVersions: false, publishing no Lambda version', () => {
    // Act
    const { stack, reserve, orchestrator, template } = reserveStack('exports.handler = async () => ({})', {
      pinFunctionVersions: false,
    });
    // Assert
    const synthesized = template();
    synthesized.resourceCountIs('AWS::Lambda::Version', 0);
    const [, machine] = only(synthesized, 'AWS::StepFunctions::StateMachine');
    expect(
      (machine.Properties.DefinitionSubstitutions as Record<string, unknown>).ReserveFunctionArn,
    ).toEqual(stack.resolve(reserve.functionArn));
    synthesized.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'lambda:InvokeFunction', Resource: stack.resolve(reserve.functionArn) }),
        ]),
      },
      Roles: [{ Ref: stack.getLogicalId(orchestrator.stateMachine.role.node.defaultChild as never) }],
    });
  });

  it('shifts LINEAR by its percentage and interval, watching the alarms given as well', () => {
    // Arrange
    const { stack, template: templateOf } = reserveStack('exports.handler = async () => ({})');
    const latency = new Alarm(stack, 'Latency', {
      metric: new Metric({ namespace: 'Shop', metricName: 'Latency' }),
      threshold: 1,
      evaluationPeriods: 1,
    });
    // Act
    new SagaOrchestrator(stack, 'Linear', {
      saga: reserveSaga('Linear'),
      functions: { Reserve: LambdaFunction.fromFunctionName(stack, 'Fn', 'reserve') },
      deployment: {
        type: SagaDeploymentType.LINEAR,
        percentage: 20,
        interval: Duration.minutes(15),
        alarms: [latency],
      },
    });
    // Assert
    templateOf().hasResourceProperties('AWS::StepFunctions::StateMachineAlias', {
      DeploymentPreference: Match.objectLike({
        Type: 'LINEAR',
        Percentage: 20,
        Interval: 15,
        Alarms: Match.arrayWith([{ Ref: stack.getLogicalId(latency.node.defaultChild as never) }]),
      }),
    });
  });

  it('moves ALL_AT_ONCE with no percentage or interval', () => {
    // Act
    const { template } = reserveStack('exports.handler = async () => ({})', {
      deployment: { type: SagaDeploymentType.ALL_AT_ONCE },
    });
    // Assert
    const [, alias] = only(template(), 'AWS::StepFunctions::StateMachineAlias');
    const preference = alias.Properties.DeploymentPreference as Record<string, unknown>;
    expect(preference.Type).toBe('ALL_AT_ONCE');
    expect(preference).not.toHaveProperty('Percentage');
    expect(preference).not.toHaveProperty('Interval');
  });

  it('starts sagas on the state machine itself with deployment: false, publishing no version or alias', () => {
    // Act
    const { stack, orchestrator, template } = reserveStack('exports.handler = async () => ({})', {
      deployment: false,
    });
    // Assert
    const synthesized = template();
    synthesized.resourceCountIs('AWS::StepFunctions::StateMachineVersion', 0);
    synthesized.resourceCountIs('AWS::StepFunctions::StateMachineAlias', 0);
    expect(orchestrator.liveAlias).toBeUndefined();
    expect(stack.resolve(orchestrator.startTargetArn)).toEqual({
      Ref: stack.getLogicalId(orchestrator.stateMachine.node.defaultChild as never),
    });
    synthesized.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ START_TARGET_ARN: stack.resolve(orchestrator.startTargetArn) }),
      },
    });
    expect(JSON.stringify(synthesized.toJSON().Outputs)).not.toContain('startTargetArn');
  });

  it('gives an EXPRESS saga a version and the live alias too', () => {
    // Act
    const { template } = reserveStack('exports.handler = async () => ({})', {
      stateMachineType: StateMachineType.EXPRESS,
    });
    // Assert
    template().resourceCountIs('AWS::StepFunctions::StateMachineVersion', 1);
    template().hasResourceProperties('AWS::StepFunctions::StateMachineAlias', { Name: 'live' });
  });

  it('refuses bad deployment values, naming each field, what was given and the fix', () => {
    // Arrange
    const { app: first } = reserveStack('exports.handler = async () => ({})', {
      deployment: {
        type: 'BLUE_GREEN' as SagaDeploymentType,
        percentage: 100,
        interval: Duration.seconds(90),
      },
    });
    const { app: second } = reserveStack('exports.handler = async () => ({})', {
      deployment: { type: SagaDeploymentType.ALL_AT_ONCE, percentage: 10 },
    });
    // Act
    const gradual = synthError(first);
    const allAtOnce = synthError(second);
    // Assert
    expect(gradual).toContain(
      'deployment.type: is not one of CANARY, LINEAR, ALL_AT_ONCE (given: "BLUE_GREEN"). Fix: use SagaDeploymentType.CANARY, LINEAR or ALL_AT_ONCE',
    );
    expect(gradual).toContain('deployment.percentage: must be a whole percentage from 1 to 99 (given: 100)');
    expect(gradual).toContain(
      'deployment.interval: must be whole minutes from 1 to 2100 (given: "1 minute 30 seconds"). Fix: use e.g. Duration.minutes(5)',
    );
    expect(allAtOnce).toContain(
      'deployment.percentage: an ALL_AT_ONCE deployment moves every saga at once, in no steps (given: 10). Fix: drop deployment.percentage, or use CANARY or LINEAR',
    );
  });
});

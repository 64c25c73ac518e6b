import { beforeAll, describe, expect, it } from 'vitest';
import { sagaOutputKey } from '../../contract/saga-stack-outputs.ts';
import { orderSagaTemplate } from './order-saga-template.ts';

let template: ReturnType<typeof orderSagaTemplate>['template'];
beforeAll(() => {
  ({ template } = orderSagaTemplate());
}, 120_000);

type Statement = { Action: string | string[]; Resource: unknown };

function statementsOfRoleUnder(pathPart: string): Statement[] {
  const roleId = Object.entries(template.findResources('AWS::IAM::Role')).find(([, role]) =>
    String((role as { Metadata?: Record<string, string> }).Metadata?.['aws:cdk:path'] ?? '').includes(
      pathPart,
    ),
  )?.[0];
  if (!roleId) throw new Error(`no role under ${pathPart}`);
  return Object.values(
    template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } }),
  ).flatMap(
    (policy) =>
      (policy as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument
        .Statement,
  );
}

describe('what the saga commands rely on in the stack', () => {
  it('lets the lifecycle publisher put and delete the index items in the saga table', () => {
    // Act
    const actions = statementsOfRoleUnder('Orders/LifecyclePublisher/FunctionRole/').flatMap((statement) =>
      [statement.Action].flat(),
    );
    // Assert
    expect(actions).toEqual(
      expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:Query']),
    );
  });

  it("says in the saga's stack output where the starter reads a start message's business key and input", () => {
    // Arrange
    const outputs = template.findOutputs(sagaOutputKey('OrderSaga')) as Record<
      string,
      { Value: { 'Fn::Join': [string, unknown[]] } }
    >;
    const [, parts] = Object.values(outputs)[0]?.Value['Fn::Join'] ?? ['', []];
    // Act: the JSON with each deploy-time reference (a table name, a queue URL…) as a placeholder
    const resources = JSON.parse(parts.map((part) => (typeof part === 'string' ? part : 'ref')).join(''));
    // Assert
    expect(resources.startMessage).toEqual({ businessKeyPath: 'detail.orderId', inputPath: 'detail' });
  });
});

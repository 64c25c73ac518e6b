import {
  ArnFormat,
  type CfnElement,
  CfnResource,
  RemovalPolicy,
  Stack,
  Token,
  Validations,
} from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { type IFunction, Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  CustomerManagedEncryptionConfiguration,
  DefinitionBody,
  LogLevel,
  StateMachine,
  StateMachineType,
} from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import {
  functionArnVariable,
  SAGA_TABLE_NAME_VARIABLE,
  tableNameVariable,
} from '../../../contract/substitutions.ts';
import { compileSaga } from '../../../statemachines/compiler/compile-saga.ts';
import { allTargets, type Saga } from '../../../statemachines/definition/saga.ts';
import type { DynamoDbAction } from '../../../statemachines/definition/task-target.ts';
import { grantStateMachineRole } from './customer-managed-key.ts';

/** The IAM action of each DynamoDB call a saga step can make. */
const DYNAMODB_ACTIONS: Record<DynamoDbAction, string> = {
  putItem: 'dynamodb:PutItem',
  updateItem: 'dynamodb:UpdateItem',
  deleteItem: 'dynamodb:DeleteItem',
};

export interface SagaStateMachineOptions {
  readonly saga: Saga;
  readonly functions: ReadonlyMap<string, IFunction>;
  readonly tables: Readonly<Record<string, ITable>>;
  readonly sagaTable: ITable;
  readonly type: StateMachineType;
  readonly logLevel: LogLevel;
  readonly logExecutionData: boolean;
  readonly removalPolicy: RemovalPolicy;
  /** Encrypts the definition, the execution data and the logs, when given. */
  readonly encryptionKey: IKey | undefined;
  /** Invoke the step Functions' published versions (see invokedArn), else their `$LATEST`. */
  readonly pinFunctionVersions: boolean;
}

/**
 * The state machine from the compiled ASL, with its resources bound through definition
 * substitutions, X-Ray tracing, CloudWatch Logs, and a role that can invoke exactly the saga's
 * functions, call exactly the DynamoDB actions its steps use on their tables, and update the saga table.
 */
export function sagaStateMachine(scope: Construct, options: SagaStateMachineOptions): StateMachine {
  const { saga, functions, tables, sagaTable } = options;
  const substitutions: Record<string, string> = { [SAGA_TABLE_NAME_VARIABLE]: sagaTable.tableName };
  for (const target of allTargets(saga)) {
    if (target.kind === 'lambda') {
      const fn = functions.get(target.functionId);
      if (fn)
        substitutions[functionArnVariable(target)] = options.pinFunctionVersions
          ? invokedArn(fn)
          : fn.functionArn;
    } else {
      const table = tables[target.table];
      if (table) substitutions[tableNameVariable(target.table)] = table.tableName;
    }
  }

  const role = new Role(scope, 'StateMachineRole', { assumedBy: stepFunctionsOfThisAccount(scope) });
  if (functions.size > 0) {
    // The definition invokes versions (`<arn>:<version>`); the unqualified ARN stays for functions
    // whose version cannot be pinned (see invokedArn).
    role.addToPolicy(
      new PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [...functions.values()].flatMap((fn) =>
          options.pinFunctionVersions ? [fn.functionArn, `${fn.functionArn}:*`] : [fn.functionArn],
        ),
      }),
    );
    if (options.pinFunctionVersions) acknowledgeVersionWildcards(role, [...functions.values()]);
  }
  role.addToPolicy(
    new PolicyStatement({ actions: ['dynamodb:UpdateItem'], resources: [sagaTable.tableArn] }),
  );
  for (const [logicalName, table] of Object.entries(tables)) {
    const actions = allTargets(saga).flatMap((target) =>
      target.kind === 'dynamodb' && target.table === logicalName ? [DYNAMODB_ACTIONS[target.action]] : [],
    );
    if (actions.length > 0)
      role.addToPolicy(
        new PolicyStatement({ actions: [...new Set(actions)].sort(), resources: [table.tableArn] }),
      );
    table.encryptionKey?.grantEncryptDecrypt(role);
  }
  sagaTable.encryptionKey?.grantEncryptDecrypt(role);

  const { encryptionKey } = options;
  const logGroup = new LogGroup(scope, 'StateMachineLogs', {
    retention: RetentionDays.ONE_MONTH,
    removalPolicy: options.removalPolicy,
    ...(encryptionKey ? { encryptionKey } : {}),
  });
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'X-Ray tracing and CloudWatch Logs delivery (logs:CreateLogDelivery and friends) support no resource-level permissions.',
  });
  const stateMachine = new StateMachine(scope, 'StateMachine', {
    definitionBody: DefinitionBody.fromString(JSON.stringify(compileSaga(saga))),
    definitionSubstitutions: substitutions,
    stateMachineType: options.type,
    role,
    tracingEnabled: true,
    logs: { destination: logGroup, level: options.logLevel, includeExecutionData: options.logExecutionData },
    comment: saga.description,
    // Lets log delivery decrypt, and grants the role the key for its logs (see grantStateMachineRole).
    ...(encryptionKey
      ? { encryptionConfiguration: new CustomerManagedEncryptionConfiguration(encryptionKey) }
      : {}),
  });
  if (encryptionKey) grantStateMachineRole(role, encryptionKey);
  if (options.logLevel !== LogLevel.ALL) {
    Validations.of(stateMachine).acknowledge({
      id: 'AwsSolutions-SF1',
      reason: `Logs at ${options.logLevel} by choice (stateMachineLogLevel): ALL logs every state transition; the saga table and X-Ray keep each saga's history.`,
    });
  }
  return stateMachine;
}

/**
 * What a Lambda task invokes: the function's current version (published by each deploy that
 * changes its code or configuration, as `Function.currentVersion` does) for a `Function`, so an
 * execution runs the code it started with, its redrives too; any other `IFunction` (imported by
 * ARN or name) as given, since its versions are not this app's to publish — pass a version ARN
 * (`Function.fromFunctionArn(this, id, 'arn:…:function:name:7')`) to pin it yourself.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-versions.html
 */
export function invokedArn(fn: IFunction): string {
  if (!(fn instanceof LambdaFunction)) return fn.functionArn;
  // Kept when a newer one replaces it: executions started on it, and their redrives, still call it.
  fn.currentVersion.applyRemovalPolicy(RemovalPolicy.RETAIN);
  return fn.currentVersion.functionArn;
}

/** cdk-nag's wildcard finding on `<function ARN>:*`, spelled as cdk-nag spells it, acknowledged. */
function acknowledgeVersionWildcards(role: Role, functions: readonly IFunction[]): void {
  const stack = Stack.of(role);
  for (const fn of functions) {
    const resource = fn.node.defaultChild;
    const arn =
      resource instanceof CfnResource
        ? `<${stack.getLogicalId(resource as CfnElement)}.Arn>`
        : String(stack.resolve(fn.functionArn));
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${arn}:*]`,
      reason:
        "The state machine invokes the function's versions, one published per deploy, so that an execution runs the code it started with; the wildcard covers this function's versions and nothing else.",
    });
  }
}

/**
 * Step Functions, trusted only on behalf of this account's state machines in this region (the
 * confused-deputy guard). Naming the state machine itself would make the role depend on the state
 * machine that depends on it, so the condition names every state machine of the account and region.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/procedure-create-iam-role.html
 */
function stepFunctionsOfThisAccount(scope: Construct): ServicePrincipal {
  const stack = Stack.of(scope);
  return new ServicePrincipal('states.amazonaws.com', {
    conditions: {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: {
        'aws:SourceArn': stack.formatArn({
          service: 'states',
          resource: 'stateMachine',
          resourceName: '*',
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      },
    },
  });
}

/**
 * Allows `actions` on every execution of the state machine
 * (`arn:<partition>:states:<region>:<account>:execution:<state machine name>:*`), the resource of
 * execution-level actions such as `states:DescribeExecution`, and acknowledges cdk-nag's wildcard
 * finding on it: executions are named at run time, one per saga.
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsstepfunctions.html
 */
export function allowOnExecutions(fn: LambdaFunction, stateMachine: StateMachine, actions: string[]): void {
  const stack = Stack.of(stateMachine);
  fn.addToRolePolicy(
    new PolicyStatement({
      actions,
      resources: [
        stack.formatArn({
          service: 'states',
          resource: 'execution',
          resourceName: `${stateMachine.stateMachineName}:*`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
    }),
  );
  if (!fn.role) return;
  // cdk-nag names the finding after the ARN as the template spells it, intrinsics as <Ref> and <Id.Attribute>.
  const spelled = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<${pseudo}>` : value);
  const machineId = stack.getLogicalId(stateMachine.node.defaultChild as CfnElement);
  Validations.of(fn.role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:${spelled(stack.region, 'AWS::Region')}:${spelled(stack.account, 'AWS::AccountId')}:execution:<${machineId}.Name>:*]`,
    reason:
      "Execution names are the saga ids, known only at run time: the statement allows every execution of this saga's state machine and of no other.",
  });
}

export { LogLevel, StateMachineType };

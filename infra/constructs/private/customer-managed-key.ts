import { ArnFormat, Stack, Validations } from 'aws-cdk-lib';
import { type IGrantable, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { SagaOrchestratorProps } from '../saga-orchestrator-props.ts';

/**
 * The customer managed keys of the construct's parts, `encryptionKey` standing in for the specific
 * ones not given, with the key-policy statements the services need in place and the findings of
 * aws-cdk-lib's key grants acknowledged. `undefined` where AWS managed keys apply.
 * `addToResourcePolicy` does nothing on an imported key (`Key.fromKeyArn`): its owner adds the
 * same statements to its policy.
 */
export function customerManagedKeys(scope: Construct, props: SagaOrchestratorProps) {
  const key = props.encryptionKey;
  const queueKey = props.queueEncryptionKey ?? key;
  const tableKey = props.tableProps?.encryptionKey ?? key;
  if (key) allowCloudWatchLogs(scope, key);
  if (queueKey) allowEventBridgeToQueues(scope, queueKey);
  const keysOfTables = [props.existingTable, ...Object.values(props.tables ?? {})].map(
    (table) => table?.encryptionKey,
  );
  if ([key, queueKey, tableKey, ...keysOfTables].some(Boolean)) acknowledgeKeyGrants(scope);
  return { key, queueKey, tableKey };
}

/**
 * Lets CloudWatch Logs encrypt and decrypt the log groups of this account and region with the key.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 */
function allowCloudWatchLogs(scope: Construct, key: IKey): void {
  const stack = Stack.of(scope);
  key.addToResourcePolicy(
    new PolicyStatement({
      principals: [new ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
            service: 'logs',
            resource: 'log-group',
            resourceName: '*',
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
      },
    }),
  );
}

/**
 * Lets EventBridge send to queues encrypted with the key, on behalf of this account's rules: the
 * start queue and the dead-letter queues of the rules' targets (EventBridge dead-letters there).
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html
 */
function allowEventBridgeToQueues(scope: Construct, key: IKey): void {
  key.addToResourcePolicy(
    new PolicyStatement({
      principals: [new ServicePrincipal('events.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } },
    }),
  );
}

/**
 * Lets `grantee` use the key for this state machine's execution data, which Step Functions
 * encrypts with it: `kms:Decrypt` to read an execution (DescribeExecution, GetExecutionHistory),
 * `kms:GenerateDataKey` too to start or redrive one.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/encryption-at-rest.html
 */
export function grantExecutionData(
  grantee: IGrantable,
  stateMachine: StateMachine,
  key: IKey,
  access: 'read' | 'write',
): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: access === 'read' ? ['kms:Decrypt'] : ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: [key.keyArn],
      conditions: {
        StringEquals: { 'kms:EncryptionContext:aws:states:stateMachineArn': stateMachine.stateMachineArn },
      },
    }),
  );
}

/**
 * Lets the state machine's own role encrypt and decrypt its execution data with the key. Naming
 * the state machine would make the role depend on it while it depends on the role (aws-cdk-lib's
 * own grant, which tries, names a state machine without a name), so the statement names the
 * account's state machines in this region; the role is trusted by those alone.
 */
export function grantStateMachineRole(role: IGrantable, key: IKey): void {
  const stack = Stack.of(key);
  role.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: [key.keyArn],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:states:stateMachineArn': stack.formatArn({
            service: 'states',
            resource: 'stateMachine',
            resourceName: '*',
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
      },
    }),
  );
}

/**
 * Acknowledges the cdk-nag findings of aws-cdk-lib's grants on a customer managed key (a table's
 * `grantEncryptDecrypt`, a queue's `grantSendMessages`): their actions end in wildcards.
 */
function acknowledgeKeyGrants(scope: Construct): void {
  for (const action of ['kms:ReEncrypt*', 'kms:GenerateDataKey*']) {
    Validations.of(scope).acknowledge({
      id: `AwsSolutions-IAM5[Action::${action}]`,
      reason: `${action} is among the actions aws-cdk-lib grants for a customer managed key of a table or a queue (the variants DynamoDB and SQS use); each statement names that one key.`,
    });
  }
}

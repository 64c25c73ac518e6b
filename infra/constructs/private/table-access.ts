import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';

/**
 * Allows exactly `actions` on the table itself (not on its indexes, which `ITable.grant` adds),
 * or on one named index, plus the table's KMS key when it has a customer managed one.
 */
export function allowOnTable(
  grantee: IGrantable,
  table: ITable,
  actions: readonly string[],
  options: {
    readonly indexName?: string;
    /** IAM conditions that narrow the statement, e.g. to some attributes (`dynamodb:Attributes`). */
    readonly conditions?: Record<string, Record<string, unknown>>;
  } = {},
): void {
  const resource = options.indexName ? `${table.tableArn}/index/${options.indexName}` : table.tableArn;
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: [...actions],
      resources: [resource],
      ...(options.conditions ? { conditions: options.conditions } : {}),
    }),
  );
  table.encryptionKey?.grantEncryptDecrypt(grantee);
}

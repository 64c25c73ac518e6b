import {
  functionArnVariable,
  SAGA_TABLE_NAME_VARIABLE,
  tableNameVariable,
} from '../../contract/substitutions.ts';
import type { LambdaTarget } from '../definition/task-target.ts';

/**
 * How the compiled definition names the resources it calls. The defaults are definition
 * substitution variables (`${…}`) that the CDK construct fills in at deploy time; the local
 * engine passes its own.
 */
export interface SagaResources {
  /**
   * The `Resource` of a Lambda task.
   * @default (target) => `\${${target.functionId}FunctionArn}`
   */
  readonly functionArn?: (target: LambdaTarget) => string;
  /**
   * The `TableName` of a direct DynamoDB call, from its logical table name.
   * @default (table) => `\${${table}TableName}`
   */
  readonly tableName?: (logicalName: string) => string;
  /**
   * The saga table's name.
   * @default '${SagaTableName}'
   */
  readonly sagaTableName?: string;
}

/** `SagaResources` with every default filled in. */
export type ResolvedSagaResources = Required<SagaResources>;

export function resolveResources(resources: SagaResources = {}): ResolvedSagaResources {
  return {
    functionArn: resources.functionArn ?? ((target) => `\${${functionArnVariable(target)}}`),
    tableName: resources.tableName ?? ((table) => `\${${tableNameVariable(table)}}`),
    sagaTableName: resources.sagaTableName ?? `\${${SAGA_TABLE_NAME_VARIABLE}}`,
  };
}

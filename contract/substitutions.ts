/**
 * The definition substitution variables (`${…}`) the compiled definition names its resources by,
 * and the CDK construct fills in at deploy time.
 */

/** The substitution variable of a Lambda target's ARN. */
export const functionArnVariable = (target: { readonly functionId: string }) =>
  `${target.functionId}FunctionArn`;
/** The substitution variable of a logical table's name. */
export const tableNameVariable = (logicalName: string) => `${logicalName}TableName`;
/** The substitution variable of the saga table's name. */
export const SAGA_TABLE_NAME_VARIABLE = 'SagaTableName';

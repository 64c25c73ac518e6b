import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { allSteps, type Saga } from '../../../statemachines/definition/saga.ts';
import type { LambdaTarget } from '../../../statemachines/definition/task-target.ts';
import { bundledFunction, type FunctionDefaults } from './bundled-function.ts';
import { allowOnTable } from './table-access.ts';

/**
 * A step function's Lambda timeout exceeds its task's `TimeoutSeconds` by this much, so Step
 * Functions' timeout fires first and the task fails with `States.Timeout` (which
 * `compensateOnTimeout` catches), not with the function's own timeout error.
 */
export const LAMBDA_TIMEOUT_MARGIN_SECONDS = 5;

/** Lambda's timeout for a handler: the longest timeout Step Functions gives any task that calls it. */
function timeoutOf(saga: Saga, target: LambdaTarget): Duration {
  const seconds = allSteps(saga).flatMap((step) => [
    ...(step.action.kind === 'lambda' && step.action.functionId === target.functionId
      ? [step.timeoutSeconds]
      : []),
    ...(step.compensation?.kind === 'lambda' && step.compensation.functionId === target.functionId
      ? [step.compensationTimeoutSeconds]
      : []),
  ]);
  return Duration.seconds(Math.max(...seconds) + LAMBDA_TIMEOUT_MARGIN_SECONDS);
}

/**
 * One function per handler module the saga names (two steps naming one module share it), with
 * access to the saga table (the step runtime appends step records) and the idempotency table.
 */
export function sagaStepFunctions(
  scope: Construct,
  saga: Saga,
  defaults: FunctionDefaults,
  tables: { readonly sagaTable: ITable; readonly idempotencyTable: ITable },
): Map<string, IFunction> {
  const functions = new Map<string, IFunction>();
  for (const step of allSteps(saga)) {
    for (const target of [step.action, step.compensation]) {
      if (target?.kind !== 'lambda' || functions.has(target.functionId)) continue;
      const fn = bundledFunction(scope, `${target.functionId}Function`, target.entry, defaults, {
        handler: target.exportName,
        timeout: timeoutOf(saga, target),
        environment: {
          SAGA_TABLE_NAME: tables.sagaTable.tableName,
          IDEMPOTENCY_TABLE_NAME: tables.idempotencyTable.tableName,
        },
      });
      allowOnTable(fn, tables.sagaTable, [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:Query',
      ]);
      allowOnTable(fn, tables.idempotencyTable, [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
      ]);
      functions.set(target.functionId, fn);
    }
  }
  return functions;
}

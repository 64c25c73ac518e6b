import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { type IFunction, Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { RuntimeEnvironment } from '../../../contract/environment.ts';
import type { ProjectRoot } from '../../../contract/project-root.ts';
import { OperatorAttributes, SAGA_TABLE } from '../../../contract/saga-table.ts';
import { isCancellable } from '../../../statemachines/definition/cancellable.ts';
import { allSteps, type Saga } from '../../../statemachines/definition/saga.ts';
import type { LambdaTarget } from '../../../statemachines/definition/task-target.ts';
import type { SagaFunctionOptions } from '../saga-function-options.ts';
import { optionsFor, type SharedFunctionSettings, sagaLambda } from './saga-lambda.ts';
import { allowOnTable } from './table-access.ts';

/**
 * A step function's Lambda timeout exceeds its task's `TimeoutSeconds` by this much, so Step
 * Functions' timeout fires first and the task fails with `States.Timeout` (which
 * `compensateOnTimeout` catches), not with the function's own timeout error.
 */
export const LAMBDA_TIMEOUT_MARGIN_SECONDS = 5;

/** What the step runtime's cancel check may read of the saga item (see `stepCancellation`). */
const CANCEL_CHECK_CONDITIONS = {
  'ForAllValues:StringEquals': {
    'dynamodb:Attributes': [
      SAGA_TABLE.partitionKey,
      SAGA_TABLE.sortKey,
      OperatorAttributes.cancelRequestedAt,
      OperatorAttributes.cancelReason,
    ],
  },
  StringEquals: { 'dynamodb:Select': 'SPECIFIC_ATTRIBUTES' },
};

/** The Lambda handlers a saga names, one per function id (two steps naming one module share it). */
export function lambdaTargets(saga: Saga): Map<string, LambdaTarget> {
  const targets = new Map<string, LambdaTarget>();
  for (const step of allSteps(saga)) {
    for (const target of [step.action, step.compensation]) {
      if (target?.kind === 'lambda' && !targets.has(target.functionId))
        targets.set(target.functionId, target);
    }
  }
  return targets;
}

/** Lambda's timeout for a handler: the longest timeout Step Functions gives any task that calls it. */
export function timeoutOf(saga: Saga, functionId: string): Duration {
  const seconds = allSteps(saga).flatMap((step) => [
    ...(step.action.kind === 'lambda' && step.action.functionId === functionId ? [step.timeoutSeconds] : []),
    ...(step.compensation?.kind === 'lambda' && step.compensation.functionId === functionId
      ? [step.compensationTimeoutSeconds]
      : []),
  ]);
  return Duration.seconds(Math.max(...seconds) + LAMBDA_TIMEOUT_MARGIN_SECONDS);
}

/** What {@link SagaStepFunctions} needs. */
export interface SagaStepFunctionsProps {
  readonly saga: Saga;
  readonly projectRoot: ProjectRoot | undefined;
  readonly shared: SharedFunctionSettings;
  readonly functionDefaults: SagaFunctionOptions | undefined;
  readonly functionOptions: Readonly<Record<string, SagaFunctionOptions>> | undefined;
  /** Functions the user brings, by function id. */
  readonly existing: Readonly<Record<string, IFunction>>;
  readonly sagaTable: ITable;
  readonly idempotencyTable: ITable;
}

/**
 * The saga's step functions: the ones the user brings, and one built per other handler module from
 * its entry under the project root. Each may append to the saga table (the step runtime's event
 * log) and use the idempotency table. A handler whose entry is missing is left out (validation
 * reports it; see `validate-props.ts`).
 */
export class SagaStepFunctions extends Construct {
  /** Every step function, by function id. */
  public readonly functions = new Map<string, IFunction>();

  constructor(scope: Construct, id: string, props: SagaStepFunctionsProps) {
    super(scope, id);
    const environment = {
      [RuntimeEnvironment.sagaTableName]: props.sagaTable.tableName,
      [RuntimeEnvironment.idempotencyTableName]: props.idempotencyTable.tableName,
    };
    const cancellableFunctionIds = new Set(
      allSteps(props.saga)
        .filter(isCancellable)
        .map((step) => (step.action.kind === 'lambda' ? step.action.functionId : '')),
    );
    for (const [functionId, target] of lambdaTargets(props.saga)) {
      const fn = props.existing[functionId] ?? this.build(functionId, target, props, environment);
      if (!fn) continue;
      if (props.existing[functionId] instanceof LambdaFunction) {
        for (const [name, value] of Object.entries(environment))
          (fn as LambdaFunction).addEnvironment(name, value);
      }
      // The step runtime appends events (PutItem) and moves the saga to COMPENSATING (UpdateItem).
      allowOnTable(fn, props.sagaTable, ['dynamodb:PutItem', 'dynamodb:UpdateItem']);
      // A cancellable action reads whether an operator cancelled the saga — those attributes only.
      if (cancellableFunctionIds.has(functionId))
        allowOnTable(fn, props.sagaTable, ['dynamodb:GetItem'], { conditions: CANCEL_CHECK_CONDITIONS });
      // Powertools' DynamoDB persistence layer.
      allowOnTable(fn, props.idempotencyTable, [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
      ]);
      this.functions.set(functionId, fn);
    }
  }

  private build(
    functionId: string,
    target: LambdaTarget,
    props: SagaStepFunctionsProps,
    environment: Record<string, string>,
  ): IFunction | undefined {
    const root = props.projectRoot;
    if (!root) return undefined;
    const entry = resolve(root.dir, target.entry);
    if (!existsSync(entry)) return undefined;
    return sagaLambda(this, functionId, {
      source: {
        kind: 'entry',
        entry,
        handler: target.exportName,
        projectRoot: root.dir,
        lockFile: root.lockFile,
      },
      shared: props.shared,
      options: optionsFor(functionId, props.functionDefaults, props.functionOptions),
      timeout: timeoutOf(props.saga, functionId),
      environment,
    });
  }
}

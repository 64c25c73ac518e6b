import { StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { allTargets } from '../../../statemachines/definition/saga.ts';
import type { SagaOrchestratorProps } from '../saga-orchestrator-props.ts';

/** Step Functions Express workflows run at most five minutes. */
const EXPRESS_MAX_SECONDS = 300;
const MAX_RECEIVE_COUNT_LIMIT = 1000;

interface Rule {
  readonly field: string;
  readonly broken: (props: SagaOrchestratorProps) => unknown;
  readonly message: (props: SagaOrchestratorProps) => string;
}

/**
 * The synth-time checks of `SagaOrchestratorProps`, as a table: each names the field, what was
 * given and the fix.
 */
const RULES: readonly Rule[] = [
  {
    field: 'existingTable',
    broken: (props) => props.existingTable && props.tableProps,
    message: () =>
      'pass either existingTable or tableProps, not both (tableProps configure a table this creates)',
  },
  {
    field: 'existingTable',
    broken: (props) => props.existingTable && !props.existingTable.tableStreamArn,
    message: () =>
      'the existing table has no stream; lifecycle events need one with NEW_AND_OLD_IMAGES (Table.fromTableAttributes({ tableStreamArn }))',
  },
  {
    field: 'stateMachineType',
    broken: (props) =>
      props.stateMachineType === StateMachineType.EXPRESS && props.saga.timeoutSeconds > EXPRESS_MAX_SECONDS,
    message: (props) =>
      `EXPRESS workflows run at most ${EXPRESS_MAX_SECONDS} s but saga "${props.saga.name}" has timeoutSeconds ${props.saga.timeoutSeconds}; use STANDARD or lower the saga timeout`,
  },
  {
    field: 'tables',
    broken: (props) => missingTables(props).length > 0,
    message: (props) =>
      `saga "${props.saga.name}" calls DynamoDB tables ${missingTables(props)
        .map((name) => `"${name}"`)
        .join(', ')} that are not bound; pass tables: { ${missingTables(props)
        .map((name) => `${name}: table`)
        .join(', ')} }`,
  },
  {
    field: 'trigger.businessKeyPath',
    broken: (props) =>
      props.trigger && !/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(props.trigger.businessKeyPath),
    message: (props) => `"${props.trigger?.businessKeyPath}" is not a dot path such as "detail.orderId"`,
  },
  {
    field: 'trigger.maxReceiveCount',
    broken: (props) => {
      const count = props.trigger?.maxReceiveCount;
      return (
        count !== undefined && (!Number.isInteger(count) || count < 1 || count > MAX_RECEIVE_COUNT_LIMIT)
      );
    },
    message: (props) =>
      `must be a whole number from 1 to ${MAX_RECEIVE_COUNT_LIMIT}, got ${props.trigger?.maxReceiveCount}`,
  },
  {
    field: 'alarms.failureRatePercent',
    broken: (props) => {
      const rate = props.alarms?.failureRatePercent;
      return rate !== undefined && !(rate > 0 && rate <= 100);
    },
    message: (props) =>
      `must be a percentage above 0 and at most 100, got ${props.alarms?.failureRatePercent}`,
  },
];

function missingTables(props: SagaOrchestratorProps): string[] {
  const used = allTargets(props.saga).flatMap((target) => (target.kind === 'dynamodb' ? [target.table] : []));
  return [...new Set(used)].filter((name) => !props.tables?.[name]);
}

/** Throws the first broken rule as `SagaOrchestrator <id>: <field>: <message>`. */
export function validateOrchestratorProps(id: string, props: SagaOrchestratorProps): void {
  for (const rule of RULES) {
    if (rule.broken(props)) throw new Error(`SagaOrchestrator ${id}: ${rule.field}: ${rule.message(props)}`);
  }
}

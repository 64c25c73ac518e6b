/** The public CDK surface of sfn-saga. */

export type {
  CountAlarmProps,
  DurationAlarmProps,
  SagaAlarmProps,
  StateStoreLatencyAlarmProps,
} from './constructs/saga-alarm-props.ts';
export {
  DEFAULT_DEPLOYMENT_INTERVAL,
  DEFAULT_DEPLOYMENT_PERCENTAGE,
  LIVE_ALIAS_NAME,
  type SagaDeploymentProps,
  SagaDeploymentType,
} from './constructs/saga-deployment.ts';
export { SagaOrchestrator } from './constructs/saga-orchestrator.ts';
export type {
  SagaOrchestratorProps,
  SagaTriggerProps,
} from './constructs/saga-orchestrator-props.ts';
export { SagaTable, type SagaTableProps } from './constructs/saga-table.ts';

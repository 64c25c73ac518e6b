import { Annotations } from 'aws-cdk-lib';
import { StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { COST_METADATA_TYPE } from '../../../contract/assembly-metadata.ts';
import { sagaCost } from '../../../statemachines/cost/saga-cost.ts';
import type { Saga } from '../../../statemachines/definition/saga.ts';

/**
 * Says at synth what the saga costs per million runs (list prices, no failures, `saga cost`'s
 * default assumptions): as metadata in the cloud assembly, for tools, and as an info message, for
 * people. `saga cost` gives the breakdown by path and at other rates.
 */
export function addCostSummary(scope: Construct, saga: Saga, type: StateMachineType): void {
  const report = sagaCost(saga);
  const deployed = type === StateMachineType.EXPRESS ? 'EXPRESS' : 'STANDARD';
  const other = deployed === 'STANDARD' ? 'EXPRESS' : 'STANDARD';
  const perMillion = report.expected.dollarsPerMillion;
  scope.node.addMetadata(COST_METADATA_TYPE, {
    saga: saga.name,
    type: deployed,
    dollarsPerMillion: perMillion,
    transitionsHappyPath: report.paths[0]?.usage.transitions,
    prices: `${report.prices.region} as of ${report.prices.asOf}`,
  });
  Annotations.of(scope).addInfo(
    `${saga.name} costs about $${perMillion[deployed].toFixed(2)} per million sagas on ${deployed} ($${perMillion[other].toFixed(2)} on ${other}; ${report.prices.region} list prices, 100 ms steps). Run \`saga cost\` on the saga file for the breakdown by path and failure rate.`,
  );
}

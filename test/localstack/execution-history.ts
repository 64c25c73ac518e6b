import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  GetExecutionHistoryCommand,
  type GetExecutionHistoryCommandOutput,
} from '@aws-sdk/client-sfn';
import { StateNames, stepOfState } from '../../contract/state-names.ts';
import type { OrderWorld } from '../scenarios/order-world.ts';
import { waitFor } from '../scenarios/wait-for.ts';

/**
 * The execution statuses a saga record's status implies: the state machine writes COMPLETED,
 * COMPENSATED and TIMED_OUT itself and then succeeds; the status recorder writes FAILED for an
 * execution that failed (or hit Step Functions' own limit), CANCELLED for one an operator stopped.
 * A record removed by its TTL was terminal.
 */
export const EXECUTION_STATUSES_OF: Readonly<Record<string, readonly string[]>> = {
  COMPLETED: ['SUCCEEDED'],
  COMPENSATED: ['SUCCEEDED'],
  TIMED_OUT: ['SUCCEEDED', 'TIMED_OUT'],
  FAILED: ['FAILED'],
  CANCELLED: ['ABORTED', 'SUCCEEDED'],
  EXPIRED: ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'],
};

/** The part of a Step Functions client the checks use (tests pass a fake). */
export interface ReadsExecutions {
  send(command: DescribeExecutionCommand): Promise<Pick<DescribeExecutionCommandOutput, 'status'>>;
  send(
    command: GetExecutionHistoryCommand,
  ): Promise<Pick<GetExecutionHistoryCommandOutput, 'events' | 'nextToken'>>;
}

/** The ARN of the execution the starter names after the saga id. */
export function executionArnFor(stateMachineArn: string, sagaId: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${sagaId}`;
}

/** The names of the states an execution entered, in order (every page of its history). */
export async function statesEntered(stepFunctions: ReadsExecutions, executionArn: string): Promise<string[]> {
  const names: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await stepFunctions.send(
      new GetExecutionHistoryCommand({
        executionArn,
        maxResults: 1_000,
        ...(nextToken ? { nextToken } : {}),
      }),
    );
    for (const event of page.events ?? []) {
      const name = event.stateEnteredEventDetails?.name;
      if (event.type?.endsWith('StateEntered') && name !== undefined) names.push(name);
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return names;
}

/**
 * What in an execution's states contradicts its saga record: the last state must be the one that
 * wrote the record's status (`Record COMPLETED`; `Record rolled back` for COMPENSATED and a
 * TIMED_OUT the deadline started) or, for FAILED, the state that failed (`failedStep`, which the
 * status recorder writes as a person reads it: `ChargePayment` for `ChargePayment after fix`); a
 * completed saga compensates nothing, and compensations run last-completed-first, each after its step.
 */
export function historyProblems(
  record: { readonly status: string; readonly failedStep?: string } | undefined,
  states: readonly string[],
): string[] {
  const problems = compensationOrderProblems(states);
  const last = states.at(-1);
  const expectLast = (name: string, found = last) => {
    if (found !== name) problems.push(`expected the last state to be "${name}", was "${last ?? 'none'}"`);
  };
  switch (record?.status) {
    case 'COMPLETED':
      expectLast(StateNames.recordCompleted);
      if (states.some(isCompensation)) problems.push('a COMPLETED saga ran compensations');
      break;
    case 'COMPENSATED':
      expectLast(StateNames.recordRolledBack);
      break;
    case 'FAILED':
      if (record.failedStep) expectLast(record.failedStep, last && stepOfState(last));
      if (states.includes(StateNames.recordCompleted) || states.includes(StateNames.recordRolledBack))
        problems.push('a FAILED saga entered a state that records its end');
      break;
  }
  return problems;
}

/**
 * Checks the Step Functions side of one order's saga: the execution named by the saga id exists, ends
 * in the status its record implies (waiting, bounded, for it to end), and its history agrees with the
 * record (see {@link historyProblems}). A saga still RUNNING only has to exist.
 */
export async function verifyExecution(
  stepFunctions: ReadsExecutions,
  stateMachineArn: string,
  world: Pick<OrderWorld, 'sagaIdOf' | 'record' | 'timeoutMs'>,
  orderId: string,
): Promise<void> {
  const sagaId = world.sagaIdOf(orderId);
  const executionArn = executionArnFor(stateMachineArn, sagaId);
  const record = await world.record(orderId);
  const status = record === undefined ? 'EXPIRED' : String(record.status);
  const describe = async () =>
    (await stepFunctions.send(new DescribeExecutionCommand({ executionArn }))).status ?? 'UNKNOWN';
  if (status === 'RUNNING') {
    await describe().catch((error: unknown) => {
      throw new Error(
        `The saga of order ${orderId} is RUNNING but its execution ${sagaId} is not found: ${error}`,
      );
    });
    return;
  }
  const expected = EXECUTION_STATUSES_OF[status] ?? [];
  await waitFor(
    `the execution ${sagaId} of a ${status} saga to end ${expected.join(' or ')}`,
    describe,
    (found) => expected.includes(found),
    world.timeoutMs,
    500,
  );
  const states = await statesEntered(stepFunctions, executionArn);
  const problems = historyProblems(
    record && { status, ...(record.failedStep ? { failedStep: String(record.failedStep) } : {}) },
    states,
  );
  if (problems.length > 0) {
    throw new Error(
      `The execution history of ${sagaId} disagrees with its ${status} saga record: ${problems.join('; ')}. ` +
        `States entered: ${states.join(' → ') || 'none'}`,
    );
  }
}

function isCompensation(state: string): boolean {
  return state.startsWith(StateNames.compensation(''));
}

function compensationOrderProblems(states: readonly string[]): string[] {
  const problems: string[] = [];
  let previousStepIndex = Number.POSITIVE_INFINITY;
  states.forEach((state, index) => {
    if (!isCompensation(state)) return;
    const step = state.slice(StateNames.compensation('').length);
    const stepIndex = states.indexOf(step);
    if (stepIndex === -1 || stepIndex > index) problems.push(`"${state}" ran without ${step} before it`);
    else if (stepIndex > previousStepIndex) problems.push(`"${state}" ran out of last-completed-first order`);
    else previousStepIndex = stepIndex;
  });
  return problems;
}

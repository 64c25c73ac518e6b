import { GetExecutionHistoryCommand, type HistoryEvent, type SFNClient } from '@aws-sdk/client-sfn';
import { stepOfState } from '../../contract/state-names.ts';

/** History pages read back from the end at most: a state retried for long writes many events. */
const MAX_PAGES = 10;
/** Events per page (Step Functions' maximum). */
const PAGE_SIZE = 1_000;

/** The state an execution failed in, and what it was handling. */
export interface FailedState {
  /** As a person reads it: `Compensate ChargePayment`, `SendConfirmation`. */
  readonly step: string;
  /** The state's name in the definition (`SendConfirmation after fix`). */
  readonly state: string;
  /** The `$.failure` of that state's input: the failure that started the rollback, if any. */
  readonly failure: unknown;
}

/**
 * Finds, from the end of an execution's history, the last state entered before it failed — the state
 * that could not finish — and the failure its input carried. `undefined` when the history holds none
 * (an execution that failed before its first state).
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_GetExecutionHistory.html
 */
export async function findFailedState(
  client: Pick<SFNClient, 'send'>,
  executionArn: string,
): Promise<FailedState | undefined> {
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const { events = [], nextToken: next } = await client.send(
      new GetExecutionHistoryCommand({
        executionArn,
        reverseOrder: true,
        maxResults: PAGE_SIZE,
        includeExecutionData: true,
        ...(nextToken ? { nextToken } : {}),
      }),
    );
    const entered = events.find((event) => event.stateEnteredEventDetails?.name);
    if (entered) return failedStateOf(entered);
    if (!next) return undefined;
    nextToken = next;
  }
  return undefined;
}

function failedStateOf(event: HistoryEvent): FailedState {
  const details = event.stateEnteredEventDetails;
  let failure: unknown = null;
  try {
    failure = (JSON.parse(details?.input ?? '{}') as { failure?: unknown }).failure ?? null;
  } catch {
    // An input Step Functions truncated is not JSON: the failure stays unknown.
  }
  const state = details?.name ?? '';
  return { step: stepOfState(state), state, failure };
}

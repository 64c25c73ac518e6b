import { GetExecutionHistoryCommand, type HistoryEvent, type SFNClient } from '@aws-sdk/client-sfn';

/** History pages `saga show` reads at most (a saga retried for long writes many events). */
const MAX_PAGES = 10;
/** Events per page (Step Functions' maximum). */
const PAGE_SIZE = 1_000;

/** One run of a Task state of a saga's execution: a step, a compensation, a DynamoDB task, a record. */
export interface TaskStateRun {
  readonly state: string;
  readonly enteredAt: string;
  /** Entered to exited (or to its last failure); `undefined` while it runs. */
  readonly tookMs: number | undefined;
  readonly outcome: 'succeeded' | 'failed' | 'running';
  /** Failed attempts (retries included). */
  readonly failures: number;
  readonly error?: string;
}

/**
 * The Task states an execution ran, in order, from its history: every step, including the direct
 * service calls (DynamoDB tasks) that write no event log, with how long each took.
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_GetExecutionHistory.html
 */
export async function readExecutionStates(
  client: Pick<SFNClient, 'send'>,
  executionArn: string,
): Promise<TaskStateRun[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const response = await client.send(
      new GetExecutionHistoryCommand({
        executionArn,
        maxResults: PAGE_SIZE,
        includeExecutionData: false,
        ...(nextToken ? { nextToken } : {}),
      }),
    );
    events.push(...(response.events ?? []));
    nextToken = response.nextToken;
    if (!nextToken) break;
  }
  return taskStateRuns(events);
}

interface OpenRun {
  state: string;
  entered: number;
  end?: number;
  failures: number;
  lastFailed: boolean;
  exited: boolean;
  error?: string;
}

/** Pairs each TaskStateEntered with its failures and its TaskStateExited. */
export function taskStateRuns(events: readonly HistoryEvent[]): TaskStateRun[] {
  const runs: OpenRun[] = [];
  const at = (event: HistoryEvent) => new Date(event.timestamp ?? 0).getTime();
  for (const event of events) {
    const current = runs.findLast((run) => !run.exited);
    if (event.type === 'TaskStateEntered') {
      const name = event.stateEnteredEventDetails?.name ?? '';
      runs.push({ state: name, entered: at(event), failures: 0, lastFailed: false, exited: false });
    } else if (event.type === 'TaskFailed' || event.type === 'TaskTimedOut') {
      if (!current) continue;
      const details = event.taskFailedEventDetails ?? event.taskTimedOutEventDetails;
      current.failures += 1;
      current.lastFailed = true;
      current.end = at(event);
      current.error = details?.error ?? event.type;
    } else if (event.type === 'TaskSucceeded' && current) {
      current.lastFailed = false;
    } else if (event.type === 'TaskStateExited' && current) {
      current.exited = true;
      current.end = at(event);
    } else if (event.type?.endsWith('StateEntered') && current?.lastFailed) {
      // A caught failure moves on without the task state exiting.
      current.exited = true;
    }
  }
  return runs.map((run) => ({
    state: run.state,
    enteredAt: new Date(run.entered).toISOString(),
    tookMs: run.end === undefined ? undefined : run.end - run.entered,
    outcome: run.lastFailed ? 'failed' : run.exited ? 'succeeded' : 'running',
    failures: run.failures,
    ...(run.error ? { error: run.error } : {}),
  }));
}

/**
 * The runbook every alarm links to: `docs/runbook.md` of sfn-saga's repository (it ships in the
 * package too), unless `alarms.runbookUrl` names your own copy.
 */
export const DEFAULT_RUNBOOK_URL = 'https://github.com/sfn-saga/sfn-saga/blob/main/docs/runbook.md';

/**
 * The runbook's sections, one per kind of alarm: each is a heading of `docs/runbook.md`, written
 * exactly so (a test holds every alarm's link against the document's headings).
 */
export const RunbookSection = {
  failureRate: 'FailureRate',
  p95Duration: 'P95Duration',
  activeSagas: 'ActiveSagas',
  compensationFailed: 'CompensationFailed',
  stateStoreErrors: 'StateStoreErrors',
  eventPublishErrors: 'EventPublishErrors',
  startNotEmpty: 'StartNotEmpty',
  lifecycleNotEmpty: 'LifecycleNotEmpty',
  statusRecorderNotEmpty: 'StatusRecorderNotEmpty',
  /** Any other dead-letter queue. */
  deadLetters: 'DeadLetters',
  stateStoreLatency: 'StateStoreLatency',
  executionsThrottled: 'ExecutionsThrottled',
  functionThrottles: 'FunctionThrottles',
  oldestStartMessageAge: 'OldestStartMessageAge',
} as const;

export type RunbookSectionName = (typeof RunbookSection)[keyof typeof RunbookSection];

/**
 * The link to a section: the runbook's address with the heading's anchor, as GitHub and most
 * Markdown renderers write it for a one-word heading (lower case).
 */
export function runbookLink(runbookUrl: string, section: RunbookSectionName): string {
  return `${runbookUrl}#${section.toLowerCase()}`;
}

import { readFile } from 'node:fs/promises';
import { DEFAULT_PRICES, withPrices } from '../../statemachines/cost/price-table.ts';
import { type SagaCostReport, sagaCost } from '../../statemachines/cost/saga-cost.ts';
import { type CliCommand, type CommandArgs, ExitCode, stringOption, UsageError } from '../command.ts';
import { loadSaga } from '../load-saga.ts';
import { formatJson, formatTable } from '../output/table.ts';

/** `saga cost <file>`: what a saga costs per million runs, path by path, on Standard and Express. */
export const costCommand: CliCommand = {
  name: 'cost',
  summary: 'print what a saga costs per million runs, on Standard and on Express, before you deploy it',
  usage:
    'saga cost <saga-file> [export] [--failure-rate 2%] [--retry-rate 1%] [--type STANDARD|EXPRESS] [--duration-ms 100] [--memory 256] [--output-bytes 256] [--prices prices.json] [--json]',
  help: `For the happy path and each step failing after its retries (the worst case of that failure
point): state transitions (retries included), Lambda invocations and GB-seconds (the saga's steps and
the project's starter, lifecycle publisher and status recorder), DynamoDB write units (the start, the
event log, idempotency records, the record, direct calls, the TTL pass), EventBridge events, SQS
requests — then dollars per million sagas on Standard and on Express, the expected mix at the failure
rate, which type is cheaper, and the headroom to Step Functions' limits.

Options:
  --failure-rate <r>   share of sagas that fail, spread over the failure points (2% or 0.02; default 0)
  --retry-rate <r>     share of task attempts that fail once and succeed on retry (default 0)
  --type <t>           the type you deploy (STANDARD or EXPRESS): its figure is the one the summary leads with
  --duration-ms <n>    one Lambda step invocation (default 100)
  --memory <mb>        the functions' memory (default 256, SagaOrchestrator's)
  --output-bytes <n>   a step's output, kept in the event log and the idempotency record (default 256)
  --prices <file>      a JSON object replacing any of the prices (default: ${DEFAULT_PRICES.region}, as of ${DEFAULT_PRICES.asOf})
  --json               the whole report as JSON`,
  options: {
    'failure-rate': { type: 'string' },
    'retry-rate': { type: 'string' },
    type: { type: 'string' },
    'duration-ms': { type: 'string' },
    memory: { type: 'string' },
    'output-bytes': { type: 'string' },
    prices: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(args, io) {
    const [file, exportName] = args.positionals;
    if (!file) throw new UsageError('name the saga file');
    const type = (stringOption(args, 'type') ?? 'STANDARD').toUpperCase();
    if (type !== 'STANDARD' && type !== 'EXPRESS') throw new UsageError('--type is STANDARD or EXPRESS');
    const assumptions = {
      failureRate: rate(args, 'failure-rate'),
      retryRate: rate(args, 'retry-rate'),
      lambdaDurationMs: positive(args, 'duration-ms', 100),
      lambdaMemoryMb: positive(args, 'memory', 256),
      outputBytes: positive(args, 'output-bytes', 256),
    };
    const pricesFile = stringOption(args, 'prices');
    const prices = pricesFile ? withPrices(JSON.parse(await readFile(pricesFile, 'utf8'))) : DEFAULT_PRICES;
    const report = sagaCost(await loadSaga(file, exportName), assumptions, prices);
    io.out(args.values.json ? formatJson(report) : formatReport(report, type));
    return ExitCode.ok;
  },
};

/** The report as an operator reads it: the paths, the summary, the limits, what it assumed. */
export function formatReport(report: SagaCostReport, type: 'STANDARD' | 'EXPRESS'): string {
  const { assumptions: rules, expected, prices } = report;
  const paths = formatTable(report.paths, [
    { heading: 'PATH', value: (row) => row.path.name },
    { heading: 'ENDS', value: (row) => row.path.outcome },
    { heading: 'TRANSITIONS', value: (row) => round(row.usage.transitions), align: 'right' },
    { heading: 'LAMBDA', value: (row) => round(row.usage.lambdaInvocations), align: 'right' },
    { heading: 'GB-S', value: (row) => round(row.usage.lambdaGbSeconds, 4), align: 'right' },
    { heading: 'DDB WRU', value: (row) => round(row.usage.dynamoDbWriteUnits), align: 'right' },
    { heading: 'DDB RRU', value: (row) => round(row.usage.dynamoDbReadUnits), align: 'right' },
    { heading: 'EVENTS', value: (row) => round(row.usage.eventBridgeEvents), align: 'right' },
    { heading: 'SQS', value: (row) => round(row.usage.sqsRequests), align: 'right' },
    { heading: '$/M STANDARD', value: (row) => dollars(row.dollarsPerMillion.STANDARD), align: 'right' },
    { heading: '$/M EXPRESS', value: (row) => dollars(row.dollarsPerMillion.EXPRESS), align: 'right' },
  ]);
  const other = type === 'STANDARD' ? 'EXPRESS' : 'STANDARD';
  const mix = `${percent(rules.failureRate)} failures, ${percent(rules.retryRate)} retried attempts`;
  const lines = [
    `Saga ${report.saga}: cost per million sagas`,
    '',
    paths,
    '',
    `Expected at ${mix}: ${dollars(expected.dollarsPerMillion[type])} per million on ${type} (${dollars(expected.dollarsPerMillion[other])} on ${other}); ${report.cheaper} is cheaper for this saga.`,
    `Limits: worst case ${report.limits.worstCaseHistoryEvents} of ${report.limits.historyEventsLimit} history events; worst case ${report.limits.worstCaseSeconds} s (Express stops at ${report.limits.expressLimitSeconds} s).`,
    ...report.limits.warnings.map((warning) => `Warning: ${warning}.`),
    `Assumed: Lambda steps ${rules.lambdaDurationMs} ms at ${rules.lambdaMemoryMb} MB, outputs of ${rules.outputBytes} bytes, sagas started by ${rules.startedBy === 'event' ? 'an EventBridge event' : 'a queue message'}; free tiers left out.`,
    `Prices: ${prices.region} as of ${prices.asOf} (--prices to change them).`,
  ];
  return lines.join('\n');
}

function rate(args: CommandArgs, name: string): number {
  const text = stringOption(args, name);
  if (text === undefined) return 0;
  const value = text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
  if (!Number.isFinite(value) || value < 0 || value > 1)
    throw new UsageError(`--${name} is a share: 2% or 0.02 (given: ${text})`);
  return value;
}

function positive(args: CommandArgs, name: string, fallback: number): number {
  const text = stringOption(args, name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new UsageError(`--${name} must be a number above 0 (given: ${text})`);
  return value;
}

const round = (value: number, digits = 2) => Number(value.toFixed(digits));
const dollars = (value: number) => `$${value.toFixed(2)}`;
const percent = (value: number) => `${round(value * 100)} %`;

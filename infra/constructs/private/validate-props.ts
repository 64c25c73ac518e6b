import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { RuntimeEnvironment } from '../../../contract/environment.ts';
import { DECLARED_ERROR_TYPES_VARIABLE } from '../../../contract/failure-reasons.ts';
import { compileInputSchema } from '../../../contract/input-schema.ts';
import { LOCK_FILES, type ProjectRoot } from '../../../contract/project-root.ts';
import { allTargets } from '../../../statemachines/definition/saga.ts';
import type { SagaFunctionOptions } from '../saga-function-options.ts';
import type { SagaOrchestratorProps } from '../saga-orchestrator-props.ts';
import { lambdaTargets } from './saga-functions.ts';
import { alarmPropProblems } from './validate-alarm-props.ts';
import { deploymentProblems } from './validate-deployment.ts';

/** Step Functions Express workflows run at most five minutes. */
const EXPRESS_MAX_SECONDS = 300;
const MAX_RECEIVE_COUNT_LIMIT = 1000;
/** Lambda's memory range, MB. */
const MEMORY_RANGE = { min: 128, max: 10_240 } as const;

/** The ids of the project's own functions in `functionOptions`. */
export const PROJECT_FUNCTION_IDS = ['Starter', 'LifecyclePublisher', 'StatusRecorder'] as const;

/** Environment variables the construct sets on every function it builds; a user's cannot replace them. */
const CONSTRUCT_ENVIRONMENT = [
  ...Object.values(RuntimeEnvironment),
  'SAGA_TIMEOUT_SECONDS',
  'STATE_MACHINE_ARN',
  'BUSINESS_KEY_PATH',
  'INPUT_PATH',
  'DEAD_LETTER_QUEUE_URL',
  'MAX_INPUT_BYTES',
  'MAX_RECEIVE_COUNT',
  'EXECUTION_TIMEOUT_SECONDS',
  'INPUT_SCHEMA',
  'EVENT_BUS_NAME',
  'COUNT_ACTIVE_SAGAS',
  DECLARED_ERROR_TYPES_VARIABLE,
  // The alarms and dashboard name the `service` dimension and the namespace the construct sets.
  'POWERTOOLS_SERVICE_NAME',
  'POWERTOOLS_METRICS_NAMESPACE',
];

/**
 * The longest input schema the starter gets in its environment: Lambda allows 4 KB of variables
 * per function in all, and the construct's own take about 1 KB.
 */
export const MAX_INPUT_SCHEMA_BYTES = 2_048;

/** What the rules read besides the props. */
export interface ValidationContext {
  readonly projectRoot: ProjectRoot | undefined;
}

/** One broken rule: the field, what was given, what is wrong and the fix. */
export interface Problem {
  readonly field: string;
  readonly given: unknown;
  readonly problem: string;
  readonly fix: string;
}

type Rule = (props: SagaOrchestratorProps, context: ValidationContext) => Problem[];

const one = (broken: unknown, problem: Problem): Problem[] => (broken ? [problem] : []);

/**
 * The synth-time checks of `SagaOrchestratorProps`, as a table of rules; `validateOrchestratorProps`
 * reports every broken one at once (through `node.addValidation`, as aws-cdk-lib does).
 */
const RULES: readonly Rule[] = [
  (props) =>
    one(props.existingTable && props.tableProps, {
      field: 'existingTable',
      given: 'existingTable and tableProps',
      problem: 'both are set; tableProps configure a table this construct creates',
      fix: 'pass either existingTable or tableProps',
    }),
  (props) =>
    one(props.existingTable && !props.existingTable.tableStreamArn, {
      field: 'existingTable',
      given: props.existingTable?.tableName,
      problem: 'the table has no stream; lifecycle events need one with NEW_AND_OLD_IMAGES',
      fix: 'import it with Table.fromTableAttributes({ tableName, tableStreamArn })',
    }),
  (props) =>
    one(
      props.stateMachineType === StateMachineType.EXPRESS && props.saga.timeoutSeconds > EXPRESS_MAX_SECONDS,
      {
        field: 'stateMachineType',
        given: `EXPRESS with a saga timeoutSeconds of ${props.saga.timeoutSeconds}`,
        problem: `Express workflows run at most ${EXPRESS_MAX_SECONDS} s, less than the saga's own deadline`,
        fix: `use StateMachineType.STANDARD, or lower the saga's timeoutSeconds to ${EXPRESS_MAX_SECONDS} or less`,
      },
    ),
  (props) => inputSchemaProblems(props),
  (props) => deploymentProblems(props.deployment),
  (props) => {
    const missing = missingTables(props);
    return one(missing.length > 0, {
      field: 'tables',
      given: Object.keys(props.tables ?? {}),
      problem: `saga "${props.saga.name}" calls DynamoDB tables ${missing.map((name) => `"${name}"`).join(', ')} that are not bound`,
      fix: `pass tables: { ${missing.map((name) => `${name}: table`).join(', ')} }`,
    });
  },
  (props) =>
    one(props.trigger && !/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(props.trigger.businessKeyPath), {
      field: 'trigger.businessKeyPath',
      given: props.trigger?.businessKeyPath,
      problem: 'is not a dot path',
      fix: 'use a dot path such as "detail.orderId"',
    }),
  (props) => {
    const count = props.trigger?.maxReceiveCount;
    return one(
      count !== undefined && !(Number.isInteger(count) && count >= 1 && count <= MAX_RECEIVE_COUNT_LIMIT),
      {
        field: 'trigger.maxReceiveCount',
        given: count,
        problem: `must be a whole number from 1 to ${MAX_RECEIVE_COUNT_LIMIT}`,
        fix: 'use e.g. 3',
      },
    );
  },
  (props) => {
    const rate = props.alarms?.failureRatePercent;
    return one(rate !== undefined && !(rate > 0 && rate <= 100), {
      field: 'alarms.failureRatePercent',
      given: rate,
      problem: 'must be a percentage above 0 and at most 100',
      fix: 'use e.g. 10',
    });
  },
  (props) => alarmPropProblems(props.alarms),
  (props) => unknownFunctionIds(props, 'functions', Object.keys(props.functions ?? {}), false),
  (props) => unknownFunctionIds(props, 'functionOptions', Object.keys(props.functionOptions ?? {}), true),
  (props) =>
    Object.keys(props.functionOptions ?? {})
      .filter((id) => props.functions?.[id] !== undefined)
      .map((id) => ({
        field: `functionOptions.${id}`,
        given: Object.keys(props.functionOptions?.[id] ?? {}),
        problem: `function ${id} is one you bring (functions.${id}), so these options would be ignored`,
        fix: `configure your function directly, or drop functions.${id} to let the construct build it`,
      })),
  (props) => [
    ...optionProblems('functionDefaults', props.functionDefaults),
    ...Object.entries(props.functionOptions ?? {}).flatMap(([id, options]) =>
      optionProblems(`functionOptions.${id}`, options),
    ),
  ],
  (props) =>
    [...lambdaTargets(props.saga).keys()]
      .filter((id) => (PROJECT_FUNCTION_IDS as readonly string[]).includes(id))
      .map((id) => ({
        field: 'saga',
        given: id,
        problem: `a step handler has the function id "${id}", which names one of the construct's own functions`,
        fix: `give the handler another id: lambda(entry, { functionId: '${id}Step' })`,
      })),
  (props, context) => entryProblems(props, context),
];

function missingTables(props: SagaOrchestratorProps): string[] {
  const used = allTargets(props.saga).flatMap((target) => (target.kind === 'dynamodb' ? [target.table] : []));
  return [...new Set(used)].filter((name) => !props.tables?.[name]);
}

function unknownFunctionIds(
  props: SagaOrchestratorProps,
  field: string,
  ids: readonly string[],
  projectFunctionsAllowed: boolean,
): Problem[] {
  const known = [
    ...lambdaTargets(props.saga).keys(),
    ...(projectFunctionsAllowed ? PROJECT_FUNCTION_IDS : []),
  ];
  return ids
    .filter((id) => !known.includes(id))
    .map((id) => ({
      field: `${field}.${id}`,
      given: id,
      problem: `saga "${props.saga.name}" has no function with this id`,
      fix: `use one of: ${known.join(', ')}`,
    }));
}

function optionProblems(field: string, options: SagaFunctionOptions | undefined): Problem[] {
  if (!options) return [];
  const problems: Problem[] = [];
  const { memorySize, reservedConcurrentExecutions } = options;
  if (
    memorySize !== undefined &&
    !(Number.isInteger(memorySize) && memorySize >= MEMORY_RANGE.min && memorySize <= MEMORY_RANGE.max)
  ) {
    problems.push({
      field: `${field}.memorySize`,
      given: memorySize,
      problem: `must be whole MB from ${MEMORY_RANGE.min} to ${MEMORY_RANGE.max}`,
      fix: 'use e.g. 512',
    });
  }
  if (
    reservedConcurrentExecutions !== undefined &&
    !(Number.isInteger(reservedConcurrentExecutions) && reservedConcurrentExecutions >= 0)
  ) {
    problems.push({
      field: `${field}.reservedConcurrentExecutions`,
      given: reservedConcurrentExecutions,
      problem: 'must be a whole number of at least 0',
      fix: 'use e.g. 10, or leave it out for unreserved concurrency',
    });
  }
  if (options.securityGroups && !options.vpc) {
    problems.push({
      field: `${field}.securityGroups`,
      given: options.securityGroups.length,
      problem: 'security groups apply only to a function in a VPC',
      fix: `set ${field}.vpc too, or drop the security groups`,
    });
  }
  const clashes = Object.keys(options.environment ?? {}).filter((name) =>
    CONSTRUCT_ENVIRONMENT.includes(name),
  );
  if (clashes.length > 0) {
    problems.push({
      field: `${field}.environment`,
      given: clashes,
      problem: 'these variables are set by the construct and cannot be replaced',
      fix: "remove them: the construct points them at the saga's own resources (Powertools' service name and namespace come from the serviceName and metricsNamespace props)",
    });
  }
  return problems;
}

function entryProblems(props: SagaOrchestratorProps, context: ValidationContext): Problem[] {
  const toBuild = [...lambdaTargets(props.saga).values()].filter(
    (target) => !props.functions?.[target.functionId],
  );
  if (toBuild.length === 0) return [];
  const root = context.projectRoot;
  if (!root) {
    return [
      {
        field: 'projectRoot',
        given: props.projectRoot ?? `nothing (searched from ${process.cwd()} upwards)`,
        problem: `no lock file (${LOCK_FILES.join(', ')}) was found, so the step handlers cannot be bundled`,
        fix: 'run `cdk synth` from your project (after `npm install`), or set projectRoot to the folder holding your lock file',
      },
    ];
  }
  return toBuild
    .filter((target) => !existsSync(resolve(root.dir, target.entry)))
    .map((target) => ({
      field: `saga (function ${target.functionId})`,
      given: target.entry,
      problem: `no handler file at ${resolve(root.dir, target.entry)}; entries are paths from the project root ${root.dir}`,
      fix: `fix the path in lambda('${target.entry}'), set projectRoot, or bring the function (functions.${target.functionId})`,
    }));
}

/** Every broken rule, each as `<field>: <problem> (given: <value>). Fix: <fix>`. */
export function validateOrchestratorProps(
  props: SagaOrchestratorProps,
  context: ValidationContext,
): string[] {
  return RULES.flatMap((rule) => rule(props, context)).map(
    (problem) =>
      `${problem.field}: ${problem.problem} (given: ${formatGiven(problem.given)}). Fix: ${problem.fix}`,
  );
}

function formatGiven(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  const json = JSON.stringify(value);
  return json.length > 120 ? `${json.slice(0, 117)}...` : json;
}

function inputSchemaProblems(props: SagaOrchestratorProps): Problem[] {
  const schema = props.saga.inputSchema;
  if (!schema) return [];
  const field = 'saga.inputSchema';
  try {
    compileInputSchema(schema);
  } catch (error) {
    return [
      {
        field,
        given: clipped(JSON.stringify(schema)),
        problem: `it is not a valid JSON Schema: ${(error as Error).message}`,
        fix: 'correct the schema (draft 7, or 2020-12 with its $schema)',
      },
    ];
  }
  const bytes = Buffer.byteLength(JSON.stringify(schema), 'utf8');
  return one(bytes > MAX_INPUT_SCHEMA_BYTES, {
    field,
    given: `${bytes} bytes`,
    problem: `the starter carries the schema in its environment, which holds at most ${MAX_INPUT_SCHEMA_BYTES} bytes of it (Lambda allows 4 KB of variables in all)`,
    fix: "keep the schema to the fields a start needs (types, required, bounds), and check the rest in the saga's first step",
  });
}

function clipped(text: string): string {
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

/**
 * What a user gives up with an Express state machine, said at synth as a warning (not an error:
 * Express is cheaper and a team may accept it): no status-change events, so a saga that cannot
 * finish keeps its RUNNING record until its TTL; no redrive; and a rollback that outlasts five
 * minutes is cut short.
 */
export function expressWarning(props: SagaOrchestratorProps): string | undefined {
  if (props.stateMachineType !== StateMachineType.EXPRESS) return undefined;
  const budget = props.saga.executionTimeoutSeconds;
  return (
    `stateMachineType EXPRESS: Express executions send no status-change events and cannot be redriven, so a saga ` +
    `whose compensation cannot finish keeps its RUNNING record until its TTL and cannot be resumed; and the saga's ` +
    `worst case (deadline, retries and the whole rollback) is ${budget} s, ${budget > EXPRESS_MAX_SECONDS ? `over Express's ${EXPRESS_MAX_SECONDS} s, so a long rollback is cut short` : `within Express's ${EXPRESS_MAX_SECONDS} s`}. ` +
    'Use STANDARD unless the saga is short and its rollback never fails.'
  );
}

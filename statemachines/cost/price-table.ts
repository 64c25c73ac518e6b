/**
 * The prices a cost report uses, per unit, in US dollars. Free tiers are left out: the report is
 * about sagas at volume. Override any of them with a file of the same shape (`saga cost --prices`).
 */
export interface PriceTable {
  /** When these prices were read from AWS's pricing pages. */
  readonly asOf: string;
  readonly region: string;
  readonly stepFunctionsStandardPerTransition: number;
  readonly stepFunctionsExpressPerRequest: number;
  /** Express bills the memory it uses in 64 MB steps; a saga's small state fits the first. */
  readonly stepFunctionsExpressPerGbSecond: number;
  readonly lambdaPerRequest: number;
  /** arm64, which SagaOrchestrator deploys by default. */
  readonly lambdaPerGbSecond: number;
  /** On-demand write request unit (1 KB). */
  readonly dynamoDbPerWriteUnit: number;
  /** On-demand read request unit (a strongly consistent read of up to 4 KB). */
  readonly dynamoDbPerReadUnit: number;
  /** Custom events put on a bus (AWS services' own events to the default bus are free). */
  readonly eventBridgePerEvent: number;
  /** Standard queue request (each 64 KB chunk of a message is one). */
  readonly sqsPerRequest: number;
}

/**
 * us-east-1 list prices: Step Functions $0.025 per 1,000 transitions (Standard), $1.00 per million
 * requests and $0.00001667 per GB-second (Express); Lambda $0.20 per million requests and
 * $0.0000133334 per GB-second (arm64); DynamoDB on-demand $0.625 per million write request units and $0.125 per million read request units;
 * EventBridge $1.00 per million custom events; SQS $0.40 per million requests.
 * @see https://aws.amazon.com/step-functions/pricing/
 * @see https://aws.amazon.com/lambda/pricing/
 * @see https://aws.amazon.com/dynamodb/pricing/on-demand/
 * @see https://aws.amazon.com/eventbridge/pricing/
 * @see https://aws.amazon.com/sqs/pricing/
 */
export const DEFAULT_PRICES: PriceTable = {
  asOf: '2026-12-01',
  region: 'us-east-1',
  stepFunctionsStandardPerTransition: 0.000025,
  stepFunctionsExpressPerRequest: 0.000001,
  stepFunctionsExpressPerGbSecond: 0.00001667,
  lambdaPerRequest: 0.0000002,
  lambdaPerGbSecond: 0.0000133334,
  dynamoDbPerWriteUnit: 0.000000625,
  dynamoDbPerReadUnit: 0.000000125,
  eventBridgePerEvent: 0.000001,
  sqsPerRequest: 0.0000004,
};

/**
 * `DEFAULT_PRICES` with the given fields replaced.
 * @throws Error naming a field that is not a price, or a price that is not a number ≥ 0
 */
export function withPrices(overrides: Readonly<Record<string, unknown>>): PriceTable {
  const problems: string[] = [];
  for (const [field, value] of Object.entries(overrides)) {
    if (!(field in DEFAULT_PRICES))
      problems.push(`${field} is not a price (known: ${Object.keys(DEFAULT_PRICES).join(', ')})`);
    else if (field === 'asOf' || field === 'region') {
      if (typeof value !== 'string') problems.push(`${field} must be a string`);
    } else if (typeof value !== 'number' || !(value >= 0))
      problems.push(`${field} must be a number ≥ 0 (dollars per unit)`);
  }
  if (problems.length > 0) throw new Error(`Invalid price table: ${problems.join('; ')}`);
  return { ...DEFAULT_PRICES, ...overrides } as PriceTable;
}

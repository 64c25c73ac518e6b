/**
 * `npm run bench`: measures the compiled saga (transitions, compile time, ASL size) beside the
 * cdk-patterns baseline, the test environment, the package, the bundles, the step runtime, the
 * local cloud and its reliability under faults (`test/faults/`), writes bench/results/saga-compiler.json and the
 * table in bench/README.md. Numbers from one run on one machine: compare ratios, not absolutes.
 */
import { writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { startDynamoDbLocal } from '../local/dynamodb/dynamo-db-local.ts';
import { measureBundles } from './bundles.ts';
import { measureAslSize, measureCompileTime } from './compile-and-size.ts';
import { measureCost } from './cost.ts';
import { measureInMemoryDynamoDb } from './in-memory-dynamodb.ts';
import { measureLocalCloud } from './local-cloud.ts';
import { measurePackage } from './package-size.ts';
import { renderReadme } from './readme.ts';
import { measureReliability } from './reliability.ts';
import { measureRuntime } from './runtime-overhead.ts';
import { measureSagaIndex } from './saga-index.ts';
import { measureTestEnvironment } from './test-environment.ts';
import {
  CDK_PATTERNS_COMPENSABLE,
  measureCdkPatternsTransitions,
  measureOurTransitions,
} from './transitions.ts';

const dynamoDb = await startDynamoDbLocal();
try {
  const transitions = [];
  for (const steps of [3, 5, 10, 25]) transitions.push(await measureOurTransitions(dynamoDb, steps));
  const results = {
    measuredAt: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
    transitions,
    cdkPatternsBaseline: await measureCdkPatternsTransitions(),
    oursMirroringCdkPatterns: await measureOurTransitions(dynamoDb, 5, CDK_PATTERNS_COMPENSABLE),
    cost: await measureCost(),
    compileTime: measureCompileTime(),
    aslSize: measureAslSize(),
    testEnvironment: await measureTestEnvironment(),
    inMemoryDynamoDbUsPerOperation: measureInMemoryDynamoDb(),
    package: await measurePackage(),
    bundles: await measureBundles(),
    runtime: await measureRuntime(dynamoDb),
    localCloud: await measureLocalCloud(),
    sagaIndex: await measureSagaIndex(dynamoDb),
    reliability: await measureReliability(),
  };
  await writeFile(
    new URL('./results/saga-compiler.json', import.meta.url),
    `${JSON.stringify(results, null, 2)}\n`,
  );
  const readme = renderReadme(results);
  await writeFile(new URL('./README.md', import.meta.url), readme);
  console.log(readme);
} finally {
  await dynamoDb.stop();
}

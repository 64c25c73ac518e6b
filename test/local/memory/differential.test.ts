import { beforeAll, describe, expect, it } from 'vitest';
import { InMemoryDynamoDb } from '../../../local/memory/index.ts';
import { useDynamoDbLocal } from '../../support/dynamo-db-local.ts';
import {
  comparableItems,
  createTables,
  type DifferentialCase,
  runRequests,
  scanAll,
} from './support/differential.ts';
import { conditionCases, updateCases } from './support/expression-cases.ts';
import { projectCases } from './support/project-cases.ts';
import { queryCases } from './support/query-cases.ts';
import { validationCases } from './support/validation-cases.ts';

/**
 * The in-memory DynamoDB against AWS's DynamoDB Local: every case runs its requests on a fresh table
 * on both, and both must answer the same (output, ReturnValues, exception name and `Item`) and end
 * with the same items. Numbers compare by value, sets in any order (see `normalize`).
 */
const dynamoDb = useDynamoDbLocal();
const store = new InMemoryDynamoDb();
let tableCount = 0;

const groups: Record<string, readonly DifferentialCase[]> = {
  "the project's own requests": await projectCases(),
  conditions: conditionCases,
  updates: updateCases,
  validation: validationCases,
  query: queryCases,
};

beforeAll(() => {
  expect(Object.values(groups).flat().length).toBeGreaterThanOrEqual(60);
});

for (const [group, cases] of Object.entries(groups)) {
  describe(group, () => {
    it.each(cases.map((each) => [each.name, each] as const))('%s', async (_name, differentialCase) => {
      // Arrange
      tableCount += 1;
      const tableName = `differential-${tableCount}`;
      await createTables(dynamoDb().client, store, tableName, differentialCase.schema);
      // Act
      const expected = await runRequests(dynamoDb().client, tableName, differentialCase.requests);
      const actual = await runRequests(store.asClient(), tableName, differentialCase.requests);
      // Assert
      expect(expected.map((outcome) => outcome.error)).toEqual(
        differentialCase.requests.map((request) => request.fails),
      );
      expect(actual).toEqual(expected);
      expect(comparableItems(store.items(tableName))).toEqual(
        comparableItems(await scanAll(dynamoDb().client, tableName)),
      );
    });
  });
}

import { describeMatchTables, type MatchTables } from './match-table.ts';
import { contentFilteringEvent, eventWithDetail, eventWithoutDetailField } from './sample-events.ts';

const tables: MatchTables = {
  // Comparison operators: "Exists matching". Only leaf values count: null is a value, an object is not.
  exists: [
    {
      name: 'exists: false matches a missing field',
      pattern: cCountExists(false),
      event: eventWithoutDetailField,
      matches: true,
    },
    {
      name: 'exists: false matches an object-valued field (not a leaf)',
      pattern: cCountExists(false),
      event: eventWithDetail('c-count', { c1: 100 }),
      matches: true,
    },
    {
      name: 'exists: false does not match a present field',
      pattern: cCountExists(false),
      event: contentFilteringEvent,
      matches: false,
    },
    {
      name: 'exists: false does not match null',
      pattern: cCountExists(false),
      event: eventWithDetail('c-count', null),
      matches: false,
    },
    {
      name: 'exists: false matches when the parent object is missing',
      pattern: cCountExists(false),
      event: { source: 'aws.ec2' },
      matches: true,
    },
    {
      name: 'exists: true matches a present field',
      pattern: cCountExists(true),
      event: contentFilteringEvent,
      matches: true,
    },
    {
      name: 'exists: true matches null',
      pattern: cCountExists(true),
      event: eventWithDetail('c-count', null),
      matches: true,
    },
    {
      name: 'exists: true does not match a missing field',
      pattern: cCountExists(true),
      event: eventWithoutDetailField,
      matches: false,
    },
    {
      name: 'exists: true does not match an object-valued field',
      pattern: cCountExists(true),
      event: eventWithDetail('c-count', { c1: 100 }),
      matches: false,
    },
    {
      name: 'exists: true does not match an empty array',
      pattern: { resources: [{ exists: true }] },
      event: { resources: [] },
      matches: false,
    },
    {
      name: 'exists: false matches an empty array',
      pattern: { resources: [{ exists: false }] },
      event: { resources: [] },
      matches: true,
    },
    {
      name: 'exists: true matches a field of one element of an array of objects',
      pattern: { detail: { automations: { id: [{ exists: true }] } } },
      event: { detail: { automations: [{ key1: 'value1' }, { id: 'match-does-exist' }] } },
      matches: true,
    },
    {
      name: 'exists: false under an array of objects needs the field absent from every element',
      pattern: { detail: { automations: { id: [{ exists: false }] } } },
      event: { detail: { automations: [{ key1: 'value1' }, { id: 'match-does-exist' }] } },
      matches: false,
    },
    {
      name: 'exists: false beside another alternative in one leaf',
      pattern: {
        dynamodb: { NewImage: { homemade: { S: [{ 'anything-but': ['roses'] }, { exists: false }] } } },
      },
      event: { dynamodb: { NewImage: { homemade: { N: '789' } } } },
      matches: true,
    },
  ],
  // Comparison operators: "Complex example with multiple matching".
  'complex example': [
    {
      name: 'every filter of the complex example matches',
      pattern: complexExample(),
      event: contentFilteringEvent,
      matches: true,
    },
    {
      name: 'one failing filter of the complex example fails it',
      pattern: complexExample(),
      event: { ...contentFilteringEvent, detail: { ...contentFilteringEvent.detail, 'x-limit': 200 } },
      matches: false,
    },
  ],
};

describeMatchTables('matchesEventPattern: exists, and filters combined', tables);

function cCountExists(exists: boolean) {
  return { detail: { 'c-count': [{ exists }] } };
}

function complexExample() {
  return {
    time: [{ prefix: '2017-10-02' }],
    detail: {
      state: [{ 'anything-but': 'initializing' }],
      'c-count': [{ numeric: ['>', 0, '<=', 5] }],
      'd-count': [{ numeric: ['<', 10] }],
      'x-limit': [{ 'anything-but': [100, 200, 300] }],
      'source-ip': [{ cidr: '10.0.0.0/8' }],
    },
  };
}

import { describeMatchTables, type MatchTables } from './match-table.ts';
import { contentFilteringEvent, eventWithDetail, eventWithoutDetailField } from './sample-events.ts';

const tables: MatchTables = {
  // Comparison operators: "Anything-but matching" with a value, a list, prefix, suffix, equals-ignore-case
  // and wildcard. The field must be there; any other value matches, null included.
  values: [
    {
      name: 'a state other than initializing',
      pattern: butInitializing(),
      event: contentFilteringEvent,
      matches: true,
    },
    {
      name: 'the excluded state',
      pattern: butInitializing(),
      event: eventWithDetail('state', 'initializing'),
      matches: false,
    },
    {
      name: 'a null state is anything but initializing',
      pattern: butInitializing(),
      event: eventWithDetail('state', null),
      matches: true,
    },
    {
      name: 'a missing state does not match',
      pattern: butInitializing(),
      event: eventWithoutDetailField,
      matches: false,
    },
    {
      name: 'a number other than 123',
      pattern: { detail: { 'x-limit': [{ 'anything-but': 123 }] } },
      event: contentFilteringEvent,
      matches: true,
    },
    {
      name: 'the excluded number',
      pattern: { detail: { 'x-limit': [{ 'anything-but': 123 }] } },
      event: eventWithDetail('x-limit', 123),
      matches: false,
    },
    {
      name: 'a state outside the list',
      pattern: butStoppedOrOverloaded(),
      event: contentFilteringEvent,
      matches: true,
    },
    {
      name: 'a state in the list',
      pattern: butStoppedOrOverloaded(),
      event: eventWithDetail('state', 'overloaded'),
      matches: false,
    },
    { name: 'a number outside the list', pattern: butNumbers(), event: contentFilteringEvent, matches: true },
    {
      name: 'a number in the list, written 3.0e2',
      pattern: butNumbers(),
      event: JSON.parse('{"detail": {"x-limit": 3.0e2}}'),
      matches: false,
    },
    {
      name: 'a state without the prefix',
      pattern: butPrefix('init'),
      event: contentFilteringEvent,
      matches: true,
    },
    {
      name: 'a state with the prefix',
      pattern: butPrefix('init'),
      event: eventWithDetail('state', 'initializing'),
      matches: false,
    },
    {
      name: 'a number has no prefix to exclude',
      pattern: butPrefix('init'),
      event: eventWithDetail('state', 12),
      matches: true,
    },
    {
      name: 'a region outside the US',
      pattern: { region: [{ 'anything-but': { prefix: 'us-' } }] },
      event: { region: 'eu-west-1' },
      matches: true,
    },
    {
      name: 'a region in the US',
      pattern: { region: [{ 'anything-but': { prefix: 'us-' } }] },
      event: contentFilteringEvent,
      matches: false,
    },
    {
      name: 'a file without the excluded suffix',
      pattern: { detail: { FileName: [{ 'anything-but': { suffix: '.png' } }] } },
      event: eventWithDetail('FileName', 'photo.jpg'),
      matches: true,
    },
    {
      name: 'a file with the excluded suffix',
      pattern: { detail: { FileName: [{ 'anything-but': { suffix: '.png' } }] } },
      event: eventWithDetail('FileName', 'photo.png'),
      matches: false,
    },
    {
      name: 'a list of excluded suffixes',
      pattern: { detail: { FileName: [{ 'anything-but': { suffix: ['.txt', '.rtf'] } }] } },
      event: eventWithDetail('FileName', 'notes.rtf'),
      matches: false,
    },
    {
      name: 'another casing of the excluded state',
      pattern: { detail: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] } },
      event: eventWithDetail('state', 'INITIALIZING'),
      matches: false,
    },
    {
      name: 'a state that is not a casing of an excluded one',
      pattern: {
        detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['initializing', 'stopped'] } }] },
      },
      event: contentFilteringEvent,
      matches: true,
    },
    {
      name: 'a path without /lib/',
      pattern: butLibPaths(),
      event: eventWithDetail('FilePath', '/usr/bin/env'),
      matches: true,
    },
    {
      name: 'a path with /lib/',
      pattern: butLibPaths(),
      event: eventWithDetail('FilePath', '/usr/lib/node'),
      matches: false,
    },
  ],
};

describeMatchTables('matchesEventPattern: anything-but', tables);

function butInitializing() {
  return { detail: { state: [{ 'anything-but': 'initializing' }] } };
}

function butStoppedOrOverloaded() {
  return { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } };
}

function butNumbers() {
  return { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } };
}

function butPrefix(prefix: string) {
  return { detail: { state: [{ 'anything-but': { prefix } }] } };
}

function butLibPaths() {
  return { detail: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] } };
}

import { describeMatchTables, type MatchTables } from './match-table.ts';
import { contentFilteringEvent, eventWithDetail } from './sample-events.ts';

const tables: MatchTables = {
  // Comparison operators: "Prefix matching" and "Prefix matching while ignoring case".
  prefix: [
    {
      name: 'a time that starts with the prefix',
      pattern: { time: [{ prefix: '2017-10-02' }] },
      event: contentFilteringEvent,
      matches: true,
    },
    {
      name: 'a time that does not',
      pattern: { time: [{ prefix: '2017-10-03' }] },
      event: contentFilteringEvent,
      matches: false,
    },
    {
      name: 'prefix is case-sensitive',
      pattern: { detail: { service: [{ prefix: 'EventB' }] } },
      event: eventWithDetail('service', 'eventbridge'),
      matches: false,
    },
    {
      name: 'prefix with equals-ignore-case ignores case',
      pattern: { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } },
      event: eventWithDetail('service', 'eventbridge'),
      matches: true,
    },
    {
      name: 'prefix with equals-ignore-case still needs the prefix',
      pattern: { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } },
      event: eventWithDetail('service', 'Amazon EventBridge'),
      matches: false,
    },
    {
      name: 'prefix only matches strings',
      pattern: { detail: { 'c-count': [{ prefix: '5' }] } },
      event: contentFilteringEvent,
      matches: false,
    },
  ],
  // Comparison operators: "Suffix matching" and "Suffix matching while ignoring case".
  suffix: [
    {
      name: 'a file name ending in .png',
      pattern: { FileName: [{ suffix: '.png' }] },
      event: { FileName: 'image.png' },
      matches: true,
    },
    {
      name: 'a file name ending in .PNG is another suffix',
      pattern: { FileName: [{ suffix: '.png' }] },
      event: { FileName: 'image.PNG' },
      matches: false,
    },
    {
      name: 'suffix with equals-ignore-case matches .PNG',
      pattern: { detail: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } },
      event: eventWithDetail('FileName', 'image.PNG'),
      matches: true,
    },
    {
      name: 'suffix with equals-ignore-case does not match .jpg',
      pattern: { detail: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } },
      event: eventWithDetail('FileName', 'image.jpg'),
      matches: false,
    },
  ],
  // Comparison operators: "Equals-ignore-case matching".
  'equals-ignore-case': [
    {
      name: '"alice" matches Alice',
      pattern: { Name: [{ 'equals-ignore-case': 'alice' }] },
      event: { Name: 'Alice' },
      matches: true,
    },
    {
      name: '"alice" does not match Alicia',
      pattern: { Name: [{ 'equals-ignore-case': 'alice' }] },
      event: { Name: 'Alicia' },
      matches: false,
    },
    {
      name: 'the EC2 detail type in lower case',
      pattern: { 'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change notification' }] },
      event: contentFilteringEvent,
      matches: true,
    },
  ],
  // Comparison operators: "Wildcard matching" (and Event Ruler's "Wildcard matching" for the escapes).
  wildcard: [
    {
      name: 'an event bus ARN in any account',
      pattern: { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] },
      event: { EventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/myEventBus' },
      matches: true,
    },
    {
      name: 'an event bus ARN in another region',
      pattern: { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] },
      event: { EventBusArn: 'arn:aws:events:us-west-2:123456789012:event-bus/myEventBus' },
      matches: false,
    },
    {
      name: '* matches many characters',
      pattern: { source: [{ wildcard: 'Simple*Service' }] },
      event: { source: 'SimpleQueueService' },
      matches: true,
    },
    {
      name: '* matches zero characters',
      pattern: { source: [{ wildcard: 'Simple*Service' }] },
      event: { source: 'SimpleService' },
      matches: true,
    },
    {
      name: 'the text around * must be there',
      pattern: { source: [{ wildcard: 'Simple*Service' }] },
      event: { source: 'SimpleQueue' },
      matches: false,
    },
    {
      name: '*Title* finds Title in the middle',
      pattern: { name: [{ wildcard: '*Title*' }] },
      event: { name: 'MyTitleSlide' },
      matches: true,
    },
    {
      name: 'no wildcard is an exact match',
      pattern: { name: [{ wildcard: 'Title' }] },
      event: { name: 'MyTitle' },
      matches: false,
    },
    {
      name: '\\* is a literal asterisk',
      pattern: { name: [{ wildcard: 'value\\*end' }] },
      event: { name: 'value*end' },
      matches: true,
    },
    {
      name: '\\* does not stand for other characters',
      pattern: { name: [{ wildcard: 'value\\*end' }] },
      event: { name: 'valueXend' },
      matches: false,
    },
    {
      name: '\\\\ is a literal backslash',
      pattern: { name: [{ wildcard: 'C:\\\\*' }] },
      event: { name: 'C:\\Windows' },
      matches: true,
    },
    {
      name: 'wildcard only matches strings',
      pattern: { detail: { 'c-count': [{ wildcard: '*' }] } },
      event: contentFilteringEvent,
      matches: false,
    },
  ],
};

describeMatchTables('matchesEventPattern: prefix, suffix, equals-ignore-case and wildcard', tables);

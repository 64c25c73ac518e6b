import type { EventPattern } from '../../../local/eventbridge/index.ts';
import { describeMatchTables, type MatchTables } from './match-table.ts';
import { autoScalingEvent, ec2TerminatedEvent, macieAlertEvent } from './sample-events.ts';

const ec2TerminationPattern: EventPattern = {
  source: ['aws.ec2'],
  'detail-type': ['EC2 Instance State-change Notification'],
  detail: { state: ['terminated'] },
};

const tables: MatchTables = {
  // "Creating Amazon EventBridge event patterns" and "Event pattern syntax": every field must match,
  // a leaf lists alternatives, other event fields are ignored, strings match character by character.
  'event pattern syntax': [
    {
      name: 'the EC2 termination pattern matches a termination',
      pattern: ec2TerminationPattern,
      event: ec2TerminatedEvent,
      matches: true,
    },
    {
      name: 'the EC2 termination pattern does not match another state',
      pattern: ec2TerminationPattern,
      event: { ...ec2TerminatedEvent, detail: { ...ec2TerminatedEvent.detail, state: 'running' } },
      matches: false,
    },
    {
      name: 'a leaf matches any of its values',
      pattern: { source: ['aws.ec2', 'aws.fargate'] },
      event: { source: 'aws.fargate' },
      matches: true,
    },
    {
      name: 'a leaf matches none of the others',
      pattern: { source: ['aws.ec2', 'aws.fargate'] },
      event: { source: 'aws.s3' },
      matches: false,
    },
    {
      name: 'a field the event lacks does not match',
      pattern: { detail: { 'instance-type': ['t2.micro'] } },
      event: ec2TerminatedEvent,
      matches: false,
    },
    {
      name: 'strings are not case-folded',
      pattern: { source: ['AWS.EC2'] },
      event: ec2TerminatedEvent,
      matches: false,
    },
    {
      name: 'the envelope fields match like any top-level field',
      pattern: {
        account: ['111122223333'],
        region: ['us-west-1'],
        version: ['0'],
        id: ['6a7e8feb-b491-4cf7-a9f1-bf3703467718'],
      },
      event: ec2TerminatedEvent,
      matches: true,
    },
    {
      name: 'an envelope field with another value does not match',
      pattern: { region: ['us-east-1'] },
      event: ec2TerminatedEvent,
      matches: false,
    },
  ],
  // "Value matching": numbers and nested objects (the Macie alert).
  'value matching': [
    {
      name: 'a risk score of 80 and a trigger risk of 8 match',
      pattern: {
        source: ['aws.macie'],
        'detail-type': ['Macie Alert'],
        detail: { 'risk-score': [80], trigger: { risk: [8] } },
      },
      event: macieAlertEvent,
      matches: true,
    },
    {
      name: 'a nested field with another number does not match',
      pattern: { detail: { trigger: { risk: [9] } } },
      event: macieAlertEvent,
      matches: false,
    },
    {
      name: 'a nested pattern does not match a string field',
      pattern: { detail: { name: { first: ['Scanning'] } } },
      event: macieAlertEvent,
      matches: false,
    },
  ],
  // "Considerations when creating event patterns": JSON types. The engine matches an exact number by
  // value as well (AWS accepts [300] for 300.0), a string never matches a number nor the reverse.
  'JSON types': [
    {
      name: '[300] matches 300.0',
      pattern: { number: [300] },
      event: JSON.parse('{"number": 300.0}'),
      matches: true,
    },
    {
      name: '[300] matches 3.0e2',
      pattern: { number: [300] },
      event: JSON.parse('{"number": 3.0e2}'),
      matches: true,
    },
    { name: '[300] does not match 301', pattern: { number: [300] }, event: { number: 301 }, matches: false },
    {
      name: 'the string "100" does not match the number 100',
      pattern: { count: ['100'] },
      event: { count: 100 },
      matches: false,
    },
    {
      name: 'the number 100 does not match the string "100"',
      pattern: { count: [100] },
      event: { count: '100' },
      matches: false,
    },
    { name: 'true matches true', pattern: { enabled: [true] }, event: { enabled: true }, matches: true },
    {
      name: 'true does not match the string "true"',
      pattern: { enabled: [true] },
      event: { enabled: 'true' },
      matches: false,
    },
  ],
  // "Matching events on null values and empty strings": null matches JSON null only, "" the empty string only.
  'null values and empty strings': [
    {
      name: '[""] matches an empty string',
      pattern: { detail: { eventVersion: [''] } },
      event: autoScalingEvent,
      matches: true,
    },
    {
      name: '[null] matches null',
      pattern: { detail: { responseElements: [null] } },
      event: autoScalingEvent,
      matches: true,
    },
    {
      name: '[null] does not match an empty string',
      pattern: { detail: { eventVersion: [null] } },
      event: autoScalingEvent,
      matches: false,
    },
    {
      name: '[""] does not match null',
      pattern: { detail: { responseElements: [''] } },
      event: autoScalingEvent,
      matches: false,
    },
    {
      name: '[null] does not match the string "null"',
      pattern: { detail: { responseElements: [null] } },
      event: { detail: { responseElements: 'null' } },
      matches: false,
    },
    {
      name: '[null] does not match a missing field',
      pattern: { detail: { requestParameters: [null] } },
      event: autoScalingEvent,
      matches: false,
    },
    {
      name: '[null] does not match an empty array',
      pattern: { resources: [null] },
      event: autoScalingEvent,
      matches: false,
    },
  ],
  // "Arrays in Amazon EventBridge event patterns": an event array matches if any element matches.
  arrays: [
    {
      name: 'resources match when the pattern and event arrays intersect',
      pattern: {
        resources: [
          'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
          'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
          'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f',
        ],
      },
      event: {
        resources: [
          'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate',
          'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
        ],
      },
      matches: true,
    },
    {
      name: 'resources do not match when the arrays share nothing',
      pattern: { resources: ['arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f'] },
      event: { resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f'] },
      matches: false,
    },
    {
      name: 'a leaf matches inside nested arrays',
      pattern: { detail: { tags: ['Insider'] } },
      event: { detail: { tags: [['Custom_Alert'], ['Insider']] } },
      matches: true,
    },
    {
      name: 'a leaf matches a tag of the Macie alert',
      pattern: { detail: { tags: ['Insider'] } },
      event: macieAlertEvent,
      matches: true,
    },
  ],
};

describeMatchTables('matchesEventPattern: pattern structure', tables);

import type { EventPattern } from '../../../local/eventbridge/index.ts';
import { describeMatchTables, type MatchTables } from './match-table.ts';
import { contentFilteringEvent, ec2TerminatedEvent } from './sample-events.ts';

const tables: MatchTables = {
  // Event Ruler's "JSON Array Matching" (EventBridge's matching engine): objects in arrays match as if
  // each were the field's value, and the fields of one match must come from one element.
  'arrays of objects': [
    {
      name: 'a field of one element matches',
      pattern: { employees: { firstName: ['Anna'] } },
      event: employees(),
      matches: true,
    },
    {
      name: 'no element with that field value does not match',
      pattern: { employees: { firstName: ['Jane'] } },
      event: employees(),
      matches: false,
    },
    {
      name: 'fields from two different elements do not match together',
      pattern: { employees: { firstName: ['Anna'], lastName: ['Jones'] } },
      event: employees(),
      matches: false,
    },
    {
      name: 'fields of the same element match together',
      pattern: { employees: { firstName: ['Anna'], lastName: ['Smith'] } },
      event: employees(),
      matches: true,
    },
    {
      name: 'multi-level arrays of objects match',
      pattern: { employees: { firstName: ['Peter'] } },
      event: { employees: [[{ firstName: 'John' }, { firstName: 'Anna' }], [{ firstName: 'Peter' }]] },
      matches: true,
    },
  ],
  // "$or" (Comparison operators: Or; Event Ruler's "The $or Primitive"): at the top level or nested, beside
  // other fields (AND), each branch a pattern of its own.
  $or: [
    {
      name: 'a top-level $or matches its first branch',
      pattern: topLevelOr(),
      event: ec2TerminatedEvent,
      matches: true,
    },
    {
      name: 'a top-level $or matches its second branch',
      pattern: topLevelOr(),
      event: { source: 'my.app', 'detail-type': 'OrderPlaced' },
      matches: true,
    },
    {
      name: 'a top-level $or matches no branch',
      pattern: topLevelOr(),
      event: { source: 'my.app', 'detail-type': 'OrderShipped' },
      matches: false,
    },
    {
      name: '"source" && ("metricName" || "namespace"): namespace',
      pattern: sourceAndOr(),
      event: { source: 'aws.cloudwatch', namespace: 'AWS/EC2' },
      matches: true,
    },
    {
      name: '"source" && ("metricName" || "namespace"): wrong source',
      pattern: sourceAndOr(),
      event: { source: 'aws.ec2', namespace: 'AWS/EC2' },
      matches: false,
    },
    {
      name: '"source" && ("metricName" || "namespace"): neither',
      pattern: sourceAndOr(),
      event: { source: 'aws.cloudwatch', scope: 'Service' },
      matches: false,
    },
    {
      name: 'a nested $or of numeric filters matches one',
      pattern: nestedNumericOr(),
      event: contentFilteringEvent,
      matches: true,
    },
    {
      name: 'a nested $or of numeric filters matches none',
      pattern: nestedNumericOr(),
      event: { detail: { 'c-count': 0, 'd-count': 10, 'x-limit': 1 } },
      matches: false,
    },
    {
      name: 'an $or branch with an AND inside needs both fields',
      pattern: orWithAnd(),
      event: { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/EC2' },
      matches: true,
    },
    {
      name: 'an $or branch with an AND inside and one field missing',
      pattern: orWithAnd(),
      event: { source: 'aws.cloudwatch', metricType: 'MetricType' },
      matches: false,
    },
  ],
};

describeMatchTables('matchesEventPattern: arrays of objects and $or', tables);

function employees() {
  return {
    employees: [
      { firstName: 'John', lastName: 'Doe' },
      { firstName: 'Anna', lastName: 'Smith' },
      { firstName: 'Peter', lastName: 'Jones' },
    ],
  };
}

function topLevelOr(): EventPattern {
  return { $or: [{ source: ['aws.ec2'] }, { 'detail-type': ['OrderPlaced'] }] };
}

function sourceAndOr(): EventPattern {
  return {
    source: ['aws.cloudwatch'],
    $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { namespace: ['AWS/EC2', 'AWS/ES'] }],
  };
}

function nestedNumericOr(): EventPattern {
  return {
    detail: {
      $or: [
        { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] },
        { 'd-count': [{ numeric: ['<', 10] }] },
        { 'x-limit': [{ numeric: ['=', 3.018e2] }] },
      ],
    },
  };
}

function orWithAnd(): EventPattern {
  return {
    source: ['aws.cloudwatch'],
    $or: [
      { metricName: ['CPUUtilization', 'ReadLatency'] },
      { metricType: ['MetricType'], namespace: ['AWS/EC2', 'AWS/ES'] },
      { scope: ['Service'] },
    ],
  };
}

import { describe, expect, it } from 'vitest';
import {
  InvalidEventPatternError,
  matchesEventPattern,
  parseEventPattern,
  validateEventPattern,
} from '../../../local/eventbridge/index.ts';
import { ec2TerminatedEvent } from './sample-events.ts';

interface StructureCase {
  readonly name: string;
  readonly pattern: unknown;
  readonly path: string;
  readonly says: RegExp;
}

const cases: { readonly [topic: string]: readonly StructureCase[] } = {
  // EventBridge: "Filter is not an object", "\"int\" must be an object or an array", "Empty arrays are not
  // allowed", "Empty objects are not allowed", "Match value must be String, number, true, false, or null".
  'the pattern and its fields': [
    {
      name: 'a pattern that is an array',
      pattern: ['not', 'a', 'dict'],
      path: '$',
      says: /must be a JSON object/,
    },
    {
      name: 'pattern text that is not JSON',
      pattern: "{'bad': 'quotation'}",
      path: '$',
      says: /not valid JSON/,
    },
    {
      name: 'a leaf that is a number',
      pattern: { int: 42 },
      path: '$.int',
      says: /"int" must be an object or an array/,
    },
    {
      name: 'a leaf that is a string',
      pattern: { source: 'aws.ec2' },
      path: '$.source',
      says: /"source" must be an object or an array/,
    },
    {
      name: 'a leaf that is null',
      pattern: { detail: { state: null } },
      path: '$.detail.state',
      says: /must be an object or an array/,
    },
    {
      name: 'an empty leaf',
      pattern: { resources: [] },
      path: '$.resources',
      says: /empty arrays are not allowed/,
    },
    {
      name: 'an empty nested pattern',
      pattern: { detail: {} },
      path: '$.detail',
      says: /empty objects are not allowed/,
    },
    { name: 'an empty pattern', pattern: {}, path: '$', says: /empty objects are not allowed/ },
    {
      name: 'a nested list in a leaf',
      pattern: { source: [['aws.ec2']] },
      path: '$.source[0]',
      says: /a match value must be/,
    },
    {
      name: 'a field name that needs quoting',
      pattern: { 'detail-type': 'x' },
      path: '$["detail-type"]',
      says: /"detail-type" must be/,
    },
  ],
  // EventBridge (Event Ruler): "It must be an Array followed with $or.", "There must have at least 2 Objects in
  // $or relationship.", "Only JSON object is allowed in array of $or relationship.", "numeric is Ruler
  // reserved fieldName which cannot be used inside $or."
  $or: [
    {
      name: '$or holding an object',
      pattern: { $or: { source: ['aws.ec2'] } },
      path: '$.$or',
      says: /"\$or" must be an array of at least two pattern objects/,
    },
    {
      name: '$or with one branch',
      pattern: { $or: [{ source: ['aws.ec2'] }] },
      path: '$.$or',
      says: /needs at least two pattern objects/,
    },
    {
      name: '$or with a string branch',
      pattern: { $or: [{ source: ['aws.ec2'] }, 'aws.s3'] },
      path: '$.$or[1]',
      says: /must be a pattern object/,
    },
    {
      name: '$or with an empty branch',
      pattern: { $or: [{ source: ['aws.ec2'] }, {}] },
      path: '$.$or[1]',
      says: /empty objects are not allowed/,
    },
    {
      name: 'an operator as a field name inside $or',
      pattern: { $or: [{ numeric: [123] }, { source: ['abc'] }] },
      path: '$.$or[0].numeric',
      says: /"numeric" is a reserved word and cannot be a field name inside "\$or"/,
    },
    {
      name: 'a reserved word deeper inside $or',
      pattern: { detail: { $or: [{ a: { '>=': [1] } }, { b: ['x'] }] } },
      path: '$.detail.$or[0].a[">="]',
      says: /reserved word/,
    },
  ],
};

describe('validateEventPattern: structure', () => {
  for (const [topic, topicCases] of Object.entries(cases)) {
    describe(topic, () => {
      it.each(topicCases)('rejects $name', ({ pattern, path, says }) => {
        // Act
        const problems = validateEventPattern(pattern);
        // Assert
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatchObject({ path, problem: expect.stringMatching(says) });
      });
    });
  }

  it('allows an operator name as a field name outside $or', () => {
    // Act
    const problems = validateEventPattern({ detail: { prefix: ['abc'], numeric: [1] } });
    // Assert
    expect(problems).toEqual([]);
  });

  it('reports every problem of a pattern at once, each with its path and the value given', () => {
    // Arrange
    const pattern = { source: 'aws.ec2', detail: { state: [], 'c-count': [{ numeric: ['>', '0'] }] } };
    // Act
    const problems = validateEventPattern(pattern);
    // Assert
    expect(problems).toEqual([
      { path: '$.source', problem: expect.stringMatching(/must be an object or an array/), given: 'aws.ec2' },
      { path: '$.detail.state', problem: 'empty arrays are not allowed', given: [] },
      {
        path: '$.detail["c-count"][0].numeric[1]',
        problem: 'the value after ">" must be a number',
        given: '0',
      },
    ]);
  });
});

describe('parseEventPattern and matchesEventPattern', () => {
  it('throws an InvalidEventPatternError that lists each problem on its own line', () => {
    // Arrange
    const pattern = JSON.stringify({ source: [], detail: { state: [{ exists: 'yes' }] } });
    // Act
    const parse = () => parseEventPattern(pattern);
    // Assert
    expect(parse).toThrow(InvalidEventPatternError);
    expect(parse).toThrow(
      'Invalid event pattern:\n' +
        '  $.source: empty arrays are not allowed (given: [])\n' +
        '  $.detail.state[0].exists: "exists" must be true or false (given: "yes")',
    );
  });

  it('refuses to match with an invalid pattern rather than guess', () => {
    // Act
    const match = () => matchesEventPattern({ source: [] }, ec2TerminatedEvent);
    // Assert
    expect(match).toThrow(/empty arrays are not allowed/);
  });

  it('takes the pattern as JSON text, the way the EventBridge API does', () => {
    // Arrange
    const compiled = parseEventPattern('{ "source": ["aws.ec2"], "detail": { "state": ["terminated"] } }');
    // Act
    const results = [
      compiled.matches(ec2TerminatedEvent),
      compiled.matches({ ...ec2TerminatedEvent, source: 'aws.s3' }),
    ];
    // Assert
    expect(results).toEqual([true, false]);
  });

  it('keeps the last of two identical keys in JSON text, as EventBridge does', () => {
    // Arrange
    const pattern = '{ "source": ["aws.s3"], "source": ["aws.ec2"] }';
    // Act
    const matches = matchesEventPattern(pattern, ec2TerminatedEvent);
    // Assert
    expect(matches).toBe(true);
  });

  it('does not match an event that is not an object unless only absence is required', () => {
    // Act
    const results = [
      matchesEventPattern({ source: ['aws.ec2'] }, 'aws.ec2'),
      matchesEventPattern({ source: [{ exists: false }] }, null),
    ];
    // Assert
    expect(results).toEqual([false, true]);
  });

  it('reads only the own fields of the event, as JSON has no others', () => {
    // Arrange
    const inherited = Object.create({ source: 'aws.ec2' }) as object;
    // Act
    const matches = matchesEventPattern({ source: ['aws.ec2'] }, inherited);
    // Assert
    expect(matches).toBe(false);
  });
});

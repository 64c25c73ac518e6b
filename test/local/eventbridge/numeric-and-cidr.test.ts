import { describeMatchTables, type MatchTables } from './match-table.ts';
import { contentFilteringEvent, eventWithDetail } from './sample-events.ts';

const tables: MatchTables = {
  // Comparison operators: "Numeric matching": JSON numbers only, from -5.0e9 to +5.0e9, six digits to the
  // right of the decimal point.
  numeric: [
    {
      name: 'the documented ranges all match',
      pattern: documentedRanges(),
      event: contentFilteringEvent,
      matches: true,
    },
    {
      name: '> 0 excludes 0',
      pattern: cCount(['>', 0, '<=', 5]),
      event: eventWithDetail('c-count', 0),
      matches: false,
    },
    {
      name: '<= 5 includes 5',
      pattern: cCount(['>', 0, '<=', 5]),
      event: eventWithDetail('c-count', 5),
      matches: true,
    },
    {
      name: '<= 5 excludes 5.5',
      pattern: cCount(['>', 0, '<=', 5]),
      event: eventWithDetail('c-count', 5.5),
      matches: false,
    },
    {
      name: '< 10 excludes 10',
      pattern: cCount(['<', 10]),
      event: eventWithDetail('c-count', 10),
      matches: false,
    },
    {
      name: '>= 10 includes 10',
      pattern: cCount(['>=', 10]),
      event: eventWithDetail('c-count', 10),
      matches: true,
    },
    {
      name: '= 3.018e2 matches 301.8',
      pattern: cCount(['=', 3.018e2]),
      event: eventWithDetail('c-count', 301.8),
      matches: true,
    },
    {
      name: '= 3.018e2 does not match 301.9',
      pattern: cCount(['=', 3.018e2]),
      event: eventWithDetail('c-count', 301.9),
      matches: false,
    },
    {
      name: 'a negative range',
      pattern: cCount(['>=', -10.5, '<', -1]),
      event: eventWithDetail('c-count', -10.5),
      matches: true,
    },
    {
      name: 'numbers compare to six digits after the decimal point',
      pattern: cCount(['=', 301.8]),
      event: eventWithDetail('c-count', 301.8000001),
      matches: true,
    },
    {
      name: 'a difference in the sixth digit after the decimal point counts',
      pattern: cCount(['=', 301.8]),
      event: eventWithDetail('c-count', 301.800001),
      matches: false,
    },
    {
      name: 'an exact number also compares to six digits after the decimal point',
      pattern: { detail: { 'c-count': [301.8] } },
      event: eventWithDetail('c-count', 301.8000001),
      matches: true,
    },
    {
      name: 'a numeric filter never matches the string "5"',
      pattern: cCount(['>', 0]),
      event: eventWithDetail('c-count', '5'),
      matches: false,
    },
    {
      name: 'a numeric filter never matches the string "100"',
      pattern: cCount(['=', 100]),
      event: eventWithDetail('c-count', '100'),
      matches: false,
    },
    {
      name: 'a numeric filter never matches null',
      pattern: cCount(['>', 0]),
      event: eventWithDetail('c-count', null),
      matches: false,
    },
    {
      name: 'a numeric filter matches an element of an array',
      pattern: cCount(['>', 100]),
      event: eventWithDetail('c-count', [1, 101]),
      matches: true,
    },
    {
      name: 'a number beyond +5.0e9 is outside numeric matching',
      pattern: cCount(['>', 0]),
      event: eventWithDetail('c-count', 6e9),
      matches: false,
    },
  ],
  // Comparison operators: "IP address matching", IPv4 and IPv6.
  cidr: [
    {
      name: 'an address in 10.0.0.0/24',
      pattern: sourceIp('10.0.0.0/24'),
      event: contentFilteringEvent,
      matches: true,
    },
    {
      name: 'the last address of 10.0.0.0/24',
      pattern: sourceIp('10.0.0.0/24'),
      event: eventWithDetail('source-ip', '10.0.0.255'),
      matches: true,
    },
    {
      name: 'an address outside 10.0.0.0/24',
      pattern: sourceIp('10.0.0.0/24'),
      event: eventWithDetail('source-ip', '10.0.1.0'),
      matches: false,
    },
    {
      name: 'an address in 10.0.0.0/8',
      pattern: sourceIp('10.0.0.0/8'),
      event: eventWithDetail('source-ip', '10.200.3.4'),
      matches: true,
    },
    {
      name: 'an IPv6 address in 2001:db8::/32',
      pattern: sourceIp('2001:db8::/32'),
      event: eventWithDetail('source-ip', '2001:db8:1234::1'),
      matches: true,
    },
    {
      name: 'an IPv6 address outside 2001:db8::/32',
      pattern: sourceIp('2001:db8::/32'),
      event: eventWithDetail('source-ip', '2001:db9::1'),
      matches: false,
    },
    {
      name: 'an IPv4 address is not in an IPv6 block',
      pattern: sourceIp('::/1'),
      event: contentFilteringEvent,
      matches: false,
    },
    {
      name: 'a string that is no address',
      pattern: sourceIp('10.0.0.0/8'),
      event: eventWithDetail('source-ip', 'ten.0.0.1'),
      matches: false,
    },
    {
      name: 'cidr only matches strings',
      pattern: sourceIp('10.0.0.0/24'),
      event: eventWithDetail('source-ip', 123),
      matches: false,
    },
  ],
};

describeMatchTables('matchesEventPattern: numeric and IP address filters', tables);

function documentedRanges() {
  return {
    detail: {
      'c-count': [{ numeric: ['>', 0, '<=', 5] }],
      'd-count': [{ numeric: ['<', 10] }],
      'x-limit': [{ numeric: ['=', 3.018e2] }],
    },
  };
}

function cCount(numeric: readonly (string | number)[]) {
  return { detail: { 'c-count': [{ numeric }] } };
}

function sourceIp(cidr: string) {
  return { detail: { 'source-ip': [{ cidr }] } };
}

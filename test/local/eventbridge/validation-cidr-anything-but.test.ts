import { describeRejectionTables, type RejectionTables } from './rejection-table.ts';

const tables: RejectionTables = {
  // EventBridge: "Malformed CIDR, one '/' required", "Malformed CIDR, mask bits must be an integer",
  // "Nonstandard IP address: xx.11.xx"; Event Ruler: "IPv4 mask bits must be < 32", "Invalid IP address".
  cidr: [
    {
      name: 'an address without a mask',
      filter: { cidr: '10.0.0.0' },
      at: '.cidr',
      says: /exactly one '\/'/,
    },
    {
      name: 'a mask that is not a number',
      filter: { cidr: '10.0.0.0/x' },
      at: '.cidr',
      says: /mask bits after the \/ must be an integer/,
    },
    { name: 'a negative mask', filter: { cidr: '10.0.0.0/-1' }, at: '.cidr', says: /must not be negative/ },
    {
      name: 'a host name',
      filter: { cidr: 'xx.11.xx/24' },
      at: '.cidr',
      says: /nonstandard IP address "xx.11.xx"/,
    },
    {
      name: 'a bad IPv6 group',
      filter: { cidr: 'xxxx:db8:1234:1a00::/64' },
      at: '.cidr',
      says: /nonstandard IP address/,
    },
    {
      name: 'an octet above 255',
      filter: { cidr: '10.0.0.256/24' },
      at: '.cidr',
      says: /invalid IP address "10.0.0.256"/,
    },
    {
      name: 'a /32 IPv4 mask',
      filter: { cidr: '10.0.0.1/32' },
      at: '.cidr',
      says: /IPv4 mask bits must be below 32/,
    },
    {
      name: 'a /128 IPv6 mask',
      filter: { cidr: '::1/128' },
      at: '.cidr',
      says: /IPv6 mask bits must be below 128/,
    },
    {
      name: 'a list of blocks',
      filter: { cidr: ['10.0.0.0/8'] },
      at: '.cidr',
      says: /"cidr" must be a string/,
    },
  ],
  // EventBridge: "Value of anything-but must be an array or single string/number value.", "Inside anything but
  // list, either all values are number or string, mixed type is not supported", "Inside anything but list,
  // start|null|boolean is not supported.", "prefix/suffix match pattern must be a string", "Null prefix/suffix
  // not allowed", "Unsupported anything-but pattern", "wildcard match pattern must be a string".
  'anything-but': [
    {
      name: 'null',
      filter: { 'anything-but': null },
      at: '["anything-but"]',
      says: /must be a string, a number, a list of strings or of numbers/,
    },
    {
      name: 'a boolean',
      filter: { 'anything-but': true },
      at: '["anything-but"]',
      says: /must be a string, a number/,
    },
    {
      name: 'an empty list',
      filter: { 'anything-but': [] },
      at: '["anything-but"]',
      says: /empty arrays are not allowed/,
    },
    {
      name: 'strings and numbers mixed',
      filter: { 'anything-but': ['a', 1] },
      at: '["anything-but"]',
      says: /must not mix strings and numbers/,
    },
    {
      name: 'null in the list',
      filter: { 'anything-but': ['a', null] },
      at: '["anything-but"][1]',
      says: /only strings or only numbers/,
    },
    {
      name: 'an empty prefix',
      filter: { 'anything-but': { prefix: '' } },
      at: '["anything-but"].prefix',
      says: /an empty prefix is not allowed/,
    },
    {
      name: 'a numeric prefix',
      filter: { 'anything-but': { prefix: 123 } },
      at: '["anything-but"].prefix',
      says: /"prefix" in "anything-but" must be a string or a non-empty list of strings/,
    },
    {
      name: 'a number among prefixes',
      filter: { 'anything-but': { prefix: [123, 'test'] } },
      at: '["anything-but"].prefix',
      says: /must be a string or a non-empty list/,
    },
    {
      name: 'an ignore-case suffix',
      filter: { 'anything-but': { suffix: { 'equals-ignore-case': '.png' } } },
      at: '["anything-but"].suffix',
      says: /must be a string or a non-empty list/,
    },
    {
      name: 'a numeric equals-ignore-case',
      filter: { 'anything-but': { 'equals-ignore-case': 123 } },
      at: '["anything-but"]["equals-ignore-case"]',
      says: /must be a string/,
    },
    {
      name: 'numbers among wildcards',
      filter: { 'anything-but': { wildcard: [123, '*/dir/*'] } },
      at: '["anything-but"].wildcard',
      says: /must be a string or a non-empty list/,
    },
    {
      name: 'a bad wildcard in a list',
      filter: { 'anything-but': { wildcard: ['*/lib/*', 'a**'] } },
      at: '["anything-but"].wildcard[1]',
      says: /consecutive wildcard characters at position 2/,
    },
    {
      name: 'a numeric range',
      filter: { 'anything-but': { numeric: ['>', 0] } },
      at: '["anything-but"]',
      says: /does not support "numeric"/,
    },
    {
      name: 'two operators',
      filter: { 'anything-but': { prefix: 'a', suffix: 'b' } },
      at: '["anything-but"]',
      says: /takes exactly one of prefix, suffix/,
    },
    {
      name: 'a number beyond 5.0e9',
      filter: { 'anything-but': [1, 6e9] },
      at: '["anything-but"][1]',
      says: /between -5000000000 and 5000000000/,
    },
  ],
};

describeRejectionTables('validateEventPattern: cidr and anything-but', tables);

import { describeRejectionTables, type RejectionTables } from './rejection-table.ts';

const tables: RejectionTables = {
  // Operators are case-sensitive; one operator a filter (EventBridge: "Unrecognized match type NUMERIC",
  // "Only one key allowed in match expression", "Match expression name not found").
  'filter objects': [
    {
      name: 'NUMERIC in capitals',
      filter: { NUMERIC: ['=', 5] },
      at: '',
      says: /unknown operator "NUMERIC" \(operators are case-sensitive/,
    },
    { name: 'EXISTS in capitals', filter: { EXISTS: true }, at: '', says: /unknown operator "EXISTS"/ },
    {
      name: 'two operators in one filter',
      filter: { prefix: 'a', suffix: 'b' },
      at: '',
      says: /exactly one operator, got 2/,
    },
    { name: 'a filter with no operator', filter: {}, at: '', says: /exactly one operator, got 0/ },
    {
      name: 'a list as a match value',
      filter: ['aws.ec2'],
      at: '',
      says: /a match value must be a string, a number, true, false, null/,
    },
  ],
  // EventBridge: "prefix match pattern must be a string", "suffix ...", "equals-ignore-case ...", "wildcard ...",
  // "exists match pattern must be either true or false."
  'string operators': [
    {
      name: 'a list of prefixes',
      filter: { prefix: ['2022-07-13'] },
      at: '.prefix',
      says: /"prefix" must be a string or \{ "equals-ignore-case": string \}/,
    },
    { name: 'a numeric prefix', filter: { prefix: 123 }, at: '.prefix', says: /"prefix" must be a string/ },
    {
      name: 'a numeric ignore-case prefix',
      filter: { prefix: { 'equals-ignore-case': 1 } },
      at: '.prefix',
      says: /"prefix" must be a string/,
    },
    {
      name: 'a list of suffixes',
      filter: { suffix: ['.png'] },
      at: '.suffix',
      says: /"suffix" must be a string/,
    },
    {
      name: 'a list for equals-ignore-case',
      filter: { 'equals-ignore-case': ['ec2'] },
      at: '["equals-ignore-case"]',
      says: /"equals-ignore-case" must be a string/,
    },
    {
      name: 'a prefix inside equals-ignore-case',
      filter: { 'equals-ignore-case': { prefix: 'ec2' } },
      at: '["equals-ignore-case"]',
      says: /must be a string/,
    },
    {
      name: 'a numeric wildcard',
      filter: { wildcard: 123 },
      at: '.wildcard',
      says: /"wildcard" must be a string/,
    },
    {
      name: 'exists as a string',
      filter: { exists: 'true' },
      at: '.exists',
      says: /"exists" must be true or false/,
    },
  ],
  // EventBridge: "Consecutive wildcard characters at pos 26" (for this very ARN), and Event Ruler's
  // "Invalid escape character at pos N": only \* and \\ are escapes.
  wildcard: [
    {
      name: 'two consecutive wildcards',
      filter: { wildcard: 'arn:aws:events:us-east-1:**:event-bus/*' },
      at: '.wildcard',
      says: /consecutive wildcard characters at position 26/,
    },
    {
      name: 'a backslash before a letter',
      filter: { wildcard: 'a\\b*' },
      at: '.wildcard',
      says: /invalid escape at position 2/,
    },
    {
      name: 'a trailing backslash',
      filter: { wildcard: 'abc\\' },
      at: '.wildcard',
      says: /invalid escape at position 4/,
    },
  ],
  // EventBridge: "Value of numeric must be an array.", "Bad numeric range operator: >", "Value of < must be
  // numeric", "Too many elements in numeric expression", "Unrecognized numeric range operator",
  // "Bottom must be less than top", and the numeric range of -5.0e9..+5.0e9.
  numeric: [
    {
      name: 'a numeric string',
      filter: { numeric: '>5' },
      at: '.numeric',
      says: /the value of "numeric" must be an array/,
    },
    {
      name: 'two lower bounds',
      filter: { numeric: ['>', 0, '>', 0] },
      at: '.numeric[2]',
      says: /upper bound of a range must be "<" or "<="/,
    },
    {
      name: 'an upper bound without a value',
      filter: { numeric: ['>', 0, '<'] },
      at: '.numeric[3]',
      says: /the value after "<" must be a number/,
    },
    {
      name: 'an upper bound first',
      filter: { numeric: ['<', 5, '>', 0] },
      at: '.numeric[2]',
      says: /"<" takes one number/,
    },
    {
      name: 'an unknown operator',
      filter: { numeric: ['!=', 5] },
      at: '.numeric[0]',
      says: /unknown numeric operator "!="/,
    },
    {
      name: 'no operator at all',
      filter: { numeric: [] },
      at: '.numeric[0]',
      says: /starts with one of "=", "<", "<=", ">", ">="/,
    },
    {
      name: 'a quoted number',
      filter: { numeric: ['>', '5'] },
      at: '.numeric[1]',
      says: /the value after ">" must be a number/,
    },
    {
      name: 'a range from 10 down to 5',
      filter: { numeric: ['>', 10, '<', 5] },
      at: '.numeric',
      says: /lower bound .* must be below its upper bound/,
    },
    {
      name: 'an empty range',
      filter: { numeric: ['>', 5, '<=', 5] },
      at: '.numeric',
      says: /must be below its upper bound/,
    },
    {
      name: 'a third comparison',
      filter: { numeric: ['>', 0, '<', 10, '<', 20] },
      at: '.numeric[4]',
      says: /at most two comparisons/,
    },
    {
      name: 'a number beyond 5.0e9',
      filter: { numeric: ['=', 6e9] },
      at: '.numeric[1]',
      says: /between -5000000000 and 5000000000/,
    },
  ],
};

describeRejectionTables('validateEventPattern: filter objects, string operators, wildcard, numeric', tables);

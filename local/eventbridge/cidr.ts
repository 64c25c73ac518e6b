/**
 * IP address matching (`cidr`) for IPv4 and IPv6, as EventBridge's matching engine (Event Ruler) does it.
 *
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html#eb-filtering-ip-matching
 * @see https://github.com/aws/event-ruler (CIDR.java)
 */

/** An address as a number: 32 bits for IPv4, 128 for IPv6. */
export interface IpAddress {
  readonly version: 4 | 6;
  readonly value: bigint;
}

/** The addresses a `cidr` filter matches, inclusive. */
export interface CidrRange {
  readonly version: 4 | 6;
  readonly bottom: bigint;
  readonly top: bigint;
}

/** Only text of these shapes is taken for an address (the engine's own test, before it parses). */
const IPV4_SHAPE = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;
const IPV6_SHAPE = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/;
const IPV6_GROUP = /^[0-9a-fA-F]{1,4}$/;
const IPV6_GROUPS = 8;
const BITS = { 4: 32, 6: 128 } as const;
const MASK_BITS = /^[+-]?[0-9]+$/;

/** Parses an IPv4 or IPv6 literal, or returns `undefined` for anything else. */
export function parseIpAddress(text: string): IpAddress | undefined {
  if (IPV4_SHAPE.test(text)) {
    const octets = text.split('.').map(Number);
    if (octets.some((octet) => octet > 255)) return undefined;
    return { version: 4, value: octets.reduce((sum, octet) => (sum << 8n) | BigInt(octet), 0n) };
  }
  if (!IPV6_SHAPE.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (half: string | undefined) => (half === undefined || half === '' ? [] : half.split(':'));
  const head = groupsOf(halves[0]);
  const tail = groupsOf(halves[1]);
  const given = head.length + tail.length;
  const compressed = halves.length === 2;
  if ((compressed ? given >= IPV6_GROUPS : given !== IPV6_GROUPS) || ![...head, ...tail].every(isIpv6Group)) {
    return undefined;
  }
  const groups = [...head, ...Array<string>(IPV6_GROUPS - given).fill('0'), ...tail];
  return { version: 6, value: groups.reduce((sum, group) => (sum << 16n) | BigInt(`0x${group}`), 0n) };
}

function isIpv6Group(group: string): boolean {
  return IPV6_GROUP.test(group);
}

/**
 * Parses `address/bits`, or says what is wrong. As in the engine, the range runs from the address as
 * written to that address with every host bit set, and a mask of 32 (IPv4) or 128 (IPv6) bits is refused.
 */
export function parseCidr(text: string): CidrRange | { readonly error: string } {
  const slashed = text.split('/');
  const [address = '', bits = ''] = slashed;
  if (slashed.length !== 2) return { error: "a CIDR block needs exactly one '/', as in 10.0.0.0/24" };
  if (!MASK_BITS.test(bits)) return { error: 'the mask bits after the / must be an integer' };
  const maskBits = Number.parseInt(bits, 10);
  if (maskBits < 0) return { error: 'the mask bits must not be negative' };
  const ip = parseIpAddress(address);
  if (ip === undefined) {
    const shaped = IPV4_SHAPE.test(address) || IPV6_SHAPE.test(address);
    return { error: `${shaped ? 'invalid' : 'nonstandard'} IP address "${address}"` };
  }
  const width = BITS[ip.version];
  if (maskBits >= width) return { error: `IPv${ip.version} mask bits must be below ${width}` };
  const hostBits = (1n << BigInt(width - maskBits)) - 1n;
  return { version: ip.version, bottom: ip.value, top: ip.value | hostBits };
}

/** Whether the string `value` is an address of the range's version inside the range. */
export function inCidrRange(range: CidrRange, value: string): boolean {
  const ip = parseIpAddress(value);
  return (
    ip !== undefined && ip.version === range.version && ip.value >= range.bottom && ip.value <= range.top
  );
}

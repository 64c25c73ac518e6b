import { validationError } from './errors.ts';

/**
 * DynamoDB numbers, exactly: up to 38 significant digits, magnitudes from 1E-130 to
 * 9.9999999999999999999999999999999999999E+125, compared and added as decimals (never as floats).
 * Numbers are kept in one canonical text form, so equal numbers have equal text: no leading or
 * trailing zeros, no exponent, no `+`, `0` for zero (what DynamoDB Local answers: `1.50` → `1.5`,
 * `1E+3` → `1000`, `-0` → `0`).
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes.Number
 */
const MAX_PRECISION = 38;
/** Exponent of the most significant digit, at most and at least. */
const MAX_MAGNITUDE = 125;
const MIN_MAGNITUDE = -130;

/** Integers that are already canonical and exact as JavaScript numbers: the common case. */
const SMALL_INTEGER = /^(?:0|-?[1-9]\d{0,14})$/;
const NUMBER_SYNTAX = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** A decimal: `digits × 10^exponent`, digits without leading or trailing zeros (`''` for zero). */
interface Decimal {
  readonly negative: boolean;
  readonly digits: string;
  readonly exponent: number;
}

/** The canonical text of a number as DynamoDB accepts it; `ValidationException` if it does not. */
export function normalizeNumber(text: string): string {
  if (SMALL_INTEGER.test(text)) return text;
  return formatDecimal(checkRange(parseDecimal(text)));
}

function parseDecimal(text: string): Decimal {
  const match = NUMBER_SYNTAX.exec(text);
  const whole = match?.[2] ?? '';
  const fraction = match?.[3] ?? '';
  if (!match || whole.length + fraction.length === 0) {
    throw validationError('A value provided cannot be converted into a number');
  }
  const all = whole + fraction;
  let start = 0;
  while (start < all.length && all.charCodeAt(start) === 48) start += 1;
  let end = all.length;
  while (end > start && all.charCodeAt(end - 1) === 48) end -= 1;
  const exponent = Number(match[4] ?? 0) - fraction.length + (all.length - end);
  return { negative: match[1] === '-' && end > start, digits: all.slice(start, end), exponent };
}

function checkRange(decimal: Decimal): Decimal {
  if (decimal.digits.length === 0) return decimal;
  if (decimal.digits.length > MAX_PRECISION) {
    throw validationError('DynamoDB only supports precision up to 38 digits');
  }
  const magnitude = decimal.exponent + decimal.digits.length - 1;
  if (magnitude > MAX_MAGNITUDE) {
    throw validationError(
      'Number overflow. Attempting to store a number with magnitude larger than supported range',
    );
  }
  if (magnitude < MIN_MAGNITUDE) {
    throw validationError(
      'Number underflow. Attempting to store a number with magnitude smaller than supported range',
    );
  }
  return decimal;
}

function formatDecimal({ negative, digits, exponent }: Decimal): string {
  if (digits.length === 0) return '0';
  const sign = negative ? '-' : '';
  if (exponent >= 0) return `${sign}${digits}${'0'.repeat(exponent)}`;
  const point = digits.length + exponent;
  if (point > 0) return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
  return `${sign}0.${'0'.repeat(-point)}${digits}`;
}

/** Orders two canonical numbers: negative, zero or positive like `a - b`. */
export function compareNumbers(a: string, b: string): number {
  if (a.length <= 15 && b.length <= 15 && !a.includes('.') && !b.includes('.')) {
    return Math.sign(Number(a) - Number(b));
  }
  const aNegative = a.charCodeAt(0) === 45;
  const bNegative = b.charCodeAt(0) === 45;
  if (aNegative !== bNegative) return aNegative ? -1 : 1;
  const order = compareMagnitudes(aNegative ? a.slice(1) : a, bNegative ? b.slice(1) : b);
  return aNegative ? -order : order;
}

/** Orders two canonical non-negative numbers: by the length of their integer part, then as text. */
function compareMagnitudes(a: string, b: string): number {
  const lengthOrder = integerLength(a) - integerLength(b);
  if (lengthOrder !== 0) return Math.sign(lengthOrder);
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function integerLength(canonical: string): number {
  if (canonical.charCodeAt(0) === 48) return 0;
  const point = canonical.indexOf('.');
  return point < 0 ? canonical.length : point;
}

/** `a + b` of two canonical numbers, canonical; `ValidationException` beyond DynamoDB's range. */
export function addNumbers(a: string, b: string): string {
  if (SMALL_INTEGER.test(a) && SMALL_INTEGER.test(b)) return String(Number(a) + Number(b));
  const left = toScaled(a);
  const right = toScaled(b);
  const scale = Math.max(left.scale, right.scale);
  const sum = rescale(left.value, scale - left.scale) + rescale(right.value, scale - right.scale);
  return normalizeNumber(scale === 0 ? sum.toString() : `${sum.toString()}e-${scale}`);
}

/** `a - b` of two canonical numbers, canonical. */
export function subtractNumbers(a: string, b: string): string {
  return addNumbers(a, negate(b));
}

function negate(canonical: string): string {
  if (canonical === '0') return canonical;
  return canonical.charCodeAt(0) === 45 ? canonical.slice(1) : `-${canonical}`;
}

function toScaled(canonical: string): { value: bigint; scale: number } {
  const point = canonical.indexOf('.');
  if (point < 0) return { value: BigInt(canonical), scale: 0 };
  return {
    value: BigInt(canonical.slice(0, point) + canonical.slice(point + 1)),
    scale: canonical.length - point - 1,
  };
}

function rescale(value: bigint, digits: number): bigint {
  return digits === 0 ? value : value * 10n ** BigInt(digits);
}

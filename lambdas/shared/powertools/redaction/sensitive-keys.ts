/**
 * Which property names hold secrets. A key is compared after {@link normalizeKey} (lower case, no
 * separators: `card_number`, `Card-Number` and `CARDNUMBER` are the same key), and is sensitive when
 *
 * 1. it **equals** one of the sensitive keys ({@link DEFAULT_SENSITIVE_KEYS} and any added), or
 * 2. its **last word** is one of {@link SENSITIVE_KEY_WORDS} (`customerSsn`, `card_pin`): short
 *    words that are too common as parts of other words to be searched for (`className`, `shipping`,
 *    `company`, `footprint`), or
 * 3. it **contains** one of {@link SENSITIVE_KEY_FRAGMENTS} (`x-api-key`, `aws_secret_access_key`,
 *    `creditCardNumber`) — unless what follows the fragment is one of
 *    {@link KEY_DESCRIPTOR_PREFIXES}: then the key describes a secret without holding it
 *    (`tokenType`, `secretArn`, `apiKeyId`, `passwordLength`, `tokenizedCard`, `inputTokens`).
 */

/**
 * Keys that are sensitive when a key equals them after normalising. Short or ambiguous keys live
 * here rather than among the fragments, so that only the exact key matches (`pass` but not
 * `boardingPass`, `authorization` but not the payment's `authorizationId`).
 */
export const DEFAULT_SENSITIVE_KEYS: readonly string[] = [
  'cardNumber',
  'cardNum',
  'cardNo',
  'pan',
  'cvv',
  'cvv2',
  'cvc',
  'cvc2',
  'cvn',
  'csc',
  'pin',
  'pinCode',
  'pinBlock',
  'otp',
  'mfaCode',
  'password',
  'pass',
  'pwd',
  'apiKey',
  'secret',
  'token',
  'accessToken',
  'jwt',
  'auth',
  'authorization',
  'proxyAuthorization',
  'cookie',
  'iban',
  'nationalId',
  'ssn',
];

/**
 * Words that make a key sensitive when they are its last word (`customerSsn`, `CARD_PIN`,
 * `smsOtp`): the word names what the key holds. Anywhere else they are too often part of an
 * ordinary word (`className`, `shippingAddress`, `companyId`, `footprint`).
 */
export const SENSITIVE_KEY_WORDS: readonly string[] = [
  'ssn',
  'pin',
  'pan',
  'otp',
  'pwd',
  'jwt',
  'cvn',
  'csc',
];

/**
 * Parts of a normalised key that make it sensitive wherever they appear (`refreshToken`,
 * `x-api-key`, `clientSecret`, `cvv2`). Each is long or rare enough never to be part of an
 * ordinary word.
 */
export const SENSITIVE_KEY_FRAGMENTS: readonly string[] = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'apikey',
  'cardnumber',
  'creditcard',
  'debitcard',
  'cvv',
  'cvc',
  'securitycode',
  'cardverification',
  'privatekey',
  'accesskey',
  'sessionid',
  'sessionkey',
  'cookie',
  'credential',
  'iban',
  'accountnumber',
  'socialsecurity',
  'nationalid',
  'nationalinsurance',
  'passportnumber',
];

/**
 * What may follow a fragment in a key that describes a secret rather than holds it: its type,
 * id, name, ARN, size, age, state or where it comes from (`tokenType`, `apiKeyId`, `secretArn`,
 * `passwordLength`, `tokenExpiresAt`, `cookiePolicy`, `cardNumberLast4`), or a derivation that
 * turns the secret into something else (`tokenizedCard`, `tokenization`). A plural `s` before
 * it is skipped (`secretsArn`), and `tokens` alone counts tokens (`inputTokens`, `maxTokens`).
 */
export const KEY_DESCRIPTOR_PREFIXES: readonly string[] = [
  'type',
  'kind',
  'format',
  'id',
  'arn',
  'name',
  'version',
  'length',
  'count',
  'limit',
  'usage',
  'exp',
  'ttl',
  'issue',
  'created',
  'updated',
  'changed',
  'rotat',
  'status',
  'policy',
  'required',
  'enabled',
  'consent',
  'scope',
  'provider',
  'url',
  'uri',
  'endpoint',
  'last4',
  'lastfour',
  'ized',
  'ised',
  'ization',
  'isation',
];

/** The fragment whose plural, alone at the end of a key, counts rather than holds (`inputTokens`). */
const COUNTED_FRAGMENT = 'token';

/** `cardNumber` → `cardnumber`, `card_number` → `cardnumber`, `X-API-Key` → `xapikey`. */
export function normalizeKey(key: string): string {
  return key.replace(/[^a-z0-9]/gi, '').toLowerCase();
}

/** `customerSSN` → `ssn`, `card_pin` → `pin`, `SSNLast4` → `last4`, `ssn` → `ssn`. */
function lastWordOf(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^a-z0-9]+/i);
  for (let index = words.length - 1; index >= 0; index -= 1) {
    const word = words[index];
    if (word) return word.toLowerCase();
  }
  return '';
}

/** Whether a normalised key contains `fragment` anywhere not followed by a descriptor. */
function holdsFragment(normalized: string, fragment: string): boolean {
  for (let at = normalized.indexOf(fragment); at !== -1; at = normalized.indexOf(fragment, at + 1)) {
    const rest = normalized.slice(at + fragment.length);
    if (!describes(rest, fragment)) return true;
  }
  return false;
}

function describes(rest: string, fragment: string): boolean {
  if (rest === '') return false;
  if (rest === 's') return fragment === COUNTED_FRAGMENT;
  const singular = rest.startsWith('s') ? rest.slice(1) : rest;
  return KEY_DESCRIPTOR_PREFIXES.some((prefix) => rest.startsWith(prefix) || singular.startsWith(prefix));
}

/** Decides, for one list of sensitive keys, whether a key is sensitive (see the rule above). */
export class SensitiveKeyRule {
  private readonly exactKeys: Set<string>;
  private readonly words: ReadonlySet<string> = new Set(SENSITIVE_KEY_WORDS);

  /** @param sensitiveKeys - compared whole, after normalising; the defaults are always included */
  constructor(sensitiveKeys: readonly string[]) {
    this.exactKeys = new Set([...DEFAULT_SENSITIVE_KEYS, ...sensitiveKeys].map(normalizeKey));
  }

  /** Adds keys compared whole; whether one of them was new. */
  add(keys: readonly string[]): boolean {
    let added = false;
    for (const key of keys) {
      const normalized = normalizeKey(key);
      if (normalized === '' || this.exactKeys.has(normalized)) continue;
      this.exactKeys.add(normalized);
      added = true;
    }
    return added;
  }

  /** Whether a property with this name holds a sensitive value. */
  matches(key: string): boolean {
    const normalized = normalizeKey(key);
    if (normalized === '') return false;
    if (this.exactKeys.has(normalized) || this.words.has(lastWordOf(key))) return true;
    return SENSITIVE_KEY_FRAGMENTS.some((fragment) => holdsFragment(normalized, fragment));
  }
}

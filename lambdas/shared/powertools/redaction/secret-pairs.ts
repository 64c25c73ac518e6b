import { REDACTED } from './redacted.ts';

/** The most words, separated by single spaces, that may name a key in prose (`social security number`). */
const MAX_KEY_PHRASE_WORDS = 3;

/**
 * The word that completes a secret's name even after a word that names a secret already
 * (`secret key`, `session key`), where any other word makes a sentence (`password check failed:`).
 */
const KEY_WORD = 'key';

/**
 * The key of a `key=value` or `key: value` pair in free text, in any quoting: `password=hunter2`,
 * `api key: abc`, `"apiKey": "a b c"`, `'pin': 1234`, `\"token\":\"abc\"` (JSON inside a JSON
 * string), `Authorization: Bearer eyJ…`. Groups: 1 the key (one to three words), 2 the separator
 * (with the key's closing quote). Only a sensitive key's value is then read, by {@link PAIR_VALUE}.
 */
const PAIR_KEY = new RegExp(
  String.raw`(?<![\w-])((?:[A-Za-z][\w-]*[ ]){0,${MAX_KEY_PHRASE_WORDS - 1}}[A-Za-z][\w-]*)` +
    String.raw`(\\?["']?[ \t]*[:=][ \t]*)`,
  'g',
);

/**
 * The value of a pair, read where its key ends: either 1 an opening quote, 2 the quoted text and
 * 3 the closing quote (absent when the text was cut), or 4 an HTTP authentication scheme (kept)
 * and 5 an unquoted value (up to a space, quote, comma, semicolon, `&` or closing bracket).
 */
const PAIR_VALUE =
  /(?:(\\?["'])((?:(?!\1)(?:\\.|[^\\\r\n]))*)(\1?)|((?:bearer|basic|digest|negotiate|token)[ ]+)?((?![{[])[^\s"'\\,;&)}\]]+))/iy;

/** How far back from a key an ARN's start is looked for (the longest ARN prefix is far shorter). */
const ARN_LOOKBACK = 256;

/** An ARN from its start to the end of the text: `arn:aws:secretsmanager:eu-west-1:123456789012:`. */
const ARN_UP_TO_HERE = /(?:^|[^\w-])arn:[^\s"',;]*$/;

/** A text that is one ARN and nothing else (most ARNs in outputs): no part of it is a key. */
const ARN_ONLY = /^arn:[^\s"'=,;]+$/;

/**
 * Whether the key at `keyStart` is a part of an ARN (`…:secret:prod/db-AbCdEf` names a secret,
 * it holds none).
 */
function isInsideArn(text: string, keyStart: number): boolean {
  return ARN_UP_TO_HERE.test(text.slice(Math.max(0, keyStart - ARN_LOOKBACK), keyStart));
}

/**
 * A function that redacts the values of `key=value` pairs whose key is sensitive, in any of the
 * spellings {@link PAIR_KEY} lists. A key in prose may be several words: it is sensitive
 * when its last word is (`invalid password: …`), or when the words up to its last together are
 * and the last word completes the name (`card number: …`, `api key = …`, `secret key: …`), not
 * when a sentence merely starts with a secret's name (`password check failed: timeout`). A part of
 * an ARN is no key. After any other key the search goes on at its value (`error: token=abc`).
 */
export function secretPairRedactor(isSensitiveKey: (key: string) => boolean): (text: string) => string {
  const keys = new RegExp(PAIR_KEY);
  const values = new RegExp(PAIR_VALUE);

  function redactPairs(text: string): string {
    if (!/[:=]/.test(text) || ARN_ONLY.test(text)) return text;
    const parts: string[] = [];
    let copied = 0;
    keys.lastIndex = 0;
    for (let key = keys.exec(text); key !== null; key = keys.exec(text)) {
      if (!namesSecret(key[1] ?? '') || isInsideArn(text, key.index)) continue;
      values.lastIndex = keys.lastIndex;
      const value = values.exec(text);
      if (!value) continue;
      const [, open, , close = '', scheme = ''] = value;
      parts.push(text.slice(copied, keys.lastIndex), open === undefined ? scheme : open, REDACTED, close);
      copied = values.lastIndex;
      keys.lastIndex = values.lastIndex;
    }
    if (parts.length === 0) return text;
    parts.push(text.slice(copied));
    return parts.join('');
  }

  function namesSecret(phrase: string): boolean {
    if (!phrase.includes(' ')) return isSensitiveKey(phrase);
    const words = phrase.split(' ');
    const last = words[words.length - 1] ?? '';
    if (isSensitiveKey(last)) return true;
    for (let count = 2; count <= words.length; count += 1) {
      const start = words.slice(-count, -1).join('_');
      if (!isSensitiveKey(`${start}_${last}`)) continue;
      if (!isSensitiveKey(start) || last.toLowerCase() === KEY_WORD) return true;
    }
    return false;
  }

  return redactPairs;
}

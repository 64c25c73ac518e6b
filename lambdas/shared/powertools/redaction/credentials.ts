import { Buffer } from 'node:buffer';
import { REDACTED } from './redacted.ts';

/**
 * Credentials recognised by their shape wherever they appear in free text, whatever names them:
 * passwords in URLs, `Cookie:` header lines, bearer and basic credentials and JWTs. Each pattern
 * is compiled once, when the module loads; a text that cannot hold one is returned untouched
 * after a cheap look.
 */

/** `scheme://user:password@host` → the password. The user and host stay (who and where). */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/[^\s/?#@:]*:)[^\s/?#]*@/gi;

/** `Cookie: a=1; b=2` and `Set-Cookie: …` header lines → everything after the colon. */
const COOKIE_HEADER = /(?<![\w-])((?:set-)?cookie[ \t]*:[ \t]*)[^\r\n"']+/gi;

/**
 * `Bearer <token>` → the whole token, a JWT's dots included. Case-sensitive, so that prose
 * ("the bearer of the card") stays; a lower-case scheme after `Authorization:` is redacted as
 * that header's value.
 */
const BEARER_TOKEN = /(?<![\w-])((?:Bearer|BEARER)[ \t]+)[A-Za-z0-9\-._~+/]+=*/g;

/** `Basic <base64 of user:password>` (told from prose by {@link redactBasicCredentials}). */
const BASIC_CREDENTIALS = /(?<![\w-])((?:Basic|BASIC|basic)[ \t]+)([A-Za-z0-9+/]{4,}={0,2})(?![\w+/=-])/g;

/** The length every padded base64 text is a multiple of. */
const BASE64_QUANTUM = 4;

/** A JSON Web Token (JWS or JWE): base64url parts whose first is a JSON object (`eyJ` is `{"`). */
const JWT = /(?<![\w-])eyJ[\w-]+(?:\.[\w-]*){2,4}/g;

/** Whether a text may hold a URL with a password. */
const mayHoldUrlCredentials = (text: string): boolean => text.includes('://') && text.includes('@');

/** Whether a text may hold a cookie header. */
const mayHoldCookie = (text: string): boolean => /cookie/i.test(text);

/** Whether a text may hold a bearer token, basic credentials or a JWT. */
const mayHoldToken = (text: string): boolean => /bearer|basic|eyJ/i.test(text);

/** Passwords in URLs and `Cookie:` header lines, redacted (before any `key=value` pair). */
export function redactUrlAndCookieCredentials(text: string): string {
  const withoutUrlPasswords = mayHoldUrlCredentials(text)
    ? text.replace(URL_CREDENTIALS, `$1${REDACTED}@`)
    : text;
  return mayHoldCookie(withoutUrlPasswords)
    ? withoutUrlPasswords.replace(COOKIE_HEADER, `$1${REDACTED}`)
    : withoutUrlPasswords;
}

/**
 * Bearer tokens, basic credentials and JWTs, redacted (after the `key=value` pairs, which keep the
 * scheme of an `Authorization: Bearer …` value and redact its token).
 */
export function redactTokens(text: string): string {
  if (!mayHoldToken(text)) return text;
  return text
    .replace(BEARER_TOKEN, `$1${REDACTED}`)
    .replace(BASIC_CREDENTIALS, redactBasicCredentials)
    .replace(JWT, REDACTED);
}

/** `Basic dXNlcjpodW50ZXIy` is base64 of `user:hunter2`; `Basic authentication` is prose. */
function redactBasicCredentials(match: string, scheme: string, encoded: string): string {
  if (encoded.length % BASE64_QUANTUM !== 0) return match;
  const decoded = Buffer.from(encoded, 'base64').toString('latin1');
  return decoded.includes(':') ? `${scheme}${REDACTED}` : match;
}

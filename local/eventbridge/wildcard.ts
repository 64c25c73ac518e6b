/**
 * Wildcard matching: `*` stands for zero or more characters; `\*` is a literal asterisk and `\\` a
 * literal backslash. EventBridge rejects two `*` in a row and a backslash before anything else.
 *
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html#eb-filtering-wildcard-matching
 */

/** The literal text between the wildcards: `a*b*c` → `['a', 'b', 'c']`; no wildcard → one part. */
export type WildcardPattern = readonly string[];

/** Parses a wildcard filter, or says what is wrong with it (positions count from 1). */
export function parseWildcard(
  text: string,
): { readonly parts: WildcardPattern } | { readonly error: string } {
  const parts: string[] = [];
  let literal = '';
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    const next = text[index + 1];
    if (character === '*') {
      if (next === '*') return { error: `consecutive wildcard characters at position ${index + 1}` };
      parts.push(literal);
      literal = '';
    } else if (character === '\\') {
      if (next !== '*' && next !== '\\') {
        return { error: `invalid escape at position ${index + 1}: a backslash may only escape * or \\` };
      }
      literal += next;
      index++;
    } else {
      literal += character;
    }
  }
  parts.push(literal);
  return { parts };
}

/** Whether `value` matches: the first part starts it, the last ends it, the others follow in order. */
export function matchesWildcard(parts: WildcardPattern, value: string): boolean {
  const first = parts[0] ?? '';
  if (parts.length === 1) return value === first;
  const last = parts[parts.length - 1] ?? '';
  if (value.length < first.length + last.length || !value.startsWith(first) || !value.endsWith(last)) {
    return false;
  }
  const middle = value.slice(first.length, value.length - last.length);
  let from = 0;
  for (const part of parts.slice(1, -1)) {
    const at = middle.indexOf(part, from);
    if (at === -1) return false;
    from = at + part.length;
  }
  return true;
}

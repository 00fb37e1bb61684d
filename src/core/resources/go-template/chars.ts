/** Characters and quoting as Go's text/template lexer and strconv see them. */
export const SPACE_CHARS = ' \t\r\n';
/** The lexer's end-of-input character. */
export const EOF = -1;

/** Go's strconv.Quote (what `%q` prints for a string). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
      case '"': out += '\\"'; continue;
      case '\\': out += '\\\\'; continue;
      case '\x07': out += '\\a'; continue;
      case '\b': out += '\\b'; continue;
      case '\f': out += '\\f'; continue;
      case '\n': out += '\\n'; continue;
      case '\r': out += '\\r'; continue;
      case '\t': out += '\\t'; continue;
      case '\v': out += '\\v'; continue;
    }
    if (isPrint(c)) {
      out += ch;
    } else if (c < 0x80) {
      out += `\\x${c.toString(16).padStart(2, '0')}`;
    } else if (c < 0x10000) {
      out += `\\u${c.toString(16).padStart(4, '0')}`;
    } else {
      out += `\\U${c.toString(16).padStart(8, '0')}`;
    }
  }
  return `${out}"`;
}

/** Go's `%#U`: `U+0041 'A'`, or just `U+0007` for an unprintable rune. */
export function goRune(c: number): string {
  const hex = `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  return isPrint(c) ? `${hex} '${String.fromCodePoint(c)}'` : hex;
}

/** Roughly Go's strconv.IsPrint: letters, marks, numbers, punctuation, symbols and ASCII space. */
export function isPrint(c: number): boolean {
  if (c < 0x80) {
    return c >= 0x20 && c < 0x7f;
  }
  return /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(String.fromCodePoint(c));
}

export function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

/** Go's isAlphaNumeric: `_`, unicode.IsLetter or unicode.IsDigit. */
export function isAlphaNumeric(c: number): boolean {
  if (c === EOF) {
    return false;
  }
  if (c < 0x80) {
    return c === 0x5f || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  }
  return /[\p{L}\p{Nd}]/u.test(String.fromCodePoint(c));
}

export function hasLeftTrimMarker(s: string, at: number): boolean {
  return s.length - at >= 2 && s[at] === '-' && isSpace(s.charCodeAt(at + 1));
}

export function hasRightTrimMarker(s: string, at: number): boolean {
  return s.length - at >= 2 && isSpace(s.charCodeAt(at)) && s[at + 1] === '-';
}

export function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) {
    n++;
  }
  return n;
}

export function trimRight(s: string): string {
  let end = s.length;
  while (end > 0 && SPACE_CHARS.includes(s[end - 1])) {
    end--;
  }
  return s.slice(0, end);
}

export function leftTrimLength(s: string): number {
  let i = 0;
  while (i < s.length && SPACE_CHARS.includes(s[i])) {
    i++;
  }
  return i;
}

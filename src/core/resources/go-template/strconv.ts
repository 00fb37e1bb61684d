/**
 * The parts of Go's strconv that text/template's parser uses on literals: Unquote for strings,
 * UnquoteChar for character constants, and ParseInt / ParseUint / ParseFloat (whether they
 * accept a number, not its exact value). Ported from Go 1.26's strconv (quote.go, atoi.go) and
 * internal/strconv/atof.go (readFloat), to refuse exactly the literals Go refuses.
 */

/** Go's strconv.ErrSyntax text. */
export const INVALID_SYNTAX = 'invalid syntax';

const MAX_RUNE = 0x10ffff;

function isSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdfff;
}

function hexValue(c: string): number {
  const v = parseInt(c, 16);
  return /^[0-9a-fA-F]$/.test(c) ? v : -1;
}

/**
 * strconv.UnquoteChar: decodes the first character or escape of `s` (inside quotes `quote`).
 * Returns the rune and the rest, or undefined for a syntax error.
 */
export function unquoteChar(s: string, quote: string): { value: number; tail: string } | undefined {
  if (s.length === 0) {
    return undefined;
  }
  const first = s.codePointAt(0)!;
  if (s[0] === quote && (quote === '\'' || quote === '"')) {
    return undefined;
  }
  if (s[0] !== '\\') {
    return { value: first, tail: s.slice(first > 0xffff ? 2 : 1) };
  }
  if (s.length <= 1) {
    return undefined;
  }
  const c = s[1];
  let rest = s.slice(2);
  switch (c) {
    case 'a': return { value: 7, tail: rest };
    case 'b': return { value: 8, tail: rest };
    case 'f': return { value: 12, tail: rest };
    case 'n': return { value: 10, tail: rest };
    case 'r': return { value: 13, tail: rest };
    case 't': return { value: 9, tail: rest };
    case 'v': return { value: 11, tail: rest };
    case 'x':
    case 'u':
    case 'U': {
      const n = c === 'x' ? 2 : c === 'u' ? 4 : 8;
      if (rest.length < n) {
        return undefined;
      }
      let v = 0;
      for (let j = 0; j < n; j++) {
        const x = hexValue(rest[j]);
        if (x < 0) {
          return undefined;
        }
        v = v * 16 + x;
      }
      rest = rest.slice(n);
      if (c === 'x') {
        return { value: v, tail: rest }; // a single byte
      }
      if (v > MAX_RUNE || isSurrogate(v)) {
        return undefined;
      }
      return { value: v, tail: rest };
    }
    case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
      let v = c.charCodeAt(0) - 0x30;
      if (rest.length < 2) {
        return undefined;
      }
      for (let j = 0; j < 2; j++) {
        const x = rest.charCodeAt(j) - 0x30;
        if (x < 0 || x > 7) {
          return undefined;
        }
        v = v * 8 + x;
      }
      if (v > 255) {
        return undefined;
      }
      return { value: v, tail: rest.slice(2) };
    }
    case '\\':
      return { value: 0x5c, tail: rest };
    case '\'':
    case '"':
      if (c !== quote) {
        return undefined;
      }
      return { value: c.charCodeAt(0), tail: rest };
    default:
      return undefined;
  }
}

/** strconv.Unquote for a `"…"` or `` `…` `` literal as the lexer found it; undefined on a syntax error. */
export function unquote(literal: string): string | undefined {
  const q = literal[0];
  if (literal.length < 2 || literal[literal.length - 1] !== q) {
    return undefined;
  }
  const body = literal.slice(1, -1);
  if (q === '`') {
    if (body.includes('`')) {
      return undefined;
    }
    return body.replace(/\r/g, ''); // Go drops carriage returns from raw strings
  }
  if (q !== '"' || body.includes('\n')) {
    return undefined;
  }
  let out = '';
  let rest = body;
  while (rest.length > 0) {
    const r = unquoteChar(rest, q);
    if (r === undefined) {
      return undefined;
    }
    out += r.value <= MAX_RUNE && !isSurrogate(r.value) ? String.fromCodePoint(r.value) : '\ufffd';
    rest = r.tail;
  }
  return out;
}

/** strconv's underscoreOK: underscores only between digits, or between a base prefix and a digit. */
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) {
    s = s.slice(1);
  }
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'boxBOX'.includes(s[1])) {
    i = 2;
    saw = '0';
    hex = s[1].toLowerCase() === 'x';
  }
  for (; i < s.length; i++) {
    const c = s[i];
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') {
        return false;
      }
      saw = '_';
      continue;
    }
    if (saw === '_') {
      return false;
    }
    saw = '!';
  }
  return saw !== '_';
}

const MAX_UINT64 = 2n ** 64n - 1n;
const MAX_INT64 = 2n ** 63n - 1n;

/** strconv.ParseUint(s, 0, 64); undefined when Go refuses it. */
export function parseUint(s0: string): bigint | undefined {
  if (s0 === '') {
    return undefined;
  }
  let s = s0;
  let base = 10n;
  if (s[0] === '0') {
    const p = s.length >= 3 ? s[1].toLowerCase() : '';
    if (p === 'b') {
      base = 2n;
      s = s.slice(2);
    } else if (p === 'o') {
      base = 8n;
      s = s.slice(2);
    } else if (p === 'x') {
      base = 16n;
      s = s.slice(2);
    } else {
      base = 8n;
      s = s.slice(1);
    }
  }
  let n = 0n;
  let underscores = false;
  for (const c of s) {
    if (c === '_') {
      underscores = true;
      continue;
    }
    const d = /[0-9]/.test(c) ? BigInt(c.charCodeAt(0) - 0x30) : /[a-zA-Z]/.test(c) ? BigInt(c.toLowerCase().charCodeAt(0) - 0x61 + 10) : 99n;
    if (d >= base) {
      return undefined;
    }
    n = n * base + d;
    if (n > MAX_UINT64) {
      return undefined;
    }
  }
  if (underscores && !underscoreOK(s0)) {
    return undefined;
  }
  return n;
}

/** strconv.ParseInt(s, 0, 64); undefined when Go refuses it. */
export function parseInt64(s: string): bigint | undefined {
  if (s === '') {
    return undefined;
  }
  const neg = s[0] === '-';
  const body = s[0] === '+' || s[0] === '-' ? s.slice(1) : s;
  const u = parseUint(body);
  if (u === undefined) {
    return undefined;
  }
  if (neg ? u > MAX_INT64 + 1n : u > MAX_INT64) {
    return undefined;
  }
  return neg ? -u : u;
}

/** strconv.ParseFloat(s, 64); undefined for a syntax error or a value out of range. */
export function parseFloat64(s: string): number | undefined {
  const lower = s.toLowerCase();
  const unsigned = lower.replace(/^[+-]/, '');
  if (unsigned === 'inf' || unsigned === 'infinity' || unsigned === 'nan') {
    return unsigned === 'nan' ? NaN : (lower[0] === '-' ? -Infinity : Infinity);
  }
  let i = 0;
  let neg = false;
  if (s[i] === '+' || s[i] === '-') {
    neg = s[i] === '-';
    i++;
  }
  let hex = false;
  if (i + 2 < s.length && s[i] === '0' && s[i + 1].toLowerCase() === 'x') {
    hex = true;
    i += 2;
  }
  let underscores = false;
  let sawdot = false;
  let sawdigits = false;
  let mantissa = '';
  let fracDigits = 0;
  for (; i < s.length; i++) {
    const c = s[i];
    if (c === '_') {
      underscores = true;
      continue;
    }
    if (c === '.') {
      if (sawdot) {
        break;
      }
      sawdot = true;
      continue;
    }
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) {
      sawdigits = true;
      mantissa += c;
      if (sawdot) {
        fracDigits++;
      }
      continue;
    }
    break;
  }
  if (!sawdigits) {
    return undefined;
  }
  let exp = 0;
  const expChar = hex ? 'p' : 'e';
  if (i < s.length && s[i].toLowerCase() === expChar) {
    i++;
    if (i >= s.length) {
      return undefined;
    }
    let esign = 1;
    if (s[i] === '+' || s[i] === '-') {
      esign = s[i] === '-' ? -1 : 1;
      i++;
    }
    if (i >= s.length || s[i] < '0' || s[i] > '9') {
      return undefined;
    }
    let e = 0;
    for (; i < s.length && ((s[i] >= '0' && s[i] <= '9') || s[i] === '_'); i++) {
      if (s[i] === '_') {
        underscores = true;
        continue;
      }
      if (e < 10000) {
        e = e * 10 + s.charCodeAt(i) - 0x30;
      }
    }
    exp = e * esign;
  } else if (hex) {
    return undefined; // a hexadecimal float needs its p exponent
  }
  if (underscores && !underscoreOK(s.slice(0, i))) {
    return undefined;
  }
  if (i !== s.length) {
    return undefined;
  }
  let value: number;
  if (hex) {
    value = parseInt(mantissa, 16) * Math.pow(2, exp - 4 * fracDigits);
  } else {
    const intPart = mantissa.slice(0, mantissa.length - fracDigits) || '0';
    const frac = mantissa.slice(mantissa.length - fracDigits);
    value = Number(`${intPart}.${frac || '0'}e${exp}`);
  }
  if (!Number.isFinite(value)) {
    return undefined; // ErrRange
  }
  return neg ? -value : value;
}

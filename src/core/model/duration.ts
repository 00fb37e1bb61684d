import { fail, quote } from './errors';

/**
 * Durations the way ESO reads them: its `refreshInterval` / `retryInterval` fields are
 * `metav1.Duration`, parsed with Go's `time.ParseDuration` into a `time.Duration` (int64
 * nanoseconds). The parser below follows Go's (time/format.go, `ParseDuration`), overflow checks
 * and error texts included.
 */

const NS_PER: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n, // U+00B5 micro sign
  μs: 1_000n, // U+03BC greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const TWO_63 = 2n ** 63n;
/** The longest `time.Duration`, 2^63 - 1 nanoseconds. */
const MAX_NS = TWO_63 - 1n;
/** `time.Duration(math.MaxInt64).String()`. */
export const MAX_GO_DURATION = '2562047h47m16.854775807s';
/** The most whole milliseconds a `time.Duration` holds. */
const MAX_MS = Number(MAX_NS / 1_000_000n);

type Parsed =
  | { ok: true; nanoseconds: bigint; wrapped?: true }
  | { ok: false; error: string; problem: 'invalid' | 'overflow' | 'missing unit' | 'unknown unit'; unit?: string };

/**
 * `time.ParseDuration(text)`: the duration in nanoseconds (negative allowed, as in Go), or Go's
 * `err.Error()` and what kind of problem it is (Go reports an overflow as "invalid duration" too).
 * `wrapped` says Go's sum overflowed unnoticed ("9223372036854775808ns9223372036854775808ns" is 0).
 */
export function parseGoDuration(text: string): Parsed {
  const invalid = (problem: 'invalid' | 'overflow'): Parsed => ({ ok: false, error: `time: invalid duration ${goQuote(text)}`, problem });
  let s = text;
  let d = 0n;
  let wrapped = false;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') {
    return { ok: true, nanoseconds: 0n };
  }
  if (s === '') {
    return invalid('invalid');
  }
  while (s !== '') {
    let v = 0n;
    let f = 0n;
    let scale = 1;
    if (!(s[0] === '.' || isDigit(s[0]))) {
      return invalid('invalid');
    }
    let i = 0;
    for (; i < s.length && isDigit(s[i]); i++) {
      if (v > TWO_63 / 10n) {
        return invalid('overflow');
      }
      v = v * 10n + BigInt(s.charCodeAt(i) - 48);
      if (v > TWO_63) {
        return invalid('overflow');
      }
    }
    const pre = i > 0;
    s = s.slice(i);
    let post = false;
    if (s !== '' && s[0] === '.') {
      s = s.slice(1);
      let j = 0;
      let overflow = false;
      for (; j < s.length && isDigit(s[j]); j++) {
        if (overflow) {
          continue;
        }
        if (f > (TWO_63 - 1n) / 10n) {
          overflow = true;
          continue;
        }
        const y = f * 10n + BigInt(s.charCodeAt(j) - 48);
        if (y > TWO_63) {
          overflow = true;
          continue;
        }
        f = y;
        scale *= 10;
      }
      post = j > 0;
      s = s.slice(j);
    }
    if (!pre && !post) {
      return invalid('invalid');
    }
    let k = 0;
    while (k < s.length && s[k] !== '.' && !isDigit(s[k])) {
      k++;
    }
    if (k === 0) {
      return { ok: false, error: `time: missing unit in duration ${goQuote(text)}`, problem: 'missing unit' };
    }
    const u = s.slice(0, k);
    s = s.slice(k);
    // Own keys only: a unit such as "constructor" is unknown, not Object's.
    const unit = Object.hasOwn(NS_PER, u) ? NS_PER[u] : undefined;
    if (unit === undefined) {
      return { ok: false, error: `time: unknown unit ${goQuote(u)} in duration ${goQuote(text)}`, problem: 'unknown unit', unit: u };
    }
    if (v > TWO_63 / unit) {
      return invalid('overflow');
    }
    v *= unit;
    if (f > 0n) {
      // As Go: float64 arithmetic, truncated.
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > TWO_63) {
        return invalid('overflow');
      }
    }
    // Go adds in uint64, so two components of up to 2^63 each wrap around past 2^64.
    wrapped ||= d + v >= 2n ** 64n;
    d = BigInt.asUintN(64, d + v);
    if (d > TWO_63) {
      return invalid('overflow');
    }
  }
  const w = wrapped ? { wrapped: true as const } : {};
  if (neg) {
    return { ok: true, nanoseconds: -d, ...w };
  }
  if (d > MAX_NS) {
    return invalid('overflow');
  }
  return { ok: true, nanoseconds: d, ...w };
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

/** Go's time.quote: ASCII printable kept (with " and \ escaped), other bytes as \xNN. */
function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x80 || c < 0x20) {
      for (const b of new TextEncoder().encode(ch)) {
        out += `\\x${b.toString(16).padStart(2, '0')}`;
      }
    } else {
      out += ch === '"' || ch === '\\' ? `\\${ch}` : ch;
    }
  }
  return `${out}"`;
}

const HOW = 'use a number and unit such as "90s", "5m" or "1h30m" (units: ns, us, ms, s, m, h)';
const TOO_LONG = `is longer than a go duration can be (at most ${MAX_GO_DURATION}, about 292 years); use a shorter duration`;

/**
 * A non-negative length of time, rendered as a Go duration string (`1h`, `1m30s`, `0s`), which is
 * what ESO's `refreshInterval` fields parse.
 *
 * Front ends turn their own duration type into this one; core only ever sees validated values.
 */
export class GoDuration {
  /** The zero duration: ESO fetches once and never refreshes. */
  public static readonly ZERO = new GoDuration(0n);

  /**
   * A duration of `ms` milliseconds.
   *
   * Fails for negative, non-finite or sub-millisecond values, and beyond Go's maximum duration.
   */
  public static fromMilliseconds(ms: number, where = 'duration', field = 'duration'): GoDuration {
    if (!Number.isFinite(ms)) {
      fail(where, 'duration.not-finite', `${field} ${quote(ms)} is not a finite length of time; use e.g. Duration.hours(1)`);
    }
    if (ms < 0) {
      fail(where, 'duration.negative', `${field} ${quote(ms)}ms is negative; use a duration of 0s or more`);
    }
    if (!Number.isInteger(ms)) {
      fail(where, 'duration.sub-millisecond', `${field} ${quote(ms)}ms is not a whole number of milliseconds; round it to milliseconds`);
    }
    if (ms > MAX_MS) {
      fail(where, 'duration.too-long', `${field} ${quote(ms)}ms ${TOO_LONG}`);
    }
    return new GoDuration(BigInt(ms) * 1_000_000n);
  }

  /**
   * Parses a Go duration string such as `1h30m`, `90s` or `0s`, exactly as `time.ParseDuration`.
   *
   * Fails for what Go refuses (with Go's reason and the string meant, where it can tell), for
   * durations beyond Go's maximum, and for negative durations.
   */
  public static parse(text: string, where = 'duration', field = 'duration'): GoDuration {
    const parsed = parseGoDuration(text);
    if (!parsed.ok) {
      if (parsed.problem === 'overflow') {
        fail(where, 'duration.too-long', `${field} ${quote(text)} ${TOO_LONG}`);
      }
      const reason = parsed.problem === 'unknown unit' ? `unknown unit ${JSON.stringify(parsed.unit)}` : parsed.problem === 'invalid' ? 'invalid duration' : 'missing unit';
      fail(where, 'duration.malformed', `${field} ${quote(text)} is not a go duration (${reason}); ${hintFor(text)}`);
    }
    if (parsed.wrapped) {
      // Go would read a duration past its maximum as the remainder of 2^64 ns: never meant.
      fail(where, 'duration.too-long', `${field} ${quote(text)} ${TOO_LONG}`);
    }
    if (parsed.nanoseconds < 0n) {
      fail(where, 'duration.negative', `${field} ${quote(text)} is negative; use a duration of 0s or more`);
    }
    return new GoDuration(parsed.nanoseconds);
  }

  private constructor(private readonly ns: bigint) {}

  /** Nanoseconds, as Go's `time.Duration`. */
  public get nanoseconds(): bigint {
    return this.ns;
  }

  /** Milliseconds, possibly fractional. */
  public get milliseconds(): number {
    return Number(this.ns) / 1e6;
  }

  /** Seconds, possibly fractional. */
  public get seconds(): number {
    return Number(this.ns) / 1e9;
  }

  /**
   * The Go duration string, with zero components left out: `1h`, `1m30s`, `1.5s`, `250ms`,
   * `1.5us`, `0s`. `time.ParseDuration` reads it back to the same nanoseconds.
   */
  public toString(): string {
    return render(this.ns);
  }
}

function render(nanoseconds: bigint): string {
  let ns = nanoseconds;
  if (ns === 0n) {
    return '0s';
  }
  if (ns < 1_000n) {
    return `${ns}ns`;
  }
  if (ns < 1_000_000n) {
    return `${decimal(ns, 1_000n)}us`;
  }
  if (ns < 1_000_000_000n) {
    return `${decimal(ns, 1_000_000n)}ms`;
  }
  const hours = ns / NS_PER.h;
  ns -= hours * NS_PER.h;
  const minutes = ns / NS_PER.m;
  ns -= minutes * NS_PER.m;
  return `${hours ? `${hours}h` : ''}${minutes ? `${minutes}m` : ''}${ns ? `${decimal(ns, NS_PER.s)}s` : ''}`;
}

/** `n / unit` in decimal, without trailing zeros. */
function decimal(n: bigint, unit: bigint): string {
  const whole = n / unit;
  const rest = n % unit;
  if (rest === 0n) {
    return `${whole}`;
  }
  const digits = unit.toString().length - 1;
  return `${whole}.${rest.toString().padStart(digits, '0').replace(/0+$/, '')}`;
}

// Unit words people write, as Go units and a factor (days and weeks are hours).
const UNIT_WORDS: Array<[RegExp, string, number]> = [
  [/^(w|wk|wks|weeks?)$/, 'h', 168],
  [/^(d|days?)$/, 'h', 24],
  [/^(h|hr|hrs|hours?)$/, 'h', 1],
  [/^(m|mins?|minutes?)$/, 'm', 1],
  [/^(s|secs?|seconds?)$/, 's', 1],
  [/^(ms|msecs?|millis|milliseconds?)$/, 'ms', 1],
  [/^(us|µs|μs|microseconds?)$/, 'us', 1],
  [/^(ns|nanoseconds?)$/, 'ns', 1],
];
const NEXT_UNIT: Record<string, string> = { '': 's', 'h': 'm', 'm': 's', 's': 'ms', 'ms': 'us', 'us': 'ns' };

/** What to write instead of a string Go refuses: the duration meant, when it can tell. */
function hintFor(text: string): string {
  const meant = meantDuration(text);
  if (meant === undefined) {
    return HOW;
  }
  const trimmed = text.trim().toLowerCase();
  if (/\d\s*(d|days?|w|wk|wks|weeks?)\b/.test(trimmed)) {
    return `go durations have no days or weeks; use hours: ${quote(meant)}`;
  }
  if (/\s/.test(text)) {
    return `write it without spaces and with go's units: ${quote(meant)}`;
  }
  if (/\d$/.test(trimmed)) {
    return `give every number a unit: ${quote(meant)}`;
  }
  return `use ${quote(meant)} (units: ns, us, ms, s, m, h)`;
}

function meantDuration(text: string): string | undefined {
  const compact = text.trim().toLowerCase().replace(/\s+/g, '').replace(/,/g, '.');
  const tokens = [...compact.matchAll(/(\d+(?:\.\d+)?|\.\d+)([a-zµμ]*)/g)];
  if (tokens.length === 0 || tokens.map((t) => t[0]).join('') !== compact) {
    return undefined;
  }
  let previous = '';
  let written = '';
  let total = 0n;
  let converted = false;
  for (const [, number, word] of tokens) {
    let unit: string;
    let factor = 1n;
    if (word === '') {
      unit = NEXT_UNIT[previous];
      if (unit === undefined) {
        return undefined;
      }
    } else {
      const known = UNIT_WORDS.find(([re]) => re.test(word));
      if (!known) {
        return undefined;
      }
      unit = known[1];
      factor = BigInt(known[2]);
    }
    const part = parseGoDuration(`${number}${unit}`);
    if (!part.ok) {
      return undefined;
    }
    previous = unit;
    written += `${number}${unit}`;
    total += part.nanoseconds * factor;
    converted ||= factor !== 1n;
  }
  if (total > MAX_NS) {
    return undefined;
  }
  return converted ? render(total) : written;
}

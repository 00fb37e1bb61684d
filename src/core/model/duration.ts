import { fail, quote } from './errors';

const UNITS_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|μs|ms|s|m|h))+$/;

/**
 * A non-negative length of time, rendered as a Go duration string (`1h`, `1m30s`, `0s`), which is
 * what ESO's `refreshInterval` fields parse.
 *
 * Front ends turn their own duration type into this one; core only ever sees validated values.
 */
export class GoDuration {
  /** The zero duration: ESO fetches once and never refreshes. */
  public static readonly ZERO = new GoDuration(0);

  /**
   * A duration of `ms` milliseconds.
   *
   * Fails for negative, non-finite or sub-millisecond values.
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
    return new GoDuration(ms);
  }

  /**
   * Parses a Go duration string such as `1h30m`, `90s` or `0s`.
   *
   * Fails for malformed or negative strings, with the accepted units in the message.
   */
  public static parse(text: string, where = 'duration', field = 'duration'): GoDuration {
    const trimmed = text.trim();
    if (trimmed.startsWith('-')) {
      fail(where, 'duration.negative', `${field} ${quote(text)} is negative; use a duration of 0s or more`);
    }
    if (trimmed === '0') {
      return GoDuration.ZERO;
    }
    if (!GO_DURATION.test(trimmed)) {
      fail(where, 'duration.malformed', `${field} ${quote(text)} is not a go duration; use a number and unit such as "90s", "5m" or "1h30m" (units: ns, us, ms, s, m, h)`);
    }
    let total = 0;
    for (const match of trimmed.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|μs|ms|s|m|h)/g)) {
      total += parseFloat(match[1]) * UNITS_MS[match[2]];
    }
    // Sub-millisecond remainders are rounded: ESO's refresh granularity is far coarser.
    return new GoDuration(Math.round(total));
  }

  private constructor(public readonly milliseconds: number) {}

  /** Seconds, possibly fractional. */
  public get seconds(): number {
    return this.milliseconds / 1000;
  }

  /** The Go duration string, with zero components left out: `1h`, `1m30s`, `1.5s`, `250ms`, `0s`. */
  public toString(): string {
    let ms = this.milliseconds;
    if (ms === 0) {
      return '0s';
    }
    if (ms < 1000) {
      return `${ms}ms`;
    }
    const hours = Math.floor(ms / 3_600_000);
    ms -= hours * 3_600_000;
    const minutes = Math.floor(ms / 60_000);
    ms -= minutes * 60_000;
    const seconds = ms / 1000;
    return `${hours ? `${hours}h` : ''}${minutes ? `${minutes}m` : ''}${seconds ? `${seconds}s` : ''}`;
  }
}

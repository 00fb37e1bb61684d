import { GoDuration } from '../../src/core/model/duration';

describe('GoDuration', () => {
  test.each([
    [0, '0s'],
    [250, '250ms'],
    [1500, '1.5s'],
    [90_000, '1m30s'],
    [3_600_000, '1h'],
    [5_400_000, '1h30m'],
    [86_400_000, '24h'],
    [3_661_000, '1h1m1s'],
  ])('renders %pms as %p', (ms, text) => {
    expect(GoDuration.fromMilliseconds(ms).toString()).toBe(text);
  });

  test.each([
    ['1h', 3_600_000],
    ['90s', 90_000],
    ['0s', 0],
    ['0', 0],
    ['1h0m0s', 3_600_000],
    ['1.5h', 5_400_000],
    ['500ms', 500],
    ['2m30s', 150_000],
  ])('parses %p', (text, ms) => {
    expect(GoDuration.parse(text).milliseconds).toBe(ms);
  });

  test('round-trips through its string form', () => {
    for (const ms of [0, 1, 999, 1000, 59_999, 60_000, 3_599_999, 3_600_000, 123_456_789]) {
      expect(GoDuration.parse(GoDuration.fromMilliseconds(ms).toString()).milliseconds).toBe(ms);
    }
  });

  test('fails for a malformed string', () => {
    expect(() => GoDuration.parse('1 hour', 'app/es', 'refreshInterval')).toThrow(
      'app/es: refreshInterval "1 hour" is not a go duration (unknown unit " hour"); write it without spaces and with go\'s units: "1h"',
    );
  });

  test('fails for a negative string', () => {
    expect(() => GoDuration.parse('-5m', 'app/es', 'refreshInterval')).toThrow('app/es: refreshInterval "-5m" is negative; use a duration of 0s or more');
  });

  test('fails for negative, fractional and infinite milliseconds', () => {
    expect(() => GoDuration.fromMilliseconds(-1, 'x', 'retryInterval')).toThrow('x: retryInterval -1ms is negative; use a duration of 0s or more');
    expect(() => GoDuration.fromMilliseconds(0.5, 'x', 'retryInterval')).toThrow('x: retryInterval 0.5ms is not a whole number of milliseconds; round it to milliseconds');
    expect(() => GoDuration.fromMilliseconds(Infinity, 'x', 'retryInterval')).toThrow('is not a finite length of time');
  });
});

/**
 * Holds esokit's checks of Go behaviour against Go itself: every vector in test/vectors/regex.json,
 * rewrite.json and duration.json goes through tools/go-semantics (Go's regexp and time packages)
 * and through the TypeScript checks, which must agree — on what is accepted, on Go's error text,
 * on match results, group structure, rewrite outputs and nanoseconds. Strings esokit suggests in
 * its messages (a duration meant, a rewrite target) are run through Go too.
 */
import * as path from 'path';
import * as fc from 'fast-check';
import { GoOutcome, readVectors, runGoOnVectors, runGoSemantics, Vector, VECTORS } from './go-semantics';
import { GoDuration, MAX_GO_DURATION, parseGoDuration } from '../../src/core/model/duration';
import { ValidationError } from '../../src/core/model/errors';
import { checkRegex, checkReplacementTemplate, compileGoRegex, GO_UNICODE_CLASSES, goRegexMatches, goReplaceAll, GoRegex, parseGoTemplate } from '../../src/core/model/regex';

interface RegexInput { pattern: string; subjects?: string[] }
interface RegexResult { ok: boolean; error: string; groups?: number; names?: string[]; matches?: boolean[] }
interface RewriteInput { source: string; target: string; key: string }
interface RewriteResult { ok: boolean; error: string; output: string }
interface DurationInput { text: string }
interface DurationResult { ok: boolean; error: string; nanoseconds: string }

const regexVectors = readVectors<RegexInput>('regex.json');
const rewriteVectors = readVectors<RewriteInput>('rewrite.json');
const durationVectors = readVectors<DurationInput>('duration.json');

let outcomes: GoOutcome[] = [];

beforeAll(() => {
  outcomes = runGoSemantics(['regex.json', 'rewrite.json', 'duration.json'].map((f) => path.join(VECTORS, f)));
});

function goResult<R>(file: string, name: string): R {
  const found = outcomes.filter((o) => o.file === file && o.name === name);
  expect(found).toHaveLength(1);
  expect(found[0].error).toBeUndefined();
  return found[0].result as R;
}

function refusal(fn: () => unknown): ValidationError | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    if (ValidationError.isValidationError(e)) {
      return e;
    }
    throw e;
  }
}

function compiled(pattern: string): GoRegex {
  const c = compileGoRegex(pattern);
  if (!c.ok) {
    throw new Error(`${pattern} does not compile: ${c.error}`);
  }
  return c.regex;
}

/** The quoted strings of the fix, the part of a message after its last "; ". */
function suggestions(message: string): string[] {
  const fix = message.slice(message.lastIndexOf('; ') + 2);
  return [...fix.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string);
}

describe('the vector files', () => {
  test.each([
    ['regex.json', regexVectors, 'regex', 40],
    ['rewrite.json', rewriteVectors, 'rewrite', 20],
    ['duration.json', durationVectors, 'duration', 20],
  ] as Array<[string, Vector[], string, number]>)('%s has enough vectors, one mode and unique names', (_file, vectors, mode, atLeast) => {
    expect(vectors.length).toBeGreaterThanOrEqual(atLeast);
    expect(new Set(vectors.map((v) => v.mode))).toEqual(new Set([mode]));
    expect(new Set(vectors.map((v) => v.name)).size).toBe(vectors.length);
  });

  test('go reports a mode it does not know per vector', () => {
    const [unknown] = runGoOnVectors([{ name: 'x', mode: 'no-such-mode', input: {} }]);
    expect(unknown).toEqual({ file: 'derived.json', name: 'x', mode: 'no-such-mode', error: 'unknown mode' });
  });

  test('each file has vectors go accepts and vectors go refuses', () => {
    for (const file of ['regex.json', 'rewrite.json', 'duration.json']) {
      const oks = outcomes.filter((o) => o.file === file).map((o) => (o.result as { ok: boolean }).ok);
      expect(oks).toContain(true);
      expect(oks).toContain(false);
    }
  });
});

describe('regular expressions: checkRegex agrees with regexp.Compile', () => {
  test.each(regexVectors.map((v) => [v.name, v.input] as const))('%s', (name, input) => {
    const go = goResult<RegexResult>('regex.json', name);
    const refused = refusal(() => checkRegex('v', 'nameRegexp', input.pattern));
    if (go.ok) {
      expect(refused?.message).toBeUndefined();
      const re = compiled(input.pattern);
      expect(re.groupCount).toBe(go.groups);
      expect(re.groupNames).toEqual(go.names);
      expect((input.subjects ?? []).map((s) => goRegexMatches(input.pattern, s))).toEqual(go.matches ?? []);
    } else {
      expect(compileGoRegex(input.pattern)).toEqual({ ok: false, error: go.error });
      expect(refused?.code).toBe('regex.invalid');
      const reason = go.error.replace(/^error parsing regexp: /, '');
      expect(refused?.message).toContain(reason.length < 100 ? ` is not a go regular expression (${reason}); ` : ` is not a go regular expression (${reason.slice(0, 60)}`);
    }
  });
});

describe('unicode classes: esokit knows the \\p{...} names go knows', () => {
  // Go looks names up case-insensitively, without "_", "-" and " "; re2js knows newer scripts and
  // binary properties Go does not.
  const more = ['Old_Italic', 'Nag_Mundari', 'Garay', 'Todhri', 'Kirat_Rai', 'Sunuwar', 'Hanifi_Rohingya', 'SignWriting',
    'White_Space', 'Hex_Digit', 'Extended_Pictographic', 'Emoji', 'Alphabetic', 'Math', 'Grek', 'Latn', 'Zyyy', 'Zzzz', 'Unknown',
    'L&', 'LC', 'lc', 'Cased_Letter', 'cased letter', 'any', 'ASCII', 'Other_Letter', 'other-letter', 'Katakana_Or_Hiragana', '', 'ß'];
  const names = [...new Set([...GO_UNICODE_CLASSES].flatMap((n) => [n, n.toLowerCase(), n.toUpperCase(), `${n[0]}_${n.slice(1)}`]).concat(more))];

  test(`${names.length} names, each alone, negated and as a one-letter class`, () => {
    const patterns = names.flatMap((n) => [`\\p{${n}}`, `[\\P{^${n}}]`]).concat(['\\pL', '\\pl', '\\PN', '\\pX', '\\pé']);
    const go = runGoOnVectors(patterns.map((p, i) => ({ name: `${i}`, mode: 'regex', input: { pattern: p } })));
    const disagree = patterns.flatMap((p, i) => {
      const r = go[i].result as RegexResult;
      const c = compileGoRegex(p);
      const ts = c.ok ? '' : c.error;
      return c.ok === r.ok && ts === r.error ? [] : [`${p}: go ${r.ok ? 'accepts' : r.error}, esokit ${c.ok ? 'accepts' : ts}`];
    });
    expect(disagree).toEqual([]);
    expect(go.filter((o) => (o.result as RegexResult).ok).length).toBeGreaterThan(GO_UNICODE_CLASSES.size);
  });
});

describe('rewrites: esokit expands targets as ReplaceAllString', () => {
  // What Go says about each source's groups, from derived regex vectors.
  let goSources = new Map<string, RegexResult>();
  beforeAll(() => {
    const sources = [...new Set(rewriteVectors.map((v) => v.input.source))];
    const results = runGoOnVectors(sources.map((s, i) => ({ name: `${i}`, mode: 'regex', input: { pattern: s } })));
    goSources = new Map(sources.map((s, i) => [s, results[i].result as RegexResult]));
  });

  test.each(rewriteVectors.map((v) => [v.name, v.input] as const))('%s', (name, input) => {
    const go = goResult<RewriteResult>('rewrite.json', name);
    const refusedSource = refusal(() => checkRegex('v', 'source', input.source));
    expect(refusedSource?.message === undefined).toBe(go.ok);
    if (!go.ok) {
      expect(compileGoRegex(input.source)).toEqual({ ok: false, error: go.error });
      return;
    }
    const re = compiled(input.source);
    expect(goReplaceAll(re, input.key, input.target)).toBe(go.output);

    // esokit refuses a target exactly when it refers to a group go's regexp does not have.
    const groups = goSources.get(input.source)!;
    const missing = parseGoTemplate(input.target).some((p) => 'ref' in p
      && (p.ref.num >= 0 ? p.ref.num > groups.groups! : !groups.names!.includes(p.ref.name)));
    const refused = refusal(() => checkReplacementTemplate('v', 'target', input.source, input.target));
    expect(refused?.code).toBe(missing ? 'data-from.rewrite.target.unknown-group' : undefined);
  });

  test('the targets esokit suggests are accepted, and go expands them as esokit does', () => {
    const derived: Array<Vector<RewriteInput>> = [];
    for (const v of rewriteVectors) {
      if (compileGoRegex(v.input.source).ok) {
        const refused = refusal(() => checkReplacementTemplate('v', 'target', v.input.source, v.input.target));
        const suggested = refused ? /; use (\S+)/.exec(refused.message)?.[1] : undefined;
        if (suggested !== undefined) {
          expect(refusal(() => checkReplacementTemplate('v', 'target', v.input.source, suggested))).toBeUndefined();
          derived.push({ name: v.name, mode: 'rewrite', input: { ...v.input, target: suggested } });
        }
      }
    }
    expect(derived.length).toBeGreaterThanOrEqual(3);
    const results = runGoOnVectors(derived as Vector[]);
    derived.forEach((v, i) => {
      const go = results[i].result as RewriteResult;
      expect(go.output).toBe(goReplaceAll(compiled(v.input.source), v.input.key, v.input.target));
      expect(go.output).not.toBe('');
    });
  });
});

describe('durations: GoDuration.parse agrees with time.ParseDuration', () => {
  test.each(durationVectors.map((v) => [v.name, v.input] as const))('%s', (name, input) => {
    const go = goResult<DurationResult>('duration.json', name);
    const refused = refusal(() => GoDuration.parse(input.text, 'v', 'refreshInterval'));
    const parsed = parseGoDuration(input.text);
    if (go.ok) {
      expect(parsed).toMatchObject({ ok: true, nanoseconds: BigInt(go.nanoseconds) });
      if (parsed.ok && parsed.wrapped) {
        // esokit's own rule: go's sum wrapped around past 2^64 nanoseconds.
        expect(refused?.code).toBe('duration.too-long');
      } else if (BigInt(go.nanoseconds) < 0n) {
        // esokit's own rule: ESO intervals are never negative.
        expect(refused?.code).toBe('duration.negative');
      } else {
        expect(refused?.message).toBeUndefined();
        expect(GoDuration.parse(input.text).nanoseconds).toBe(BigInt(go.nanoseconds));
      }
    } else {
      expect(parsed).toMatchObject({ ok: false, error: go.error });
      expect(['duration.malformed', 'duration.too-long']).toContain(refused?.code);
    }
  });

  test('go reads back every duration esokit renders, to the same nanoseconds', () => {
    const durations = durationVectors
      .map((v) => parseGoDuration(v.input.text))
      .flatMap((p) => (p.ok && p.nanoseconds >= 0n ? [GoDuration.parse(`${p.nanoseconds}ns`)] : []));
    const ms = [0, 1, 999, 1000, 1500, 59_999, 90_000, 3_599_999, 3_600_000, 86_400_000, 123_456_789, 9_223_372_036_854];
    durations.push(...ms.map((m) => GoDuration.fromMilliseconds(m)));
    const results = runGoOnVectors(durations.map((d, i) => ({ name: `${i}`, mode: 'duration', input: { text: d.toString() } })));
    durations.forEach((d, i) => {
      expect(results[i].result).toEqual({ ok: true, error: '', nanoseconds: d.nanoseconds.toString() });
    });
  });

  test('the maximum esokit names is the maximum go parses', () => {
    const [max, over] = runGoOnVectors([
      { name: 'max', mode: 'duration', input: { text: MAX_GO_DURATION } },
      { name: 'over', mode: 'duration', input: { text: `${(2n ** 63n)}ns` } },
    ]);
    expect((max.result as DurationResult).nanoseconds).toBe(((2n ** 63n) - 1n).toString());
    expect((over.result as DurationResult).ok).toBe(false);
  });

  test('the durations esokit suggests for the strings go refuses are go durations', () => {
    const suggested = durationVectors.flatMap((v) => {
      const refused = refusal(() => GoDuration.parse(v.input.text, 'v', 'refreshInterval'));
      return refused?.code === 'duration.malformed' ? suggestions(refused.message) : [];
    });
    expect(suggested.length).toBeGreaterThanOrEqual(10);
    const results = runGoOnVectors(suggested.map((text, i) => ({ name: `${i}`, mode: 'duration', input: { text } })));
    results.forEach((r, i) => {
      expect([suggested[i], (r.result as DurationResult).ok]).toEqual([suggested[i], true]);
    });
  });
});

describe('random inputs: esokit and go agree beyond the vector files', () => {
  // Patterns, targets and durations assembled from the pieces people's mistakes are made of; the
  // seed is fixed so a failure reproduces.
  const SEED = 20260901;
  const pieces = (atoms: string[], min: number, max: number) => fc.array(fc.constantFrom(...atoms), { minLength: min, maxLength: max }).map((a) => a.join(''));
  const PATTERN = ['a', 'b', 'é', '.', '*', '+', '?', '(', ')', '[', ']', '^', '$', '|', '{', '}', '1', ',', '\\', 'd', 'w', 'p', 'L',
    '{Greek}', '{greek}', '(?', 'i', 'P<', '<', '>', '=', '!', ':', '-', 'Q', 'E', 'z', 'A', '0', '8', '_', '{2}', '{1,3}',
    '[:alpha:]', '\\pN', '\\b', '(?P<n>', '(?<m>', '(?i)', '(?s:', ' ', '/', '\\.', '\\Q', '\\E', '\\x{41}', '(?:', '{,',
    '[^', '\\pL', '\\p{', '\\P', '\\p{greek}', '\\p{Old_Italic}', '\\p{Garay}', '(?<', '(?P', '\\\\', '\\8', '\\12', '{1000}', '{1001}'];
  const TARGET = ['$', '{', '}', '1', '2', '0', 'a', '_', 'x', '$$', 'é', '-', 'n', 'm', '${n}', '$1', '${1}'];
  const NUMBER = ['0', '1', '5', '.5', '1.', '12.345', '999999999999', '2562047', '9223372036854775807', '9223372036854775808', '.0000000001', '00', '1e'];
  const UNIT = ['h', 'm', 's', 'ms', 'us', 'µs', 'ns', '', 'd', ' s', 'H'];

  test('2000 patterns: compiled or refused alike, with the same groups and matches', () => {
    const patterns = fc.sample(pieces(PATTERN, 1, 8), { seed: SEED, numRuns: 2000 });
    const subjects = ['', 'a', 'ab', 'aé', 'A1', 'b-a', 'αβ', 'x\ny', '_'];
    const go = runGoOnVectors(patterns.map((p, i) => ({ name: `${i}`, mode: 'regex', input: { pattern: p, subjects } })));
    const disagree = patterns.flatMap((p, i) => {
      const r = go[i].result as RegexResult;
      const c = compileGoRegex(p);
      const ts: RegexResult = c.ok
        ? { ok: true, error: '', groups: c.regex.groupCount, names: [...c.regex.groupNames], matches: subjects.map((x) => goRegexMatches(p, x)!) }
        : { ok: false, error: c.error };
      return JSON.stringify(ts) === JSON.stringify(r) ? [] : [`${JSON.stringify(p)}: go ${JSON.stringify(r)}, esokit ${JSON.stringify(ts)}`];
    });
    expect(disagree).toEqual([]);
    expect(go.filter((o) => (o.result as RegexResult).ok).length).toBeGreaterThan(500);
  });

  test('2000 rewrites: the same keys', () => {
    const sources = fc.sample(pieces(PATTERN, 1, 6), { seed: SEED, numRuns: 4000 }).filter((p) => compileGoRegex(p).ok).slice(0, 2000);
    const targets = fc.sample(pieces(TARGET, 0, 6), { seed: SEED + 1, numRuns: sources.length });
    const keys = fc.sample(fc.constantFrom('', 'a', 'ab', 'aé', 'ba-b', 'aab', 'éé', 'b_a'), { seed: SEED + 2, numRuns: sources.length });
    const vectors = sources.map((source, i) => ({ name: `${i}`, mode: 'rewrite', input: { source, target: targets[i], key: keys[i] } }));
    const go = runGoOnVectors(vectors);
    const disagree = vectors.flatMap((v, i) => {
      const out = goReplaceAll(compiled(v.input.source), v.input.key, v.input.target);
      const r = go[i].result as RewriteResult;
      return r.ok && r.output === out ? [] : [`${JSON.stringify(v.input)}: go ${JSON.stringify(r)}, esokit ${JSON.stringify(out)}`];
    });
    expect(disagree).toEqual([]);
  });

  test('2000 durations: the same nanoseconds or the same error', () => {
    const part = fc.tuple(fc.constantFrom(...NUMBER), fc.constantFrom(...UNIT)).map(([n, u]) => n + u);
    const texts = fc.sample(fc.tuple(fc.constantFrom('', '', '', '-', '+'), fc.array(part, { minLength: 1, maxLength: 4 })).map(([sign, parts]) => sign + parts.join('')), { seed: SEED, numRuns: 2000 });
    const go = runGoOnVectors(texts.map((text, i) => ({ name: `${i}`, mode: 'duration', input: { text } })));
    const disagree = texts.flatMap((text, i) => {
      const r = go[i].result as DurationResult;
      const p = parseGoDuration(text);
      const same = p.ok ? r.ok && r.nanoseconds === p.nanoseconds.toString() : !r.ok && r.error === p.error;
      // Go's uint64 sum wraps; parseGoDuration says so and esokit refuses those.
      expect(p.ok && p.wrapped ? refusal(() => GoDuration.parse(text))?.code : undefined).toBe(p.ok && p.wrapped ? 'duration.too-long' : undefined);
      return same ? [] : [`${JSON.stringify(text)}: go ${JSON.stringify(r)}, esokit ${p.ok ? p.nanoseconds : p.error}`];
    });
    expect(disagree).toEqual([]);
    expect(go.filter((o) => (o.result as DurationResult).ok).length).toBeGreaterThan(300);
  });
});

/**
 * Go semantics in esokit's checks: regular expressions are Go's (RE2), rewrite targets are
 * expanded as Regexp.ReplaceAllString expands them, durations are time.ParseDuration's, bounded by
 * time.Duration. Every refusal with its exact message; valid inputs that look suspicious accepted.
 * (test/go-semantics holds the same checks against Go itself.)
 */
import { Chart, Duration, Testing } from 'cdk8s';
import { ClusterSecretStore, ConversionStrategy, DataFrom, ExternalSecret, Rewrite, SecretStore, SecretStoreProvider } from '../../src';
import { GoDuration, MAX_GO_DURATION, parseGoDuration } from '../../src/core/model/duration';
import { checkRegex, checkReplacementTemplate, compileGoRegex, goRegexMatches, goReplaceAll, GoRegex } from '../../src/core/model/regex';
import { namespaceAllowed } from '../../src/core/resources/store';
import { esokitMessage } from '../support/errors';

const sm = () => SecretStoreProvider.awsSecretsManager({ region: 'us-east-1' });

function chart(): Chart {
  return new Chart(Testing.app(), 'c', { namespace: 'app' });
}

/** The message of the error `fn` throws, without the wrapping cdk8s adds at synth. */
function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    const message = (e as Error).message;
    const wrapped = /^Failed serializing construct at path '[^']*' with name '[^']*': Error: ([\s\S]*)$/.exec(message);
    return wrapped ? wrapped[1] : message;
  }
  throw new Error('expected an error, none was thrown');
}

function regex(pattern: string): GoRegex {
  const c = compileGoRegex(pattern);
  if (!c.ok) {
    throw new Error(c.error);
  }
  return c.regex;
}

const FIELD = 'dataFrom[0].find.nameRegexp';

describe('regular expressions are checked as go compiles them', () => {
  test.each([
    ['a negative lookahead', '^(?!tmp-).*',
      'invalid or unsupported Perl syntax: `(?!`); go regular expressions (RE2) have no lookahead or lookbehind: match the wanted names directly, e.g. "^app-[a-z]+$" rather than "^(?!tmp-)"'],
    ['a lookahead', 'app-(?=prod)',
      'invalid or unsupported Perl syntax: `(?=`); go regular expressions (RE2) have no lookahead or lookbehind: match the wanted names directly, e.g. "^app-[a-z]+$" rather than "^(?!tmp-)"'],
    ['a lookbehind', '(?<=team-)db',
      'invalid named capture: `(?<=team-)db`); go regular expressions (RE2) have no lookahead or lookbehind: match the wanted names directly, e.g. "^app-[a-z]+$" rather than "^(?!tmp-)"'],
    ['a backreference', '(a)\\1',
      'invalid escape sequence: `\\1`); go regular expressions (RE2) have no backreferences; match the repeated text explicitly'],
    ['a named backreference', '(?P<n>a)(?P=n)',
      'invalid or unsupported Perl syntax: `(?P`); go regular expressions (RE2) have no backreferences such as (?P=name); match the repeated text explicitly'],
    ['a \\k backreference', '(?<n>a)\\k<n>',
      'invalid escape sequence: `\\k`); go regular expressions (RE2) have no backreferences such as \\k<name>; match the repeated text explicitly'],
    ['a possessive quantifier', '^[a-z]++$',
      'invalid nested repetition operator: `++`); go regular expressions (RE2) have no possessive quantifiers; write "+" instead of "++"'],
    ['a doubled quantifier', 'a**',
      'invalid nested repetition operator: `**`); a quantifier cannot follow another; keep one of those in "**", or group what is repeated, e.g. "(?:ab*)*"'],
    ['an atomic group', '(?>abc)',
      'invalid or unsupported Perl syntax: `(?>`); go regular expressions (RE2) have no atomic groups; use a plain group (?:...)'],
    ['the extended flag', '(?x) a b',
      'invalid or unsupported Perl syntax: `(?x`); go supports only the flags i, m, s and U, as (?flags) or (?flags:...), and no comments or other (?... forms; see https://github.com/google/re2/wiki/Syntax'],
    ['a glob', '*-prod',
      'missing argument to repetition operator: `*`); a regular expression is not a glob: "*" repeats what comes before it; use ".*" for any text, e.g. "^.*-prod$"'],
    ['a glob with a dot', '*.json',
      'missing argument to repetition operator: `*`); a regular expression is not a glob: "*" repeats what comes before it; use ".*" for any text, e.g. "^.*\\\\.json$"'],
    ['an unclosed class', 'team-[a',
      'missing closing ]: `[a`); close the character class with "]", or escape a literal "[" as "\\\\["'],
    ['an unclosed group', '(team',
      'missing closing ): `(team`); close the group with ")", or escape a literal "(" as "\\\\("'],
    ['an unmatched parenthesis', 'team)',
      'unexpected ): `team)`); remove the unmatched ")", or escape a literal ")" as "\\\\)"'],
    ['a repeat count over 1000', 'a{1001}',
      'invalid repeat count: `{1001}`); go allows repeat counts {n,m} up to 1000, with n <= m (and no more than 1000 in total when repeats nest)'],
    ['\\Z', 'db\\Z',
      'invalid escape sequence: `\\Z`); go has no \\Z; use \\z (end of text) or $'],
    ['a javascript \\u escape', '\\u0041',
      'invalid escape sequence: `\\u`); write a unicode character as \\x{0041} (or the character itself), not \\u0041'],
    ['an escape go does not have', '\\h+',
      'invalid escape sequence: `\\h`); go has no \\h escape; escape only punctuation, or use \\d, \\w, \\s, \\b, \\pL, \\x{...} (see https://github.com/google/re2/wiki/Syntax)'],
    ['a reversed range', '[z-a]',
      'invalid character class range: `z-a`); put the lower end of the range first, or escape a literal "-" as "\\\\-"'],
    ['an unknown posix class', '[[:foo:]]',
      'invalid character class range: `[:foo:]`); use a posix class go knows: [:alnum:], [:alpha:], [:ascii:], [:blank:], [:cntrl:], [:digit:], [:graph:], [:lower:], [:print:], [:punct:], [:space:], [:upper:], [:word:] or [:xdigit:]'],
    ['a multi-word script (go does not find those)', '\\p{Old_Italic}',
      'invalid character class range: `\\p{Old_Italic}`); go knows the unicode categories and the scripts of unicode 15.0 with one-word names (not e.g. Old_Italic, nor properties such as White_Space); use one of those (\\pL, \\p{Lu}, \\p{Greek}) or a range such as [\\x{10300}-\\x{1032f}]'],
    ['a script newer than go\'s tables', '\\p{Garay}',
      'invalid character class range: `\\p{Garay}`); go knows the unicode categories and the scripts of unicode 15.0 with one-word names (not e.g. Old_Italic, nor properties such as White_Space); use one of those (\\pL, \\p{Lu}, \\p{Greek}) or a range such as [\\x{10300}-\\x{1032f}]'],
    ['a bad group name', '(?P<a-b>x)',
      'invalid named capture: `(?P<a-b>`); name a group (?P<name>...) or (?<name>...) with letters, digits and _'],
    ['an unknown flag', '(?u)a',
      'invalid or unsupported Perl syntax: `(?u`); go supports only the flags i, m, s and U, as (?flags) or (?flags:...), and no comments or other (?... forms; see https://github.com/google/re2/wiki/Syntax'],
  ])('refuses %s', (_what, pattern, rest) => {
    expect(errorOf(() => checkRegex('c/es', FIELD, pattern))).toBe(`c/es: ${FIELD} ${JSON.stringify(pattern)} is not a go regular expression (${rest}`);
  });

  test('refuses nesting deeper than go allows, quoting the pattern short', () => {
    const pattern = `${'('.repeat(1001)}a${')'.repeat(1001)}`;
    expect(errorOf(() => checkRegex('c/es', FIELD, pattern))).toBe(
      `c/es: ${FIELD} "${'('.repeat(76)}..." is not a go regular expression (expression nests too deeply: \`${'('.repeat(57)}...\`); simplify the pattern`,
    );
  });

  test.each([
    ['case-insensitive', '(?i)^prod-'],
    ['a python-style named group', '(?P<env>[a-z]+)-db'],
    ['a named group without P (go 1.22)', '(?<env>[a-z]+)-db'],
    ['dot matching newlines', '(?s)a.b'],
    ['a unicode class', '^\\pL+$'],
    ['a unicode class named in lower case', '\\p{greek}'],
    ['a category by its long name', '\\p{Lowercase_Letter}'],
    ['a shorthand class before a dash', '[\\d-z]'],
    ['one name for two groups', '^(?P<env>prod)-db$|^(?P<env>dev)-db$'],
    ['a slash then a star (a repeated slash, not a glob)', '/prod/*'],
    ['{,3} (a literal in go)', 'a{,3}'],
    ['an escaped slash', '\\/prod\\/'],
    ['a double-escaped \\d (a literal backslash)', '^\\\\d+$'],
    ['an octal escape', '(a)\\12'],
    ['\\Q...\\E', '\\Qa.b\\E'],
    ['the empty pattern', ''],
    ['a posix class', '[[:alpha:]]+'],
    ['1000 repeats', 'a{1000}'],
  ])('accepts %s', (_what, pattern) => {
    expect(() => checkRegex('c/es', FIELD, pattern)).not.toThrow();
  });

  test('the groups of a pattern are go\'s, also for one name used twice', () => {
    const re = regex('^(?P<env>prod)-(x)$|^(?P<env>dev)-(y)$');
    expect(re.groupCount).toBe(4);
    expect(re.groupNames).toEqual(['', 'env', '', 'env', '']);
  });

  test('the constructs refuse a pattern go refuses', () => {
    expect(errorOf(() => {
      const c = chart();
      const s = new SecretStore(c, 's', { provider: sm() });
      new ExternalSecret(c, 'es', { store: s, dataFrom: [s.find({ nameRegexp: '^(?!tmp-)' })] });
      Testing.synth(c);
    })).toBe('c/es: dataFrom[0].find.nameRegexp "^(?!tmp-)" is not a go regular expression (invalid or unsupported Perl syntax: `(?!`); go regular expressions (RE2) have no lookahead or lookbehind: match the wanted names directly, e.g. "^app-[a-z]+$" rather than "^(?!tmp-)"');
    expect(errorOf(() => {
      const c = chart();
      new ClusterSecretStore(c, 's', { provider: sm(), conditions: [{ namespaceRegexes: ['^team-(?=a)'] }] });
      Testing.synth(c);
    })).toBe('c/s: conditions[0].namespaceRegexes "^team-(?=a)" is not a go regular expression (invalid or unsupported Perl syntax: `(?=`); go regular expressions (RE2) have no lookahead or lookbehind: match the wanted names directly, e.g. "^app-[a-z]+$" rather than "^(?!tmp-)"');
    expect(errorOf(() => {
      const c = chart();
      const s = new SecretStore(c, 's', { provider: sm() });
      new ExternalSecret(c, 'es', { store: s, dataFrom: [DataFrom.extract(s.ref('/a'), { rewrite: [Rewrite.regexp('(a)\\1', '')] })] });
      Testing.synth(c);
    })).toBe('c/es: dataFrom[0].rewrite[0].regexp.source "(a)\\\\1" is not a go regular expression (invalid escape sequence: `\\1`); go regular expressions (RE2) have no backreferences; match the repeated text explicitly');
  });
});

describe('namespace conditions match as go does', () => {
  test.each([
    [['(?i)^TEAM-'], 'team-a', true],
    [['^team-\\d+$'], 'team-12', true],
    [['^\\pL+$'], 'équipe', true],
    [['^(?P<t>team)-a$'], 'team-a', true],
    [['^team-(a|b)$'], 'team-c', false],
    // A pattern go refuses matches nothing (the store itself is refused for it).
    [['^(?!kube-)'], 'team-a', false],
  ])('%j and namespace %p -> %p', (namespaceRegexes, ns, expected) => {
    expect(namespaceAllowed([{ namespaceRegexes }], ns)).toBe(expected);
  });

  test('goRegexMatches finds the pattern anywhere, as MatchString', () => {
    expect(goRegexMatches('team', 'my-team-1')).toBe(true);
    expect(goRegexMatches('^team', 'my-team-1')).toBe(false);
    expect(goRegexMatches('(?=x)', 'x')).toBeUndefined();
  });
});

describe('rewrite targets are expanded as ReplaceAllString', () => {
  const TARGET = 'dataFrom[0].rewrite[0].regexp.target';
  test.each([
    ['$1_x: the group named "1_x"', '^(.*)$', '$1_x',
      '"$1_x" refers to the group named "1_x" with "$1_x", but the source has only group 1, so go expands it to nothing; use ${1}_x to put group 1 before "_x"'],
    ['$1x', '^(.*)$', 'prefix-$1x',
      '"prefix-$1x" refers to the group named "1x" with "$1x", but the source has only group 1, so go expands it to nothing; use ${1}x to put group 1 before "x"'],
    ['$name_v', '^(?P<name>.*)$', '$name_v',
      '"$name_v" refers to the group named "name_v" with "$name_v", but the source has only group 1 (named "name"), so go expands it to nothing; use ${name}_v to put the group "name" before "_v"'],
    ['a group number beyond the source\'s', '^(a)(b)$', '$2-$3',
      '"$2-$3" refers to group 3 with "$3", but the source has groups 1 to 2, so go expands it to nothing; refer to an existing group, or write a literal "$" as "$$"'],
    ['$10 with one group', '^(a)$', '$10',
      '"$10" refers to group 10 with "$10", but the source has only group 1, so go expands it to nothing; use ${1}0 to put group 1 before "0"'],
    ['a leading zero', '^(a)$', '$01',
      '"$01" refers to the group named "01" with "$01", but the source has only group 1, so go expands it to nothing; use ${1} (group numbers have no leading zeros)'],
    ['a group in a source without groups', '^prod-', '$1',
      '"$1" refers to group 1 with "$1", but the source has no groups, so go expands it to nothing; add a group (...) to the source, or write a literal "$" as "$$"'],
    ['a name the source does not have', '^(?P<env>[a-z]+)-(.*)$', '${nme}/$2',
      '"${nme}/$2" refers to the group named "nme" with "${nme}", but the source has groups 1 to 2 (named "env"), so go expands it to nothing; refer to an existing group, or write a literal "$" as "$$"'],
  ])('refuses %s', (_what, source, target, rest) => {
    expect(errorOf(() => checkReplacementTemplate('c/es', TARGET, source, target))).toBe(`c/es: ${TARGET} ${rest}`);
  });

  test.each([
    ['${1}_x', '^(.*)$', '${1}_x'],
    ['$1-x (a dash ends the name)', '^(.*)$', '$1-x'],
    ['$1.x (a dot ends the name)', '^(.*)$', '$1.x'],
    ['$$ (a literal dollar)', '^(a)$', '$$1'],
    ['a trailing dollar (literal)', '^(a)$', 'x$'],
    ['$0 (the whole match)', 'db', '[$0]'],
    ['a named group', '^(?P<env>[a-z]+)/(.*)$', '${env}-$2'],
    ['one name for two groups', '^(?P<env>prod)-(.*)$|^(?P<env>dev)-(.*)$', '${env}'],
    ['a digit-first group name', '^(?P<1x>a)$', '$1x'],
    ['an empty target', '^path/to/', ''],
  ])('accepts %s', (_what, source, target) => {
    expect(() => checkReplacementTemplate('c/es', TARGET, source, target)).not.toThrow();
  });

  test.each([
    ['^(.*)$', '$1_x', 'db', ''],
    ['^(.*)$', '${1}_x', 'db', 'db_x'],
    ['b*', '-', 'abc', '-a-c-'],
    ['^(?P<env>prod)-(.*)$|^(?P<env>dev)-(.*)$', '${env}/$2$4', 'dev-db', 'dev/db'],
    ['(a)|(b)', '[$1][$2]', 'b', '[][b]'],
    ['(.)', '<$1>', 'hé', '<h><é>'],
    ['^a', '-', 'aaa', '-aa'],
  ])('%p with %p rewrites %p to %p', (source, target, key, out) => {
    expect(goReplaceAll(regex(source), key, target)).toBe(out);
  });

  test('the construct refuses a target naming a missing group', () => {
    expect(errorOf(() => {
      const c = chart();
      const s = new SecretStore(c, 's', { provider: sm() });
      new ExternalSecret(c, 'es', { store: s, dataFrom: [s.find({ path: '/a', rewrite: [Rewrite.regexp('^/a/(.*)$', '$1_prod')] })] });
      Testing.synth(c);
    })).toBe('c/es: dataFrom[0].rewrite[0].regexp.target "$1_prod" refers to the group named "1_prod" with "$1_prod", but the source has only group 1, so go expands it to nothing; use ${1}_prod to put group 1 before "_prod"');
  });

  test('the construct renders a valid rewrite as given', () => {
    const c = chart();
    const s = new SecretStore(c, 's', { provider: sm() });
    new ExternalSecret(c, 'es', { store: s, dataFrom: [s.find({ path: '/a', rewrite: [Rewrite.regexp('^/a/(.*)$', '${1}_prod')] })] });
    const es = Testing.synth(c).find((o) => o.kind === 'ExternalSecret');
    expect(es.spec.dataFrom[0].rewrite).toEqual([{ regexp: { source: '^/a/(.*)$', target: '${1}_prod' } }]);
  });
});

describe('durations are parsed as time.ParseDuration, bounded by time.Duration', () => {
  test.each([
    ['1d', 'is not a go duration (unknown unit "d"); go durations have no days or weeks; use hours: "24h"'],
    ['7d', 'is not a go duration (unknown unit "d"); go durations have no days or weeks; use hours: "168h"'],
    ['1.5d', 'is not a go duration (unknown unit "d"); go durations have no days or weeks; use hours: "36h"'],
    ['2w', 'is not a go duration (unknown unit "w"); go durations have no days or weeks; use hours: "336h"'],
    ['30 s', 'is not a go duration (unknown unit " s"); write it without spaces and with go\'s units: "30s"'],
    ['1h 30m', 'is not a go duration (unknown unit "h "); write it without spaces and with go\'s units: "1h30m"'],
    [' 1h', 'is not a go duration (invalid duration); write it without spaces and with go\'s units: "1h"'],
    ['1 hour', 'is not a go duration (unknown unit " hour"); write it without spaces and with go\'s units: "1h"'],
    ['1h30', 'is not a go duration (missing unit); give every number a unit: "1h30m"'],
    ['90', 'is not a go duration (missing unit); give every number a unit: "90s"'],
    ['1H', 'is not a go duration (unknown unit "H"); use "1h" (units: ns, us, ms, s, m, h)'],
    ['5min', 'is not a go duration (unknown unit "min"); use "5m" (units: ns, us, ms, s, m, h)'],
    ['30sec', 'is not a go duration (unknown unit "sec"); use "30s" (units: ns, us, ms, s, m, h)'],
    ['1,5s', 'is not a go duration (unknown unit ","); use "1.5s" (units: ns, us, ms, s, m, h)'],
    ['1e3s', 'is not a go duration (unknown unit "e"); use a number and unit such as "90s", "5m" or "1h30m" (units: ns, us, ms, s, m, h)'],
    ['PT1H', 'is not a go duration (invalid duration); use a number and unit such as "90s", "5m" or "1h30m" (units: ns, us, ms, s, m, h)'],
    ['', 'is not a go duration (invalid duration); use a number and unit such as "90s", "5m" or "1h30m" (units: ns, us, ms, s, m, h)'],
    ['2562048h', `is longer than a go duration can be (at most ${MAX_GO_DURATION}, about 292 years); use a shorter duration`],
    ['2562047h47m16.854775808s', 'is longer than a go duration can be (at most 2562047h47m16.854775807s, about 292 years); use a shorter duration'],
    ['9223372036854775808ns', 'is longer than a go duration can be (at most 2562047h47m16.854775807s, about 292 years); use a shorter duration'],
    ['-5m', 'is negative; use a duration of 0s or more'],
  ])('refuses %p', (text, rest) => {
    expect(errorOf(() => GoDuration.parse(text, 'app/es', 'refreshInterval'))).toBe(`app/es: refreshInterval ${JSON.stringify(text)} ${rest}`);
  });

  test.each([
    ['+1h', 3_600_000_000_000n, '1h'],
    ['-0', 0n, '0s'],
    ['.5s', 500_000_000n, '500ms'],
    ['1.s', 1_000_000_000n, '1s'],
    ['1m1h', 3_660_000_000_000n, '1h1m'],
    ['1.5us', 1_500n, '1.5us'],
    ['1µs', 1_000n, '1us'],
    ['0.6ns', 0n, '0s'],
    ['2562047h47m16.854775807s', (2n ** 63n) - 1n, '2562047h47m16.854775807s'],
    ['9223372036854775807ns', (2n ** 63n) - 1n, '2562047h47m16.854775807s'],
  ])('accepts %p as %p nanoseconds, rendered %p', (text, ns, rendered) => {
    const d = GoDuration.parse(text);
    expect(d.nanoseconds).toBe(ns);
    expect(d.toString()).toBe(rendered);
  });

  test('parseGoDuration reports go\'s error text', () => {
    expect(parseGoDuration('1d')).toEqual({ ok: false, error: 'time: unknown unit "d" in duration "1d"', problem: 'unknown unit', unit: 'd' });
    expect(parseGoDuration('1µd')).toMatchObject({ error: 'time: unknown unit "\\xc2\\xb5d" in duration "1\\xc2\\xb5d"' });
    expect(parseGoDuration('-5m')).toEqual({ ok: true, nanoseconds: -300_000_000_000n });
  });

  test('milliseconds are bounded by go\'s maximum too', () => {
    expect(GoDuration.fromMilliseconds(9_223_372_036_854).toString()).toBe('2562047h47m16.854s');
    expect(errorOf(() => GoDuration.fromMilliseconds(9_223_372_036_855, 'c/es', 'refreshInterval'))).toBe(
      'c/es: refreshInterval 9223372036855ms is longer than a go duration can be (at most 2562047h47m16.854775807s, about 292 years); use a shorter duration',
    );
  });

  test('a cdk8s duration beyond go\'s maximum is refused by the construct', () => {
    expect(errorOf(() => {
      const c = chart();
      const s = new SecretStore(c, 's', { provider: sm() });
      new ExternalSecret(c, 'es', { store: s, refreshInterval: Duration.days(200_000), data: { A: s.ref('a') } });
      Testing.synth(c);
    })).toBe('c/es: refreshInterval 17280000000000ms is longer than a go duration can be (at most 2562047h47m16.854775807s, about 292 years); use a shorter duration');
  });
});

describe('rewritten keys must be Secret keys: eso converts keys only without a rewrite', () => {
  /** The message an ExternalSecret with this find is refused with, or undefined. */
  function findRefused(store: 'sm' | 'ps', find: { path: string; rewrite: Rewrite[]; conversionStrategy?: ConversionStrategy; nameRegexp?: string }): string | undefined {
    const c = chart();
    const provider = store === 'sm' ? sm() : SecretStoreProvider.awsParameterStore({ region: 'eu-west-1' });
    const s = new SecretStore(c, 's', { provider });
    try {
      new ExternalSecret(c, 'es', { store: s, dataFrom: [s.find(find)] });
      Testing.synth(c);
      return undefined;
    } catch (e) {
      return esokitMessage((e as Error).message);
    }
  }

  test.each<[string, 'sm' | 'ps', string, Rewrite[], string]>([
    ['a rewrite that strips only part of the path (the rest keeps its "/")', 'sm', '/prod/app/', [Rewrite.regexp('^/prod/(.*)$', '$1')],
      'c/es: dataFrom[0].rewrite turns a key such as "/prod/app/db-password" into "app/db-password", which is not a Secret key (it has "/"); eso converts keys only when there is no rewrite, so it fails the sync ("key has invalid character"); make the rewrite remove the whole path, e.g. Rewrite.regexp("^.*/", "") or Rewrite.regexp("/", "_")'],
    ['a prefix added to parameter store names', 'ps', '/prod', [Rewrite.regexp('^', 'app_')],
      'c/es: dataFrom[0].rewrite turns a key such as "/prod/db-password" into "app_/prod/db-password", which is not a Secret key (it has "/"); eso converts keys only when there is no rewrite, so it fails the sync ("key has invalid character"); make the rewrite remove the whole path, e.g. Rewrite.regexp("^.*/", "") or Rewrite.regexp("/", "_")'],
    ['an unclosed ${ in the target (go keeps it as text)', 'sm', '/prod/', [Rewrite.regexp('^/prod/(.*)$', '${1')],
      'c/es: dataFrom[0].rewrite[0].regexp.target "${1" writes "$" into the keys it rewrites, and a Secret key holds only letters, digits, \'-\', \'_\' and \'.\' (eso fails the sync: "key has invalid character"); go keeps a "$" that starts no $name, ${name} or $$ as text: close the brace or name a group (e.g. "${1}")'],
    ['$- (no group name follows)', 'sm', '/prod/', [Rewrite.regexp('^/prod/(.*)$', 'x$-$1')],
      'c/es: dataFrom[0].rewrite[0].regexp.target "x$-$1" writes "$" into the keys it rewrites, and a Secret key holds only letters, digits, \'-\', \'_\' and \'.\' (eso fails the sync: "key has invalid character"); go keeps a "$" that starts no $name, ${name} or $$ as text: close the brace or name a group (e.g. "${1}")'],
    ['a slash in the target', 'sm', '/prod/', [Rewrite.regexp('^/prod/(.*)$', 'prod/${1}')],
      'c/es: dataFrom[0].rewrite[0].regexp.target "prod/${1}" writes "/" into the keys it rewrites, and a Secret key holds only letters, digits, \'-\', \'_\' and \'.\' (eso fails the sync: "key has invalid character"); use "_", "-" or "." instead'],
  ])('refuses %s', (_what, store, path, rewrite, message) => {
    expect(findRefused(store, { path, rewrite })).toBe(message);
  });

  test('accepts a rewrite for the names the find\'s pattern selects (external-secrets#2886)', () => {
    expect(findRefused('ps', { path: '/aaa/', nameRegexp: 'eks', rewrite: [Rewrite.regexp('/aaa/eks/(.*)', '$1')] })).toBeUndefined();
  });

  test('refuses conversionStrategy Unicode with a rewrite (it has no effect)', () => {
    expect(findRefused('sm', { path: '/prod/', rewrite: [Rewrite.regexp('^/prod/', '')], conversionStrategy: ConversionStrategy.UNICODE })).toBe(
      'c/es: dataFrom[0].find.conversionStrategy "Unicode" has no effect: eso converts keys only when there is no rewrite; drop the rewrite, or make the rewrite produce valid keys itself (e.g. Rewrite.regexp("[^a-zA-Z0-9._-]", "_"))');
  });

  test.each<[string, 'sm' | 'ps', string, Rewrite[]]>([
    ['the whole path stripped', 'sm', '/prod/app/', [Rewrite.regexp('^/prod/app/', '')]],
    ['slashes replaced', 'ps', '/prod/app', [Rewrite.regexp('/', '_')]],
    ['a folder-like path without its slash', 'sm', '/prod', [Rewrite.regexp('^/prod/(.*)$', '${1}')]],
    ['a name prefix that is no folder', 'sm', 'myapp', [Rewrite.regexp('^myapp-(.*)$', '${1}')]],
    ['a "$" that a later rewrite removes', 'sm', '/prod/', [Rewrite.regexp('^/prod/(.*)$', '$$${1}'), Rewrite.regexp('^\\$', '')]],
    ['a transform (not simulated)', 'sm', '/prod/', [Rewrite.transform('{{ .value | lower }}')]],
  ])('accepts %s', (_what, store, path, rewrite) => {
    expect(findRefused(store, { path, rewrite })).toBeUndefined();
  });
});

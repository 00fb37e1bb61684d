/**
 * Regular expressions the way ESO's Go code sees them (Go's `regexp`, RE2 syntax), never with
 * JavaScript's `RegExp`, which accepts lookarounds and backreferences Go refuses and refuses
 * patterns Go accepts. The engine is re2js, a port of RE2 whose parser follows Go's
 * `regexp/syntax` (same syntax, same error texts); where the two differ (\p class names, one name
 * for several groups, a few error excerpts) the pattern or the error is adjusted to Go's reading.
 * test/go-semantics holds all of it against Go itself.
 */
import { RE2JS } from 're2js';
import { fail, quote } from './errors';

/** A pattern compiled with Go's semantics. */
export interface GoRegex {
  /** The pattern as written. */
  readonly pattern: string;
  /** The number of capturing groups (Go's `NumSubexp`). */
  readonly groupCount: number;
  /** The name of each group, index 0 being the whole match (Go's `SubexpNames`; "" if unnamed). */
  readonly groupNames: readonly string[];
  /** @internal */
  readonly re: RE2JS;
}

/** The outcome of compiling a pattern: the regexp, or Go's error text. */
type Compiled = { ok: true; regex: GoRegex } | { ok: false; error: string };

const CACHE = new Map<string, Compiled>();
const CACHE_SIZE = 512;

/**
 * Compiles `pattern` as Go's `regexp.Compile` does; the error, when there is one, is Go's
 * `err.Error()` ("error parsing regexp: <code>: `<expr>`").
 */
export function compileGoRegex(pattern: string): Compiled {
  const cached = CACHE.get(pattern);
  if (cached) {
    return cached;
  }
  const compiled = compile(pattern);
  if (CACHE.size >= CACHE_SIZE) {
    CACHE.delete(CACHE.keys().next().value!);
  }
  CACHE.set(pattern, compiled);
  return compiled;
}

function compile(pattern: string): Compiled {
  const classes = goUnicodeClasses(pattern);
  let error: string;
  let renamed: Renamed | undefined;
  try {
    return { ok: true, regex: build(pattern, RE2JS.compile(classes.pattern), new Map()) };
  } catch (e) {
    error = (e as Error).message;
    // Go's parser allows several groups with one name (regexp/syntax/parse.go, parsePerlFlags has
    // no duplicate check); RE2's does not. Compile with the repeats renamed, keeping Go's names.
    if (error.startsWith('error parsing regexp: duplicate capture group name')) {
      renamed = renameDuplicateGroups(classes.pattern);
    }
  }
  if (renamed) {
    try {
      return { ok: true, regex: build(pattern, RE2JS.compile(renamed.pattern), renamed.original) };
    } catch (e) {
      error = (e as Error).message;
    }
  }
  return { ok: false, error: asGoError(pattern, classes, renamed, error) };
}

/** A stretch of a pattern written differently for re2js: [from, to) became [nfrom, nto). */
interface Swap {
  readonly from: number;
  readonly to: number;
  readonly nfrom: number;
  readonly nto: number;
  /** How many leading characters the two spellings share. */
  readonly same: number;
}

/** The offset before the swaps of an offset after them (`end`: of a stretch's end). */
function mapBack(swaps: readonly Swap[], at: number, end: boolean): number {
  let shift = 0;
  for (const s of swaps) {
    if (at < s.nfrom) {
      break;
    }
    if (at < s.nto) {
      const k = at - s.nfrom;
      return k <= s.same ? s.from + k : end ? s.to : s.from;
    }
    if (at === s.nto) {
      return s.to;
    }
    shift = s.to - s.nto;
  }
  return at + shift;
}

/**
 * re2js's error, about the pattern as re2js was given it (class names spelled out, repeated
 * group names renamed), as Go words it for the pattern as written.
 */
function asGoError(pattern: string, classes: UnicodeClasses, renamed: Renamed | undefined, error: string): string {
  const code = /^error parsing regexp: ([^:`]+)(?:: `(.*)`)?$/s.exec(error);
  if (!code) {
    return error;
  }
  const [, what, excerpt] = code;
  if (excerpt === undefined) {
    // Go names the whole pattern for its size limits (regexp/syntax/parse.go, parse), and quotes
    // nothing after a trailing backslash.
    if (what === 'expression nests too deeply' || what === 'expression too large') {
      return `${error}: \`${pattern}\``;
    }
    return what === 'trailing backslash at end of expression' ? `${error}: \`\`` : error;
  }
  // The excerpt is the text at the error (first occurrence), what follows it or the whole pattern.
  const given = renamed?.pattern ?? classes.pattern;
  const found = given.endsWith(excerpt) ? given.lastIndexOf(excerpt) : given.indexOf(excerpt);
  let start = found;
  let stop = found + excerpt.length;
  if (renamed) {
    [start, stop] = [mapBack(renamed.swaps, start, false), mapBack(renamed.swaps, stop, true)];
  }
  const snippet = found < 0 ? excerpt : pattern.slice(mapBack(classes.swaps, start, false), mapBack(classes.swaps, stop, true));
  // Go reads "(?<" and "(?P<" at the very end as flags, not as a group name (parsePerlFlags).
  if (what === 'invalid named capture' && (snippet === '(?<' || snippet === '(?P<')) {
    return `error parsing regexp: invalid or unsupported Perl syntax: \`${snippet.slice(0, 3)}\``;
  }
  return `error parsing regexp: ${what}: \`${snippet}\``;
}

/**
 * The \p{...} / \pX names Go 1.26 knows (Unicode 15.0.0), in the canonical form its parser looks
 * them up by (regexp/syntax/parse.go, canonicalName and unicodeTable), with the table each one is:
 * categories and their aliases, one-word scripts, Any, Assigned and ASCII. re2js knows more (newer
 * scripts, binary properties such as White_Space) and looks names up exactly; Go refuses scripts
 * with multi-word names (Old_Italic) as its canonical form drops the "_".
 */
const GO_UNICODE_TABLES: ReadonlyMap<string, string> = new Map((
  'Adlam Ahom Any Arabic Armenian Ascii Assigned Avestan Balinese Bamum Batak Bengali Bhaiksuki '
  + 'Bopomofo Brahmi Braille Buginese Buhid C Carian Casedletter=Lc Cc Cf Chakma Cham Cherokee '
  + 'Chorasmian Closepunctuation=Pe Cn Cntrl=Cc Co Combiningmark=M Common Connectorpunctuation=Pc '
  + 'Control=Cc Coptic Cs Cuneiform Currencysymbol=Sc Cypriot Cyrillic Dashpunctuation=Pd '
  + 'Decimalnumber=Nd Deseret Devanagari Digit=Nd Dogra Duployan Elbasan Elymaic Enclosingmark=Me '
  + 'Ethiopic Finalpunctuation=Pf Format=Cf Georgian Glagolitic Gothic Grantha Greek Gujarati '
  + 'Gurmukhi Han Hangul Hanunoo Hatran Hebrew Hiragana Inherited Initialpunctuation=Pi Javanese '
  + 'Kaithi Kannada Katakana Kawi Kharoshthi Khmer Khojki Khudawadi L Lao Latin Lc Lepcha Letter=L '
  + 'Letternumber=Nl Limbu Lineseparator=Zl Lisu Ll Lm Lo Lowercaseletter=Ll Lt Lu Lycian Lydian M '
  + 'Mahajani Makasar Malayalam Mandaic Manichaean Marchen Mark=M Mathsymbol=Sm Mc Me Medefaidrin '
  + 'Miao Mn Modi Modifierletter=Lm Modifiersymbol=Sk Mongolian Mro Multani Myanmar N Nabataean '
  + 'Nandinagari Nd Newa Nko Nl No Nonspacingmark=Mn Number=N Nushu Ogham Openpunctuation=Ps Oriya '
  + 'Osage Osmanya Other=C Otherletter=Lo Othernumber=No Otherpunctuation=Po Othersymbol=So P '
  + 'Palmyrene Paragraphseparator=Zp Pc Pd Pe Pf Phoenician Pi Po Privateuse=Co Ps Punct=P '
  + 'Punctuation=P Rejang Runic S Samaritan Saurashtra Sc Separator=Z Sharada Shavian Siddham '
  + 'Sinhala Sk Sm So Sogdian Soyombo Spaceseparator=Zs Spacingmark=Mc Sundanese Surrogate=Cs '
  + 'Symbol=S Syriac Tagalog Tagbanwa Takri Tamil Tangsa Tangut Telugu Thaana Thai Tibetan '
  + 'Tifinagh Tirhuta Titlecaseletter=Lt Toto Ugaritic Unassigned=Cn Uppercaseletter=Lu Vai '
  + 'Vithkuqi Wancho Yezidi Yi Z Zl Zp Zs'
).split(' ').map((entry) => {
  const [name, table] = entry.split('=');
  return [name, table ?? name];
}));

/** The canonical names of the \p{...} classes Go knows. */
export const GO_UNICODE_CLASSES: ReadonlySet<string> = new Set(GO_UNICODE_TABLES.keys());

/** Go's canonicalName: "_", "-" and " " dropped, an ASCII first letter upper case, the rest lower. */
function canonicalClassName(name: string): string {
  let out = '';
  let first = true;
  for (const c of name) {
    if (c === '_' || c === '-' || c === ' ') {
      continue;
    }
    out += first ? c.replace(/^[a-z]$/, (l) => l.toUpperCase()) : c.replace(/^[A-Z]$/, (u) => u.toLowerCase());
    first = false;
  }
  return out;
}

/** A pattern with its \p classes spelled the way re2js looks them up. */
interface UnicodeClasses {
  /**
   * The pattern with every class Go knows named by its table (`\p{greek}` → `\p{Greek}`) and
   * every class it does not know as `\p{0}`, `\p{1}`..., which re2js refuses where Go refuses it.
   */
  readonly pattern: string;
  /** Where `pattern` differs from the pattern as written. */
  readonly swaps: readonly Swap[];
}

/** Go's reading of the \p / \P classes of a pattern (outside \Q...\E; parseUnicodeClass). */
function goUnicodeClasses(pattern: string): UnicodeClasses {
  const swaps: Swap[] = [];
  let unknown = 0;
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const slash = pattern.indexOf('\\', i);
    if (slash < 0 || slash + 1 >= pattern.length) {
      break;
    }
    const c = pattern[slash + 1];
    let next = slash + 2;
    if (c === 'Q') {
      const close = pattern.indexOf('\\E', slash + 2);
      next = close < 0 ? pattern.length : close + 2;
    } else if ((c === 'p' || c === 'P') && slash + 2 < pattern.length) {
      let name: string;
      if (pattern[slash + 2] === '{') {
        const close = pattern.indexOf('}', slash + 2);
        if (close < 0) {
          break;
        }
        name = pattern.slice(slash + 3, close);
        next = close + 1;
      } else {
        name = String.fromCodePoint(pattern.codePointAt(slash + 2)!);
        next = slash + 2 + name.length;
      }
      const negated = name.startsWith('^');
      const table = GO_UNICODE_TABLES.get(canonicalClassName(negated ? name.slice(1) : name));
      const spelled = table === undefined ? `\\${c}{${unknown}}` : `\\${c}{${negated ? '^' : ''}${table}}`;
      unknown += table === undefined ? 1 : 0;
      if (spelled !== pattern.slice(slash, next)) {
        out += pattern.slice(i, slash);
        swaps.push({ from: slash, to: next, nfrom: out.length, nto: out.length + spelled.length, same: 2 });
        out += spelled;
        i = next;
        continue;
      }
    }
    out += pattern.slice(i, next);
    i = next;
  }
  out += pattern.slice(i);
  return { pattern: out, swaps };
}

function build(pattern: string, re: RE2JS, original: Map<string, string>): GoRegex {
  const groupCount = re.groupCount();
  const groupNames = new Array<string>(groupCount + 1).fill('');
  for (const [name, index] of Object.entries(re.namedGroups())) {
    groupNames[index] = original.get(name) ?? name;
  }
  return { pattern, groupCount, groupNames, re };
}

/** A pattern with its repeated group names made unique. */
interface Renamed {
  readonly pattern: string;
  /** The unique name → Go's name. */
  readonly original: Map<string, string>;
  readonly swaps: readonly Swap[];
}

/**
 * The pattern with every repeated group name made unique, or undefined when it has no repeated
 * names outside classes and quotes.
 */
function renameDuplicateGroups(pattern: string): Renamed | undefined {
  const names = namedGroupsIn(pattern);
  const taken = new Set(names.map((n) => n.name));
  const seen = new Set<string>();
  const original = new Map<string, string>();
  const swaps: Swap[] = [];
  let out = '';
  let last = 0;
  for (const g of names) {
    if (!seen.has(g.name)) {
      seen.add(g.name);
      continue;
    }
    let unique = '';
    for (let i = 2; unique === '' || taken.has(unique); i++) {
      unique = `${g.name}_${i}`;
    }
    taken.add(unique);
    original.set(unique, g.name);
    out += pattern.slice(last, g.at);
    swaps.push({ from: g.at, to: g.at + g.name.length, nfrom: out.length, nto: out.length + unique.length, same: g.name.length });
    out += unique;
    last = g.at + g.name.length;
  }
  return original.size ? { pattern: out + pattern.slice(last), original, swaps } : undefined;
}

/** Where each `(?P<name>` / `(?<name>` of a pattern puts its name, outside classes and `\Q…\E`. */
function namedGroupsIn(pattern: string): Array<{ name: string; at: number }> {
  const found: Array<{ name: string; at: number }> = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      if (pattern[i + 1] === 'Q') {
        const end = pattern.indexOf('\\E', i + 2);
        i = end < 0 ? pattern.length : end + 2;
      } else {
        i += 2;
      }
    } else if (c === '[') {
      i = classEnd(pattern, i);
    } else if (c === '(') {
      const m = /^\(\?P?<([A-Za-z0-9_]+)>/.exec(pattern.slice(i));
      if (m) {
        found.push({ name: m[1], at: i + m[0].length - 1 - m[1].length });
        i += m[0].length;
      } else {
        i++;
      }
    } else {
      i++;
    }
  }
  return found;
}

/** The index just past the character class opening at `start` (Go's parseClass). */
function classEnd(pattern: string, start: number): number {
  let i = start + 1;
  if (pattern[i] === '^') {
    i++;
  }
  let first = true;
  while (i < pattern.length && (pattern[i] !== ']' || first)) {
    first = false;
    if (pattern.startsWith('[:', i)) {
      const end = pattern.indexOf(':]', i + 2);
      if (end >= 0) {
        i = end + 2;
        continue;
      }
    }
    i += pattern[i] === '\\' ? 2 : 1;
  }
  return i + 1;
}

/**
 * Fails unless Go's `regexp.Compile` accepts `pattern`, with Go's reason and a fix for the
 * mistakes people make (JavaScript or PCRE syntax, globs).
 */
export function checkRegex(where: string, field: string, pattern: string): void {
  const compiled = compileGoRegex(pattern);
  if (!compiled.ok) {
    // Go's reason, with a long excerpt (its size limits quote the whole pattern) shortened.
    const reason = compiled.error.replace(/^error parsing regexp: /, '').replace(/`(.{57}).{4,}`$/s, '`$1...`');
    fail(where, 'regex.invalid', `${field} ${quote(pattern)} is not a go regular expression (${reason}); ${fixFor(pattern, reason)}`);
  }
}

const RE2_SYNTAX = 'see https://github.com/google/re2/wiki/Syntax';
const NO_LOOKAROUND = 'go regular expressions (RE2) have no lookahead or lookbehind: match the wanted names directly, e.g. "^app-[a-z]+$" rather than "^(?!tmp-)"';

function fixFor(pattern: string, reason: string): string {
  const snippet = /: `(.*)`$/s.exec(reason)?.[1] ?? '';
  const code = reason.replace(/: `.*`$/s, '');
  switch (code) {
    case 'invalid or unsupported Perl syntax':
      if (snippet === '(?=' || snippet === '(?!') {
        return NO_LOOKAROUND;
      }
      if (snippet === '(?P') {
        return 'go regular expressions (RE2) have no backreferences such as (?P=name); match the repeated text explicitly';
      }
      if (snippet === '(?>') {
        return 'go regular expressions (RE2) have no atomic groups; use a plain group (?:...)';
      }
      return `go supports only the flags i, m, s and U, as (?flags) or (?flags:...), and no comments or other (?... forms; ${RE2_SYNTAX}`;
    case 'invalid named capture':
      if (snippet.startsWith('(?<=') || snippet.startsWith('(?<!')) {
        return NO_LOOKAROUND;
      }
      return 'name a group (?P<name>...) or (?<name>...) with letters, digits and _';
    case 'invalid escape sequence':
      if (/^\\[1-9]$/.test(snippet)) {
        return 'go regular expressions (RE2) have no backreferences; match the repeated text explicitly';
      }
      if (snippet === '\\k') {
        return 'go regular expressions (RE2) have no backreferences such as \\k<name>; match the repeated text explicitly';
      }
      if (snippet === '\\Z') {
        return 'go has no \\Z; use \\z (end of text) or $';
      }
      if (snippet === '\\u') {
        return 'write a unicode character as \\x{0041} (or the character itself), not \\u0041';
      }
      return `go has no ${snippet} escape; escape only punctuation, or use \\d, \\w, \\s, \\b, \\pL, \\x{...} (${RE2_SYNTAX})`;
    case 'invalid nested repetition operator':
      if (/[*+?}]\+$/.test(snippet)) {
        return `go regular expressions (RE2) have no possessive quantifiers; write ${quote(snippet.slice(0, -1))} instead of ${quote(snippet)}`;
      }
      return `a quantifier cannot follow another; keep one of those in ${quote(snippet)}, or group what is repeated, e.g. "(?:ab*)*"`;
    case 'missing argument to repetition operator':
      return `a regular expression is not a glob: ${quote(snippet)} repeats what comes before it; use ".*" for any text${globFix(pattern)}`;
    case 'missing closing ]':
      return 'close the character class with "]", or escape a literal "[" as "\\\\["';
    case 'missing closing )':
      return 'close the group with ")", or escape a literal "(" as "\\\\("';
    case 'unexpected )':
      return 'remove the unmatched ")", or escape a literal ")" as "\\\\)"';
    case 'invalid repeat count':
      return 'go allows repeat counts {n,m} up to 1000, with n <= m (and no more than 1000 in total when repeats nest)';
    case 'invalid character class range':
      if (snippet.startsWith('[:')) {
        return 'use a posix class go knows: [:alnum:], [:alpha:], [:ascii:], [:blank:], [:cntrl:], [:digit:], [:graph:], [:lower:], [:print:], [:punct:], [:space:], [:upper:], [:word:] or [:xdigit:]';
      }
      if (/^\\[pP]/.test(snippet)) {
        return 'go knows the unicode categories and the scripts of unicode 15.0 with one-word names (not e.g. Old_Italic, nor properties such as White_Space); use one of those (\\pL, \\p{Lu}, \\p{Greek}) or a range such as [\\x{10300}-\\x{1032f}]';
      }
      return 'put the lower end of the range first, or escape a literal "-" as "\\\\-"';
    case 'expression nests too deeply':
    case 'expression too large':
      return 'simplify the pattern';
    default:
      return `fix the pattern (${RE2_SYNTAX})`;
  }
}

/** `, e.g. "^.*\.json$"` for a pattern that looks like a glob, else nothing. */
function globFix(pattern: string): string {
  if (!/^[\w\-./*]+$/.test(pattern)) {
    return '';
  }
  return `, e.g. ${quote(`^${pattern.replace(/\./g, '\\.').replace(/\*/g, '.*')}$`)}`;
}

/**
 * Whether `pattern` matches anywhere in `subject`, as Go's `regexp.MatchString` (ESO's namespace
 * conditions, pkg/controllers/secretstore/client_manager.go); undefined when Go refuses the
 * pattern (ESO then matches nothing and reports the error; checkRegex says why).
 */
export function goRegexMatches(pattern: string, subject: string): boolean | undefined {
  const compiled = compileGoRegex(pattern);
  return compiled.ok ? compiled.regex.re.test(subject) : undefined;
}

/** One `$` reference of a replacement template, as Go's `Regexp.Expand` reads it. */
export interface GoTemplateRef {
  /** The reference as written: `$1`, `${1}`, `$name`, `${name}`. */
  readonly text: string;
  /** The group name as Go reads it: `1_x` in `$1_x`. */
  readonly name: string;
  /** The group number, or -1 for a name (including `01`: no leading zeros). */
  readonly num: number;
  /** Where the reference starts in the template. */
  readonly at: number;
}

/** A piece of a template: literal text, or a reference. */
type Piece = { literal: string } | { ref: GoTemplateRef };

const NAME_CHAR = /[\p{L}\p{Nd}_]/u;

/**
 * Splits a replacement template the way Go's `Regexp.Expand` does (regexp/regexp.go, `expand` and
 * `extract`): `$$` is a dollar; `$name` takes the longest run of letters, digits and `_`;
 * `${name}` is braced; an all-digit name is a group number unless it has a leading zero or more
 * than 9 digits; any other `$` is literal.
 */
export function parseGoTemplate(template: string): Piece[] {
  const pieces: Piece[] = [];
  let literal = '';
  let i = 0;
  while (i < template.length) {
    const dollar = template.indexOf('$', i);
    if (dollar < 0) {
      break;
    }
    literal += template.slice(i, dollar);
    i = dollar + 1;
    if (template[i] === '$') {
      literal += '$';
      i++;
      continue;
    }
    const ref = extract(template, i);
    if (!ref) {
      literal += '$';
      continue;
    }
    if (literal) {
      pieces.push({ literal });
      literal = '';
    }
    pieces.push({ ref: { text: template.slice(dollar, ref.end), name: ref.name, num: ref.num, at: dollar } });
    i = ref.end;
  }
  literal += template.slice(i);
  if (literal) {
    pieces.push({ literal });
  }
  return pieces;
}

function extract(template: string, start: number): { name: string; num: number; end: number } | undefined {
  let i = start;
  const brace = template[i] === '{';
  if (brace) {
    i++;
  }
  const nameStart = i;
  while (i < template.length) {
    const ch = String.fromCodePoint(template.codePointAt(i)!);
    if (!NAME_CHAR.test(ch)) {
      break;
    }
    i += ch.length;
  }
  if (i === nameStart) {
    return undefined;
  }
  const name = template.slice(nameStart, i);
  if (brace) {
    if (template[i] !== '}') {
      return undefined;
    }
    i++;
  }
  let num = 0;
  for (const ch of name) {
    if (ch < '0' || ch > '9' || num >= 1e8) {
      num = -1;
      break;
    }
    num = num * 10 + (ch.charCodeAt(0) - 48);
  }
  if (name[0] === '0' && name.length > 1) {
    num = -1;
  }
  return { name, num, end: i };
}

/** Whether a reference names a group `regex` has (it may still not take part in a match). */
function refersToGroup(regex: GoRegex, ref: GoTemplateRef): boolean {
  return ref.num >= 0 ? ref.num <= regex.groupCount : regex.groupNames.includes(ref.name);
}

/**
 * `regex.ReplaceAllString(src, template)` as Go computes it (regexp/regexp.go, `replaceAll`):
 * every leftmost-first match replaced by the expanded template, an empty match right after a
 * match left alone, offsets in UTF-8 bytes.
 */
export function goReplaceAll(regex: GoRegex, src: string, template: string): string {
  const pieces = parseGoTemplate(template);
  const bytes = new TextEncoder().encode(src);
  const decoder = new TextDecoder();
  const matcher = regex.re.matcher(bytes);
  const out: Uint8Array[] = [];
  const encoder = new TextEncoder();
  let lastMatchEnd = 0;
  let searchPos = 0;
  while (searchPos <= bytes.length) {
    if (!matcher.find(searchPos)) {
      break;
    }
    const start = matcher.start(0);
    const end = matcher.end(0);
    out.push(bytes.subarray(lastMatchEnd, start));
    if (end > lastMatchEnd || start === 0) {
      for (const p of pieces) {
        if ('literal' in p) {
          out.push(encoder.encode(p.literal));
          continue;
        }
        const group = p.ref.num >= 0
          ? (p.ref.num <= regex.groupCount ? p.ref.num : -1)
          : regex.groupNames.findIndex((n, g) => n === p.ref.name && matcher.start(g) >= 0);
        if (group >= 0 && matcher.start(group) >= 0) {
          out.push(bytes.subarray(matcher.start(group), matcher.end(group)));
        }
      }
    }
    lastMatchEnd = end;
    const width = searchPos < bytes.length ? utf8Width(bytes, searchPos) : 0;
    if (searchPos + width > end) {
      searchPos += width;
    } else if (searchPos + 1 > end) {
      searchPos++;
    } else {
      searchPos = end;
    }
  }
  out.push(bytes.subarray(lastMatchEnd));
  const joined = new Uint8Array(out.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of out) {
    joined.set(b, at);
    at += b.length;
  }
  return decoder.decode(joined);
}

/** The length of the UTF-8 sequence at `i` (the bytes come from a well-formed string). */
function utf8Width(bytes: Uint8Array, i: number): number {
  const b = bytes[i];
  return b < 0x80 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
}

/**
 * Fails unless every `$` reference of a replacement `target` names a group of `source` (which
 * checkRegex has accepted): Go expands a reference to a missing group to nothing, so `$1_x` (the
 * group named `1_x`) silently drops the key's text.
 */
export function checkReplacementTemplate(where: string, field: string, source: string, target: string): void {
  const compiled = compileGoRegex(source);
  if (!compiled.ok) {
    return;
  }
  const regex = compiled.regex;
  for (const p of parseGoTemplate(target)) {
    if ('literal' in p || refersToGroup(regex, p.ref)) {
      continue;
    }
    const ref = p.ref;
    const groups = regex.groupCount === 0
      ? 'the source has no groups'
      : `the source has ${regex.groupCount === 1 ? 'only group 1' : `groups 1 to ${regex.groupCount}`}${namesOf(regex)}`;
    const what = ref.num >= 0 ? `group ${ref.num}` : `the group named ${quote(ref.name)}`;
    fail(where, 'data-from.rewrite.target.unknown-group', `${field} ${quote(target)} refers to ${what} with ${quote(ref.text)}, but ${groups}, so go expands it to nothing; ${templateFix(regex, ref)}`);
  }
}

function namesOf(regex: GoRegex): string {
  const names = [...new Set(regex.groupNames.filter((n) => n !== ''))];
  return names.length ? ` (named ${names.map((n) => quote(n)).join(', ')})` : '';
}

function templateFix(regex: GoRegex, ref: GoTemplateRef): string {
  if (ref.num < 0 && /^0\d+$/.test(ref.name) && Number(ref.name) <= regex.groupCount) {
    return `use \${${Number(ref.name)}} (group numbers have no leading zeros)`;
  }
  if (!ref.text.startsWith('${')) {
    // `$1_x`, `$1x`, `$name_v`: the longest known group name at the start, then literal text.
    for (let n = ref.name.length - 1; n > 0; n--) {
      const head = ref.name.slice(0, n);
      const asRef: GoTemplateRef = { ...ref, name: head, num: extract(head, 0)!.num };
      if (refersToGroup(regex, asRef)) {
        return `use \${${head}}${ref.name.slice(n)} to put ${asRef.num >= 0 ? `group ${asRef.num}` : `the group ${quote(head)}`} before ${quote(ref.name.slice(n))}`;
      }
    }
  }
  return regex.groupCount === 0
    ? 'add a group (...) to the source, or write a literal "$" as "$$"'
    : 'refer to an existing group, or write a literal "$" as "$$"';
}

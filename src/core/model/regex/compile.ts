/**
 * Regular expressions the way ESO's Go code sees them (Go's `regexp`, RE2 syntax), never with
 * JavaScript's `RegExp`, which accepts lookarounds and backreferences Go refuses and refuses
 * patterns Go accepts. The engine is re2js, a port of RE2 whose parser follows Go's
 * `regexp/syntax` (same syntax, same error texts); where the two differ (\p class names, one name
 * for several groups, a few error excerpts) the pattern or the error is adjusted to Go's reading.
 * test/go-semantics holds all of it against Go itself.
 *
 * This file compiles and words Go's errors; spelling.ts respells a pattern for re2js, check.ts
 * explains refusals, replace.ts expands rewrite targets.
 */
import { RE2JS } from 're2js';
import { Renamed, UnicodeClasses, goUnicodeClasses, mapBack, renameDuplicateGroups } from './spelling';

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


function build(pattern: string, re: RE2JS, original: Map<string, string>): GoRegex {
  const groupCount = re.groupCount();
  const groupNames = new Array<string>(groupCount + 1).fill('');
  for (const [name, index] of Object.entries(re.namedGroups())) {
    groupNames[index] = original.get(name) ?? name;
  }
  return { pattern, groupCount, groupNames, re };
}

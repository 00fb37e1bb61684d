import { compileGoRegex } from './compile';
import { fail, quote } from '../errors';

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

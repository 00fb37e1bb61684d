import { GoRegex, compileGoRegex } from './compile';
import { fail, quote } from '../errors';

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

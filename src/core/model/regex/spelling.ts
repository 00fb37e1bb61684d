/*
 * How a pattern is spelled for re2js so that it reads as Go reads it: \p class names by Go's
 * tables, and repeated group names (which Go allows) made unique; with the offsets mapped back
 * for error messages.
 */

/** A stretch of a pattern written differently for re2js: [from, to) became [nfrom, nto). */
export interface Swap {
  readonly from: number;
  readonly to: number;
  readonly nfrom: number;
  readonly nto: number;
  /** How many leading characters the two spellings share. */
  readonly same: number;
}

/** The offset before the swaps of an offset after them (`end`: of a stretch's end). */
export function mapBack(swaps: readonly Swap[], at: number, end: boolean): number {
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
export interface UnicodeClasses {
  /**
   * The pattern with every class Go knows named by its table (`\p{greek}` → `\p{Greek}`) and
   * every class it does not know as `\p{0}`, `\p{1}`..., which re2js refuses where Go refuses it.
   */
  readonly pattern: string;
  /** Where `pattern` differs from the pattern as written. */
  readonly swaps: readonly Swap[];
}

/** Go's reading of the \p / \P classes of a pattern (outside \Q...\E; parseUnicodeClass). */
export function goUnicodeClasses(pattern: string): UnicodeClasses {
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

/** A pattern with its repeated group names made unique. */
export interface Renamed {
  readonly pattern: string;
  /** The unique name → Go's name. */
  readonly original: Map<string, string>;
  readonly swaps: readonly Swap[];
}

/**
 * The pattern with every repeated group name made unique, or undefined when it has no repeated
 * names outside classes and quotes.
 */
export function renameDuplicateGroups(pattern: string): Renamed | undefined {
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

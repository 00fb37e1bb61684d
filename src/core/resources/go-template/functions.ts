/**
 * The functions a template can call in ESO's template engine v2, with the number of arguments
 * each takes (a piped value counts as the last one).
 *
 * Taken from external-secrets/external-secrets at helm-chart-2.9.0:
 * - runtime/template/v2/template.go (`tplFuncs`, ESO's own functions; their signatures in
 *   pkcs12.go, pem.go, jwk.go, yaml.go and decrypt.go next to it);
 * - runtime/template/v2/sprig/functions.go (`genericMap`, ESO's copy of sprig v3 without env,
 *   expandenv and getHostByName, with hexdec and a three-argument htpasswd; signatures in the
 *   other files of that folder);
 * and Go's own text/template/funcs.go (`builtins`, Go 1.26), which the function map extends;
 * sprig's `slice` replaces the builtin one. The arities are those of the Go functions
 * (tools/go-semantics registers the same map and test/vectors/template.json holds both against
 * each other).
 *
 * The v1 engine's names and what replaces them: docs/guides/templating.md ("Functions
 * removed/replaced") and docs/guides/templating-v1.md at the same tag.
 */

/** How many arguments a function takes. */
export interface Arity {
  readonly min: number;
  /** Whether it takes more than `min` (Go variadic). */
  readonly variadic: boolean;
}

/** `name/2` takes exactly 2 arguments, `name/1+` at least 1. */
function table(text: string): ReadonlyMap<string, Arity> {
  const map = new Map<string, Arity>();
  for (const entry of text.trim().split(/\s+/)) {
    const [name, arity] = entry.split('/');
    map.set(name, { min: parseInt(arity, 10), variadic: arity.endsWith('+') });
  }
  return map;
}

/**
 * Go's builtins. `eq` is variadic in Go, yet fails with fewer than 2 arguments ("missing
 * argument for comparison"), so it is listed as taking at least 2.
 */
const BUILTINS = table(`
  and/1+ call/1+ html/0+ index/1+ js/0+ len/1 not/1 or/1+ print/0+ printf/1+ println/0+
  urlquery/0+ eq/2+ ge/2 gt/2 le/2 lt/2 ne/2
`);

/** ESO's own functions (template.go's tplFuncs). */
const ESO = table(`
  pkcs12key/1 pkcs12keyPass/2 pkcs12cert/1 pkcs12certPass/2 pemToPkcs12/2 pemToPkcs12Pass/3
  fullPemToPkcs12/2 fullPemToPkcs12Pass/3 pemTruststoreToPKCS12/1 pemTruststoreToPKCS12Pass/2
  filterPEM/2 filterCertChain/2 certSANs/1 jwkPublicKeyPem/1 jwkPrivateKeyPem/1 toYaml/1
  fromYaml/1 rsaDecrypt/4
`);

/** ESO's copy of sprig (sprig/functions.go's genericMap). */
const SPRIG = table(`
  abbrev/2 abbrevboth/3 add/0+ add1/1 add1f/1 addf/0+ adler32sum/1 ago/1 all/0+ any/0+ append/2
  atoi/1 b32dec/1 b32enc/1 b64dec/1 b64enc/1 base/1 bcrypt/1 biggest/1+ buildCustomCert/2
  camelcase/1 cat/0+ ceil/1 chunk/2 clean/1 coalesce/0+ compact/1 concat/0+ contains/2 date/2
  dateInZone/3 dateModify/2 date_in_zone/3 date_modify/2 decryptAES/2 deepCopy/1 deepEqual/2
  default/1+ derivePassword/5 dict/0+ dig/0+ dir/1 div/2 divf/1+ duration/1 durationRound/1
  empty/1 encryptAES/2 ext/1 fail/1 first/1 float64/1 floor/1 fromJson/1 genCA/2 genCAWithKey/3
  genPrivateKey/1 genSelfSignedCert/4 genSelfSignedCertWithKey/5 genSignedCert/5
  genSignedCertWithKey/6 get/2 has/2 hasKey/2 hasPrefix/2 hasSuffix/2 hello/0 hexdec/1 htmlDate/1
  htmlDateInZone/2 htpasswd/3 indent/2 initial/1 initials/1 int/1 int64/1 isAbs/1 join/2
  kebabcase/1 keys/0+ kindIs/2 kindOf/1 last/1 list/0+ lower/1 max/1+ maxf/1+ merge/1+
  mergeOverwrite/1+ min/1+ minf/1+ mod/2 mul/1+ mulf/1+ mustAppend/2 mustChunk/2 mustCompact/1
  mustDateModify/2 mustDeepCopy/1 mustFirst/1 mustFromJson/1 mustHas/2 mustInitial/1 mustLast/1
  mustMerge/1+ mustMergeOverwrite/1+ mustPrepend/2 mustPush/2 mustRegexFind/2 mustRegexFindAll/3
  mustRegexMatch/2 mustRegexReplaceAll/3 mustRegexReplaceAllLiteral/3 mustRegexSplit/3 mustRest/1
  mustReverse/1 mustSlice/1+ mustToDate/2 mustToJson/1 mustToPrettyJson/1 mustToRawJson/1
  mustUniq/1 mustWithout/1+ must_date_modify/2 nindent/2 nospace/1 now/0 omit/1+ osBase/1
  osClean/1 osDir/1 osExt/1 osIsAbs/1 pick/1+ pluck/1+ plural/3 prepend/2 push/2 quote/0+
  randAlpha/1 randAlphaNum/1 randAscii/1 randBytes/1 randInt/2 randNumeric/1 regexFind/2
  regexFindAll/3 regexMatch/2 regexQuoteMeta/1 regexReplaceAll/3 regexReplaceAllLiteral/3
  regexSplit/3 repeat/2 replace/3 rest/1 reverse/1 round/2+ semver/1 semverCompare/2 seq/0+ set/3
  sha1sum/1 sha256sum/1 sha512sum/1 shuffle/1 slice/1+ snakecase/1 sortAlpha/1 split/2
  splitList/2 splitn/3 squote/0+ sub/2 subf/1+ substr/3 swapcase/1 ternary/3 title/1 toDate/2
  toDecimal/1 toJson/1 toPrettyJson/1 toRawJson/1 toString/1 toStrings/1 trim/1 trimAll/2
  trimPrefix/2 trimSuffix/2 trimall/2 trunc/2 tuple/0+ typeIs/2 typeIsLike/2 typeOf/1 uniq/1
  unixEpoch/1 unset/2 until/1 untilStep/3 untitle/1 upper/1 urlJoin/1 urlParse/1 uuidv4/0
  values/1 without/1+ wrap/2 wrapWith/3
`);

const ALL: ReadonlyMap<string, Arity> = new Map([...BUILTINS, ...SPRIG, ...ESO]);

/** Whether ESO's engine v2 provides `name`. */
export function hasFunction(name: string): boolean {
  return ALL.has(name);
}

/** The arguments `name` takes, for a function ESO's engine v2 provides. */
export function arityOf(name: string): Arity | undefined {
  return ALL.get(name);
}

/** Every function name ESO's engine v2 provides, sorted. */
export function functionNames(): string[] {
  return [...ALL.keys()].sort();
}

/**
 * Names that templates written for something else use, and what to write instead in ESO's
 * engine v2.
 */
const INSTEAD: Record<string, string> = {
  // The v1 engine (templating-v1.md) and its v2 replacements (templating.md).
  base64encode: 'it is the v1 engine\'s name: engine v2 calls it b64enc',
  base64decode: 'it is the v1 engine\'s name: engine v2 calls it b64dec',
  fromJSON: 'it is the v1 engine\'s name: engine v2 calls it fromJson',
  toJSON: 'it is the v1 engine\'s name: engine v2 calls it toJson',
  toBytes: 'it is the v1 engine\'s and was removed: engine v2 passes strings, so drop it',
  pemPrivateKey: 'it is the v1 engine\'s and was removed: pkcs12key and pkcs12keyPass already return PEM, so drop it',
  pemCertificate: 'it is the v1 engine\'s and was removed: pkcs12cert and pkcs12certPass already return PEM, so drop it',
  // sprig functions ESO removes (sprig/README.md).
  env: 'eso removes it from sprig so that templates cannot read the controller\'s environment; keep the value in the backend and read it as a key',
  expandenv: 'eso removes it from sprig so that templates cannot read the controller\'s environment; keep the value in the backend and read it as a key',
  getHostByName: 'eso removes it from sprig (no dns lookups from templates); keep the address in the backend or in the template',
  // Helm's own functions, which are not sprig's.
  include: 'it is helm\'s, not sprig\'s: use {{ template "name" . }} with a {{ define "name" }}',
  tpl: 'it is helm\'s, not sprig\'s: eso renders each template once',
  required: 'it is helm\'s, not sprig\'s: a missing key already fails the sync (eso sets missingkey=error), so read it directly, or test it: {{ if not (index . "k") }}{{ fail "k is required" }}{{ end }}',
  lookup: 'it is helm\'s, not sprig\'s: read the object with a Kubernetes store instead',
  toToml: 'it is helm\'s, not sprig\'s: use toJson or toYaml',
  fromYamlArray: 'it is helm\'s, not sprig\'s: use fromYaml on a map, or fromJson',
  fromJsonArray: 'it is helm\'s, not sprig\'s: use fromJson',
  mustToYaml: 'it is helm\'s, not sprig\'s: use toYaml',
  // Names of other template engines (Hugo, consul-template) and of Go's strings package.
  toUpper: 'sprig calls it upper',
  toLower: 'sprig calls it lower',
  trimSpace: 'sprig calls it trim',
  base64Encode: 'sprig calls it b64enc',
  base64Decode: 'sprig calls it b64dec',
  replaceAll: 'sprig calls it replace (old, new, then the string: {{ .key | replace "a" "b" }})',
};

/** What to write instead of `name`, a function ESO's engine v2 does not provide. */
export function insteadOf(name: string): string {
  if (Object.prototype.hasOwnProperty.call(INSTEAD, name)) {
    return INSTEAD[name];
  }
  const folded = name.toLowerCase();
  const sameLetters = [...ALL.keys()].filter((f) => f.toLowerCase() === folded);
  if (sameLetters.length > 0) {
    return `function names are case-sensitive: use ${sameLetters.join(' or ')}`;
  }
  const close = [...ALL.keys()]
    .map((f) => ({ f, d: f.toLowerCase().startsWith(folded) && folded.length >= 4 ? 1 : distance(f.toLowerCase(), folded) }))
    .filter(({ f, d }) => d <= (f.length > 5 ? 2 : 1))
    .sort((a, b) => a.d - b.d || a.f.localeCompare(b.f))
    .map(({ f }) => f);
  if (close.length > 0) {
    return `did you mean ${close.slice(0, 3).join(' or ')}?`;
  }
  return 'use one of the functions of eso\'s templating guide (sprig\'s and eso\'s own, e.g. b64dec, fromJson, toYaml, pkcs12key)';
}

/** Levenshtein distance, for did-you-mean. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

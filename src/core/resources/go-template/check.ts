/**
 * Checks a template the way ESO's template engine v2 will treat it, before it reaches a cluster.
 *
 * ESO (runtime/template/v2/template.go at helm-chart-2.9.0) parses each template with Go's
 * text/template and its function map, then executes it with Option("missingkey=error") over the
 * ExternalSecret's keys, each a string. So a template fails the sync when it does not parse
 * (parser.ts says why, as Go does), calls a function the map lacks (Go refuses it at parse
 * time), calls one with the wrong number of arguments (Go refuses it at execution), or reads a
 * key the data does not have. A dataFrom rewrite transform (runtime/esutils/utils.go,
 * RewriteTransform) uses the same function map, without missingkey=error, over
 * `{"value": <key>}`.
 */
import { arityOf, hasFunction, insteadOf } from './functions';
import { ArgNode, GoTemplateError, ListNode, Node, ParsedTemplate, PipeNode } from './nodes';
import { parseTemplate } from './parser';
import { fail, listOf, quote } from '../../model/errors';

/** What a template's data holds, when it is known. */
export interface TemplateData {
  /**
   * Every key the data will hold. Undefined when that is not known (the keys of a dataFrom not
   * declared): then keys are not checked.
   */
  readonly keys?: readonly string[];
  /** Whether some of `keys` come from dataFrom (declared with dataFromKeys), for the fix. */
  readonly dataFrom?: boolean;
  /** A rewrite transform's data, `{"value": <key>}`, read without missingkey=error. */
  readonly rewrite?: boolean;
}

/**
 * Fails unless ESO's engine v2 would parse `text` and execute it over `data` without an error
 * that can be known before it runs.
 *
 * @param field the field the template is in, e.g. `target.template.data["config.json"]`
 * @param name the template's name in Go's messages (ESO uses the key)
 */
export function checkGoTemplate(where: string, field: string, name: string, text: string, data: TemplateData = {}): void {
  let parsed: ParsedTemplate;
  try {
    parsed = parseTemplate(name, text, hasFunction);
  } catch (e) {
    if (!(e instanceof GoTemplateError)) {
      throw e;
    }
    if (e.undefinedFunction !== undefined) {
      fail(where, 'template.function.unknown', `${field} calls ${quote(e.undefinedFunction)} (${at(text, e.pos)}), which eso's template engine v2 does not provide; ${insteadOf(e.undefinedFunction)}`);
    }
    fail(where, 'template.syntax', `${field} does not parse as a go template: ${e.reason} (${at(text, e.pos, e.line)}); ${syntaxFix(e, text)}`);
  }
  new Walker(where, field, text, data).template(parsed);
  if (!data.rewrite) {
    checkOtherEngines(where, field, text, data.keys);
  }
}

/** A literal printed by an action: `{{ "{{" }}`, `{{ printf "{{ .k }}" }}`, {{`{{ .k }}`}}. */
const PRINTED_LITERAL = /\{\{-?\s*(?:printf\s+)?("(?:[^"\\\n]|\\.)*"|`[^`]*`)\s*-?\}\}/g;
/** A kubernetes-external-secrets (lodash) template: `<%= data.password %>`. */
const LODASH = /<%[=-]?[\s\S]*?%>/g;

/** How often each `.key` is read in the actions of `text` (a rough reading, for counting). */
function fieldReads(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const action of text.matchAll(/\{\{[\s\S]*?\}\}/g)) {
    for (const m of action[0].matchAll(/(?:^|[\s(|{])\.([A-Za-z_]\w*)/g)) {
      counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
    }
  }
  return counts;
}

/**
 * Templates written for another engine, which ESO would copy into the Secret as text: Helm's
 * escapes of an ESO template (needed only where Helm renders the manifest first) and
 * kubernetes-external-secrets' lodash templates. Refused only when the text reads a key the
 * ExternalSecret provides, so that braces printed on purpose (a config for a program that
 * templates it again, such as Alertmanager) are accepted.
 */
function checkOtherEngines(where: string, field: string, text: string, keys: readonly string[] | undefined): void {
  if (keys === undefined) {
    return;
  }
  let first: number | undefined;
  const printed = (literal: string): string | undefined => {
    try {
      const value: string = literal.startsWith('`') ? literal.slice(1, -1) : JSON.parse(literal);
      return /\{\{|\}\}/.test(value) ? value : undefined;
    } catch {
      return undefined;
    }
  };
  const unescaped = text.replace(PRINTED_LITERAL, (whole: string, literal: string, offset: number) => {
    const value = printed(literal);
    first ??= value === undefined ? undefined : offset;
    return value ?? whole;
  });
  if (first !== undefined) {
    const before = fieldReads(text.replace(PRINTED_LITERAL, (whole: string, literal: string) => (printed(literal) === undefined ? whole : '')));
    const key = [...fieldReads(unescaped)].find(([k, n]) => keys.includes(k) && n > (before.get(k) ?? 0))?.[0];
    if (key !== undefined) {
      const fixed = unescaped.trim();
      const short = fixed.length <= 100 && !fixed.includes('\n');
      fail(where, 'template.helm-escape', `${field} prints "{{" and "}}" as text (${at(text, first)}), so the Secret would hold ${short ? quote(fixed) : 'the braces'} instead of the value of key ${quote(key)}: that is helm's escape, and esokit gives templates to eso as written (no helm renders them); `
        + (short ? `write the template itself: ${fixed}` : 'write the template itself, without the escapes'));
    }
  }
  for (const m of text.matchAll(LODASH)) {
    const key = /\bdata(?:\.([A-Za-z_$][\w$]*)|\[\s*["']([^"']+)["']\s*\])/.exec(m[0]);
    const name = key?.[1] ?? key?.[2];
    if (name !== undefined && keys.includes(name)) {
      const read = /^[A-Za-z_]\w*$/.test(name) ? `.${name}` : `index . ${quote(name)}`;
      fail(where, 'template.lodash', `${field} has a kubernetes-external-secrets (lodash) template (${at(text, m.index)}), which eso does not evaluate, so the Secret would hold it as text; eso's templates are go templates, which read key ${quote(name)} as {{ ${read} }}`);
    }
  }
}

/** `line 2, column 7, in "…"`: where `pos` is, with its line of the template. */
function at(text: string, pos: number, goLine?: number): string {
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const start = before.lastIndexOf('\n') + 1;
  const end = text.indexOf('\n', pos) < 0 ? text.length : text.indexOf('\n', pos);
  // A long line is shown from a little before the position, so that the quote reaches it.
  const from = pos - start > 40 ? pos - 20 : start;
  const lineText = `${from > start ? '…' : ''}${text.slice(from, end).trim()}`;
  if (goLine !== undefined && goLine !== line) {
    // Go reports the line where it gave up (e.g. the end of an unclosed action).
    return `line ${goLine}`;
  }
  return `line ${line}, column ${pos - start + 1}${lineText === '' ? '' : `, in ${quote(lineText)}`}`;
}

/** The fix for a parse error, by Go's reason. */
function syntaxFix(e: GoTemplateError, text: string): string {
  const r = e.reason;
  if (/^unclosed action|in action started at|^unexpected EOF in (command|operand)/.test(r)) {
    return 'close each action with "}}"';
  }
  if (r === 'unexpected EOF') {
    return 'an {{if}}, {{range}}, {{with}}, {{define}} or {{block}} has no {{end}}: add it';
  }
  if (r === 'unexpected {{end}}') {
    return 'remove this {{end}}, or open the {{if}}, {{range}} or {{with}} it should end';
  }
  if (r === 'unexpected {{else}}' || /found \{\{else\}\}|\{\{else\}\} in/.test(r)) {
    return '{{else}} belongs inside an {{if}}, {{range}} or {{with}}, once (use {{else if …}} for more branches)';
  }
  if (r === 'unclosed comment' || r === 'comment ends before closing delimiter') {
    return 'write a comment as {{/* text */}}, with "*/" right before "}}"';
  }
  if (r.startsWith('bad character U+002D') && /^-\s*}}/.test(text.slice(text.indexOf('-', e.pos)))) {
    return 'a trim marker needs a space before it: write " -}}"';
  }
  if (r.startsWith('bad number syntax: "-') && text.slice(Math.max(0, e.pos - 2), e.pos) === '{{') {
    return 'a trim marker needs a space after it: write "{{- "';
  }
  if (r === 'unexpected "/" in command' && text.startsWith('/*', e.pos)) {
    return 'a comment must touch the delimiters: {{/* text */}}, or {{- /* text */ -}} to trim the space around it';
  }
  if (r.startsWith('unrecognized character in action') && /[\p{Z}\u200b\ufeff]/u.test(text[e.pos] ?? '')) {
    return `replace the unicode space ${r.slice(r.lastIndexOf('U+'))} (often pasted from a web page or a chat) with a plain space`;
  }
  if (r.startsWith('too many declarations') || r === 'range can only initialize variables') {
    return 'range declares at most two variables ({{ range $key, $value := . }}), other actions one ({{ $x := … }})';
  }
  if (r.startsWith('bad character U+002D')) {
    const name = /[.$]?[\w.]*-[-\w.]*/.exec(text.slice(e.pos))?.[0] ?? '';
    const key = name.replace(/^[.$]/, '');
    return `a key with "-" in its name is read with index: {{ index . ${quote(key === '' ? 'my-key' : key)} }}`;
  }
  if (r.startsWith('bad character') || r.startsWith('unrecognized character in action')) {
    return 'names of keys and functions are letters, digits and "_"; read any other key with index: {{ index . "the key" }}';
  }
  if (r === 'unterminated quoted string') {
    return 'close the string with a double quote on the same line, or use a raw string in backquotes';
  }
  if (r === 'unterminated raw quoted string') {
    return 'close the raw string with a backquote';
  }
  if (r === 'invalid syntax') {
    return 'a double-quoted string takes only go escapes (\\n, \\t, \\", \\\\ …): write a regular expression or a path with backslashes as a raw string in backquotes, e.g. `\\d+`';
  }
  if (r.startsWith('undefined variable')) {
    return 'declare it first with {{ $name := … }}; a variable lives until the {{end}} of the block that declares it';
  }
  if (r.startsWith('bad number syntax') || r.startsWith('illegal number syntax') || r.startsWith('integer overflow')) {
    const key = /^\.\d[\w.]*/.exec(text.slice(e.pos))?.[0];
    return key !== undefined
      ? `a key that starts with a digit is read with index: {{ index . ${quote(key.slice(1))} }}`
      : 'write numbers as go literals, e.g. 42, 0x2a or 1.5';
  }
  if (r.startsWith('missing value for')) {
    return 'an action needs a value, e.g. {{ .key }}; to write "{{" itself, use {{ "{{" }}';
  }
  if (r.startsWith('non executable command in pipeline')) {
    return 'after "|" comes a function that takes the value, e.g. {{ .key | upper }}';
  }
  if (r.startsWith('malformed character constant')) {
    return 'single quotes make one character: write strings in double quotes';
  }
  if (r === 'unclosed left paren' || r === 'unexpected right paren' || r.includes('in parenthesized pipeline')) {
    return 'balance the parentheses';
  }
  if (r === 'expected :=') {
    return 'declare a variable with ":=" and assign it with "="';
  }
  if (/\{\{(break|continue)\}\} outside/.test(r)) {
    return 'use {{break}} and {{continue}} only inside {{range}}';
  }
  if (r.includes('multiple definition of template')) {
    return 'give each {{define}} its own name';
  }
  if (/unexpected <define>/.test(r)) {
    return '{{define}} may only appear at the top level of a template';
  }
  if (/unexpected "[{}]"/.test(r)) {
    return 'braces are not go template syntax inside an action: to write "{{" or "}}" itself, use {{ "{{" }} or {{ "}}" }}';
  }
  return 'see the syntax of go templates at https://pkg.go.dev/text/template';
}

interface Scope {
  /** Whether `.` is the template's data (false inside range and with, and in define / block). */
  readonly dotIsData: boolean;
  /** Whether `$` is the template's data (false in define and block bodies). */
  readonly dollarIsData: boolean;
  /** Whether `.` is one value of the data, a string (in the body of a range over the data). */
  readonly dotIsValue?: boolean;
  /** Variables that hold one value of the data (declared by a range over the data). */
  readonly values?: ReadonlySet<string>;
}

/**
 * Sprig's dict functions: they take map[string]interface{} (sprig/dict.go), and ESO's data is a
 * map[string]string, so Go refuses the data as their argument ("wrong type for value").
 */
const DICT_FUNCTIONS = new Set(['get', 'set', 'unset', 'hasKey', 'pluck', 'keys', 'pick', 'omit', 'values', 'merge', 'mergeOverwrite', 'mustMerge', 'mustMergeOverwrite', 'dig']);

/** Functions that make an empty value from `index` a deliberate default, not a mistake. */
const TOLERANT = new Set(['default', 'empty', 'coalesce', 'ternary', 'and', 'or', 'not', 'eq', 'ne']);

/** Walks a parsed template for calls and key reads. */
class Walker {
  /** The templates the parsed text defines (define, block), which {{ template }} may invoke. */
  private defined: ReadonlySet<string> = new Set();

  public constructor(
    private readonly where: string,
    private readonly field: string,
    private readonly text: string,
    private readonly data: TemplateData,
  ) {}

  public template(parsed: ParsedTemplate): void {
    this.defined = new Set(parsed.defined.keys());
    this.list(parsed.root, { dotIsData: true, dollarIsData: true });
    for (const body of parsed.defined.values()) {
      this.list(body, { dotIsData: false, dollarIsData: false });
    }
  }

  private list(list: ListNode | undefined, scope: Scope): void {
    list?.nodes.forEach((n) => this.node(n, scope));
  }

  private node(n: Node, scope: Scope): void {
    switch (n.kind) {
      case 'list':
        this.list(n, scope);
        return;
      case 'action':
        this.pipe(n.pipe, scope);
        return;
      case 'template':
        // Each template ESO executes is parsed alone: only its own define and block exist.
        if (!this.defined.has(n.name)) {
          fail(this.where, 'template.template.undefined', `${this.field} invokes template ${quote(n.name)} (${at(this.text, n.pos)}), which it does not define, so go fails the sync (template ${JSON.stringify(n.name)} not defined); `
            + `define it in the same template: {{ define ${quote(n.name)} }}…{{ end }} (each key of template.data is a template of its own)`);
        }
        if (n.pipe) {
          this.pipe(n.pipe, scope);
        }
        return;
      case 'if':
        this.pipe(n.pipe, scope, true);
        this.list(n.list, scope);
        this.list(n.elseList, scope);
        return;
      case 'range':
      case 'with': {
        // The body runs with `.` set to the pipeline's value; {{else}} with `.` unchanged.
        this.pipe(n.pipe, scope, n.kind === 'with');
        // A range over the data gives its values, each a string: $value (the last variable
        // declared) and `.` in the body.
        const cmds = n.pipe.cmds;
        const overData = n.kind === 'range' && cmds.length === 1 && cmds[0].args.length === 1 && isData(cmds[0].args[0], scope);
        const values = new Set(scope.values);
        n.pipe.decl.forEach((d) => values.delete(d.name));
        if (overData && n.pipe.decl.length > 0) {
          values.add(n.pipe.decl[n.pipe.decl.length - 1].name);
        }
        this.list(n.list, { ...scope, dotIsData: false, dotIsValue: overData, values });
        this.list(n.elseList, scope);
        return;
      }
      default:
        return; // text, break, continue
    }
  }

  /**
   * @param tolerant whether an empty value is expected here (the pipeline of an if or with, or
   * an argument of default and the like), so that `index` of a missing key is deliberate
   */
  private pipe(pipe: PipeNode, scope: Scope, tolerant = false): void {
    pipe.cmds.forEach((cmd, stage) => {
      const [head, ...rest] = cmd.args;
      const later = pipe.cmds.slice(stage + 1).some((c) => c.args[0].kind === 'identifier' && TOLERANT.has(c.args[0].name));
      if (head.kind === 'identifier') {
        // A piped value is the last argument of every stage but the first.
        this.call(head.name, rest.length + (stage > 0 ? 1 : 0), stage > 0, head.pos, false);
        if (head.name === 'index') {
          this.index(rest, stage > 0, scope, tolerant || later);
        }
        if (DICT_FUNCTIONS.has(head.name)) {
          const piped = stage > 0 && pipe.cmds[stage - 1].args.length === 1 && isData(pipe.cmds[stage - 1].args[0], scope);
          const data = rest.find((a) => isData(a, scope));
          if (piped || data !== undefined) {
            fail(this.where, 'template.data.not-a-dict', `${this.field} passes the template's data to ${head.name} (${at(this.text, (data ?? head).pos)}), but eso's data is a map of strings and sprig's dict functions take a dict, so go fails the sync with "wrong type for value"; `
              + 'read a key with index, which gives "" when the key is missing: {{ with index . "key" }}{{ . }}{{ else }}fallback{{ end }}');
          }
        }
      } else {
        this.arg(head, scope, tolerant || later);
      }
      const tolerantArgs = head.kind === 'identifier' && TOLERANT.has(head.name);
      rest.forEach((a) => {
        if (a.kind === 'identifier') {
          this.call(a.name, 0, false, a.pos, true); // Go calls a function given as an argument with none
        } else {
          this.arg(a, scope, tolerantArgs || tolerant || later);
        }
      });
    });
  }

  private arg(a: ArgNode, scope: Scope, tolerant: boolean): void {
    switch (a.kind) {
      case 'field':
        if (scope.dotIsData) {
          this.read(a.ident, `.${a.ident.join('.')}`, a.pos);
        } else if (scope.dotIsValue) {
          this.fieldOfValue('.', a.ident[0], `.${a.ident.join('.')}`, a.pos);
        }
        return;
      case 'variable':
        if (a.ident[0] === '$' && a.ident.length > 1 && scope.dollarIsData) {
          this.read(a.ident.slice(1), `$.${a.ident.slice(1).join('.')}`, a.pos);
        } else if (a.ident.length > 1 && scope.values?.has(a.ident[0])) {
          this.fieldOfValue(a.ident[0], a.ident[1], a.ident.join('.'), a.pos);
        }
        return;
      case 'chain':
        if (a.node.kind === 'identifier') {
          this.call(a.node.name, 0, false, a.node.pos, true);
        } else {
          this.arg(a.node, scope, tolerant);
        }
        return;
      case 'pipe':
        this.pipe(a, scope, tolerant);
        return;
      default:
        return;
    }
  }

  /**
   * `index <data> "key" …` reads a key, and gives "" (no error) when it is missing: the way to
   * read an optional key, so refused only where the empty value is not handled.
   */
  private index(args: ArgNode[], piped: boolean, scope: Scope, tolerant: boolean): void {
    if (piped || args.length < 2 || tolerant) {
      return;
    }
    const [item, key] = args;
    if (isData(item, scope) && key.kind === 'string') {
      this.missing(key.text, `index ${item.kind === 'dot' ? '.' : '$'} ${key.quoted}`, key.pos, true);
    }
  }

  private call(name: string, got: number, piped: boolean, pos: number, asArgument: boolean): void {
    const arity = arityOf(name);
    if (arity === undefined || (got === arity.min || (arity.variadic && got > arity.min))) {
      return;
    }
    const want = arity.variadic ? `at least ${arity.min}` : `${arity.min}`;
    const counted = piped ? ', counting the piped value' : '';
    const goSays = name === 'eq' ? 'missing argument for comparison' : 'wrong number of args';
    const fix = asArgument
      ? `a function given as an argument is called with none: put it in parentheses with its arguments, e.g. (${name} .key)`
      : name === 'htpasswd'
        ? 'eso\'s htpasswd takes the hash too: htpasswd .user .password "bcrypt" (or "sha")'
        : `give it ${want} (a value piped into it with "|" is its last argument)`;
    fail(this.where, 'template.function.arity', `${this.field} calls ${name} with ${got} argument${got === 1 ? '' : 's'}${counted} (${at(this.text, pos)}), but ${name} takes ${want}; go fails the sync with ${JSON.stringify(goSays)}; ${fix}`);
  }

  /** A read of `.a.b…` (or `$.a.b…`) from the data. */
  private read(ident: readonly string[], shown: string, pos: number): void {
    const keys = this.data.keys;
    if (ident.length === 1) {
      this.missing(ident[0], shown, pos, false);
      return;
    }
    // Go reads .a.b as field b of key a, and every value of the data is a string: this fails.
    const dotted = ident.join('.');
    const head = `${this.field} reads ${shown} (${at(this.text, pos)})`;
    const viaIndex = `{{ index . ${quote(dotted)} }}`;
    const viaJson = `{{ (.${ident[0]} | fromJson).${ident.slice(1).join('.')} }}`;
    if (keys === undefined || keys.includes(dotted)) {
      fail(this.where, 'template.key.dotted', `${head}, which go reads as field ${quote(ident[1])} of key ${quote(ident[0])}, not as key ${quote(dotted)}; read a key with a dot with index: ${viaIndex}`
        + (keys === undefined ? `, or, if ${quote(ident[0])} holds json, parse it first: ${viaJson}` : ''));
    }
    if (keys.includes(ident[0])) {
      fail(this.where, 'template.key.nested', `${head}, but the value of key ${quote(ident[0])} is a string (eso passes every key as a string) and has no field ${quote(ident[1])}; if it holds json, parse it first: ${viaJson}`);
    }
    this.missing(ident[0], shown, pos, false, ` (go reads ${shown} as field ${quote(ident[1])} of key ${quote(ident[0])}; a key with a dot is read with ${viaIndex})`);
  }

  /** A field read of one value of the data, which is a string (exec.go evalField refuses it). */
  private fieldOfValue(holder: string, name: string, shown: string, pos: number): void {
    const parsed = holder === '.' ? '(. | fromJson)' : `(${holder} | fromJson)`;
    fail(this.where, 'template.key.value-field', `${this.field} reads ${shown} (${at(this.text, pos)}), but ${holder === '.' ? '.' : holder} is a value of the template's data in a range over it, and every value is a string (eso passes every key as a string), which has no field ${quote(name)}; `
      + `go fails the sync ("can't evaluate field ${name} in type string"); if the values hold json, parse each first: ${parsed}.${name}`);
  }

  /** Fails when the data has no `key`. */
  private missing(key: string, shown: string, pos: number, viaIndex: boolean, note = ''): void {
    const keys = this.data.keys;
    if (keys === undefined || keys.includes(key)) {
      return;
    }
    const where = `${this.field} reads ${shown} (${at(this.text, pos)})`;
    if (this.data.rewrite) {
      fail(this.where, 'template.key.unknown', `${where}, but a rewrite transform's data holds only .value (the key being rewritten), so go would write "<no value>" in its place; use .value, e.g. {{ .value | lower }}`);
    }
    const effect = viaIndex ? 'index gives an empty string for a missing key, so the Secret would get an empty value' : 'eso fails the sync on a missing key (missingkey=error)';
    const similar = keys.filter((k) => k.toLowerCase() === key.toLowerCase());
    const helm = ['Values', 'Release', 'Chart', 'Capabilities'].includes(key);
    const aside = helm ? ' (a template reads the ExternalSecret\'s keys, e.g. {{ .password }}, not helm values)' : note;
    const fix = similar.length > 0
      ? `keys are case-sensitive: read ${listOf(similar)}`
      : this.data.dataFrom
        ? `if dataFrom produces ${quote(key)}, add it to dataFromKeys; otherwise read one of the keys above`
        : `read one of them, or add ${quote(key)} to data`;
    const optional = ` (for a key that may be missing: {{ index . ${quote(key)} | default "…" }})`;
    fail(this.where, 'template.key.unknown', `${where}, but the template's data has no key ${quote(key)}${aside}: ${effect}; its keys are ${listOf(keys)}${this.data.dataFrom ? ' (from data and dataFromKeys)' : ''}; ${fix}${similar.length > 0 || !this.data.dataFrom ? '' : optional}`);
  }
}

/** Whether `a` is the template's data: `.` where it is, or `$`. */
function isData(a: ArgNode, scope: Scope): boolean {
  return (a.kind === 'dot' && scope.dotIsData) || (a.kind === 'variable' && a.ident.length === 1 && a.ident[0] === '$' && scope.dollarIsData);
}

/**
 * The parser of Go's text/template, as ESO's template engine v2 runs it.
 *
 * Why our own parser: ESO executes templates with Go's text/template, so a check is only worth
 * its message if it refuses what Go refuses, for Go's reason, on Go's line. The npm registry
 * has no maintained parser of Go's template syntax that exposes a tree (the packages found
 * render a subset, format templates with regular expressions, call a Go binary, or carry no
 * licence), and a runtime dependency would be bundled into every jsii package. Go's parser is
 * small and stable (text/template/parse: lex.go, parse.go, node.go; Go 1.26 here), so this is a
 * port of it: the same grammar (pipelines, fields, variables and their scopes, if / else if /
 * range / with / else with / define / template / block / break / continue / end, comments,
 * trim markers, string, raw string, character and number literals, parentheses), the same
 * three-token look-ahead, the same checks (functions defined, variables declared, break inside
 * range, non-executable pipeline stages) and the same error texts. Execution is not ported:
 * check.ts reads the tree for what ESO's data and function map will do with it.
 * tools/go-semantics (mode "template") holds this port against Go on test/vectors/template.json.
 */
import { goQuote } from './chars';
import { Item, ItemType, itemString } from './items';
import { Lexer } from './lexer';
import { ArgNode, BranchNode, CommandNode, GoTemplateError, ListNode, Node, ParsedTemplate, PipeNode, Terminator } from './nodes';
import { numberProblem } from './numbers';
import { INVALID_SYNTAX, unquote } from './strconv';
interface TreeSet {
  readonly trees: Map<string, ListNode>;
}

/**
 * Parses `text` as text/template does with the function names `hasFunction` knows, throwing
 * GoTemplateError where Go's parser fails.
 *
 * @param name the template's name (ESO names a `template.data` template after its key)
 */
export function parseTemplate(name: string, text: string, hasFunction: (name: string) => boolean): ParsedTemplate {
  const lexer = new Lexer(text, !hasFunction('break') && !hasFunction('continue'));
  const set: TreeSet = { trees: new Map() };
  const tree = new Tree(name, name, lexer, set, hasFunction);
  tree.parse();
  tree.add();
  const defined = new Map(set.trees);
  defined.delete(name);
  return { root: tree.root, defined };
}

const MAX_STACK_DEPTH = 10000;

class Tree {
  public root: ListNode = { kind: 'list', pos: 0, nodes: [] };
  private readonly token: Item[] = [];
  private peekCount = 0;
  private vars: string[] = ['$'];
  private actionLine = 0;
  private rangeDepth = 0;
  private stackDepth = 0;

  public constructor(
    private name: string,
    /** The top-level template's name, which Go's messages use in every tree. */
    private readonly parseName: string,
    private readonly lex: Lexer,
    private readonly set: TreeSet,
    private readonly hasFunction: (name: string) => boolean,
  ) {}

  // Tokens, with Go's three-token look-ahead.

  private next(): Item {
    if (this.peekCount > 0) {
      this.peekCount--;
    } else {
      this.token[0] = this.lex.nextItem();
    }
    return this.token[this.peekCount];
  }

  private backup(): void {
    this.peekCount++;
  }

  private backup2(t1: Item): void {
    this.token[1] = t1;
    this.peekCount = 2;
  }

  private backup3(t2: Item, t1: Item): void {
    this.token[1] = t1;
    this.token[2] = t2;
    this.peekCount = 3;
  }

  private peek(): Item {
    if (this.peekCount > 0) {
      return this.token[this.peekCount - 1];
    }
    this.peekCount = 1;
    this.token[0] = this.lex.nextItem();
    return this.token[0];
  }

  private nextNonSpace(): Item {
    let token: Item;
    do {
      token = this.next();
    } while (token.type === ItemType.SPACE);
    return token;
  }

  private peekNonSpace(): Item {
    const token = this.nextNonSpace();
    this.backup();
    return token;
  }

  // Errors.

  private errorf(reason: string, undefinedFunction?: string): never {
    const t = this.token[0];
    throw new GoTemplateError(reason, t?.line ?? 1, t?.pos ?? 0, undefinedFunction);
  }

  private expect(expected: ItemType, context: string): Item {
    const token = this.nextNonSpace();
    if (token.type !== expected) {
      this.unexpected(token, context);
    }
    return token;
  }

  private expectOneOf(a: ItemType, b: ItemType, context: string): Item {
    const token = this.nextNonSpace();
    if (token.type !== a && token.type !== b) {
      this.unexpected(token, context);
    }
    return token;
  }

  private unexpected(token: Item, context: string): never {
    if (token.type === ItemType.ERROR) {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== token.line) {
        extra = ` in action started at ${this.parseName}:${this.actionLine}`;
        if (token.val.endsWith(' action')) {
          extra = extra.slice(' in action'.length);
        }
      }
      this.errorf(`${itemString(token)}${extra}`);
    }
    this.errorf(`unexpected ${itemString(token)} in ${context}`);
  }

  // Trees.

  public add(): void {
    const existing = this.set.trees.get(this.name);
    if (existing === undefined || isEmptyTree(existing)) {
      this.set.trees.set(this.name, this.root);
      return;
    }
    if (!isEmptyTree(this.root)) {
      this.errorf(`template: multiple definition of template ${goQuote(this.name)}`);
    }
  }

  private subTree(): Tree {
    return new Tree('definition', this.parseName, this.lex, this.set, this.hasFunction);
  }

  // Grammar (parse.go, function by function).

  public parse(): void {
    this.root = { kind: 'list', pos: this.peek().pos, nodes: [] };
    while (this.peek().type !== ItemType.EOF) {
      if (this.peek().type === ItemType.LEFT_DELIM) {
        const delim = this.next();
        if (this.nextNonSpace().type === ItemType.DEFINE) {
          const definition = this.subTree();
          definition.parseDefinition();
          continue;
        }
        this.backup2(delim);
      }
      const n = this.textOrAction();
      if (n.kind === 'end' || n.kind === 'else') {
        this.errorf(`unexpected ${terminatorString(n)}`);
      }
      this.root.nodes.push(n);
    }
  }

  private parseDefinition(): void {
    const context = 'define clause';
    const name = this.expectOneOf(ItemType.STRING, ItemType.RAW_STRING, context);
    const unquoted = unquote(name.val);
    if (unquoted === undefined) {
      this.errorf(INVALID_SYNTAX);
    }
    this.name = unquoted;
    this.expect(ItemType.RIGHT_DELIM, context);
    const [list, end] = this.itemList();
    this.root = list;
    if (end.kind !== 'end') {
      this.errorf(`unexpected ${terminatorString(end)} in ${context}`);
    }
    this.add();
  }

  private itemList(): [ListNode, Terminator] {
    const list: ListNode = { kind: 'list', pos: this.peekNonSpace().pos, nodes: [] };
    while (this.peekNonSpace().type !== ItemType.EOF) {
      const n = this.textOrAction();
      if (n.kind === 'end' || n.kind === 'else') {
        return [list, n];
      }
      list.nodes.push(n);
    }
    this.errorf('unexpected EOF');
  }

  private textOrAction(): Node | Terminator {
    const token = this.nextNonSpace();
    switch (token.type) {
      case ItemType.TEXT:
        return { kind: 'text', pos: token.pos, text: token.val };
      case ItemType.LEFT_DELIM:
        this.actionLine = token.line;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      default:
        this.unexpected(token, 'input');
    }
  }

  private action(): Node | Terminator {
    const token = this.nextNonSpace();
    switch (token.type) {
      case ItemType.BLOCK: return this.blockControl();
      case ItemType.BREAK: return this.breakControl(token, 'break');
      case ItemType.CONTINUE: return this.breakControl(token, 'continue');
      case ItemType.ELSE: return this.elseControl();
      case ItemType.END: return this.endControl();
      case ItemType.IF: return this.ifControl();
      case ItemType.RANGE: return this.rangeControl();
      case ItemType.TEMPLATE: return this.templateControl();
      case ItemType.WITH: return this.withControl();
    }
    this.backup();
    const t = this.peek();
    // Variables are not popped: they persist until "end".
    return { kind: 'action', pos: t.pos, line: t.line, pipe: this.pipeline('command', ItemType.RIGHT_DELIM) };
  }

  private breakControl(keyword: Item, kind: 'break' | 'continue'): Node {
    const token = this.nextNonSpace();
    if (token.type !== ItemType.RIGHT_DELIM) {
      this.unexpected(token, `{{${kind}}}`);
    }
    if (this.rangeDepth === 0) {
      this.errorf(`{{${kind}}} outside {{range}}`);
    }
    return { kind, pos: keyword.pos, line: keyword.line };
  }

  private pipeline(context: string, end: ItemType): PipeNode {
    const first = this.peekNonSpace();
    const pipe: PipeNode = { kind: 'pipe', pos: first.pos, line: first.line, isAssign: false, decl: [], cmds: [] };
    // Declarations or assignments?
    decls: for (;;) {
      const v = this.peekNonSpace();
      if (v.type !== ItemType.VARIABLE) {
        break;
      }
      this.next();
      // Space is a token, so "$x foo" needs three tokens of look-ahead to tell an argument
      // from a declaration: remember the token after the variable to push it back.
      const tokenAfterVariable = this.peek();
      const next = this.peekNonSpace();
      if (next.type === ItemType.ASSIGN || next.type === ItemType.DECLARE) {
        pipe.isAssign = next.type === ItemType.ASSIGN;
        this.nextNonSpace();
        pipe.decl.push({ pos: v.pos, name: v.val });
        this.vars.push(v.val);
      } else if (next.type === ItemType.CHAR && next.val === ',') {
        this.nextNonSpace();
        pipe.decl.push({ pos: v.pos, name: v.val });
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const after = this.peekNonSpace().type;
          if (after === ItemType.VARIABLE || after === ItemType.RIGHT_DELIM || after === ItemType.RIGHT_PAREN) {
            continue decls; // the second variable of a range
          }
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      } else if (tokenAfterVariable.type === ItemType.SPACE) {
        this.backup3(v, tokenAfterVariable);
      } else {
        this.backup2(v);
      }
      break;
    }
    for (;;) {
      const token = this.nextNonSpace();
      switch (token.type) {
        case end:
          this.checkPipeline(pipe, context);
          return pipe;
        case ItemType.BOOL:
        case ItemType.CHAR_CONSTANT:
        case ItemType.COMPLEX:
        case ItemType.DOT:
        case ItemType.FIELD:
        case ItemType.IDENTIFIER:
        case ItemType.NUMBER:
        case ItemType.NIL:
        case ItemType.RAW_STRING:
        case ItemType.STRING:
        case ItemType.VARIABLE:
        case ItemType.LEFT_PAREN:
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(token, context);
      }
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) {
      this.errorf(`missing value for ${context}`);
    }
    // Only the first command of a pipeline may start with a non-executable operand.
    pipe.cmds.slice(1).forEach((c, i) => {
      const k = c.args[0].kind;
      if (k === 'bool' || k === 'dot' || k === 'nil' || k === 'number' || k === 'string') {
        this.errorf(`non executable command in pipeline stage ${i + 2}`);
      }
    });
  }

  private parseControl(context: 'if' | 'range' | 'with'): BranchNode {
    const depth = this.vars.length;
    try {
      const pipe = this.pipeline(context, ItemType.RIGHT_DELIM);
      if (context === 'range') {
        this.rangeDepth++;
      }
      let [list, next] = this.itemList();
      if (context === 'range') {
        this.rangeDepth--;
      }
      let elseList: ListNode | undefined;
      if (next.kind === 'else') {
        // "{{else if …}}" and "{{else with …}}" are "{{else}}{{if …}}…{{end}}{{end}}": the
        // inner if/with ends at the {{end}}, and the outer {{end}} is assumed.
        if (context === 'if' && this.peek().type === ItemType.IF) {
          this.next();
          elseList = { kind: 'list', pos: next.pos, nodes: [this.ifControl()] };
        } else if (context === 'with' && this.peek().type === ItemType.WITH) {
          this.next();
          elseList = { kind: 'list', pos: next.pos, nodes: [this.withControl()] };
        } else {
          [elseList, next] = this.itemList();
          if (next.kind !== 'end') {
            this.errorf(`expected end; found ${terminatorString(next)}`);
          }
        }
      }
      return { kind: context, pos: pipe.pos, line: pipe.line, pipe, list, elseList };
    } finally {
      this.vars = this.vars.slice(0, depth);
    }
  }

  private ifControl(): BranchNode {
    return this.parseControl('if');
  }

  private rangeControl(): BranchNode {
    return this.parseControl('range');
  }

  private withControl(): BranchNode {
    return this.parseControl('with');
  }

  private endControl(): Terminator {
    return { kind: 'end', pos: this.expect(ItemType.RIGHT_DELIM, 'end').pos };
  }

  private elseControl(): Terminator {
    const peek = this.peekNonSpace();
    // "{{else if" and "{{else with" leave the if / with for parseControl.
    if (peek.type === ItemType.IF || peek.type === ItemType.WITH) {
      return { kind: 'else', pos: peek.pos, line: peek.line };
    }
    const token = this.expect(ItemType.RIGHT_DELIM, 'else');
    return { kind: 'else', pos: token.pos, line: token.line };
  }

  private blockControl(): Node {
    const context = 'block clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    const pipe = this.pipeline(context, ItemType.RIGHT_DELIM);
    const block = this.subTree();
    block.name = name;
    const [list, end] = block.itemList();
    block.root = list;
    if (end.kind !== 'end') {
      this.errorf(`unexpected ${terminatorString(end)} in ${context}`);
    }
    block.add();
    return { kind: 'template', pos: token.pos, line: token.line, name, pipe };
  }

  private templateControl(): Node {
    const context = 'template clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    let pipe: PipeNode | undefined;
    if (this.nextNonSpace().type !== ItemType.RIGHT_DELIM) {
      this.backup();
      // Variables are not popped: they persist until "end".
      pipe = this.pipeline(context, ItemType.RIGHT_DELIM);
    }
    return { kind: 'template', pos: token.pos, line: token.line, name, pipe };
  }

  private parseTemplateName(token: Item, context: string): string {
    if (token.type === ItemType.STRING || token.type === ItemType.RAW_STRING) {
      const s = unquote(token.val);
      if (s === undefined) {
        this.errorf(INVALID_SYNTAX);
      }
      return s;
    }
    this.unexpected(token, context);
  }

  private command(): CommandNode {
    const cmd: CommandNode = { pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace(); // skip leading spaces
      const operand = this.operand();
      if (operand !== undefined) {
        cmd.args.push(operand);
      }
      const token = this.next();
      if (token.type === ItemType.SPACE) {
        continue;
      }
      if (token.type === ItemType.RIGHT_DELIM || token.type === ItemType.RIGHT_PAREN) {
        this.backup();
      } else if (token.type !== ItemType.PIPE) {
        this.unexpected(token, 'operand');
      }
      break;
    }
    if (cmd.args.length === 0) {
      this.errorf('empty command');
    }
    return cmd;
  }

  private operand(): ArgNode | undefined {
    let node = this.term();
    if (node === undefined) {
      return undefined;
    }
    if (this.peek().type === ItemType.FIELD) {
      const pos = node.pos; // Go's is the first field's; the term's is clearer in messages
      const fields: string[] = [];
      while (this.peek().type === ItemType.FIELD) {
        fields.push(...this.next().val.slice(1).split('.'));
      }
      // Fields after a field or variable extend it; obvious mistakes on literals are refused
      // here; anything else is a chain, left to execution.
      if (node.kind === 'field' || node.kind === 'variable') {
        node = { kind: node.kind, pos, ident: [...node.ident, ...fields] };
      } else if (['bool', 'string', 'number', 'nil', 'dot'].includes(node.kind)) {
        this.errorf(`unexpected . after term ${goQuote(termString(node))}`);
      } else {
        node = { kind: 'chain', pos, node, field: fields };
      }
    }
    return node;
  }

  private term(): ArgNode | undefined {
    const token = this.nextNonSpace();
    switch (token.type) {
      case ItemType.IDENTIFIER:
        if (!this.hasFunction(token.val)) {
          this.errorf(`function ${goQuote(token.val)} not defined`, token.val);
        }
        return { kind: 'identifier', pos: token.pos, name: token.val };
      case ItemType.DOT:
        return { kind: 'dot', pos: token.pos };
      case ItemType.NIL:
        return { kind: 'nil', pos: token.pos };
      case ItemType.VARIABLE:
        return this.useVar(token);
      case ItemType.FIELD:
        return { kind: 'field', pos: token.pos, ident: token.val.slice(1).split('.') };
      case ItemType.BOOL:
        return { kind: 'bool', pos: token.pos, value: token.val === 'true' };
      case ItemType.CHAR_CONSTANT:
      case ItemType.COMPLEX:
      case ItemType.NUMBER: {
        const problem = numberProblem(token.val, token.type);
        if (problem !== undefined) {
          this.errorf(problem);
        }
        return { kind: 'number', pos: token.pos, text: token.val };
      }
      case ItemType.LEFT_PAREN:
        if (this.stackDepth >= MAX_STACK_DEPTH) {
          this.errorf('max expression depth exceeded');
        }
        this.stackDepth++;
        try {
          return this.pipeline('parenthesized pipeline', ItemType.RIGHT_PAREN);
        } finally {
          this.stackDepth--;
        }
      case ItemType.STRING:
      case ItemType.RAW_STRING: {
        const s = unquote(token.val);
        if (s === undefined) {
          this.errorf(INVALID_SYNTAX);
        }
        return { kind: 'string', pos: token.pos, quoted: token.val, text: s };
      }
    }
    this.backup();
    return undefined;
  }

  private useVar(token: Item): ArgNode {
    const ident = token.val.split('.');
    if (!this.vars.includes(ident[0])) {
      this.errorf(`undefined variable ${goQuote(ident[0])}`);
    }
    return { kind: 'variable', pos: token.pos, ident };
  }
}

function terminatorString(t: Terminator): string {
  return t.kind === 'end' ? '{{end}}' : '{{else}}';
}

function termString(node: ArgNode): string {
  switch (node.kind) {
    case 'bool': return node.value ? 'true' : 'false';
    case 'string': return node.quoted;
    case 'number': return node.text;
    case 'nil': return 'nil';
    default: return '.';
  }
}

/** parse.IsEmptyTree: nothing but space (or comments, which are not kept). */
function isEmptyTree(list: ListNode): boolean {
  return list.nodes.every((n) => n.kind === 'text' ? n.text.trim() === '' : n.kind === 'list' && isEmptyTree(n));
}

/** The parse tree of Go's text/template (parse/node.go), as far as esokit's checks read it. */
/** A node that takes an argument position: a term of a command. */
export type ArgNode =
  | { readonly kind: 'identifier'; readonly pos: number; readonly name: string }
  | { readonly kind: 'variable'; readonly pos: number; readonly ident: readonly string[] }
  | { readonly kind: 'dot'; readonly pos: number }
  | { readonly kind: 'nil'; readonly pos: number }
  | { readonly kind: 'field'; readonly pos: number; readonly ident: readonly string[] }
  | { readonly kind: 'chain'; readonly pos: number; readonly node: ArgNode; readonly field: readonly string[] }
  | { readonly kind: 'bool'; readonly pos: number; readonly value: boolean }
  | { readonly kind: 'number'; readonly pos: number; readonly text: string }
  | { readonly kind: 'string'; readonly pos: number; readonly quoted: string; readonly text: string }
  | PipeNode;

/** A pipeline: optional declarations, then commands joined by `|`. */
export interface PipeNode {
  readonly kind: 'pipe';
  readonly pos: number;
  readonly line: number;
  isAssign: boolean;
  readonly decl: { readonly pos: number; readonly name: string }[];
  readonly cmds: CommandNode[];
}

/** One command of a pipeline: a function or value and its arguments. */
export interface CommandNode {
  readonly pos: number;
  readonly args: ArgNode[];
}

/** A list of nodes, the body of a template or block. */
export interface ListNode {
  readonly kind: 'list';
  readonly pos: number;
  readonly nodes: Node[];
}

/** if, range and with. */
export interface BranchNode {
  readonly kind: 'if' | 'range' | 'with';
  readonly pos: number;
  readonly line: number;
  readonly pipe: PipeNode;
  readonly list: ListNode;
  readonly elseList?: ListNode;
}

/** A node of a template's body. */
export type Node =
  | ListNode
  | BranchNode
  | { readonly kind: 'text'; readonly pos: number; readonly text: string }
  | { readonly kind: 'action'; readonly pos: number; readonly line: number; readonly pipe: PipeNode }
  | { readonly kind: 'template'; readonly pos: number; readonly line: number; readonly name: string; readonly pipe?: PipeNode }
  | { readonly kind: 'break' | 'continue'; readonly pos: number; readonly line: number };

/** {{end}} and {{else}}: returned by itemList, never kept in a tree. */
export type Terminator = { readonly kind: 'end'; readonly pos: number } | { readonly kind: 'else'; readonly pos: number; readonly line: number };

/** A parsed template: its body, and the templates it defines with define or block. */
export interface ParsedTemplate {
  readonly root: ListNode;
  readonly defined: ReadonlyMap<string, ListNode>;
}

/** Why Go refuses a template: the reason as Go words it after `template: <name>:<line>: `. */
export class GoTemplateError extends Error {
  public constructor(
    /** Go's reason, e.g. `unexpected "}" in operand`. */
    public readonly reason: string,
    /** Go's line. */
    public readonly line: number,
    /** Where in the template the parser was (a string index). */
    public readonly pos: number,
    /** The function's name, when the reason is an undefined function. */
    public readonly undefinedFunction?: string,
  ) {
    super(reason);
  }
}

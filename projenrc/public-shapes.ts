/**
 * Generates src/core/model/shapes.generated.ts: the shape of every input of the public API, read
 * from the TypeScript types with the compiler API, so the runtime checks of what JavaScript (and
 * jsii) callers pass can never drift from the declared types.
 *
 * The public API is what src/index.ts (the cdk8s side) and src/pulumi/index.ts export: each
 * public constructor, static factory and method of an exported class that takes parameters is an
 * entry point, and every struct its parameters use (recursively) is described.
 *
 * Runs before compile, before the examples and in the tests' global setup; it rewrites the file
 * only when the sources changed.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/* eslint-disable no-bitwise -- the compiler's type and symbol flags are bit sets */

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'src', 'core', 'model', 'shapes.generated.ts');
const SRC = path.join(ROOT, 'src');
const PULUMI = path.join(SRC, 'pulumi');
const INDEXES = [path.join(SRC, 'index.ts'), path.join(PULUMI, 'index.ts')];

// Structs of these packages are part of the public API (jsii structs); other packages' types
// (the Pulumi SDK's options, resources) are checked as objects only.
const DESCRIBED_PACKAGES = /[\\/]node_modules[\\/](cdk8s|cdk8s-plus-27|constructs)[\\/]/;

/** The type of a value, as the runtime checker (src/core/model/shape.ts) reads it. */
type Shape =
  | 'string' | 'number' | 'boolean' | 'object' | 'function' | 'json'
  | { readonly enum: ReadonlyArray<string | number>; readonly name?: string }
  | { readonly array: Shape }
  | { readonly record: Shape }
  | { readonly struct: string }
  | { readonly instance: string }
  | { readonly input: Shape }
  | { readonly union: readonly Shape[] }
  | { readonly nullable: Shape };

interface Prop {
  readonly name: string;
  readonly optional?: true;
  readonly type: Shape;
}

// The descriptors' types, written at the top of the generated file (the checker imports them).
const TYPES = [
  '/** The type of a value: a primitive, a closed set of values, or a reference to a struct or class. */',
  'export type Shape =',
  '  | \'string\' | \'number\' | \'boolean\' | \'object\' | \'function\' | \'json\'',
  '  | { readonly enum: ReadonlyArray<string | number>; readonly name?: string }',
  '  | { readonly array: Shape }',
  '  | { readonly record: Shape }',
  '  | { readonly struct: string }',
  '  | { readonly instance: string }',
  '  | { readonly input: Shape }',
  '  | { readonly union: readonly Shape[] }',
  '  | { readonly nullable: Shape };',
  '/** A property of a struct, or a parameter of an entry point. */',
  'export interface PropShape { readonly name: string; readonly optional?: true; readonly type: Shape }',
  '/** A struct: its name (none for an anonymous type) and properties. */',
  'export interface StructShape { readonly name?: string; readonly props: readonly PropShape[] }',
  '/** A class (or, `implemented`, a behavioural interface): the members every instance has, and a factory for messages. */',
  'export interface ClassShape { readonly name: string; readonly implemented?: true; readonly methods: readonly string[]; readonly props: readonly string[]; readonly factory?: string }',
  '/** An entry point: its parameters, and the prefix of their names in messages (a method\'s name). */',
  'export interface EntryShape { readonly prefix?: string; readonly params: readonly PropShape[] }',
];

/** Writes the generated file when it is missing or stale; returns its path. */
export function generatePublicShapes(): string {
  const sources = hashSources();
  if (fs.existsSync(OUT) && fs.readFileSync(OUT, 'utf8').includes(`(sha256 ${sources})`)) {
    return OUT;
  }
  const { structs, classes, entries } = new Describer().run();
  const text = [
    `// Generated from the public API's TypeScript types (sha256 ${sources}) by`,
    '// projenrc/public-shapes.ts at build time. Not committed; do not edit.',
    '/* eslint-disable */',
    ...TYPES,
    '',
    '/** Every struct a public entry point takes, by name. */',
    `export const STRUCTS: { readonly [name: string]: StructShape } = ${JSON.stringify(structs)};`,
    '',
    '/** Every class (or behavioural interface) a public entry point takes, by name. */',
    `export const CLASSES: { readonly [name: string]: ClassShape } = ${JSON.stringify(classes)};`,
    '',
    '/** The parameters of every public constructor, static factory and method, by entry name. */',
    `export const ENTRY_POINTS: { readonly [name: string]: EntryShape } = ${JSON.stringify(entries)};`,
    '',
  ].join('\n');
  if (!fs.existsSync(OUT) || fs.readFileSync(OUT, 'utf8') !== text) {
    fs.writeFileSync(OUT, text);
  }
  return OUT;
}

/** A hash of every source file (and the compiler's version): the generated file's freshness. */
function hashSources(): string {
  const hash = createHash('sha256').update(ts.version);
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(file);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.generated.ts')) {
        hash.update(path.relative(ROOT, file)).update(fs.readFileSync(file));
      }
    }
  };
  walk(SRC);
  hash.update(fs.readFileSync(__filename));
  return hash.digest('hex');
}

class Describer {
  private readonly program: ts.Program;
  private readonly checker: ts.TypeChecker;
  private readonly structs: Record<string, { name?: string; props: Prop[] }> = {};
  private readonly classes: Record<string, { name: string; implemented?: true; methods: string[]; props: string[]; factory?: string }> = {};
  private readonly entries: Record<string, { prefix?: string; params: Prop[] }> = {};
  /** The struct or class key given to each declaration (or anonymous type). */
  private readonly keys = new Map<ts.Node | ts.Type, string>();

  public constructor() {
    const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.json'), {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    });
    this.program = ts.createProgram(INDEXES, { ...config!.options, noEmit: true, types: ['node'] });
    this.checker = this.program.getTypeChecker();
  }

  public run() {
    for (const index of INDEXES) {
      const module = this.checker.getSymbolAtLocation(this.program.getSourceFile(index)!)!;
      for (const exported of this.checker.getExportsOfModule(module)) {
        const symbol = exported.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(exported) : exported;
        if (symbol.flags & ts.SymbolFlags.Class) {
          this.entryPoints(symbol);
        }
      }
    }
    return { structs: sorted(this.structs), classes: sorted(this.classes), entries: sorted(this.entries) };
  }

  /** The public constructor, static methods and methods of an exported class. */
  private entryPoints(cls: ts.Symbol): void {
    const declaration = cls.declarations!.find(ts.isClassDeclaration)!;
    const name = this.qualified(declaration, cls.name);
    const ctor = declaration.members.find(ts.isConstructorDeclaration);
    if (ctor && isPublic(ctor) && !hasModifier(declaration, ts.SyntaxKind.AbstractKeyword)) {
      this.entry(name, '', ctor);
    }
    const statics = this.checker.getPropertiesOfType(this.checker.getTypeOfSymbol(cls));
    const methods = this.checker.getPropertiesOfType(this.checker.getDeclaredTypeOfSymbol(cls));
    for (const [member, isStatic] of [...statics.map((s) => [s, true] as const), ...methods.map((m) => [m, false] as const)]) {
      const method = member.declarations?.find(ts.isMethodDeclaration);
      if (!(member.flags & ts.SymbolFlags.Method) || !method || !isPublic(method) || member.name.startsWith('_') || !isOurs(method)) {
        continue;
      }
      const owner = method.parent as ts.ClassDeclaration;
      const ownerName = this.qualified(owner, owner.name!.text);
      this.entry(`${ownerName}.${member.name}`, isStatic ? '' : `${member.name} `, method);
    }
  }

  private entry(key: string, prefix: string, fn: ts.SignatureDeclarationBase): void {
    if (fn.parameters.length === 0 || this.entries[key]) {
      return;
    }
    const params = fn.parameters.map((p, i): Prop => {
      const name = ts.isIdentifier(p.name) ? p.name.text : `arg${i}`;
      let type = this.describe(this.checker.getTypeAtLocation(p), `${key}(${name})`);
      if (p.dotDotDotToken) {
        type = { array: type };
      }
      return { name, ...(p.questionToken || p.initializer || p.dotDotDotToken ? { optional: true } : {}), type };
    });
    this.entries[key] = { ...(prefix ? { prefix } : {}), params };
  }

  private describe(type: ts.Type, hint: string): Shape {
    const c = this.checker;
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) {
      // What the public API takes untyped (Helm values, a raw provider block) goes into manifests.
      return 'json';
    }
    if (type.flags & (ts.TypeFlags.TypeParameter | ts.TypeFlags.Conditional)) {
      const constraint = c.getBaseConstraintOfType(type);
      return constraint && constraint !== type ? this.describe(constraint, hint) : 'json';
    }
    if (type.flags & ts.TypeFlags.Union) {
      return this.describeUnion((type as ts.UnionType).types, hint);
    }
    if (type.flags & (ts.TypeFlags.StringLiteral | ts.TypeFlags.NumberLiteral)) {
      return this.describeUnion([type], hint);
    }
    if (type.flags & (ts.TypeFlags.String | ts.TypeFlags.TemplateLiteral | ts.TypeFlags.StringMapping)) {
      return 'string';
    }
    if (type.flags & ts.TypeFlags.Number) {
      return 'number';
    }
    if (type.flags & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) {
      return 'boolean';
    }
    if (type.flags & ts.TypeFlags.NonPrimitive) {
      return 'object';
    }
    if (!(type.flags & (ts.TypeFlags.Object | ts.TypeFlags.Intersection))) {
      throw new Error(`${hint}: no shape for type ${c.typeToString(type)}`);
    }
    if (c.isArrayType(type) || c.isTupleType(type)) {
      const elements = c.getTypeArguments(type as ts.TypeReference);
      return { array: elements.length === 1 ? this.describe(elements[0], `${hint}[]`) : this.describeUnion(elements, `${hint}[]`) };
    }
    if (type.aliasSymbol?.name === 'Record' && type.aliasTypeArguments?.length === 2) {
      return { record: this.describe(type.aliasTypeArguments[1], `${hint}[]`) };
    }
    const symbol = type.getSymbol();
    const declaration = symbol?.declarations?.[0];
    if (declaration && !isOurs(declaration) && !DESCRIBED_PACKAGES.test(declaration.getSourceFile().fileName)) {
      return type.getCallSignatures().length > 0 ? 'function' : 'object';
    }
    if (symbol && symbol.flags & ts.SymbolFlags.Class) {
      return { instance: this.describeClass(symbol, type) };
    }
    const props = c.getPropertiesOfType(type);
    if (type.getCallSignatures().length > 0 && props.length === 0) {
      return 'function';
    }
    if (props.some((p) => p.flags & ts.SymbolFlags.Method)) {
      // A behavioural interface (ISecretStore): whatever implements it.
      return { instance: this.describeClass(symbol!, type) };
    }
    const index = c.getIndexInfoOfType(type, ts.IndexKind.String);
    if (props.length === 0 && index) {
      return { record: this.describe(index.type, `${hint}[]`) };
    }
    if (props.length === 0 && declaration && ts.isMappedTypeNode(declaration) && declaration.type) {
      // A mapped type over a type parameter (`{ readonly [P in D]: RemoteReference }`).
      return { record: this.describe(c.getTypeFromTypeNode(declaration.type), `${hint}[]`) };
    }
    if (props.length === 0) {
      return 'object';
    }
    return { struct: this.describeStruct(type, hint) };
  }

  private describeUnion(types: readonly ts.Type[], hint: string): Shape {
    let members = types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)));
    const nullable = members.some((t) => t.flags & ts.TypeFlags.Null);
    members = members.filter((t) => !(t.flags & ts.TypeFlags.Null));
    // pulumi.Input<T>: T | Promise<T> | OutputInstance<T>.
    const wrappers = members.filter((t) => ['Promise', 'OutputInstance', 'Output'].includes(t.getSymbol()?.name ?? ''));
    let shape: Shape;
    if (wrappers.length > 0 && wrappers.length < members.length) {
      shape = { input: this.describeUnion(members.filter((t) => !wrappers.includes(t)), hint) };
    } else if (members.length > 0 && members.every((t) => t.flags & (ts.TypeFlags.StringLiteral | ts.TypeFlags.NumberLiteral))) {
      const values = members.map((t) => (t as ts.LiteralType).value as string | number);
      const enumDeclaration = members[0].getSymbol()?.valueDeclaration?.parent;
      const name = enumDeclaration && ts.isEnumDeclaration(enumDeclaration) ? enumDeclaration.name.text : undefined;
      shape = { enum: values, ...(name ? { name } : {}) };
    } else {
      const booleans = members.filter((t) => t.flags & ts.TypeFlags.BooleanLiteral);
      const shapes: Shape[] = booleans.length === 2 ? ['boolean'] : [];
      for (const t of members.filter((m) => booleans.length !== 2 || !booleans.includes(m))) {
        const s = this.describe(t, hint);
        if (!shapes.some((x) => JSON.stringify(x) === JSON.stringify(s))) {
          shapes.push(s);
        }
      }
      shape = shapes.length === 1 ? shapes[0] : shapes.includes('json') ? 'json' : { union: shapes };
    }
    return nullable ? { nullable: shape } : shape;
  }

  /** A struct's properties, registered under its name (or `hint` for an anonymous type). */
  private describeStruct(type: ts.Type, hint: string): string {
    const symbol = type.aliasSymbol ?? type.getSymbol();
    const named = symbol && !symbol.name.startsWith('__') ? symbol : undefined;
    const declaration = named?.declarations?.[0];
    const id: ts.Node | ts.Type = declaration && !(type.flags & ts.TypeFlags.Intersection) && !type.aliasTypeArguments ? declaration : type;
    const known = this.keys.get(id);
    if (known) {
      return known;
    }
    const key = this.uniqueKey(named && declaration ? this.qualified(declaration, named.name) : hint, this.structs);
    this.keys.set(id, key);
    const entry: { name?: string; props: Prop[] } = { ...(named ? { name: named.name } : {}), props: [] };
    this.structs[key] = entry;
    for (const prop of this.checker.getPropertiesOfType(type)) {
      const propType = this.checker.getTypeOfSymbol(prop);
      entry.props.push({
        name: prop.name,
        ...(prop.flags & ts.SymbolFlags.Optional ? { optional: true } : {}),
        type: this.describe(propType, `${key}.${prop.name}`),
      });
    }
    return key;
  }

  /** What identifies an instance of a class (or implementation of an interface): its members. */
  private describeClass(symbol: ts.Symbol, type: ts.Type): string {
    const declaration = symbol.declarations![0];
    const known = this.keys.get(declaration);
    if (known) {
      return known;
    }
    const key = this.uniqueKey(this.qualified(declaration, symbol.name), this.classes);
    this.keys.set(declaration, key);
    const instance = symbol.flags & ts.SymbolFlags.Class ? this.checker.getDeclaredTypeOfSymbol(symbol) : type;
    const methods: string[] = [];
    const props: string[] = [];
    for (const member of this.checker.getPropertiesOfType(instance)) {
      const decl = member.declarations?.[0];
      if (!decl || !isPublic(decl) || member.flags & ts.SymbolFlags.Optional || member.name.startsWith('#')) {
        continue;
      }
      (member.flags & ts.SymbolFlags.Method ? methods : props).push(member.name);
    }
    // The first static factory returning the class, for messages ("e.g. DataFrom.extract(...)").
    const factory = symbol.flags & ts.SymbolFlags.Class
      ? this.checker.getPropertiesOfType(this.checker.getTypeOfSymbol(symbol)).find((s) => {
        const m = s.declarations?.find(ts.isMethodDeclaration);
        return m && isPublic(m) && !s.name.startsWith('_') && m.type && this.checker.getTypeFromTypeNode(m.type).getSymbol() === symbol;
      })
      : undefined;
    this.classes[key] = {
      name: symbol.name,
      ...(symbol.flags & ts.SymbolFlags.Class ? {} : { implemented: true as const }),
      methods: methods.sort(),
      props: props.sort(),
      ...(factory ? { factory: `${symbol.name}.${factory.name}` } : {}),
    };
    return key;
  }

  /** A declaration's name, `pulumi.`-prefixed when it is the Pulumi front end's. */
  private qualified(declaration: ts.Node, name: string): string {
    return declaration.getSourceFile().fileName.startsWith(PULUMI + path.sep) ? `pulumi.${name}` : name;
  }

  private uniqueKey(base: string, taken: Record<string, unknown>): string {
    let key = base;
    for (let i = 2; taken[key]; i++) {
      key = `${base}#${i}`;
    }
    return key;
  }
}

function isOurs(node: ts.Node): boolean {
  return node.getSourceFile().fileName.startsWith(SRC + path.sep);
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
}

function isPublic(node: ts.Node): boolean {
  const name = (node as ts.NamedDeclaration).name;
  return !hasModifier(node, ts.SyntaxKind.PrivateKeyword) && !hasModifier(node, ts.SyntaxKind.ProtectedKeyword)
    && !(name && ts.isPrivateIdentifier(name));
}

function sorted<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.keys(record).sort().map((k) => [k, record[k]]));
}

if (require.main === module) {
  try {
    generatePublicShapes();
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
}

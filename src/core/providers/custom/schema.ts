/*
 * Checks a raw provider block against the provider's schema in ESO's CRDs, the way the API
 * server would read it — plus what the server does not say: a field it does not know is pruned
 * silently there (structural schemas), so a misspelt field here is an error, not a surprise at
 * reconcile time.
 *
 * The schemas are generated at build time from the pinned CRD bundle (schemas.generated.ts, not
 * committed); this file only reads them.
 */

/** A node of a provider's OpenAPI v3 schema, without descriptions, defaults and examples. */
export interface SchemaNode {
  readonly 'type'?: 'object' | 'string' | 'integer' | 'number' | 'boolean' | 'array';
  readonly 'properties'?: { readonly [field: string]: SchemaNode };
  readonly 'required'?: readonly string[];
  readonly 'additionalProperties'?: SchemaNode | boolean;
  readonly 'items'?: SchemaNode;
  readonly 'enum'?: readonly unknown[];
  readonly 'format'?: string;
  readonly 'pattern'?: string;
  readonly 'minLength'?: number;
  readonly 'maxLength'?: number;
  readonly 'minimum'?: number;
  readonly 'maximum'?: number;
  readonly 'minProperties'?: number;
  readonly 'maxProperties'?: number;
  readonly 'minItems'?: number;
  readonly 'maxItems'?: number;
  readonly 'x-kubernetes-int-or-string'?: boolean;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-validations'?: ReadonlyArray<{ readonly rule: string; readonly message?: string }>;
}

/** One thing wrong with a block: the field path (`provider.gcpsm.projectId`) and what is wrong. */
export interface SchemaProblem {
  readonly field: string;
  readonly problem: string;
}

// Ranges of the integer formats the API server enforces.
const INT_RANGES: Record<string, [number, number]> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/** Every problem of `value` against `schema`, in document order. */
export function checkAgainstSchema(value: unknown, schema: SchemaNode, field: string): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  walk(value, schema, field, problems);
  return problems;
}

function walk(value: unknown, schema: SchemaNode, field: string, out: SchemaProblem[]): void {
  if (value === undefined) {
    return;
  }
  if (value === null) {
    out.push({ field, problem: 'is null; leave the field out instead' });
    return;
  }
  if (schema['x-kubernetes-int-or-string']) {
    if (!(typeof value === 'string' || Number.isInteger(value))) {
      out.push({ field, problem: `must be a string or an integer, got ${describe(value)}` });
    }
    return;
  }
  switch (schema.type) {
    case 'object':
      return walkObject(value, schema, field, out);
    case 'array':
      if (!Array.isArray(value)) {
        out.push({ field, problem: `must be a list, got ${describe(value)}` });
        return;
      }
      bound(value.length, schema.minItems, schema.maxItems, 'items', field, out);
      value.forEach((v, i) => schema.items && walk(v, schema.items, `${field}[${i}]`, out));
      return;
    case 'string':
      if (typeof value !== 'string') {
        out.push({ field, problem: `must be a string, got ${describe(value)}` });
        return;
      }
      return checkString(value, schema, field, out);
    case 'integer':
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value) || (schema.type === 'integer' && !Number.isInteger(value))) {
        out.push({ field, problem: `must be ${schema.type === 'integer' ? 'an integer' : 'a number'}, got ${describe(value)}` });
        return;
      }
      checkNumber(value, schema, field, out);
      break;
    case 'boolean':
      if (typeof value !== 'boolean') {
        out.push({ field, problem: `must be true or false, got ${describe(value)}` });
        return;
      }
      break;
    case undefined:
      break;
  }
  checkEnum(value, schema, field, out);
}

function walkObject(value: unknown, schema: SchemaNode, field: string, out: SchemaProblem[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    out.push({ field, problem: `must be an object, got ${describe(value)}` });
    return;
  }
  const obj = value as Record<string, unknown>;
  const given = Object.keys(obj).filter((k) => obj[k] !== undefined);
  const known = schema.properties ?? {};
  for (const key of given) {
    const child = Object.prototype.hasOwnProperty.call(known, key) ? known[key] : undefined;
    if (child) {
      walk(obj[key], child, `${field}.${key}`, out);
    } else if (typeof schema.additionalProperties === 'object') {
      walk(obj[key], schema.additionalProperties, `${field}.${key}`, out);
    } else if (schema.additionalProperties !== true && !schema['x-kubernetes-preserve-unknown-fields']) {
      const near = nearest(key, Object.keys(known));
      const fields = Object.keys(known);
      out.push({
        field: `${field}.${key}`,
        problem: `is not a field of ${field} (the api server would drop it silently); ${near ? `did you mean ${JSON.stringify(near)}?` : `its fields are ${fields.length ? fields.join(', ') : '(none)'}`}`,
      });
    }
  }
  for (const key of schema.required ?? []) {
    if (obj[key] === undefined) {
      out.push({ field: `${field}.${key}`, problem: 'is required' });
    }
  }
  const count = given.length;
  if (schema.maxProperties === 1 && schema.minProperties === 1 && count !== 1) {
    out.push({ field, problem: `must set exactly one of ${Object.keys(known).join(', ')}, got ${count === 0 ? 'none' : given.join(', ')}` });
  } else {
    bound(count, schema.minProperties, schema.maxProperties, 'fields', field, out);
  }
  for (const validation of schema['x-kubernetes-validations'] ?? []) {
    if (evaluateCel(validation.rule, obj) !== true) {
      out.push({ field, problem: validation.message ?? `fails the rule ${validation.rule}` });
    }
  }
}

function checkString(value: string, schema: SchemaNode, field: string, out: SchemaProblem[]): void {
  // The API server counts characters (runes), not UTF-16 units.
  const length = [...value].length;
  if (schema.minLength !== undefined && length < schema.minLength) {
    out.push({ field, problem: schema.minLength === 1 ? 'must not be empty' : `must be at least ${schema.minLength} characters, got ${length}` });
    return;
  }
  if (schema.maxLength !== undefined && length > schema.maxLength) {
    out.push({ field, problem: `must be at most ${schema.maxLength} characters, got ${length}` });
    return;
  }
  if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) {
    out.push({ field, problem: `${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)} does not match ${schema.pattern}` });
    return;
  }
  if (schema.format === 'byte' && !isBase64(value)) {
    out.push({ field, problem: 'must be base64 (the api server decodes it); encode the value, e.g. Buffer.from(pem).toString("base64")' });
  }
  checkEnum(value, schema, field, out);
}

function checkNumber(value: number, schema: SchemaNode, field: string, out: SchemaProblem[]): void {
  const range = schema.format ? INT_RANGES[schema.format] : undefined;
  const min = Math.max(schema.minimum ?? -Infinity, range?.[0] ?? -Infinity);
  const max = Math.min(schema.maximum ?? Infinity, range?.[1] ?? Infinity);
  if (value < min || value > max) {
    out.push({ field, problem: `must be ${max === Infinity ? `at least ${min}` : `between ${min} and ${max}`}, got ${value}` });
  }
}

function checkEnum(value: unknown, schema: SchemaNode, field: string, out: SchemaProblem[]): void {
  if (schema.enum && !schema.enum.includes(value)) {
    out.push({ field, problem: `must be one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}, got ${describe(value)}` });
  }
}

function bound(count: number, min: number | undefined, max: number | undefined, what: string, field: string, out: SchemaProblem[]): void {
  if (min !== undefined && count < min) {
    out.push({ field, problem: `must have at least ${min} ${what}, got ${count}` });
  } else if (max !== undefined && count > max) {
    out.push({ field, problem: `must have at most ${max} ${what}, got ${count}` });
  }
}

function isBase64(value: string): boolean {
  // Go's encoding/base64 StdEncoding, as the API server decodes format: byte.
  return value.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(value);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) {
    return 'a list';
  }
  if (typeof value === 'object' && value !== null) {
    return 'an object';
  }
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The known field closest to a misspelt one: same letters in another case, or one or two edits away. */
export function nearest(key: string, known: readonly string[]): string | undefined {
  const folded = key.toLowerCase().replace(/[-_]/g, '');
  const sameLetters = known.find((k) => k.toLowerCase() === folded);
  if (sameLetters) {
    return sameLetters;
  }
  let best: string | undefined;
  let bestDistance = key.length <= 4 ? 1 : 2;
  for (const k of known) {
    const d = editDistance(folded, k.toLowerCase());
    if (d <= bestDistance) {
      best = k;
      bestDistance = d - 1;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

/*
 * The part of CEL that ESO's provider schemas use in `x-kubernetes-validations`: `has(self.f)`,
 * `'k' in self`, `!`, `&&`, `||`, `==`, `!=`, comparisons, list literals with
 * `.filter(x, x == true)` and `.size()`. The build refuses a rule outside this subset, so a new
 * ESO version cannot slip an unchecked rule past it.
 */

type Token = { kind: 'op' | 'ident' | 'string' | 'number'; text: string };
type Env = Record<string, unknown>;
type Expr = (env: Env) => unknown;

/** Whether `rule` parses in the supported subset; the reason when it does not. */
export function celProblem(rule: string): string | undefined {
  try {
    compileCel(rule);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Evaluates `rule` with `self` bound to `self`. */
export function evaluateCel(rule: string, self: unknown): unknown {
  return compileCel(rule)({ self });
}

const compiled = new Map<string, Expr>();

function compileCel(rule: string): Expr {
  const hit = compiled.get(rule);
  if (hit) {
    return hit;
  }
  const tokens = tokenize(rule);
  let at = 0;
  const peek = (): Token | undefined => tokens[at];
  const take = (text?: string): Token => {
    const t = tokens[at];
    if (!t || (text !== undefined && t.text !== text)) {
      throw new Error(`cel: expected ${text ?? 'more'} at token ${at} of ${JSON.stringify(rule)}`);
    }
    at++;
    return t;
  };
  const binary = (next: () => Expr, ops: string[]): (() => Expr) => () => {
    let left = next();
    while (peek() && ops.includes(peek()!.text)) {
      const op = take().text;
      const l = left;
      const r = next();
      left = (env) => apply(op, l, r, env);
    }
    return left;
  };
  const unary = (): Expr => {
    if (peek()?.text === '!') {
      take('!');
      const inner = unary();
      return (env) => !inner(env);
    }
    return postfix();
  };
  const postfix = (): Expr => {
    let expr = primary();
    while (peek()?.text === '.') {
      take('.');
      const name = take().text;
      const target = expr;
      if (name === 'size' && peek()?.text === '(') {
        take('(');
        take(')');
        expr = (env) => sizeOf(target(env));
      } else if (name === 'filter' && peek()?.text === '(') {
        take('(');
        const variable = take().text;
        take(',');
        const predicate = or();
        take(')');
        expr = (env) => (asList(target(env))).filter((item) => predicate({ ...env, [variable]: item }) === true);
      } else {
        expr = (env) => member(target(env), name);
      }
    }
    return expr;
  };
  const primary = (): Expr => {
    const t = take();
    if (t.text === '(') {
      const inner = or();
      take(')');
      return inner;
    }
    if (t.text === '[') {
      const items: Expr[] = [];
      while (peek()?.text !== ']') {
        items.push(or());
        if (peek()?.text === ',') {
          take(',');
        }
      }
      take(']');
      return (env) => items.map((i) => i(env));
    }
    if (t.kind === 'string') {
      return () => t.text;
    }
    if (t.kind === 'number') {
      return () => Number(t.text);
    }
    if (t.text === 'true' || t.text === 'false') {
      return () => t.text === 'true';
    }
    if (t.text === 'has') {
      take('(');
      const path: string[] = [take().text];
      while (peek()?.text === '.') {
        take('.');
        path.push(take().text);
      }
      take(')');
      if (path.length < 2) {
        throw new Error(`cel: has() needs a field selection in ${JSON.stringify(rule)}`);
      }
      return (env) => {
        const owner = path.slice(1, -1).reduce<unknown>((o, f) => member(o, f), env[path[0]]);
        return typeof owner === 'object' && owner !== null && (owner as Env)[path[path.length - 1]] !== undefined;
      };
    }
    if (t.kind === 'ident') {
      return (env) => {
        if (!(t.text in env)) {
          throw new Error(`cel: unknown identifier ${t.text}`);
        }
        return env[t.text];
      };
    }
    throw new Error(`cel: unexpected ${JSON.stringify(t.text)} in ${JSON.stringify(rule)}`);
  };
  const comparison = binary(unary, ['==', '!=', '<', '<=', '>', '>=', 'in']);
  const and = binary(comparison, ['&&']);
  const or = binary(and, ['||']);
  const expr = or();
  if (at !== tokens.length) {
    throw new Error(`cel: unexpected ${JSON.stringify(tokens[at].text)} in ${JSON.stringify(rule)}`);
  }
  compiled.set(rule, expr);
  return expr;
}

function apply(op: string, l: Expr, r: Expr, env: Env): unknown {
  if (op === '&&') {
    return l(env) === true && r(env) === true;
  }
  if (op === '||') {
    return l(env) === true || r(env) === true;
  }
  const a = l(env);
  const b = r(env);
  switch (op) {
    case '==': return a === b;
    case '!=': return a !== b;
    case '<': return (a as number) < (b as number);
    case '<=': return (a as number) <= (b as number);
    case '>': return (a as number) > (b as number);
    case '>=': return (a as number) >= (b as number);
    case 'in': return typeof b === 'object' && b !== null && (Array.isArray(b) ? b.includes(a) : (b as Env)[a as string] !== undefined);
  }
  throw new Error(`cel: unknown operator ${op}`);
}

function member(target: unknown, name: string): unknown {
  return typeof target === 'object' && target !== null ? (target as Env)[name] : undefined;
}

function asList(value: unknown): unknown[] {
  if (!Array.isArray(value)) {
    throw new Error('cel: filter() on a value that is not a list');
  }
  return value;
}

function sizeOf(value: unknown): number {
  if (Array.isArray(value) || typeof value === 'string') {
    return [...value].length;
  }
  if (typeof value === 'object' && value !== null) {
    return Object.keys(value).length;
  }
  throw new Error('cel: size() of a value without a size');
}

function tokenize(rule: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(&&|\|\||==|!=|<=|>=|[<>!().,[\]])|'([^']*)'|"([^"]*)"|(\d+)|([A-Za-z_][A-Za-z0-9_]*))/y;
  let at = 0;
  while (at < rule.length) {
    if (/^\s*$/.test(rule.slice(at))) {
      break;
    }
    pattern.lastIndex = at;
    const m = pattern.exec(rule);
    if (!m) {
      throw new Error(`cel: cannot read ${JSON.stringify(rule.slice(at, at + 20))} in ${JSON.stringify(rule)}`);
    }
    at = pattern.lastIndex;
    if (m[1] !== undefined) {
      tokens.push({ kind: 'op', text: m[1] });
    } else if (m[2] !== undefined || m[3] !== undefined) {
      tokens.push({ kind: 'string', text: m[2] ?? m[3] });
    } else if (m[4] !== undefined) {
      tokens.push({ kind: 'number', text: m[4] });
    } else {
      tokens.push({ kind: m[5] === 'in' ? 'op' : 'ident', text: m[5] });
    }
  }
  return tokens;
}

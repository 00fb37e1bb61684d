import { combine, quote, ValidationError } from './errors';
import { CLASSES, ENTRY_POINTS, PropShape, STRUCTS, Shape } from './shapes.generated';

/*
 * The types of what callers pass to the public API, checked at run time: JavaScript (and jsii)
 * callers get esokit's message naming the field, never a TypeError from deep inside. The shapes
 * are generated from the TypeScript types (shapes.generated.ts), so they cannot drift from them.
 *
 * A first pass only answers "valid?" and allocates nothing; problems are collected (all of them,
 * in one error) only when something is wrong.
 */

/** How messages name a class a caller should pass, where its own name alone does not help. */
const HINTS: { readonly [key: string]: string } = {
  'Duration': 'a Duration (e.g. Duration.hours(1))',
  'RemoteReference': 'a RemoteReference from store.ref(...)',
  'Construct': 'a construct (e.g. a Chart)',
  'ISecretStore': 'a store: a SecretStore, a ClusterSecretStore or one from SecretStore.fromSecretStoreName(...)',
  'pulumi.SecretStoreRef': 'a store: a SecretStore, a ClusterSecretStore or one from SecretStore.existing(...)',
};

/**
 * Fails unless `args` match the parameters of a public entry point (a constructor, static factory
 * or method, named as in shapes.generated.ts), reporting every problem in one error.
 *
 * @param where the construct path or component name; for static factories, the factory's name
 */
export function checkArgs(entry: string, args: readonly unknown[], where?: string): void {
  const shape = ENTRY_POINTS[entry];
  if (shape === undefined) {
    throw new Error(`no shape for entry point ${entry}; regenerate shapes.generated.ts`);
  }
  if (propsValid(shape.params, args, true)) {
    return;
  }
  const problems: ValidationError[] = [];
  const at = where ?? entry.replace(/^pulumi\./, '');
  shape.params.forEach((p, i) => collectProp(problems, at, `${shape.prefix ?? ''}${p.name}`, args[i], p));
  throw combine(problems);
}

function propsValid(props: readonly PropShape[], value: any, positional: boolean): boolean {
  for (let i = 0; i < props.length; i++) {
    const p = props[i];
    const v = positional ? value[i] : value[p.name];
    if (v === undefined ? !p.optional : !valid(v, p.type)) {
      return false;
    }
  }
  return true;
}

function valid(v: any, s: Shape): boolean {
  if (typeof s === 'string') {
    switch (s) {
      case 'string': return typeof v === 'string';
      case 'number': return typeof v === 'number' && Number.isFinite(v);
      case 'boolean': return typeof v === 'boolean';
      case 'object': return typeof v === 'object' && v !== null;
      case 'function': return typeof v === 'function';
      default: return isJson(v);
    }
  }
  if ('nullable' in s) {
    return v === null || valid(v, s.nullable);
  }
  if ('input' in s) {
    return isOutputOrPromise(v) || valid(v, s.input);
  }
  if ('enum' in s) {
    return s.enum.includes(v);
  }
  if ('array' in s) {
    if (!Array.isArray(v)) {
      return false;
    }
    for (let i = 0; i < v.length; i++) {
      if (!valid(v[i], s.array)) {
        return false;
      }
    }
    return true;
  }
  if ('record' in s) {
    if (!isRecord(v)) {
      return false;
    }
    for (const k in v) {
      if (Object.hasOwn(v, k) && (k === '__proto__' || !valid(v[k], s.record))) {
        return false;
      }
    }
    return true;
  }
  if ('struct' in s) {
    return isRecord(v) && propsValid(STRUCTS[s.struct].props, v, false) && onlyKnownFields(v, s.struct);
  }
  if ('instance' in s) {
    return isInstance(v, s.instance);
  }
  for (const u of s.union) {
    if (valid(v, u)) {
      return true;
    }
  }
  return false;
}

/**
 * Whether `v` is JSON data (what can go into a manifest): finite numbers, strings, booleans, null,
 * arrays and plain objects of them; an Output or Promise anywhere (Pulumi resolves them) and
 * undefined (left out) too.
 */
function isJson(v: any): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
    case 'undefined': return true;
    case 'number': return Number.isFinite(v);
    case 'object': break;
    default: return false;
  }
  if (v === null || isOutputOrPromise(v)) {
    return true;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      if (!isJson(v[i])) {
        return false;
      }
    }
    return true;
  }
  if (!isRecord(v)) {
    return false;
  }
  for (const k in v) {
    if (Object.hasOwn(v, k) && (k === '__proto__' || !isJson(v[k]))) {
      return false;
    }
  }
  return true;
}

/**
 * Whether `v` is an instance of the class (by name, so across copies of a library; a subclass's
 * too) with its members, or has every member of the interface.
 */
function isInstance(v: any, key: string): boolean {
  if ((typeof v !== 'object' && typeof v !== 'function') || v === null) {
    return false;
  }
  const c = CLASSES[key];
  if (!c.implemented && !inherits(v, c.name)) {
    return false;
  }
  for (const m of c.methods) {
    if (typeof v[m] !== 'function') {
      return false;
    }
  }
  for (const p of c.props) {
    if (!(p in v)) {
      return false;
    }
  }
  return true;
}

function inherits(v: object, name: string): boolean {
  for (let proto = Object.getPrototypeOf(v); proto !== null; proto = Object.getPrototypeOf(proto)) {
    if (Object.hasOwn(proto, 'constructor') && proto.constructor.name === name) {
      return true;
    }
  }
  return false;
}

const FIELDS = new Map<string, ReadonlySet<string>>();

/** The field names of a struct. */
function fieldsOf(struct: string): ReadonlySet<string> {
  let fields = FIELDS.get(struct);
  if (fields === undefined) {
    fields = new Set(STRUCTS[struct].props.map((p) => p.name));
    FIELDS.set(struct, fields);
  }
  return fields;
}

/** Whether every field given (other than as undefined) is one the struct has. */
function onlyKnownFields(v: Record<string, unknown>, struct: string): boolean {
  const fields = fieldsOf(struct);
  for (const k in v) {
    if (Object.hasOwn(v, k) && v[k] !== undefined && !fields.has(k)) {
      return false;
    }
  }
  return true;
}

/** A plain object (of this realm or another), not an array, Map or class instance. */
function isRecord(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    return false;
  }
  const proto = Object.getPrototypeOf(v);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** A Pulumi Output (by its brand, across copies of the SDK) or a Promise. */
function isOutputOrPromise(v: any): boolean {
  return typeof v === 'object' && v !== null && (v.__pulumiOutput === true || typeof v.then === 'function');
}

function collectProp(out: ValidationError[], where: string, field: string, v: unknown, p: PropShape): void {
  if (v === undefined) {
    if (!p.optional) {
      out.push(new ValidationError(where, 'shape.missing', `${field} is missing; expected ${expected(p.type)}`, field));
    }
    return;
  }
  if (v === null && p.optional && !valid(v, p.type)) {
    out.push(new ValidationError(where, 'shape.type', `${field} is null; expected ${expected(p.type)}, or leave it out`, field));
    return;
  }
  collect(out, where, field, v, p.type);
}

function collect(out: ValidationError[], where: string, field: string, v: any, s: Shape): void {
  if (valid(v, s)) {
    return;
  }
  // Into a container of the right kind, to name the field at fault inside it.
  let inner: Shape = s === 'json' ? (Array.isArray(v) ? { array: 'json' } : { record: 'json' }) : s;
  while (typeof inner === 'object' && ('nullable' in inner || 'input' in inner)) {
    inner = 'nullable' in inner ? inner.nullable : inner.input;
  }
  if (typeof inner === 'object') {
    if ('struct' in inner && isRecord(v)) {
      const struct = STRUCTS[inner.struct];
      const fields = fieldsOf(inner.struct);
      for (const k of Object.keys(v)) {
        if (v[k] !== undefined && !fields.has(k)) {
          out.push(new ValidationError(where, 'shape.unknown-field', `${field} has the field ${quote(k)}, which ${struct.name ?? 'it'} does not have; ${nearest(k, [...fields])}`, field));
        }
      }
      for (const p of struct.props) {
        collectProp(out, where, `${field}.${p.name}`, v[p.name], p);
      }
      return;
    }
    if ('array' in inner && Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        collect(out, where, `${field}[${i}]`, v[i], inner.array);
      }
      return;
    }
    if ('record' in inner && isRecord(v)) {
      for (const k of Object.keys(v)) {
        if (k === '__proto__') {
          out.push(new ValidationError(where, 'shape.key.proto', `${field} has the key "__proto__", which javascript reads as an object's prototype, not as a key; rename it`, field));
        } else {
          collect(out, where, `${field}[${JSON.stringify(k)}]`, v[k], inner.record);
        }
      }
      return;
    }
  }
  out.push(new ValidationError(where, 'shape.type', `${field} is ${described(v)}; expected ${expectedInstead(v, s)}`, field));
}

/** What is expected instead of `v`, with a hint for the usual slips (a number for a string). */
function expectedInstead(v: unknown, s: Shape): string {
  if (typeof s === 'object' && 'input' in s) {
    return `${expectedInstead(v, s.input)} or an Output of one`;
  }
  if (typeof s === 'object' && 'nullable' in s) {
    return `${expectedInstead(v, s.nullable)} or null`;
  }
  if (s === 'number' && typeof v === 'number') {
    return 'a finite number';
  }
  if (s === 'string' && (typeof v === 'number' || typeof v === 'boolean')) {
    return `a string (quote it: "${String(v)}")`;
  }
  return expected(s);
}

/** What a value is, for a message: its type and the value (quoted, at most 80 characters). */
export function described(v: unknown): string {
  if (v === null || v === undefined) {
    return String(v);
  }
  switch (typeof v) {
    case 'string': return `string ${quote(v)}`;
    case 'number':
    case 'boolean': return `${typeof v} ${String(v)}`;
    case 'bigint': return `bigint ${String(v)}`;
    case 'symbol': return 'a symbol';
    case 'function': return 'a function';
    default:
  }
  if (Array.isArray(v)) {
    return `array ${preview(v)}`;
  }
  return isRecord(v) ? `object ${preview(v)}` : article((v as object).constructor?.name || 'object');
}

/** A value as JSON (at most 80 characters), with instances of classes named, not spelled out. */
function preview(v: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(v, (k, x) => (k !== '' && typeof x === 'object' && x !== null && !Array.isArray(x) && !isRecord(x) ? `<${x.constructor?.name}>` : x)) ?? String(v);
  } catch {
    // Cyclic, or a toJSON that throws.
    text = Array.isArray(v) ? '[...]' : '{...}';
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** What is expected instead, for a message. */
function expected(s: Shape): string {
  if (typeof s === 'string') {
    return { string: 'a string', number: 'a number', boolean: 'true or false', object: 'an object', function: 'a function', json: 'json data (strings, finite numbers, booleans, null, arrays and plain objects)' }[s];
  }
  if ('nullable' in s) {
    return `${expected(s.nullable)} or null`;
  }
  if ('input' in s) {
    return `${expected(s.input)} or an Output of one`;
  }
  if ('enum' in s) {
    const values = s.enum.length === 1 ? quote(s.enum[0]) : `one of ${s.enum.map((v) => quote(v)).join(', ')}`;
    return s.name ? `${values} (${s.name})` : values;
  }
  if ('array' in s) {
    const item = s.array;
    return typeof item === 'string' && item !== 'json' && item !== 'object' && item !== 'function'
      ? `an array of ${item}s`
      : `an array, each item ${expected(item)}`;
  }
  if ('record' in s) {
    return `an object mapping each key to ${expected(s.record)}`;
  }
  if ('struct' in s) {
    const name = STRUCTS[s.struct].name;
    return name ? `${article(name)} object` : 'an object';
  }
  if ('instance' in s) {
    const c = CLASSES[s.instance];
    return HINTS[s.instance] ?? (c.factory ? `${article(c.name)} (e.g. ${c.factory}(...))` : article(c.name));
  }
  return s.union.map(expected).join(' or ');
}

/** A fix for a field name: the one it is a misspelling of, else the names there are. */
function nearest(given: string, fields: readonly string[]): string {
  const close = fields.find((f) => f.toLowerCase() === given.toLowerCase()) ?? fields.find((f) => distance(f, given) <= 2);
  return close ? `did you mean ${quote(close)}?` : `its fields are ${fields.join(', ')}`;
}

/** The edit distance of two short strings. */
export function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length];
}

function article(name: string): string {
  return `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name}`;
}

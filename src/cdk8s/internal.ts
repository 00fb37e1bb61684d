import { ApiObject, ApiObjectMetadata, ApiObjectProps, Chart, Duration, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ServiceAccountUse } from '../core/binding/controller';
import { readsByStore, storeKey } from '../core/binding/reads';
import { GoDuration } from '../core/model/duration';
import { fail, problemsOf, ValidationError } from '../core/model/errors';
import { StoreKind } from '../core/model/kinds';
import { StoreRead } from '../core/model/reads';
import { checkArgs } from '../core/model/shape';
import { StoreHandle } from '../core/model/store-handle';
import { ExternalSecretDeclaration } from '../core/resources/external-secret';

// cdk8s's serializer takes an own "constructor" key for the object's class and refuses the object;
// such keys (valid Secret keys, label names, Helm values) are renamed for it and back in the output.
const CONSTRUCTOR = 'constructor';
const RENAMED = '\u0000constructor';

/**
 * An ApiObject whose content may hold the user's keys, any of them named "constructor".
 */
export class EsoApiObject extends ApiObject {
  /**
   * A Lazy value whose output is renamed as it is produced: the props holding it need no copy
   * (one object fewer per ESO object, which matters at thousands of ExternalSecrets).
   */
  public static lazy(produce: () => unknown): Lazy {
    const lazy = Lazy.any({ produce: () => renameKeys(produce(), CONSTRUCTOR, RENAMED) });
    SELF_RENAMING.add(lazy);
    return lazy;
  }

  public constructor(scope: Construct, id: string, props: ApiObjectProps) {
    super(scope, id, renameKeys(props, CONSTRUCTOR, RENAMED));
  }

  public toJson(): any {
    return renameKeys(super.toJson(), RENAMED, CONSTRUCTOR);
  }
}

/** `value` with each `from` key renamed `to`, Lazy values once produced; what has none is not copied. */
function renameKeys(value: any, from: string, to: string): any {
  return needsRenaming(value, from) ? renamed(value, from, to) : value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  const proto = typeof value === 'object' && value !== null ? Object.getPrototypeOf(value) : undefined;
  return proto === Object.prototype || proto === null;
}

/** Lazy values made by EsoApiObject.lazy, which rename what they produce themselves. */
const SELF_RENAMING = new WeakSet<Lazy>();

/** Whether `value` holds a `from` key or a Lazy value (which may produce one); allocates nothing. */
function needsRenaming(value: unknown, from: string): boolean {
  if (value instanceof Lazy) {
    return !SELF_RENAMING.has(value);
  }
  if (Array.isArray(value)) {
    return value.some((v) => needsRenaming(v, from));
  }
  if (!isPlainObject(value)) {
    return false;
  }
  for (const k in value) {
    if (k === from || needsRenaming(value[k], from)) {
      return true;
    }
  }
  return false;
}

function renamed(value: any, from: string, to: string): any {
  if (value instanceof Lazy && SELF_RENAMING.has(value)) {
    return value;
  }
  if (value instanceof Lazy) {
    return Lazy.any({ produce: () => renameKeys(value.produce(), from, to) });
  }
  if (Array.isArray(value)) {
    return value.map((v) => renameKeys(v, from, to));
  }
  if (!isPlainObject(value)) {
    return value;
  }
  const entries = Object.keys(value).map((k): [string, unknown] => [k === from ? to : k, renameKeys(value[k], from, to)]);
  // Sorted as cdk8s sorts keys, with the restored one in its place.
  return Object.fromEntries(to === CONSTRUCTOR ? entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : entries);
}

/**
 * An ApiObject for a cluster-scoped kind: a chart's namespace is never written onto it.
 */
export class ClusterScopedApiObject extends EsoApiObject {
  public toJson(): any {
    const json = super.toJson();
    if (json.metadata) {
      delete json.metadata.namespace;
    }
    return json;
  }
}

/** The namespace an object in `scope` lands in: its own, else its chart's. */
export function namespaceOf(scope: IConstruct, own: string | undefined): string | undefined {
  return own ?? Chart.of(scope).namespace;
}

/** A cdk8s Duration as the core's Go duration, failing for fractions of a millisecond. */
export function goDuration(where: string, field: string, duration: Duration | undefined): GoDuration | undefined {
  return duration === undefined ? undefined : GoDuration.fromMilliseconds(duration.toMilliseconds({ integral: false }), where, field);
}

const HANDLES = new WeakMap<object, StoreHandle>();

/** The public face of a store construct. */
interface StoreLike {
  readonly name: string;
  readonly kind: StoreKind;
  readonly namespace?: string;
  readonly node: { readonly path: string };
}

/** Registers what core needs to know of a store construct. */
export function registerStore(store: object, handle: StoreHandle): void {
  HANDLES.set(store, handle);
}

/** What core knows of a store: its registration, or its public fields for foreign implementations. */
export function storeHandleOf(store: StoreLike): StoreHandle {
  return HANDLES.get(store) ?? { where: store.node.path, name: store.name, kind: store.kind, namespace: store.namespace };
}

/** Something that can tell core what an ExternalSecret declares. */
export interface DeclaresExternalSecret {
  /** The target Secret's namespace and name, fixed at construction. */
  readonly namespace?: string;
  readonly name: string;
  _declaration(): ExternalSecretDeclaration;
}

/**
 * The ExternalSecrets of one app, and what is derived from all of them: which write each Secret,
 * and the reads through each store. The derived indexes are built once per `version`, which goes
 * up whenever an ExternalSecret is added or changes what it reads, so that checking every
 * ExternalSecret and deriving every store's identity stays linear in the size of the app.
 */
interface ExternalSecretRegistry {
  readonly list: DeclaresExternalSecret[];
  version: number;
  writers?: { readonly version: number; readonly byTarget: Map<string, DeclaresExternalSecret[]> };
  reads?: { readonly version: number; readonly byStore: Map<string, StoreRead[]> };
}

const EXTERNAL_SECRETS = new WeakMap<object, ExternalSecretRegistry>();

function externalSecretRegistry(scope: IConstruct): ExternalSecretRegistry {
  const root = scope.node.root;
  let registry = EXTERNAL_SECRETS.get(root);
  if (!registry) {
    registry = { list: [], version: 0 };
    EXTERNAL_SECRETS.set(root, registry);
  }
  return registry;
}

/** Records an ExternalSecret under its app, so store identities can find what goes through them. */
export function registerExternalSecret(scope: IConstruct, es: DeclaresExternalSecret): void {
  const registry = externalSecretRegistry(scope);
  registry.list.push(es);
  registry.version++;
}

/** Records that an ExternalSecret of the app of `scope` changed what it reads or declares. */
export function externalSecretChanged(scope: IConstruct): void {
  externalSecretRegistry(scope).version++;
}

/** The version of the app's ExternalSecrets: equal versions, same declarations. */
export function externalSecretsVersion(scope: IConstruct): number {
  return externalSecretRegistry(scope).version;
}

/** The declarations of the ExternalSecrets of the app of `scope` that write this Secret. */
export function externalSecretsWriting(scope: IConstruct, namespace: string | undefined, name: string): ExternalSecretDeclaration[] {
  const registry = externalSecretRegistry(scope);
  if (registry.writers?.version !== registry.version) {
    const byTarget = new Map<string, DeclaresExternalSecret[]>();
    for (const es of registry.list) {
      const key = `${es.namespace ?? ''}/${es.name}`;
      byTarget.set(key, [...(byTarget.get(key) ?? []), es]);
    }
    registry.writers = { version: registry.version, byTarget };
  }
  return (registry.writers.byTarget.get(`${namespace ?? ''}/${name}`) ?? []).map((es) => es._declaration());
}

/** Every read that goes through `store` in the ExternalSecrets of the app of `scope`. */
export function readsThroughStore(scope: IConstruct, store: StoreHandle): StoreRead[] {
  const registry = externalSecretRegistry(scope);
  if (registry.reads?.version !== registry.version) {
    const stores = new Map(operatorRegistry(scope).stores.map((s) => [storeKey(s), s]));
    registry.reads = { version: registry.version, byStore: readsByStore(registry.list.map((es) => es._declaration()), stores) };
  }
  return registry.reads.byStore.get(storeKey(store)) ?? [];
}

const DECLARED_SECRETS = new WeakMap<object, Map<string, string[]>>();

/**
 * The constructs of the app of `scope` that declare the Secret `namespace/name` themselves (a
 * cdk8s-plus Secret, or a v1 Secret ApiObject). The app is indexed once per synth: validations
 * run in one synchronous pass, and the index is dropped after it.
 */
export function secretsDeclared(scope: IConstruct, namespace: string | undefined, name: string): string[] {
  const root = scope.node.root;
  let index = DECLARED_SECRETS.get(root);
  if (!index) {
    const built = new Map<string, string[]>();
    for (const c of root.node.findAll()) {
      if (c instanceof ApiObject && c.kind === 'Secret' && c.apiVersion === 'v1') {
        // A cdk8s-plus Secret holds its ApiObject as "Resource": name the construct the user wrote.
        const owner = c.node.id === 'Resource' && c.node.scope ? c.node.scope : c;
        const key = `${c.metadata.namespace ?? ''}/${c.name}`;
        built.set(key, [...(built.get(key) ?? []), owner.node.path]);
      }
    }
    index = built;
    DECLARED_SECRETS.set(root, index);
    queueMicrotask(() => DECLARED_SECRETS.delete(root));
  }
  return index.get(`${namespace ?? ''}/${name}`) ?? [];
}

/** The declarations of every ExternalSecret in the app of `scope`. */
export function externalSecretDeclarations(scope: IConstruct): ExternalSecretDeclaration[] {
  return externalSecretRegistry(scope).list.map((es) => es._declaration());
}

interface OperatorRegistry {
  operators: IConstruct[];
  dependents: ApiObject[];
  serviceAccounts: Array<ServiceAccountUse & { readonly controllerRoleArn?: string }>;
  stores: StoreHandle[];
}

const OPERATORS = new WeakMap<object, OperatorRegistry>();

function operatorRegistry(scope: IConstruct): OperatorRegistry {
  const root = scope.node.root;
  let registry = OPERATORS.get(root);
  if (!registry) {
    registry = { operators: [], dependents: [], serviceAccounts: [], stores: [] };
    OPERATORS.set(root, registry);
  }
  return registry;
}

/** Records an ESO object: it depends on every ESO operator of its app (CRDs and webhook first). */
export function registerOperatorDependent(apiObject: ApiObject): void {
  const registry = operatorRegistry(apiObject);
  registry.dependents.push(apiObject);
  registry.operators.forEach((op) => apiObject.addDependency(op));
}

/** Records an ESO operator: every ESO object of its app, declared before or after, depends on it. */
export function registerOperator(operator: IConstruct): void {
  const registry = operatorRegistry(operator);
  registry.operators.push(operator);
  registry.dependents.forEach((o) => o.addDependency(operator));
}

/**
 * Records the ServiceAccount a store's identity uses, and the IAM role a controller-wide IRSA
 * identity needs on ESO's ServiceAccount.
 */
export function registerServiceAccountUse(scope: IConstruct, use: ServiceAccountUse, controllerRoleArn?: string): void {
  operatorRegistry(scope).serviceAccounts.push({ ...use, controllerRoleArn });
}

/** Records a store the app declares (not one it imports), for the operator's scope checks. */
export function registerDeclaredStore(scope: IConstruct, handle: StoreHandle): void {
  operatorRegistry(scope).stores.push(handle);
}

/** The stores the app of `scope` declares. */
export function declaredStores(scope: IConstruct): StoreHandle[] {
  return [...operatorRegistry(scope).stores];
}

/** The ServiceAccounts the stores of the app of `scope` use. */
export function serviceAccountUses(scope: IConstruct): OperatorRegistry['serviceAccounts'] {
  return [...operatorRegistry(scope).serviceAccounts];
}

/**
 * User metadata without the fields given as `undefined`: cdk8s would otherwise render
 * `name: undefined` over the generated name and the object would have none.
 */
export function definedMetadata(metadata: ApiObjectMetadata | undefined): ApiObjectMetadata | undefined {
  if (metadata === undefined) {
    return undefined;
  }
  // Copied only when it has an undefined field (most metadata has none: no copy per object).
  const values = Object.values(metadata);
  return values.includes(undefined) ? Object.fromEntries(Object.entries(metadata).filter(([, v]) => v !== undefined)) as ApiObjectMetadata : metadata;
}

/**
 * Runs a construct's synth-time checks as a cdk8s validation, so `app.synth()` reports the
 * problems of every construct of the app together, each under the construct the user wrote
 * (instead of one error per run, from inside the serialization of an inner object).
 */
export function validateAtSynth(construct: IConstruct, check: () => void): void {
  construct.node.addValidation({
    validate: () => {
      try {
        check();
        return [];
      } catch (e) {
        if (!ValidationError.isValidationError(e)) {
          throw e;
        }
        // cdk8s prefixes "[<path>]"; each message stays esokit's whole one, which names where the
        // problem is (another construct, for checks that span several).
        return problemsOf(e).map((p) => p.message);
      }
    },
  });
}

/**
 * Checks a construct's (or a static `fromXxx`'s) arguments against the public API's types before
 * anything uses them, naming the construct by the path it gets.
 */
export function checkConstructArgs(entry: string, scope: IConstruct, id: string, ...rest: unknown[]): void {
  const parent: unknown = (scope as Partial<IConstruct> | undefined)?.node?.path;
  const where = typeof parent === 'string' && parent !== '' ? `${parent}/${String(id)}` : String(id);
  checkArgs(entry, [scope, id, ...rest], where);
  checkConstructId(where, 'id', id);
}

/** Fails for an empty construct id, which constructs gives the app alone. */
export function checkConstructId(where: string, field: string, id: string): void {
  if (id === '') {
    fail(where, 'construct.id.empty', `${field} is empty; only the app has an empty id, so give one (e.g. "db")`);
  }
}

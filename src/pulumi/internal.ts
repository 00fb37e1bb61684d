import * as pulumi from '@pulumi/pulumi';
import { ControllerServiceAccount } from '../core/binding/controller';
import { checkAnnotations, checkLabels } from '../core/model/metadata';
import { StoreHandle } from '../core/model/store-handle';
import { ExternalSecretDeclaration } from '../core/resources/external-secret';

/**
 * Runs core code for a component: a core error becomes a `pulumi.ResourceError` tied to the
 * component (the message is core's: lowercase, naming the component, field, value and fix).
 */
export function guard<T>(resource: pulumi.Resource, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    // Pulumi's brand checks, not instanceof: they hold across copies of the SDK.
    if (pulumi.ResourceError.isInstance(e) || !(e instanceof Error)) {
      throw e;
    }
    throw resourceError(e.message, resource);
  }
}

/**
 * A `pulumi.ResourceError` of a component whose message stays esokit's. An error thrown in an
 * `apply` rejects every resource input derived from that Output; Pulumi reports the error once
 * (it dedupes by identity), but first prefixes its message with `error serializing property
 * "…": ` for every property of every resource that met it, burying the message under a chain of
 * serializer names. The message ignores those writes.
 */
export function resourceError(message: string, resource: pulumi.Resource): pulumi.ResourceError {
  const error = new pulumi.ResourceError(message, resource);
  Object.defineProperty(error, 'message', {
    get: () => message,
    set: () => undefined,
    enumerable: false,
    configurable: true,
  });
  return error;
}

/** Whether an input is a plain value (known now), not an Output or a Promise. */
export function isPlain<T>(input: pulumi.Input<T> | undefined): input is T | undefined {
  return !pulumi.Output.isInstance(input) && !(input instanceof Promise);
}

/** A store declared in this program: what ExternalSecrets need from it. */
export interface DeclaredStore {
  readonly handle: StoreHandle;
  /** The store's namespace once resolved (SecretStore), for checks that compare namespaces. */
  readonly namespace: pulumi.Output<string | undefined>;
  /** Whether the store derives an identity from what is read through it. */
  readonly hasIdentity: boolean;
  /** Whether `seal()` was called: no ExternalSecret may read through the store any more. */
  readonly sealed: () => boolean;
  /** Records an ExternalSecret for the identity's derivation. */
  readonly declare: (entry: DeclarationEntry) => void;
  /** The Kubernetes provider the store's object is registered with, if it was given one. */
  readonly kubernetesProvider?: pulumi.ProviderResource;
}

/**
 * An ExternalSecret as a store collects it. Outputs copy the values they carry into plain
 * objects, so core's declaration (which holds class instances) is built from resolved plain
 * inputs inside the consumer's `apply`, never carried through an Output.
 */
export interface DeclarationEntry {
  /** The ExternalSecret's namespace, resolved after the namespaces of the stores it uses. */
  readonly namespace: pulumi.Output<string | undefined>;
  readonly build: (namespace: string | undefined) => ExternalSecretDeclaration;
}

const DECLARED = new WeakMap<StoreHandle, DeclaredStore>();

/** Components that derive documents from what is declared before their `seal()`, not sealed yet. */
const UNSEALED = new Map<pulumi.Resource, string>();
let reportsUnsealed = false;

/**
 * Remembers a component whose identity waits for `seal()`. A program that ends without calling it
 * leaves the identity's resources waiting; when the event loop drains (as it does when the Pulumi
 * CLI runs a program), each such component is reported with the fix, before Pulumi's own report of
 * the promises left pending. This is a diagnosis only: nothing is derived there, as programs run
 * by the Automation API or under mocks never get there.
 */
export function awaitSeal(component: pulumi.Resource, message: string): void {
  UNSEALED.set(component, message);
  if (!reportsUnsealed) {
    reportsUnsealed = true;
    process.once('beforeExit', () => {
      for (const [resource, text] of UNSEALED) {
        void pulumi.log.error(text, resource);
      }
      if (UNSEALED.size > 0) {
        process.exitCode = 1;
      }
    });
  }
}

/** Forgets a component once its `seal()` was called. */
export function sealed(component: pulumi.Resource): void {
  UNSEALED.delete(component);
}

/**
 * Registers a store component. Its identity's documents are derived from the ExternalSecrets
 * recorded until `seal()`: only then do their namespaces resolve and their declarations get built
 * inside the caller's `apply`. Nothing depends on timing: an ExternalSecret declared after the
 * seal is refused at its construction.
 */
export function openStore(
  handle: StoreHandle,
  namespace: pulumi.Output<string | undefined>,
  hasIdentity: boolean,
  kubernetesProvider?: pulumi.ProviderResource,
): StoreDeclarations {
  const entries: DeclarationEntry[] = [];
  let isSealed = false;
  let resolveSeal: (v: boolean) => void = () => undefined;
  const sealedNow = new Promise<boolean>((resolve) => {
    resolveSeal = resolve;
  });
  const store: DeclaredStore = {
    handle,
    namespace,
    hasIdentity,
    sealed: () => isSealed,
    declare: (entry) => entries.push(entry),
    kubernetesProvider,
  };
  DECLARED.set(handle, store);
  return {
    namespaces: pulumi.output(sealedNow).apply(() => pulumi.all(entries.map((e) => e.namespace))),
    build: (namespaces) => entries.map((e, i) => e.build(namespaces[i])),
    count: () => entries.length,
    sealed: () => isSealed,
    seal: () => {
      isSealed = true;
      resolveSeal(true);
    },
  };
}

/** The ExternalSecrets a store collected: resolve `namespaces`, then `build` inside the same `apply`. */
export interface SealedDeclarations {
  /** Resolves once the store is sealed. */
  readonly namespaces: pulumi.Output<(string | undefined)[]>;
  readonly build: (namespaces: (string | undefined)[]) => ExternalSecretDeclaration[];
  /** How many ExternalSecrets were recorded so far. */
  readonly count: () => number;
  readonly sealed: () => boolean;
}

/** A store's declarations, with the seal its component calls. */
export interface StoreDeclarations extends SealedDeclarations {
  readonly seal: () => void;
}

/** The store component a handle belongs to, if it was declared in this program. */
export function declaredStore(handle: StoreHandle): DeclaredStore | undefined {
  return DECLARED.get(handle);
}

const CONTROLLERS = new WeakMap<pulumi.Resource, ControllerServiceAccount>();

/** Records the ServiceAccount an EsoOperator's controller runs as. */
export function registerController(operator: pulumi.Resource, controller: ControllerServiceAccount): void {
  CONTROLLERS.set(operator, controller);
}

/**
 * The controllers of the EsoOperators a component waits for (`dependsOn`): in a Pulumi program,
 * that is how a store says which ESO it is for.
 */
export function controllersDependedOn(opts: pulumi.ComponentResourceOptions | undefined): ControllerServiceAccount[] {
  const deps = opts?.dependsOn;
  const list: unknown[] = Array.isArray(deps) ? deps : deps !== undefined ? [deps] : [];
  return list.flatMap((d) => {
    const controller = typeof d === 'object' && d !== null ? CONTROLLERS.get(d as pulumi.Resource) : undefined;
    return controller ? [controller] : [];
  });
}

/**
 * Labels and annotations as the API server validates them: checked now when they are plain
 * values, else once they resolve.
 */
export function checkedMetadata(
  resource: pulumi.Resource,
  where: string,
  labels: pulumi.Input<Record<string, pulumi.Input<string>>> | undefined,
  annotations: pulumi.Input<Record<string, pulumi.Input<string>>> | undefined,
): { labels?: pulumi.Output<Record<string, string>>; annotations?: pulumi.Output<Record<string, string>> } {
  const checked = (value: pulumi.Input<Record<string, pulumi.Input<string>>>, check: (v: Record<string, string>) => void) => {
    if (isPlain(value) && Object.values(value).every((v) => isPlain(v))) {
      guard(resource, () => check(value as Record<string, string>));
    }
    return pulumi.output(value).apply((v) => guard(resource, () => {
      check(v);
      return v;
    }));
  };
  return {
    labels: labels === undefined ? undefined : checked(labels, (v) => checkLabels(where, 'labels', v)),
    annotations: annotations === undefined ? undefined : checked(annotations, (v) => checkAnnotations(where, 'annotations', v)),
  };
}

/**
 * A reference or find whose key, property or path is an Output: the object handed to the user is a
 * stand-in (checked with a placeholder), and the ExternalSecret using it makes the real one once
 * the inputs resolve. Only plain strings travel through the Output; `make` keeps the classes.
 */
export interface Pending<T> {
  readonly inputs: pulumi.Output<Record<string, string | undefined>>;
  readonly make: (resolved: Record<string, string | undefined>) => T;
}

const PENDING = new WeakMap<object, Pending<object>>();

/** The placeholder a pending value stands in for until its inputs resolve. */
export const PENDING_VALUE = 'pending';

/** Records `standIn` as pending on `inputs`. */
export function pending<T extends object>(
  standIn: T,
  inputs: Record<string, pulumi.Input<string> | undefined>,
  make: (resolved: Record<string, string | undefined>) => T,
): T {
  PENDING.set(standIn, { inputs: pulumi.output(inputs) as pulumi.Output<Record<string, string | undefined>>, make });
  return standIn;
}

/** What a stand-in waits for, if it is one. */
export function pendingOf<T extends object>(value: T): Pending<T> | undefined {
  return PENDING.get(value) as Pending<T> | undefined;
}

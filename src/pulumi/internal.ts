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
    throw new pulumi.ResourceError(e.message, resource);
  }
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
  /** Whether its reads are sealed (its identity's documents are being derived). */
  readonly sealed: () => boolean;
  /** Records an ExternalSecret for the identity's derivation. */
  readonly declare: (entry: DeclarationEntry) => void;
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

/**
 * Registers a store component. Its reads are sealed once the code that declared it has run to
 * completion (the next turn of the event loop): then the namespaces of every ExternalSecret recorded
 * until then resolve, and their declarations are built from them inside the caller's `apply`.
 */
export function openStore(
  handle: StoreHandle,
  namespace: pulumi.Output<string | undefined>,
  hasIdentity: boolean,
): SealedDeclarations {
  const entries: DeclarationEntry[] = [];
  let sealed = false;
  const store: DeclaredStore = {
    handle,
    namespace,
    hasIdentity,
    sealed: () => sealed,
    declare: (entry) => entries.push(entry),
  };
  DECLARED.set(handle, store);
  const sealedNow = new Promise<boolean>((resolve) => {
    setImmediate(() => {
      sealed = true;
      resolve(true);
    });
  });
  return {
    namespaces: pulumi.output(sealedNow).apply(() => pulumi.all(entries.map((e) => e.namespace))),
    build: (namespaces) => entries.map((e, i) => e.build(namespaces[i])),
  };
}

/** The ExternalSecrets a store collected: resolve `namespaces`, then `build` inside the same `apply`. */
export interface SealedDeclarations {
  readonly namespaces: pulumi.Output<(string | undefined)[]>;
  readonly build: (namespaces: (string | undefined)[]) => ExternalSecretDeclaration[];
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

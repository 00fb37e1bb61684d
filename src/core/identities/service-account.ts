import { fail, quote } from '../model/errors';
import { ESO_CONTROLLER_SERVICE_ACCOUNT } from '../model/eso';
import { BoundServiceAccount, IdentitySpecBase, ServiceAccountSpec } from '../model/identity';
import { StoreKind } from '../model/kinds';
import { checkName } from '../model/names';
import { checkArgs } from '../model/shape';

/**
 * Options of a ServiceAccount esokit creates for a store.
 */
export interface CreatedServiceAccountOptions {
  /**
   * Name of the ServiceAccount.
   *
   * @default - the store's name
   */
  readonly name?: string;

  /**
   * Namespace of the ServiceAccount. A SecretStore's is always its own namespace.
   *
   * @default - the store's namespace (SecretStore); for a ClusterSecretStore, the chart's namespace in cdk8s and required in Pulumi
   */
  readonly namespace?: string;
}

/**
 * Options naming ESO's controller ServiceAccount.
 */
export interface ControllerServiceAccountOptions {
  /**
   * Name of ESO's controller ServiceAccount.
   *
   * @default "external-secrets"
   */
  readonly name?: string;

  /**
   * Namespace ESO runs in.
   *
   * @default "external-secrets"
   */
  readonly namespace?: string;
}

/**
 * The Kubernetes ServiceAccount a store's identity is bound to: the IAM trust policy or Vault role
 * admits exactly this ServiceAccount.
 */
export class IdentityServiceAccount {
  /**
   * A ServiceAccount created for the store (the default): the store authenticates with its token
   * (`serviceAccountRef`), so each store has its own least-privilege identity.
   */
  public static create(options: CreatedServiceAccountOptions = {}): IdentityServiceAccount {
    checkArgs('IdentityServiceAccount.create', [options]);
    return new IdentityServiceAccount({ mode: 'create', name: options.name, namespace: options.namespace });
  }

  /**
   * A ServiceAccount that exists outside this app. For IRSA, it must carry the
   * `eks.amazonaws.com/role-arn` annotation of the identity's role.
   *
   * @param namespace the ServiceAccount's namespace; defaults as for `create()`
   */
  public static existing(name: string, namespace?: string): IdentityServiceAccount {
    checkArgs('IdentityServiceAccount.existing', [name, namespace]);
    return new IdentityServiceAccount({ mode: 'existing', name, namespace });
  }

  /**
   * ESO's own controller ServiceAccount (controller-wide identity): the store has no auth
   * reference and every store using this identity shares the controller's role.
   */
  public static controller(options: ControllerServiceAccountOptions = {}): IdentityServiceAccount {
    checkArgs('IdentityServiceAccount.controller', [options]);
    return new IdentityServiceAccount({ mode: 'controller', name: options.name, namespace: options.namespace });
  }

  private constructor(/** @internal */ public readonly _spec: ServiceAccountSpec) {}
}

/** Resolves the ServiceAccount an identity uses for a store. */
export function resolveServiceAccount(
  where: string,
  spec: IdentitySpecBase,
  store: { kind: StoreKind; namespace?: string; name: string; defaultNamespace?: string },
): BoundServiceAccount {
  const sa = spec.serviceAccount;
  if (sa.mode === 'controller') {
    return controllerAccount(spec);
  }
  const name = sa.name ?? store.name;
  checkName(where, 'identity.serviceAccount.name', name);
  if (store.kind === StoreKind.SECRET_STORE) {
    if (store.namespace === undefined) {
      fail(where, 'identity.service-account.no-namespace', 'the SecretStore has no namespace, so its identity\'s ServiceAccount has none; set the store\'s (or its chart\'s) namespace');
    }
    if (sa.namespace !== undefined && sa.namespace !== store.namespace) {
      fail(where, 'identity.service-account.namespace-mismatch', `identity.serviceAccount.namespace ${quote(sa.namespace)} differs from the SecretStore's namespace ${quote(store.namespace)}; a SecretStore can only use a ServiceAccount in its own namespace, so remove the namespace`);
    }
    return { mode: sa.mode, name, namespace: store.namespace };
  }
  const namespace = sa.namespace ?? store.defaultNamespace;
  if (namespace === undefined) {
    fail(where, 'identity.service-account.no-namespace', 'the ClusterSecretStore\'s identity needs a namespace for its ServiceAccount; give one with IdentityServiceAccount.create({ namespace }) (cdk8s also takes the chart\'s namespace)');
  }
  return { mode: sa.mode, name, namespace };
}

/** The controller's ServiceAccount as an identity names it (the chart's default otherwise). */
export function controllerAccount(spec: IdentitySpecBase): BoundServiceAccount {
  return {
    mode: spec.serviceAccount.mode,
    name: spec.serviceAccount.name ?? ESO_CONTROLLER_SERVICE_ACCOUNT.name,
    namespace: spec.serviceAccount.namespace ?? ESO_CONTROLLER_SERVICE_ACCOUNT.namespace,
  };
}

/** The distinct ServiceAccounts of these uses, sorted by namespace/name. */
export function uniqueServiceAccounts(uses: ReadonlyArray<{ serviceAccount: BoundServiceAccount }>): BoundServiceAccount[] {
  const seen = new Map<string, BoundServiceAccount>();
  for (const use of uses) {
    seen.set(`${use.serviceAccount.namespace}/${use.serviceAccount.name}`, use.serviceAccount);
  }
  return [...seen.keys()].sort().map((k) => seen.get(k)!);
}

import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { BoundIdentity, StoreIdentity } from './identity';
import { IdentityResources, bindIdentity, checkIdentityResources, createIdentityResources, useOperatorIdentity } from './identity-resources';
import { PENDING_VALUE, StoreDeclarations, awaitSeal, checkedMetadata, controllersDependedOn, guard, isPlain, openStore, pending, resourceError, sealed } from './internal';
import { checkControllerServiceAccount } from '../core/binding/controller';
import { failNoIdentity } from '../core/binding/identity';
import { renderStoreSpec } from '../core/binding/store';
import { identityFamily } from '../core/identities';
import { GoDuration } from '../core/model/duration';
import { Problems } from '../core/model/errors';
import { ESO_API_VERSION } from '../core/model/eso';
import { RbacRule } from '../core/model/grants';
import { ClusterSecretStoreCondition, StoreKind } from '../core/model/kinds';
import { checkName, checkNamespace } from '../core/model/names';
import { checkArgs } from '../core/model/shape';
import { StoreHandle } from '../core/model/store-handle';
import { SecretStoreProvider } from '../core/providers';
import { DataFrom, FindOptions } from '../core/resources/data-from';
import { RemoteReference, RemoteReferenceOptions } from '../core/resources/remote-ref';
import { referentAuthWarnings } from '../core/resources/store';

/**
 * A SecretStore or ClusterSecretStore that ExternalSecrets read through: declared in this program
 * or existing in the cluster.
 */
export interface SecretStoreRef {
  /** The store's Kubernetes name. */
  readonly storeName: string;

  /** `SecretStore` or `ClusterSecretStore`. */
  readonly kind: StoreKind;

  /** @internal */
  readonly _handle: StoreHandle;

  /** @internal */
  readonly _namespace: pulumi.Output<string | undefined>;

  /**
   * A value read through this store.
   *
   * @param key the remote key: secret name or ARN, parameter name, Vault path
   * @example store.ref('/production/api-key', { property: 'api_token_value' })
   */
  ref(key: pulumi.Input<string>, options?: RemoteReferenceInputOptions): RemoteReference;

  /** A `dataFrom` entry finding many secrets through this store. */
  find(options: FindInputOptions): DataFrom;
}

/**
 * Options of a reference, as core's `RemoteReferenceOptions`, with a property that may come from
 * another resource.
 */
export interface RemoteReferenceInputOptions extends Omit<RemoteReferenceOptions, 'property'> {
  /**
   * The property of a JSON secret (a key of a Vault secret).
   *
   * @default - the whole value
   */
  readonly property?: pulumi.Input<string>;
}

/**
 * A find, as core's `FindOptions`, with a path that may come from another resource (e.g. a
 * `vault.kv.SecretV2`'s `name` or a prefix built with `pulumi.interpolate`).
 */
export interface FindInputOptions extends Omit<FindOptions, 'path'> {
  /**
   * Only secrets under this path (a name prefix for AWS).
   *
   * @default - no path: needs allowUnscopedFind on the store's identity
   */
  readonly path?: pulumi.Input<string>;
}

/** A reference through `handle`, waiting for its key and property when they are Outputs. */
function refThrough(handle: StoreHandle, key: pulumi.Input<string>, options: RemoteReferenceInputOptions = {}): RemoteReference {
  const { property, ...rest } = options;
  const make = (k: string, p: string | undefined) => RemoteReference._bound(handle, k, { ...rest, ...(p !== undefined ? { property: p } : {}) });
  if (isPlain(key) && isPlain(property)) {
    return make(key, property);
  }
  return pending(make(PENDING_VALUE, property === undefined ? undefined : PENDING_VALUE), { key, property }, (v) => make(v.key!, v.property));
}

/** A find through `handle`, waiting for its path when it is an Output. */
function findThrough(handle: StoreHandle, options: FindInputOptions): DataFrom {
  const { path, ...rest } = options;
  const make = (p: string | undefined) => DataFrom._boundFind(handle, { ...rest, ...(p !== undefined ? { path: p } : {}) });
  if (isPlain(path)) {
    return make(path);
  }
  return pending(make(`${PENDING_VALUE}/`), { path }, (v) => make(v.path));
}

/** Arguments shared by SecretStore and ClusterSecretStore. */
export interface SecretStoreArgsBase {
  /**
   * The backend and how to authenticate to it. An Output of one lets a value come from another
   * resource, e.g. a `vault.Mount`'s path.
   *
   * @example kv.path.apply((path) => SecretStoreProvider.vault({ server: 'https://vault:8200', path }))
   */
  readonly provider: pulumi.Input<SecretStoreProvider>;

  /**
   * The store object's name (RFC 1123).
   *
   * @default - the component's name
   */
  readonly name?: string;

  /**
   * Labels of the store object.
   *
   * @default - none
   */
  readonly labels?: pulumi.Input<Record<string, pulumi.Input<string>>>;

  /**
   * Annotations of the store object.
   *
   * @default - none
   */
  readonly annotations?: pulumi.Input<Record<string, pulumi.Input<string>>>;

  /**
   * How often ESO re-validates the store's connection, as a Go duration.
   *
   * @default - ESO's store requeue interval (5m)
   * @example "10m"
   */
  readonly refreshInterval?: string;

  /**
   * How many times a failed backend call is retried.
   *
   * @default - ESO's default retries
   */
  readonly retryMaxRetries?: number;

  /**
   * Time between retries of a failed backend call, as a Go duration.
   *
   * @default - ESO's default interval
   */
  readonly retryInterval?: string;

  /**
   * Only the ESO controller started with this `--controller-class` reconciles the store.
   *
   * @default - every controller
   */
  readonly controller?: string;

  /**
   * The identity the store authenticates as (IAM role, Vault role, or Kubernetes ServiceAccount and
   * Role), created with the store and granted exactly what the program's ExternalSecrets read through it. It sets the provider's `auth`, so leave that unset.
   *
   * @default - the provider's `auth` (for AWS without auth: the ESO controller's own identity)
   */
  readonly identity?: StoreIdentity;
}

/** Arguments of a SecretStore. */
export interface SecretStoreArgs extends SecretStoreArgsBase {
  /** The store's namespace, e.g. a `k8s.core.v1.Namespace`'s `metadata.name`. */
  readonly namespace: pulumi.Input<string>;
}

/** Arguments of a ClusterSecretStore. */
export interface ClusterSecretStoreArgs extends SecretStoreArgsBase {
  /**
   * Which namespaces may use the store.
   *
   * @default - every namespace
   */
  readonly conditions?: ClusterSecretStoreCondition[];
}

/**
 * What SecretStore and ClusterSecretStore share: the ESO object, its identity's resources, and
 * references read through the store.
 */
export abstract class SecretStoreBase extends pulumi.ComponentResource implements SecretStoreRef {
  public readonly storeName: string;
  public readonly kind: StoreKind;

  /** The ESO store object. */
  public readonly resource: k8s.apiextensions.CustomResource;

  /** The ServiceAccount created for the store's identity, if the identity creates one. */
  public readonly serviceAccount?: k8s.core.v1.ServiceAccount;

  /** Name of the ServiceAccount the store authenticates as (identity only). */
  public readonly serviceAccountName?: pulumi.Output<string>;

  /** ARN of the IAM role created for the store (AWS identity only). */
  public readonly roleArn?: pulumi.Output<string>;

  /** The IAM role's inline policy, derived from the references read through the store (AWS identity only). */
  public readonly policyJson?: pulumi.Output<string>;

  /** The IAM role's trust policy (AWS identity only). */
  public readonly trustPolicyJson?: pulumi.Output<string>;

  /** Name of the Vault policy created for the store (Vault identity only). */
  public readonly vaultPolicyName?: pulumi.Output<string>;

  /** The Vault policy, derived from the paths read through the store (Vault identity only). */
  public readonly vaultPolicyHcl?: pulumi.Output<string>;

  /** Name of the Vault Kubernetes-auth role created for the store (Vault identity only). */
  public readonly vaultRoleName?: pulumi.Output<string>;

  /** Name of the Role and RoleBinding created for the store (Kubernetes identity only). */
  public readonly rbacRoleName?: pulumi.Output<string>;

  /** The rules of the store's Role, derived from the Secrets read through it (Kubernetes identity only). */
  public readonly rbacRules?: pulumi.Output<RbacRule[]>;

  /** @internal */
  public readonly _handle: StoreHandle;

  private readonly _identity?: StoreIdentity;
  private readonly declarations: StoreDeclarations;

  /** @internal */
  public readonly _namespace: pulumi.Output<string | undefined>;

  protected constructor(
    type: string,
    name: string,
    kind: StoreKind,
    args: SecretStoreArgsBase,
    namespace: pulumi.Input<string> | undefined,
    conditions: ClusterSecretStoreCondition[] | undefined,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super(type, name, {}, opts);
    guard(this, () => checkArgs(kind === StoreKind.SECRET_STORE ? 'pulumi.SecretStore' : 'pulumi.ClusterSecretStore', [name, args, opts], name));
    const where = name;
    this.kind = kind;
    this.storeName = args.name ?? name;
    // Every problem known now is reported together, in one error of the component.
    const problems = new Problems();
    problems.check(() => checkName(where, 'name', this.storeName));
    const handle: { -readonly [P in keyof StoreHandle]: StoreHandle[P] } = {
      where,
      name: this.storeName,
      kind,
      namespace: undefined,
      provider: isPlain(args.provider) ? args.provider._handle : undefined,
      conditions: kind === StoreKind.CLUSTER_SECRET_STORE ? conditions : undefined,
    };
    this._handle = handle;
    if (isPlain(namespace)) {
      handle.namespace = namespace;
    }
    const checkedNamespace = (ns: string | undefined): string | undefined => {
      if (ns !== undefined) {
        checkNamespace(where, 'namespace', ns);
      }
      return ns;
    };
    const durations = {
      refreshInterval: args.refreshInterval === undefined ? undefined : problems.check(() => GoDuration.parse(args.refreshInterval!, where, 'refreshInterval')),
      retryInterval: args.retryInterval === undefined ? undefined : problems.check(() => GoDuration.parse(args.retryInterval!, where, 'retryInterval')),
    };
    const controllers = controllersDependedOn(opts);
    const render = (ns: string | undefined, bound: BoundIdentity | undefined) => {
      if (bound) {
        controllers.forEach((c) => checkControllerServiceAccount(c, { where, serviceAccount: bound.serviceAccount }));
      }
      return renderStoreSpec({
        where,
        name: this.storeName,
        kind,
        namespace: ns,
        provider: handle.provider!,
        ...durations,
        retryMaxRetries: args.retryMaxRetries,
        controller: args.controller,
        conditions: conditions?.length ? conditions : undefined,
        identity: bound,
      });
    };

    // Everything known now is checked now, before any Output is made; Outputs are checked once
    // they resolve.
    const identity = args.identity;
    this._identity = identity;
    const plainInputs = identity?._plainInputs();
    problems.check(() => identity?._use(where));
    if (identity && !identity._owner) {
      problems.check(() => checkIdentityResources(where, identity));
    }
    if (isPlain(namespace)) {
      const ns = problems.check(() => checkedNamespace(namespace));
      if (!problems.any && handle.provider && (!identity || plainInputs)) {
        problems.check(() => render(ns, identity ? bindIdentity({ ...handle, namespace: ns }, identity, ns, plainInputs!) : undefined));
      }
    }
    guard(this, () => problems.throwIfAny());
    // Plain labels and annotations are checked here, before any child is registered.
    const metadata = checkedMetadata(this, where, args.labels, args.annotations);

    // Whoever waits on this Output sees the handle's provider and namespace set. The provider
    // travels through apply only: an Output made from a value copies class instances into plain
    // objects.
    this._namespace = pulumi.output(true)
      // A value, a Promise or an Output: apply lifts the last two (the cast picks that overload).
      .apply(() => args.provider as pulumi.Output<SecretStoreProvider>)
      .apply((provider) => {
        handle.provider = provider._handle;
        [...provider._handle.warnings(where), ...referentAuthWarnings(where, kind, provider._handle)].forEach((w) => pulumi.log.warn(w, this));
        return pulumi.output(namespace);
      })
      .apply((ns) => guard(this, () => {
        handle.namespace = checkedNamespace(ns);
        return ns;
      }));
    const declarations = openStore(handle, this._namespace, identity !== undefined, this.getProvider('kubernetes::CustomResource'));
    this.declarations = declarations;
    if (identity && !identity._owner) {
      awaitSeal(this, `${where}: the store's identity is derived from the ExternalSecrets declared before store.seal(), which the program never called, `
        + 'so its resources were never created; call seal() on the store once its ExternalSecrets are declared');
    }

    let resources: IdentityResources | undefined;
    let spec: pulumi.Output<Record<string, unknown>>;
    if (identity) {
      resources = identity._owner
        ? useOperatorIdentity(this, identity, handle, this._namespace, declarations)
        : createIdentityResources(this, name, identity, handle, this._namespace, declarations);
      // The auth block needs the ServiceAccount and the auth inputs only: an unknown OIDC
      // provider ARN in a preview leaves the store's spec known (the role reports a bad one).
      spec = pulumi.all([this._namespace, resources.account, identity._authInputs()])
        .apply(([ns, account, inputs]) => guard(this, () => render(ns, { spec: identity._spec(inputs), serviceAccount: account })));
    } else {
      spec = this._namespace.apply((ns) => guard(this, () => render(ns, undefined)));
    }

    this.resource = new k8s.apiextensions.CustomResource(`${name}-${kind === StoreKind.SECRET_STORE ? 'secret-store' : 'cluster-secret-store'}`, {
      apiVersion: ESO_API_VERSION,
      kind,
      metadata: {
        name: this.storeName,
        ...(kind === StoreKind.SECRET_STORE ? { namespace: this._namespace as pulumi.Output<string> } : {}),
        ...metadata,
      },
      spec,
    }, { parent: this, dependsOn: resources?.dependencies ?? [] });

    this.serviceAccount = resources?.serviceAccount;
    this.serviceAccountName = resources?.account.name;
    this.roleArn = resources?.roleArn;
    this.policyJson = resources?.policyJson;
    this.trustPolicyJson = resources?.trustPolicyJson;
    this.vaultPolicyName = resources?.vaultPolicyName;
    this.vaultPolicyHcl = resources?.vaultPolicyHcl;
    this.vaultRoleName = resources?.vaultRoleName;
    this.rbacRoleName = resources?.rbacRoleName;
    this.rbacRules = resources?.rbacRules;
    this.registerOutputs({
      storeName: this.storeName,
      serviceAccountName: this.serviceAccountName,
      roleArn: this.roleArn,
      policyJson: this.policyJson,
      trustPolicyJson: this.trustPolicyJson,
      vaultPolicyName: this.vaultPolicyName,
      vaultPolicyHcl: this.vaultPolicyHcl,
      vaultRoleName: this.vaultRoleName,
      rbacRoleName: this.rbacRoleName,
      rbacRules: this.rbacRules,
    });
  }

  /**
   * The identity the store was declared with; its derived resources are the store's own outputs
   * (`roleArn`, `policyJson`, `vaultPolicyHcl`, `rbacRules`, …).
   *
   * A store declared without an identity throws an esokit error naming the store here, as in the
   * cdk8s front end; check `hasIdentity` first where a store may have none.
   */
  public get identity(): StoreIdentity {
    if (!this._identity) {
      failNoIdentity(this._handle.where);
    }
    return this._identity;
  }

  /** Whether the store was declared with an identity (then `identity` is it). */
  public get hasIdentity(): boolean {
    return this._identity !== undefined;
  }

  /**
   * Ends the store's declarations: its identity's permissions (IAM policy, Vault policy, Role
   * rules) are derived from exactly the ExternalSecrets declared until now, and the identity's
   * resources are created with them. Call it once every ExternalSecret reading through the store
   * is declared, also after an `await` or inside an `apply` when they are declared there; an
   * ExternalSecret declared after it is refused. A store with an identity must be sealed (its
   * identity's resources and the store object wait for it); for a store without one, or one
   * using its EsoOperator's `controllerIdentity` (sealed with the operator), it is optional.
   * Calling it again does nothing.
   *
   * @example
   * const db = new ExternalSecret('db', { store, data: { password: store.ref('prod/db', { property: 'password' }) } });
   * store.seal();
   */
  public seal(): void {
    if (this.declarations.sealed()) {
      return;
    }
    const identity = this._identity;
    if (identity && !identity._owner && identityFamily(identity.kind) === 'aws-iam' && this.declarations.count() === 0) {
      throw resourceError(`${this._handle.where}: seal() was called before any ExternalSecret reads through the store, so its iam role would have no permissions; `
        + 'declare its ExternalSecrets before store.seal(), or remove the identity', this);
    }
    this.declarations.seal();
    sealed(this);
  }

  /**
   * A value read through this store. The key and property may be Outputs, e.g. the `name` of an
   * `aws.secretsmanager.Secret` created in the same program: the ExternalSecret and the identity's
   * policy wait for them.
   *
   * @param key the remote key: secret name or ARN, parameter name, Vault path
   * @example store.ref(secret.name, { property: 'password' })
   */
  public ref(key: pulumi.Input<string>, options?: RemoteReferenceInputOptions): RemoteReference {
    guard(this, () => checkArgs('pulumi.SecretStoreBase.ref', [key, options], this._handle.where));
    return guard(this, () => refThrough(this._handle, key, options));
  }

  /** A `dataFrom` entry finding many secrets through this store; its path may be an Output. */
  public find(options: FindInputOptions): DataFrom {
    guard(this, () => checkArgs('pulumi.SecretStoreBase.find', [options], this._handle.where));
    return guard(this, () => findThrough(this._handle, options));
  }
}

/**
 * A namespaced ESO SecretStore, with its identity's IAM role, Vault role or Kubernetes Role when it has one.
 *
 * @see https://external-secrets.io/latest/api/secretstore/
 */
export class SecretStore extends SecretStoreBase {
  /**
   * A SecretStore that exists in the cluster, not declared in this program.
   */
  public static existing(storeName: string, namespace: pulumi.Input<string>): SecretStoreRef {
    checkArgs('pulumi.SecretStore.existing', [storeName, namespace]);
    return existingStore(storeName, StoreKind.SECRET_STORE, namespace);
  }

  /** The store's namespace. */
  public readonly namespace: pulumi.Output<string>;

  public constructor(name: string, args: SecretStoreArgs, opts?: pulumi.ComponentResourceOptions) {
    super('esokit:eso:SecretStore', name, StoreKind.SECRET_STORE, args, args?.namespace, undefined, opts);
    this.namespace = this._namespace as pulumi.Output<string>;
  }
}

/**
 * A cluster-wide ESO ClusterSecretStore, with its identity's IAM role, Vault role or Kubernetes Role when it has one.
 *
 * @see https://external-secrets.io/latest/api/clustersecretstore/
 */
export class ClusterSecretStore extends SecretStoreBase {
  /**
   * A ClusterSecretStore that exists in the cluster, not declared in this program.
   */
  public static existing(storeName: string): SecretStoreRef {
    checkArgs('pulumi.ClusterSecretStore.existing', [storeName]);
    return existingStore(storeName, StoreKind.CLUSTER_SECRET_STORE, undefined);
  }

  public constructor(name: string, args: ClusterSecretStoreArgs, opts?: pulumi.ComponentResourceOptions) {
    super('esokit:eso:ClusterSecretStore', name, StoreKind.CLUSTER_SECRET_STORE, args, undefined, Array.isArray(args?.conditions) ? [...args.conditions] : [], opts);
  }
}

function existingStore(storeName: string, kind: StoreKind, namespace: pulumi.Input<string> | undefined): SecretStoreRef {
  const where = `${kind} ${storeName}`;
  checkName(where, 'name', storeName);
  const handle: { -readonly [P in keyof StoreHandle]: StoreHandle[P] } = { where, name: storeName, kind, namespace: undefined };
  if (isPlain(namespace) && namespace !== undefined) {
    checkNamespace(where, 'namespace', namespace);
    handle.namespace = namespace;
  }
  const resolved = pulumi.output(namespace).apply((ns) => {
    if (ns !== undefined) {
      checkNamespace(where, 'namespace', ns);
    }
    handle.namespace = ns;
    return ns;
  });
  return {
    storeName,
    kind,
    ref: (key, options) => refThrough(handle, key, options),
    find: (options) => findThrough(handle, options),
    _handle: handle,
    _namespace: resolved,
  };
}

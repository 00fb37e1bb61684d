import type * as aws from '@pulumi/aws';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type * as vault from '@pulumi/vault';
import { SealedDeclarations, guard, isPlain } from './internal';
import { requirePeer } from './peers';
import { policyJson } from '../core/gitops';
import { inlinePolicyName } from '../core/iam';
import {
  AwsIdentityDocuments,
  BoundServiceAccount,
  IdentitySpec,
  IdentityUse,
  awsIdentityDocuments,
  checkIdentitySpec,
  resolveServiceAccount,
  serviceAccountAnnotations,
  vaultIdentityDocuments,
} from '../core/identity';
import { ControllerServiceAccountOptions, IdentityServiceAccount } from '../core/identity-service-account';
import { readsThrough } from '../core/reads';
import { StoreHandle } from '../core/store';

/** Options of an IAM role derived for a store. */
export interface AwsRoleArgs {
  /**
   * Name of the IAM role (its ARN is known before it exists, so the ServiceAccount can name it).
   */
  readonly roleName: string;

  /**
   * Path of the role.
   *
   * @default "/"
   */
  readonly rolePath?: string;

  /**
   * ARN of a managed policy that bounds the role's permissions.
   *
   * @default - none
   */
  readonly permissionsBoundary?: pulumi.Input<string>;

  /**
   * Longest session of the role, in seconds (3600 to 43200).
   *
   * @default 3600
   */
  readonly maxSessionDuration?: number;

  /**
   * Description of the role.
   *
   * @default - none
   */
  readonly description?: string;

  /**
   * Tags of the role.
   *
   * @default - none
   */
  readonly tags?: Record<string, string>;

  /**
   * Allows a `find` without a path: `ListSecrets` and reads across the whole region and account.
   *
   * @default false
   */
  readonly allowUnscopedFind?: boolean;

  /**
   * Name of the role's inline policy.
   *
   * @default "external-secrets-read"
   */
  readonly inlinePolicyName?: string;
}

/** An IRSA identity: an IAM role the store's ServiceAccount assumes through the cluster's OIDC provider. */
export interface IrsaIdentityArgs extends AwsRoleArgs {
  /**
   * ARN of the cluster's IAM OIDC provider, e.g. an EKS cluster's `oidcProviderArn` output.
   *
   * @example "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE"
   */
  readonly oidcProviderArn: pulumi.Input<string>;

  /**
   * The ServiceAccount the store authenticates as.
   *
   * @default IdentityServiceAccount.create() - one created for the store, named like it
   */
  readonly serviceAccount?: IdentityServiceAccount;
}

/** An EKS Pod Identity identity: an IAM role associated with ESO's controller ServiceAccount. */
export interface PodIdentityArgs extends AwsRoleArgs {
  /** Name of the EKS cluster. */
  readonly clusterName: pulumi.Input<string>;

  /** The AWS account of the role (12 digits). */
  readonly account: pulumi.Input<string>;

  /**
   * The AWS partition.
   *
   * @default "aws"
   */
  readonly partition?: string;

  /**
   * ESO's controller ServiceAccount, if not the chart's default.
   *
   * @default - external-secrets/external-secrets
   */
  readonly controllerServiceAccount?: ControllerServiceAccountOptions;
}

/** A Vault Kubernetes-auth identity: a Vault role bound to the store's ServiceAccount, with a derived policy. */
export interface VaultKubernetesIdentityArgs {
  /** Name of the Vault role. */
  readonly role: string;

  /**
   * Path of the Kubernetes auth method, e.g. a `vault.AuthBackend`'s `path` output.
   *
   * @default "kubernetes"
   */
  readonly mountPath?: pulumi.Input<string>;

  /**
   * Audience the ServiceAccount token carries and the role requires.
   *
   * @default "vault" (none with the controller's ServiceAccount)
   */
  readonly audience?: string;

  /**
   * Name of the derived Vault policy.
   *
   * @default - the role name
   */
  readonly policyName?: string;

  /**
   * `token_ttl` in seconds.
   *
   * @default - the mount's default
   */
  readonly tokenTtl?: number;

  /**
   * `token_max_ttl` in seconds.
   *
   * @default - the mount's default
   */
  readonly tokenMaxTtl?: number;

  /**
   * The ServiceAccount the store authenticates as.
   *
   * @default IdentityServiceAccount.create() - one created for the store, named like it
   */
  readonly serviceAccount?: IdentityServiceAccount;

  /**
   * Binds the ServiceAccount to `system:auth-delegator`, for Vault to review its tokens with it.
   *
   * @default false
   */
  readonly tokenReviewerBinding?: boolean;

  /**
   * Allows a `find` without a path (`list` on the whole mount's metadata).
   *
   * @default false
   */
  readonly allowUnscopedFind?: boolean;
}

/** Which kind of identity a store has. */
export type IdentityKind = 'irsa' | 'podIdentity' | 'vaultKubernetes';

/**
 * A store's identity. The store creates what it needs (IAM role and inline policy, Pod Identity
 * association, Vault policy and role, ServiceAccount), with permissions derived from exactly the
 * references ExternalSecrets read through it.
 */
export class StoreIdentity {
  /** An IAM role for IRSA. */
  public static irsa(args: IrsaIdentityArgs): StoreIdentity {
    return new StoreIdentity('irsa', args, args.serviceAccount ?? IdentityServiceAccount.create());
  }

  /** An IAM role for EKS Pod Identity, associated with ESO's controller ServiceAccount. */
  public static podIdentity(args: PodIdentityArgs): StoreIdentity {
    return new StoreIdentity('podIdentity', args, IdentityServiceAccount.controller(args.controllerServiceAccount));
  }

  /** A Vault Kubernetes-auth role and policy. */
  public static vaultKubernetes(args: VaultKubernetesIdentityArgs): StoreIdentity {
    return new StoreIdentity('vaultKubernetes', args, args.serviceAccount ?? IdentityServiceAccount.create());
  }

  private used = false;

  /** @internal */
  public _owner?: pulumi.Resource;

  /** @internal */
  public readonly _shared: SharedUse[] = [];

  private constructor(
    /** Which kind of identity this is. */
    public readonly kind: IdentityKind,
    /** @internal */ public readonly _args: IrsaIdentityArgs | PodIdentityArgs | VaultKubernetesIdentityArgs,
    /** @internal */ public readonly _serviceAccount: IdentityServiceAccount,
  ) {}

  /**
   * Marks the identity as used by a store (called before the store creates anything); one
   * identity object serves one store here, because the store creates its resources.
   *
   * @internal
   */
  public _use(where: string): void {
    if (this._owner) {
      return;
    }
    if (this.used) {
      throw new Error(`${where}: the identity is already used by another store, and each store creates its identity's resources; give each store its own StoreIdentity`);
    }
    this.used = true;
  }

  /**
   * Makes the identity controller-wide, created by an EsoOperator for every store that uses it.
   *
   * @internal
   */
  public _ownBy(operator: pulumi.Resource, where: string, controller: { name: string; namespace: string }): void {
    if (this.kind === 'vaultKubernetes') {
      throw new Error(`${where}: controllerIdentity is a vault kubernetes identity, but the operator creates iam roles only; give stores their own vault identities`);
    }
    const sa = this._serviceAccount._spec;
    if (sa.mode !== 'controller') {
      throw new Error(`${where}: controllerIdentity must use the controller's ServiceAccount; give it serviceAccount: IdentityServiceAccount.controller()`);
    }
    const name = sa.name ?? 'external-secrets';
    const namespace = sa.namespace ?? 'external-secrets';
    if (name !== controller.name || namespace !== controller.namespace) {
      throw new Error(`${where}: controllerIdentity names the controller ServiceAccount ${namespace}/${name}, but the operator runs as `
        + `${controller.namespace}/${controller.name}; give IdentityServiceAccount.controller() the operator's name and namespace`);
    }
    if (this.used || this._owner) {
      throw new Error(`${where}: the identity is already used ${this._owner ? 'by another operator' : 'by a store, which created its role'}; give the operator its own StoreIdentity`);
    }
    this._owner = operator;
  }

  /**
   * The core spec, from resolved inputs.
   *
   * @internal
   */
  public _spec(resolved: ResolvedIdentityInputs): IdentitySpec {
    const sa = this._serviceAccount._spec;
    switch (this.kind) {
      case 'irsa': {
        const { serviceAccount, maxSessionDuration, inlinePolicyName: _, ...rest } = this._args as IrsaIdentityArgs;
        return { ...rest, ...resolved, kind: 'irsa', maxSessionDurationSeconds: maxSessionDuration, serviceAccount: sa } as IdentitySpec;
      }
      case 'podIdentity': {
        const { controllerServiceAccount, maxSessionDuration, inlinePolicyName: _, ...rest } = this._args as PodIdentityArgs;
        return { ...rest, ...resolved, kind: 'podIdentity', maxSessionDurationSeconds: maxSessionDuration, serviceAccount: sa } as IdentitySpec;
      }
      default: {
        const { serviceAccount, tokenTtl, tokenMaxTtl, tokenReviewerBinding, ...rest } = this._args as VaultKubernetesIdentityArgs;
        return { ...rest, ...resolved, kind: 'vaultKubernetes', tokenTtlSeconds: tokenTtl, tokenMaxTtlSeconds: tokenMaxTtl, serviceAccount: sa } as IdentitySpec;
      }
    }
  }

  /**
   * The identity's inputs when every one is a plain value now, for checks at construction.
   *
   * @internal
   */
  public _plainInputs(): ResolvedIdentityInputs | undefined {
    const inputs = this.inputValues();
    if (!Object.values(inputs).every((v) => isPlain(v))) {
      return undefined;
    }
    return Object.fromEntries(Object.entries(inputs).filter(([, x]) => x !== undefined)) as ResolvedIdentityInputs;
  }

  /**
   * The identity's inputs that may be Outputs.
   *
   * @internal
   */
  public _inputs(): pulumi.Output<ResolvedIdentityInputs> {
    return pulumi.output(this.inputValues())
      .apply((v) => Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined)) as ResolvedIdentityInputs);
  }

  private inputValues(): Record<keyof ResolvedIdentityInputs, pulumi.Input<string> | undefined> {
    const a = this._args as Partial<IrsaIdentityArgs & PodIdentityArgs & VaultKubernetesIdentityArgs>;
    return {
      oidcProviderArn: a.oidcProviderArn,
      clusterName: a.clusterName,
      account: a.account,
      permissionsBoundary: a.permissionsBoundary,
      mountPath: a.mountPath,
    };
  }
}

/** @internal */
export interface ResolvedIdentityInputs {
  readonly oidcProviderArn?: string;
  readonly clusterName?: string;
  readonly account?: string;
  readonly permissionsBoundary?: string;
  readonly mountPath?: string;
}

/** An identity resolved for one store. */
export interface BoundIdentity {
  readonly spec: IdentitySpec;
  readonly serviceAccount: BoundServiceAccount;
}

/** What a store's identity created, as the store exposes it. */
export interface IdentityResources {
  readonly bound: pulumi.Output<BoundIdentity>;
  /** Everything the store object must wait for. */
  readonly dependencies: pulumi.Resource[];
  readonly serviceAccount?: k8s.core.v1.ServiceAccount;
  readonly roleArn?: pulumi.Output<string>;
  readonly roleName?: pulumi.Output<string>;
  readonly policyJson?: pulumi.Output<string>;
  readonly trustPolicyJson?: pulumi.Output<string>;
  readonly vaultPolicyName?: pulumi.Output<string>;
  readonly vaultPolicyHcl?: pulumi.Output<string>;
  readonly vaultRoleName?: pulumi.Output<string>;
}

/**
 * Resolves an identity for a store from resolved inputs, validating it.
 *
 * @internal
 */
export function bindIdentity(
  handle: StoreHandle,
  identity: StoreIdentity,
  namespace: string | undefined,
  inputs: ResolvedIdentityInputs,
): BoundIdentity {
  const spec = identity._spec(inputs);
  checkIdentitySpec(handle.where, spec);
  return { spec, serviceAccount: resolveServiceAccount(handle.where, spec, { ...handle, namespace, defaultNamespace: undefined }) };
}

/**
 * Creates a store's identity resources, children of the store component: the ServiceAccount
 * first, then the role and policy (IAM or Vault), which the store object then depends on.
 *
 * @internal
 */
export function createIdentityResources(
  store: pulumi.ComponentResource,
  name: string,
  identity: StoreIdentity,
  handle: StoreHandle,
  namespace: pulumi.Output<string | undefined>,
  declarations: SealedDeclarations,
): IdentityResources {
  const where = handle.where;
  const bound: pulumi.Output<BoundIdentity> = pulumi.all([namespace, identity._inputs()])
    .apply(([ns, inputs]) => guard(store, () => bindIdentity(handle, identity, ns, inputs)));
  const dependencies: pulumi.Resource[] = [];
  const mode = identity._serviceAccount._spec.mode;
  let serviceAccount: k8s.core.v1.ServiceAccount | undefined;
  if (mode === 'create') {
    serviceAccount = new k8s.core.v1.ServiceAccount(`${name}-service-account`, {
      metadata: {
        name: bound.serviceAccount.name,
        namespace: bound.serviceAccount.namespace,
        annotations: bound.apply((b) => guard(store, () => serviceAccountAnnotations(where, b.spec))),
      },
      automountServiceAccountToken: false,
    }, { parent: store });
    dependencies.push(serviceAccount);
  }
  const afterServiceAccount = serviceAccount ? [serviceAccount] : [];
  const vaultArgs = identity._args as VaultKubernetesIdentityArgs;
  if (identity.kind === 'vaultKubernetes' && vaultArgs.tokenReviewerBinding) {
    dependencies.push(new k8s.rbac.v1.ClusterRoleBinding(`${name}-token-reviewer`, {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:auth-delegator' },
      subjects: [{ kind: 'ServiceAccount', name: bound.serviceAccount.name, namespace: bound.serviceAccount.namespace }],
    }, { parent: store, dependsOn: afterServiceAccount }));
  }
  // Core's declarations hold class instances, which Outputs do not carry: they are built and
  // read inside the one apply that derives the documents.
  const uses = (b: BoundIdentity, namespaces: (string | undefined)[]): IdentityUse[] =>
    [{ store: handle, serviceAccount: b.serviceAccount, reads: readsThrough(handle, declarations.build(namespaces)) }];

  if (identity.kind === 'vaultKubernetes') {
    const vaultSdk = guard(store, () => requirePeer<typeof vault>('@pulumi/vault'));
    const docs = pulumi.all([bound, declarations.namespaces]).apply(([b, ns]) => guard(store, () => {
      const d = vaultIdentityDocuments(where, b.spec as Extract<IdentitySpec, { kind: 'vaultKubernetes' }>, uses(b, ns));
      d.warnings.forEach((w) => pulumi.log.warn(w, store));
      return d;
    }));
    const policy = new vaultSdk.Policy(`${name}-vault-policy`, {
      name: docs.policyName,
      policy: docs.policyHcl,
    }, { parent: store, dependsOn: afterServiceAccount });
    const role = new vaultSdk.kubernetes.AuthBackendRole(`${name}-vault-role`, {
      backend: docs.role.mountPath,
      roleName: docs.role.name,
      boundServiceAccountNames: docs.role.boundServiceAccountNames,
      boundServiceAccountNamespaces: docs.role.boundServiceAccountNamespaces,
      tokenPolicies: [policy.name],
      // Unset when undefined: the role then has no audience or the mount's TTLs.
      audience: docs.role.audience as pulumi.Output<string>,
      tokenTtl: docs.role.tokenTtl as pulumi.Output<number>,
      tokenMaxTtl: docs.role.tokenMaxTtl as pulumi.Output<number>,
    }, { parent: store, dependsOn: [...afterServiceAccount, policy] });
    dependencies.push(policy, role);
    return {
      bound,
      dependencies,
      serviceAccount,
      vaultPolicyName: policy.name,
      vaultPolicyHcl: docs.policyHcl,
      vaultRoleName: role.roleName,
    };
  }

  const docs = pulumi.all([bound, declarations.namespaces]).apply(([b, ns]) => guard(store, () =>
    awsIdentityDocuments(where, b.spec as Exclude<IdentitySpec, { kind: 'vaultKubernetes' }>, uses(b, ns))));
  const role = createAwsRole(store, name, identity, docs, bound.serviceAccount, afterServiceAccount,
    `${where}: no ExternalSecret reads through the store, so its iam role would have no permissions; `
    + 'declare its ExternalSecrets in the same program, right after the store (not after an await), or remove the identity');
  return { bound, dependencies: [...dependencies, ...role.dependencies], serviceAccount, ...role.outputs };
}

/**
 * The IAM role of an AWS identity and its inline policy (and Pod Identity association), children
 * of `parent`, from derived documents.
 */
function createAwsRole(
  parent: pulumi.ComponentResource,
  name: string,
  identity: StoreIdentity,
  derived: pulumi.Output<AwsIdentityDocuments>,
  serviceAccount: pulumi.Output<{ name: string; namespace: string }>,
  after: pulumi.Resource[],
  nothingRead: string,
): { dependencies: pulumi.Resource[]; outputs: Pick<IdentityResources, 'roleArn' | 'roleName' | 'policyJson' | 'trustPolicyJson'> } {
  const awsSdk = guard(parent, () => requirePeer<typeof aws>('@pulumi/aws'));
  const awsArgs = identity._args as AwsRoleArgs;
  const policyName = guard(parent, () => inlinePolicyName(name, awsArgs.inlinePolicyName));
  const docs = derived.apply((d) => guard(parent, () => {
    if (d.policy.Statement.length === 0) {
      throw new Error(nothingRead);
    }
    d.warnings.forEach((w) => pulumi.log.warn(w, parent));
    return d;
  }));
  const role = new awsSdk.iam.Role(`${name}-role`, {
    name: awsArgs.roleName,
    path: awsArgs.rolePath ?? '/',
    description: awsArgs.description,
    assumeRolePolicy: docs.apply((d) => policyJson(d.trustPolicy)),
    maxSessionDuration: awsArgs.maxSessionDuration,
    permissionsBoundary: awsArgs.permissionsBoundary,
    tags: awsArgs.tags,
  }, { parent, dependsOn: after });
  const rolePolicy = new awsSdk.iam.RolePolicy(`${name}-policy`, {
    role: role.name,
    name: policyName,
    policy: docs.apply((d) => policyJson(d.policy)),
  }, { parent });
  const dependencies: pulumi.Resource[] = [role, rolePolicy];
  if (identity.kind === 'podIdentity') {
    dependencies.push(new awsSdk.eks.PodIdentityAssociation(`${name}-pod-identity`, {
      clusterName: (identity._args as PodIdentityArgs).clusterName,
      namespace: serviceAccount.namespace,
      serviceAccount: serviceAccount.name,
      roleArn: role.arn,
    }, { parent, dependsOn: [rolePolicy] }));
  }
  return {
    dependencies,
    outputs: {
      roleArn: role.arn,
      roleName: role.name,
      policyJson: docs.apply((d) => policyJson(d.policy)),
      trustPolicyJson: docs.apply((d) => policyJson(d.trustPolicy)),
    },
  };
}

/** A store using an identity its operator creates. */
interface SharedUse {
  readonly handle: StoreHandle;
  readonly bound: pulumi.Output<BoundIdentity>;
  readonly declarations: SealedDeclarations;
}

/**
 * A store's use of a controller-wide identity its EsoOperator creates: the store only resolves
 * the identity (no auth block, no resources of its own) and waits for the operator.
 *
 * @internal
 */
export function useOperatorIdentity(
  store: pulumi.ComponentResource,
  identity: StoreIdentity,
  handle: StoreHandle,
  namespace: pulumi.Output<string | undefined>,
  declarations: SealedDeclarations,
): IdentityResources {
  const bound: pulumi.Output<BoundIdentity> = pulumi.all([namespace, identity._inputs()])
    .apply(([ns, inputs]) => guard(store, () => bindIdentity(handle, identity, ns, inputs)));
  identity._shared.push({ handle, bound, declarations });
  return { bound, dependencies: [identity._owner!] };
}

/**
 * The role of a controller-wide identity, created by its EsoOperator with the permissions of
 * every store that uses it (collected until the code that declared the operator has run).
 *
 * @internal
 */
export function createOperatorIdentity(
  operator: pulumi.ComponentResource,
  name: string,
  identity: StoreIdentity,
  serviceAccount: { name: string; namespace: string },
  after: pulumi.Resource[],
): { dependencies: pulumi.Resource[]; outputs: Pick<IdentityResources, 'roleArn' | 'roleName' | 'policyJson' | 'trustPolicyJson'> } {
  const where = name;
  const sealed = new Promise<boolean>((resolve) => setImmediate(() => resolve(true)));
  // Outputs copy values into plain objects, so the stores' handles and declarations stay in
  // this closure and only resolved strings travel through them.
  const docs = pulumi.output(sealed)
    .apply(() => pulumi.all(identity._shared.map((u) => pulumi.all([u.bound, u.declarations.namespaces]))))
    .apply((resolved) => guard(operator, () => {
      if (resolved.length === 0) {
        throw new Error(`${where}: no store uses the controller identity, so its iam role would have no permissions; `
          + 'give stores identity: operator.controllerIdentity, declared right after the operator, or remove controllerIdentity');
      }
      const uses: IdentityUse[] = resolved.map(([b, ns], i) => {
        const use = identity._shared[i];
        return { store: use.handle, serviceAccount: b.serviceAccount, reads: readsThrough(use.handle, use.declarations.build(ns)) };
      });
      return awsIdentityDocuments(where, resolved[0][0].spec as Exclude<IdentitySpec, { kind: 'vaultKubernetes' }>, uses);
    }));
  return createAwsRole(operator, name, identity, docs, pulumi.output(serviceAccount), after,
    `${where}: no ExternalSecret reads through the stores that use the controller identity, so its iam role would have no permissions; `
    + 'declare their ExternalSecrets in the same program, right after the stores (not after an await), or remove controllerIdentity');
}

import * as pulumi from '@pulumi/pulumi';
import { StoreDeclarations, isPlain } from './internal';
import { IdentitySpec, identityFamily } from '../core/identities';
import { ControllerServiceAccountOptions, IdentityServiceAccount } from '../core/identities/service-account';
import { assertNever, fail } from '../core/model/errors';
import { BoundServiceAccount } from '../core/model/identity';
import { IdentityFamily } from '../core/model/provider';
import { checkArgs } from '../core/model/shape';
import { StoreHandle } from '../core/model/store-handle';

// Why the operator cannot create a controller-wide identity of another family (one entry each).
const NOT_CONTROLLER_WIDE: { readonly [F in Exclude<IdentityFamily, 'aws-iam'>]: [string, string] } = {
  'kubernetes-rbac': ['operator.controller-identity.kubernetes', 'controllerIdentity is a kubernetes service account identity, but the operator creates iam roles only; give stores their own kubernetes identities'],
  'vault-acl': ['operator.controller-identity.vault', 'controllerIdentity is a vault kubernetes identity, but the operator creates iam roles only; give stores their own vault identities'],
};
/**
 * The role name core's checks and documents see when Pulumi auto-names the role: a valid IAM name
 * that ends up nowhere (the trust and inline policies do not name their role, and the ARN used is
 * the created role's).
 */
const AUTO_NAMED = 'auto-named';

/** Options of an IAM role derived for a store. */
export interface AwsRoleArgs {
  /**
   * Name of the IAM role. Left unset, Pulumi names it after the resource (`<store>-role-` and a
   * random suffix), so stacks sharing an account do not collide; the ServiceAccount and the Pod
   * Identity association take the created role's ARN either way.
   *
   * @default - an auto-name derived from the resource name
   */
  readonly roleName?: string;

  /**
   * Path of the role.
   *
   * @default "/"
   */
  readonly rolePath?: pulumi.Input<string>;

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
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;

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

/** A Kubernetes ServiceAccount identity: the store's ServiceAccount, with a derived Role in the provider's remoteNamespace. */
export interface KubernetesServiceAccountIdentityArgs {
  /**
   * The ServiceAccount the store authenticates as (ESO requests a token for it).
   *
   * @default IdentityServiceAccount.create() - one created for the store, named like it
   */
  readonly serviceAccount?: IdentityServiceAccount;

  /**
   * Name of the derived Role and its RoleBinding.
   *
   * @default - the ServiceAccount's name
   */
  readonly roleName?: string;

  /**
   * Allows a `find`: `list` on every Secret of the remoteNamespace (RBAC cannot limit list by name).
   *
   * @default false
   */
  readonly allowUnscopedFind?: boolean;
}

/** Which kind of identity a store has. */
export type IdentityKind = 'irsa' | 'podIdentity' | 'vaultKubernetes' | 'kubernetesServiceAccount';

/**
 * A store's identity. The store creates what it needs (IAM role and inline policy, Pod Identity
 * association, Vault policy and role, ServiceAccount), with permissions derived from exactly the
 * references ExternalSecrets read through it.
 */
export class StoreIdentity {
  /** An IAM role for IRSA. */
  public static irsa(args: IrsaIdentityArgs): StoreIdentity {
    checkArgs('pulumi.StoreIdentity.irsa', [args]);
    return new StoreIdentity('irsa', args, args.serviceAccount ?? IdentityServiceAccount.create());
  }

  /** An IAM role for EKS Pod Identity, associated with ESO's controller ServiceAccount. */
  public static podIdentity(args: PodIdentityArgs): StoreIdentity {
    checkArgs('pulumi.StoreIdentity.podIdentity', [args]);
    return new StoreIdentity('podIdentity', args, IdentityServiceAccount.controller(args.controllerServiceAccount));
  }

  /** A Vault Kubernetes-auth role and policy. */
  public static vaultKubernetes(args: VaultKubernetesIdentityArgs): StoreIdentity {
    checkArgs('pulumi.StoreIdentity.vaultKubernetes', [args]);
    return new StoreIdentity('vaultKubernetes', args, args.serviceAccount ?? IdentityServiceAccount.create());
  }

  /**
   * A Kubernetes ServiceAccount for the Kubernetes provider, with a Role allowing `get` on exactly
   * the referenced Secrets (and `list` for a find, with `allowUnscopedFind`).
   */
  public static kubernetesServiceAccount(args: KubernetesServiceAccountIdentityArgs = {}): StoreIdentity {
    checkArgs('pulumi.StoreIdentity.kubernetesServiceAccount', [args]);
    return new StoreIdentity('kubernetesServiceAccount', args, args.serviceAccount ?? IdentityServiceAccount.create());
  }

  private used = false;

  /** @internal */
  public _owner?: pulumi.Resource;

  /** @internal */
  public readonly _shared: SharedUse[] = [];

  /**
   * Whether the operator owning this controller-wide identity was sealed.
   *
   * @internal
   */
  public _ownerSealed = false;

  private constructor(
    /** Which kind of identity this is. */
    public readonly kind: IdentityKind,
    /** @internal */ public readonly _args: IrsaIdentityArgs | PodIdentityArgs | VaultKubernetesIdentityArgs | KubernetesServiceAccountIdentityArgs,
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
      fail(where, 'identity.shared.store-resources', 'the identity is already used by another store, and each store creates its identity\'s resources; give each store its own StoreIdentity');
    }
    this.used = true;
  }

  /**
   * Makes the identity controller-wide, created by an EsoOperator for every store that uses it.
   *
   * @internal
   */
  public _ownBy(operator: pulumi.Resource, where: string, controller: { name: string; namespace: string }): void {
    const family = identityFamily(this.kind);
    if (family !== 'aws-iam') {
      const [code, message] = NOT_CONTROLLER_WIDE[family];
      fail(where, code, message);
    }
    const sa = this._serviceAccount._spec;
    if (sa.mode !== 'controller') {
      fail(where, 'operator.controller-identity.not-controller-service-account', 'controllerIdentity must use the controller\'s ServiceAccount; give it serviceAccount: IdentityServiceAccount.controller()');
    }
    const name = sa.name ?? 'external-secrets';
    const namespace = sa.namespace ?? 'external-secrets';
    if (name !== controller.name || namespace !== controller.namespace) {
      fail(where, 'operator.controller-identity.service-account-mismatch', `controllerIdentity names the controller ServiceAccount ${namespace}/${name}, but the operator runs as `
        + `${controller.namespace}/${controller.name}; give IdentityServiceAccount.controller() the operator's name and namespace`);
    }
    if (this.used || this._owner) {
      fail(where, 'operator.controller-identity.taken', `the identity is already used ${this._owner ? 'by another operator' : 'by a store, which created its role'}; give the operator its own StoreIdentity`);
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
        return { ...rest, ...resolved, roleName: rest.roleName ?? AUTO_NAMED, kind: 'irsa', maxSessionDurationSeconds: maxSessionDuration, serviceAccount: sa } as IdentitySpec;
      }
      case 'podIdentity': {
        const { controllerServiceAccount, maxSessionDuration, inlinePolicyName: _, ...rest } = this._args as PodIdentityArgs;
        return { ...rest, ...resolved, roleName: rest.roleName ?? AUTO_NAMED, kind: 'podIdentity', maxSessionDurationSeconds: maxSessionDuration, serviceAccount: sa } as IdentitySpec;
      }
      case 'kubernetesServiceAccount': {
        const { serviceAccount, ...rest } = this._args as KubernetesServiceAccountIdentityArgs;
        return { ...rest, kind: 'kubernetesServiceAccount', serviceAccount: sa };
      }
      case 'vaultKubernetes': {
        const { serviceAccount, tokenTtl, tokenMaxTtl, tokenReviewerBinding, ...rest } = this._args as VaultKubernetesIdentityArgs;
        return { ...rest, ...resolved, kind: 'vaultKubernetes', tokenTtlSeconds: tokenTtl, tokenMaxTtlSeconds: tokenMaxTtl, serviceAccount: sa } as IdentitySpec;
      }
      default:
        return assertNever(this.kind, 'identity kind');
    }
  }

  /**
   * The identity's inputs when every one is a plain value now, for checks at construction.
   *
   * @internal
   */
  public _plainInputs(): ResolvedIdentityInputs | undefined {
    const inputs = this.inputValues();
    const plain = (v: unknown): boolean => isPlain(v as pulumi.Input<unknown>)
      && (typeof v !== 'object' || v === null || Object.values(v).every((x) => isPlain(x as pulumi.Input<unknown>)));
    if (!Object.values(inputs).every(plain)) {
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

  /**
   * The inputs the store's `auth` block is made of (the Vault auth mount), so the store object
   * waits only for them, not for every input of the identity.
   *
   * @internal
   */
  public _authInputs(): pulumi.Output<ResolvedIdentityInputs> {
    const mountPath = (this._args as Partial<VaultKubernetesIdentityArgs>).mountPath;
    return pulumi.output({ mountPath }).apply((v) => (v.mountPath === undefined ? {} : { mountPath: v.mountPath }));
  }

  private inputValues(): { [K in keyof ResolvedIdentityInputs]: pulumi.Input<ResolvedIdentityInputs[K]> | IrsaIdentityArgs['tags'] } {
    const a = this._args as Partial<IrsaIdentityArgs & PodIdentityArgs & VaultKubernetesIdentityArgs>;
    return {
      oidcProviderArn: a.oidcProviderArn,
      clusterName: a.clusterName,
      account: a.account,
      permissionsBoundary: a.permissionsBoundary,
      mountPath: a.mountPath,
      rolePath: a.rolePath,
      tags: a.tags,
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
  readonly rolePath?: string;
  readonly tags?: Record<string, string>;
}

/** An identity resolved for one store. */
export interface BoundIdentity {
  readonly spec: IdentitySpec;
  readonly serviceAccount: BoundServiceAccount;
}

/**
 * A store using an identity its operator creates.
 *
 * @internal
 */
export interface SharedUse {
  readonly handle: StoreHandle;
  readonly bound: pulumi.Output<BoundIdentity>;
  readonly declarations: StoreDeclarations;
  readonly store: pulumi.Resource & { seal(): void };
}

import {
  IrsaIdentityOptions,
  KubernetesServiceAccountIdentityOptions,
  PodIdentityOptions,
  VaultKubernetesIdentityOptions,
} from './identity-options';
import {
  awsIdentityDocuments,
  checkIdentitySpec,
  identityRoleArn,
  kubernetesIdentityDocuments,
  serviceAccountAnnotations,
  vaultIdentityDocuments,
} from '../core/binding/identity';
import { IdentitySpec, identityFamily, isOfFamily } from '../core/identities';
import { AwsIdentityDocuments } from '../core/identities/aws-role';
import { KubernetesRbacDocuments } from '../core/identities/kubernetes-service-account';
import { resolveServiceAccount, IdentityServiceAccount } from '../core/identities/service-account';
import { VaultIdentityDocuments, VaultRoleParameters } from '../core/identities/vault-kubernetes';
import { assertNever, fail } from '../core/model/errors';
import { BoundServiceAccount } from '../core/model/identity';
import { StoreRead } from '../core/model/reads';
import { checkArgs } from '../core/model/shape';
import { StoreHandle } from '../core/model/store-handle';
import { policyJson } from '../core/permissions/iam';

/**
 * The kinds of identity a store can have.
 */
export enum IdentityKind {
  /** An IAM role assumed with a ServiceAccount token through the cluster's OIDC provider. */
  IRSA = 'irsa',
  /** An IAM role given to ESO's controller by an EKS Pod Identity association. */
  POD_IDENTITY = 'podIdentity',
  /** A Vault Kubernetes-auth role with a derived ACL policy. */
  VAULT_KUBERNETES = 'vaultKubernetes',
  /** A Kubernetes ServiceAccount with a derived Role (Kubernetes provider). */
  KUBERNETES_SERVICE_ACCOUNT = 'kubernetesServiceAccount',
}

/**
 * One rule of a derived Kubernetes Role.
 */
export interface KubernetesRbacRule {
  /**
   * API groups (`""` is the core group).
   */
  readonly apiGroups: string[];

  /**
   * Resources.
   */
  readonly resources: string[];

  /**
   * Verbs.
   */
  readonly verbs: string[];

  /**
   * The objects the rule is limited to.
   *
   * @default - every object of the resources
   */
  readonly resourceNames?: string[];
}

interface Use {
  readonly store: StoreHandle;
  readonly serviceAccount: BoundServiceAccount;
  readonly reads: () => StoreRead[];
}

/**
 * The identity a store authenticates as, with the permissions derived from exactly the secrets
 * that ExternalSecrets read through the store.
 *
 * Give it to a store's `identity` prop. The derived documents are values here (for AWS CDK,
 * Terraform or a Pulumi program) and can be emitted in-cluster with `AckIamRole` or
 * `VaultConfigOperatorRole`. They are computed when read, so read them after declaring the app.
 */
export class StoreIdentity {
  /**
   * An IAM role for IRSA: trusted only for the store's ServiceAccount through the cluster's OIDC
   * provider, allowed to read exactly the referenced secrets.
   *
   * @see https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html
   */
  public static irsa(options: IrsaIdentityOptions): StoreIdentity {
    checkArgs('StoreIdentity.irsa', [options]);
    const { serviceAccount, maxSessionDuration, ...rest } = options;
    return new StoreIdentity(IdentityKind.IRSA, {
      ...rest,
      kind: 'irsa',
      maxSessionDurationSeconds: maxSessionDuration?.toSeconds({ integral: false }),
      serviceAccount: (serviceAccount ?? IdentityServiceAccount.create())._spec,
    }, false);
  }

  /**
   * An IAM role for EKS Pod Identity, associated with ESO's controller ServiceAccount
   * (controller-wide), allowed to read exactly the referenced secrets of every store using it.
   *
   * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html
   */
  public static podIdentity(options: PodIdentityOptions): StoreIdentity {
    checkArgs('StoreIdentity.podIdentity', [options]);
    const { controllerServiceAccount, maxSessionDuration, ...rest } = options;
    return new StoreIdentity(IdentityKind.POD_IDENTITY, {
      ...rest,
      kind: 'podIdentity',
      maxSessionDurationSeconds: maxSessionDuration?.toSeconds({ integral: false }),
      serviceAccount: IdentityServiceAccount.controller(controllerServiceAccount)._spec,
    }, false);
  }

  /**
   * A Vault Kubernetes-auth role bound to exactly the store's ServiceAccount, with an ACL policy
   * that reads exactly the referenced KV paths.
   *
   * @see https://developer.hashicorp.com/vault/docs/auth/kubernetes
   */
  public static vaultKubernetes(options: VaultKubernetesIdentityOptions): StoreIdentity {
    checkArgs('StoreIdentity.vaultKubernetes', [options]);
    const { serviceAccount, tokenTtl, tokenMaxTtl, tokenReviewerBinding, ...rest } = options;
    return new StoreIdentity(IdentityKind.VAULT_KUBERNETES, {
      ...rest,
      kind: 'vaultKubernetes',
      tokenTtlSeconds: tokenTtl?.toSeconds({ integral: false }),
      tokenMaxTtlSeconds: tokenMaxTtl?.toSeconds({ integral: false }),
      serviceAccount: (serviceAccount ?? IdentityServiceAccount.create())._spec,
    }, tokenReviewerBinding ?? false);
  }

  /**
   * A Kubernetes ServiceAccount for the Kubernetes provider (`auth.serviceAccount`), with a Role
   * in the provider's remoteNamespace that allows `get` on exactly the referenced Secrets (and
   * `list` only for a find, with `allowUnscopedFind`). The store emits the ServiceAccount, the Role
   * and its RoleBinding.
   *
   * @see https://external-secrets.io/latest/provider/kubernetes/
   */
  public static kubernetesServiceAccount(options: KubernetesServiceAccountIdentityOptions = {}): StoreIdentity {
    checkArgs('StoreIdentity.kubernetesServiceAccount', [options]);
    const { serviceAccount, ...rest } = options;
    return new StoreIdentity(IdentityKind.KUBERNETES_SERVICE_ACCOUNT, {
      ...rest,
      kind: 'kubernetesServiceAccount',
      serviceAccount: (serviceAccount ?? IdentityServiceAccount.create())._spec,
    }, false);
  }

  /**
   * Which kind of identity this is.
   */
  public readonly kind: IdentityKind;

  /** @internal */
  public readonly _spec: IdentitySpec;

  /** @internal */
  public readonly _tokenReviewerBinding: boolean;

  private readonly uses: Use[] = [];
  /** The last derivation of each document, with the reads it was derived from. */
  private readonly derived = new Map<string, { readonly reads: readonly StoreRead[][]; readonly value: unknown }>();

  private constructor(kind: IdentityKind, spec: IdentitySpec, tokenReviewerBinding: boolean) {
    this.kind = kind;
    this._spec = spec;
    this._tokenReviewerBinding = tokenReviewerBinding;
  }

  /**
   * Binds the identity to a store: validates it there and resolves its ServiceAccount.
   *
   * @internal
   */
  public _bind(store: StoreHandle, defaultNamespace: string | undefined, reads: () => StoreRead[]): BoundServiceAccount {
    checkIdentitySpec(store.where, this._spec);
    const serviceAccount = resolveServiceAccount(store.where, this._spec, { ...store, defaultNamespace });
    const first = this.uses[0];
    if (first && (serviceAccount.mode === 'create' || first.serviceAccount.mode === 'create')) {
      fail(store.where, 'identity.shared.created-service-account', `the identity is already used by store ${first.store.where} with its own ServiceAccount; give each store its own identity, or share one through IdentityServiceAccount.existing() or .controller()`);
    }
    this.uses.push({ store, serviceAccount, reads });
    return serviceAccount;
  }

  /**
   * Name of the ServiceAccount the identity is bound to.
   */
  public get serviceAccountName(): string {
    return this.firstUse().serviceAccount.name;
  }

  /**
   * Namespace of the ServiceAccount the identity is bound to.
   */
  public get serviceAccountNamespace(): string {
    return this.firstUse().serviceAccount.namespace;
  }

  /**
   * ARN of the IAM role (IRSA and EKS Pod Identity).
   */
  public get roleArn(): string {
    const spec = this._spec;
    if (!isOfFamily(spec, 'aws-iam')) {
      return this.wrongKind('roleArn', 'aws');
    }
    return identityRoleArn(this.where(), spec);
  }

  /**
   * The role's inline policy: exactly the reads of every store using the identity (or, when the
   * provider assumes another role, permission to assume it).
   */
  public get policyDocument(): any {
    return this._aws().policy;
  }

  /**
   * `policyDocument` as a JSON string.
   */
  public get policyJson(): string {
    return policyJson(this._aws().policy);
  }

  /**
   * What the role that finally reads the secrets needs: the same as `policyDocument`, except when
   * the provider assumes another `role`, which then needs this policy.
   */
  public get readPolicyDocument(): any {
    return this._aws().readPolicy;
  }

  /**
   * The role's trust policy.
   */
  public get trustPolicyDocument(): any {
    return this._aws().trustPolicy;
  }

  /**
   * `trustPolicyDocument` as a JSON string.
   */
  public get trustPolicyJson(): string {
    return policyJson(this._aws().trustPolicy);
  }

  /**
   * Annotations the ServiceAccount needs (IRSA's `eks.amazonaws.com/role-arn`).
   */
  public get serviceAccountAnnotations(): { [key: string]: string } {
    return serviceAccountAnnotations(this.where(), this._spec);
  }

  /**
   * Name of the derived Vault policy.
   */
  public get vaultPolicyName(): string {
    return this._vault().policyName;
  }

  /**
   * The derived Vault ACL policy, in HCL.
   */
  public get vaultPolicyHcl(): string {
    return this._vault().policyHcl;
  }

  /**
   * The Vault Kubernetes-auth role's parameters.
   */
  public get vaultRole(): VaultRoleParameters {
    return this._vault().role;
  }

  /**
   * Warnings about the derived permissions (such as a find granted a whole prefix).
   */
  public get warnings(): string[] {
    // The warnings come with the family's documents: derived once for both.
    const family = identityFamily(this._spec.kind);
    switch (family) {
      case 'aws-iam':
        return [...this._aws().warnings];
      case 'vault-acl':
        return [...this._vault().warnings];
      case 'kubernetes-rbac':
        return [...this._kubernetes().warnings];
      default:
        return assertNever(family, 'identity family');
    }
  }

  /**
   * Name of the derived Role and RoleBinding (Kubernetes ServiceAccount identity).
   */
  public get rbacRoleName(): string {
    return this._kubernetes().roleName;
  }

  /**
   * Namespace of the derived Role and RoleBinding: the provider's remoteNamespace.
   */
  public get rbacNamespace(): string {
    return this._kubernetes().namespace;
  }

  /**
   * The rules of the derived Role: `get` on exactly the referenced Secrets (and `list` for a find).
   */
  public get rbacRules(): KubernetesRbacRule[] {
    return this._kubernetes().rules.map((r) => ({
      apiGroups: [...r.apiGroups],
      resources: [...r.resources],
      verbs: [...r.verbs],
      ...(r.resourceNames ? { resourceNames: [...r.resourceNames] } : {}),
    }));
  }

  /** @internal */
  public _kubernetes(): KubernetesRbacDocuments {
    const spec = this._spec;
    if (!isOfFamily(spec, 'kubernetes-rbac')) {
      return this.wrongKind('the rbac documents', 'kubernetes');
    }
    return this.derive('kubernetes', (uses) => kubernetesIdentityDocuments(this.where(), spec, uses));
  }

  /** @internal */
  public _aws(): AwsIdentityDocuments {
    const spec = this._spec;
    if (!isOfFamily(spec, 'aws-iam')) {
      return this.wrongKind('the iam documents', 'aws');
    }
    return this.derive('aws', (uses) => awsIdentityDocuments(this.where(), spec, uses));
  }

  /** @internal */
  public _vault(): VaultIdentityDocuments {
    const spec = this._spec;
    if (!isOfFamily(spec, 'vault-acl')) {
      return this.wrongKind('the vault documents', 'vault');
    }
    return this.derive('vault', (uses) => vaultIdentityDocuments(this.where(), spec, uses));
  }

  private resolvedUses() {
    this.firstUse();
    return this.uses.map((u) => ({ store: u.store, serviceAccount: u.serviceAccount, reads: u.reads(), writes: [] }));
  }

  /**
   * A document derived from the reads through the identity's stores, derived again only when
   * they changed: the app hands out the same reads until one of its ExternalSecrets changes, and
   * synth asks for the documents several times (validation, the store's spec, its outputs).
   */
  private derive<T>(what: string, derivation: (uses: ReturnType<StoreIdentity['resolvedUses']>) => T): T {
    const uses = this.resolvedUses();
    const reads = uses.map((u) => u.reads);
    const last = this.derived.get(what);
    if (last && last.reads.length === reads.length && last.reads.every((r, i) => r === reads[i])) {
      return last.value as T;
    }
    const value = derivation(uses);
    this.derived.set(what, { reads, value });
    return value;
  }

  private firstUse(): Use {
    if (this.uses.length === 0) {
      fail('identity', 'identity.unused', `the ${this.kind} identity is not used by any store yet; give it to a store's identity prop first`);
    }
    return this.uses[0];
  }

  private where(): string {
    return this.uses.length ? `${this.uses[0].store.where} identity` : 'identity';
  }

  private wrongKind(what: string, family: string): never {
    fail(this.where(), 'identity.documents.wrong-family', `${what} exist only for ${family} identities, and this is a ${this.kind} identity`);
  }
}

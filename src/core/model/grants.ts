/**
 * What a provider grants an identity family for a store's reads: provider-neutral shapes that
 * the permission builders turn into documents (IAM policies, Vault HCL, Kubernetes RBAC).
 */

/** IAM actions on one resource, merged into statements by the IAM builder. */
export interface IamGrant {
  readonly actions: string[];
  readonly resource: string;
  readonly condition?: Record<string, Record<string, string | string[]>>;
}

/** What an AWS provider needs in IAM for a store's reads. */
export interface IamGrants {
  /** What the role that finally reads the secrets needs. */
  readonly read: IamGrant[];
  /** What the identity's own role needs: `read`, or permission to assume the provider's role chain. */
  readonly own: IamGrant[];
  readonly warnings: string[];
}

/** Vault ACL paths and their capabilities. */
export type VaultAclPaths = Map<string, Set<string>>;

/** What a Vault provider needs in Vault ACL policy for a store's reads. */
export interface VaultGrants {
  readonly paths: VaultAclPaths;
  readonly warnings: string[];
}

/** One Kubernetes RBAC rule (as in a Role). */
export interface RbacRule {
  readonly apiGroups: string[];
  readonly resources: string[];
  readonly verbs: string[];
  readonly resourceNames?: string[];
}

/** What a Kubernetes provider needs in RBAC, in the namespace it reads from. */
export interface RbacGrants {
  /** The namespace the rules apply in. */
  readonly namespace: string;
  readonly rules: RbacRule[];
  readonly warnings: string[];
}

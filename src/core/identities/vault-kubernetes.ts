import { checkServiceAccountSpec } from './irsa';
import { controllerAccount, uniqueServiceAccounts } from './service-account';
import { fail, quote } from '../model/errors';
import { VaultAclPaths } from '../model/grants';
import { BoundServiceAccount, IdentityModule, ServiceAccountSpec } from '../model/identity';
import { StoreKind } from '../model/kinds';
import { checkAuthMountPath, checkPolicyName, renderHcl } from '../permissions/vault-hcl';

/*
 * Vault Kubernetes auth: a Vault role bound to exactly the store's ServiceAccount, with an ACL
 * policy derived from what the store reads.
 */

/** A Vault Kubernetes-auth identity: a Vault role bound to one ServiceAccount, with a derived policy. */
export interface VaultKubernetesSpec {
  readonly kind: 'vaultKubernetes';
  readonly role: string;
  readonly mountPath?: string;
  readonly audience?: string;
  readonly policyName?: string;
  readonly tokenTtlSeconds?: number;
  readonly tokenMaxTtlSeconds?: number;
  readonly serviceAccount: ServiceAccountSpec;
  readonly allowUnscopedFind?: boolean;
}

/**
 * The parameters of a Vault Kubernetes-auth role, named as in Vault's API and the Terraform and
 * Pulumi providers.
 */
export interface VaultRoleParameters {
  /**
   * The role name.
   */
  readonly name: string;

  /**
   * Mount path of the Kubernetes auth method (the role is `auth/<mountPath>/role/<name>`).
   */
  readonly mountPath: string;

  /**
   * `bound_service_account_names`: exactly the store's ServiceAccount.
   */
  readonly boundServiceAccountNames: string[];

  /**
   * `bound_service_account_namespaces`: exactly the ServiceAccount's namespace.
   */
  readonly boundServiceAccountNamespaces: string[];

  /**
   * `token_policies`: the derived policy.
   */
  readonly tokenPolicies: string[];

  /**
   * `audience` the ServiceAccount token must carry (Vault 1.21 and later require one).
   *
   * @default - none
   */
  readonly audience?: string;

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
}

/** What a Vault identity needs in Vault. */
export interface VaultIdentityDocuments {
  readonly policyName: string;
  readonly policyHcl: string;
  readonly role: VaultRoleParameters;
  readonly warnings: string[];
}

function vaultAudience(spec: VaultKubernetesSpec, sa: { mode?: string }): string | undefined {
  return spec.audience ?? (sa.mode === 'controller' ? undefined : 'vault');
}

/** The Vault Kubernetes-auth identity module. */
export const VAULT_KUBERNETES: IdentityModule<VaultKubernetesSpec, VaultIdentityDocuments> = {
  kind: 'vaultKubernetes',
  family: 'vault-acl',
  description: 'vault kubernetes auth',
  serves: 'use the vault provider',
  annotatesServiceAccount: false,
  eksPodIdentityAssociation: false,
  check(where, spec) {
    if (spec.role.trim() === '' || spec.role.includes('*') || /[\s/]/.test(spec.role)) {
      fail(where, 'vault-kubernetes.role.invalid', `identity.role ${quote(spec.role)} is not a vault role name; give the exact name without spaces, "/" or "*"`);
    }
    checkAuthMountPath(where, 'identity.mountPath', spec.mountPath ?? 'kubernetes');
    checkPolicyName(where, spec.policyName === undefined ? 'identity.role (used as the policy name)' : 'identity.policyName', spec.policyName ?? spec.role);
    if (spec.audience !== undefined && spec.audience.trim() === '') {
      fail(where, 'vault-kubernetes.audience.empty', 'identity.audience is empty; give the audience the vault role expects, e.g. "vault"');
    }
    for (const [field, ttl] of [['tokenTtl', spec.tokenTtlSeconds], ['tokenMaxTtl', spec.tokenMaxTtlSeconds]] as const) {
      if (ttl !== undefined && (!Number.isInteger(ttl) || ttl <= 0)) {
        fail(where, 'vault-kubernetes.ttl.invalid', `identity.${field} ${quote(ttl)} seconds must be a whole number of seconds above 0`);
      }
    }
    if (spec.tokenTtlSeconds !== undefined && spec.tokenMaxTtlSeconds !== undefined && spec.tokenTtlSeconds > spec.tokenMaxTtlSeconds) {
      fail(where, 'vault-kubernetes.ttl.over-max', `identity.tokenTtl (${spec.tokenTtlSeconds}s) is longer than identity.tokenMaxTtl (${spec.tokenMaxTtlSeconds}s); make tokenTtl at most tokenMaxTtl`);
    }
    checkServiceAccountSpec(where, spec.serviceAccount);
  },
  authBlock(spec: VaultKubernetesSpec, sa: BoundServiceAccount, kind: StoreKind) {
    return {
      kubernetes: {
        mountPath: spec.mountPath ?? 'kubernetes',
        role: spec.role,
        ...(sa.mode === 'controller' ? {} : {
          serviceAccountRef: {
            name: sa.name,
            ...(kind === StoreKind.CLUSTER_SECRET_STORE ? { namespace: sa.namespace } : {}),
            audiences: [vaultAudience(spec, sa)!],
          },
        }),
      },
    };
  },
  serviceAccountAnnotations: () => ({}),
  documents(where, spec, uses) {
    const paths: VaultAclPaths = new Map();
    const warnings: string[] = [];
    for (const use of uses) {
      const derive = use.store.provider?.permissions['vault-acl'];
      if (!derive) {
        continue;
      }
      const grants = derive({ where: use.store.where, allowUnscopedFind: spec.allowUnscopedFind }, use.reads, use.writes);
      warnings.push(...grants.warnings);
      for (const [path, caps] of grants.paths) {
        const set = paths.get(path) ?? new Set<string>();
        caps.forEach((c) => set.add(c));
        paths.set(path, set);
      }
    }
    const serviceAccounts = uniqueServiceAccounts(uses);
    if (serviceAccounts.length > 1) {
      fail(where, 'vault-kubernetes.service-account.many', `the vault identity is used with ${serviceAccounts.length} different ServiceAccounts (${serviceAccounts.map((sa) => `${sa.namespace}/${sa.name}`).join(', ')}); vault binds names and namespaces separately, which would admit every combination, so give each store its own identity`);
    }
    const sa = serviceAccounts[0] ?? controllerAccount(spec);
    const audience = vaultAudience(spec, sa);
    if (audience === undefined) {
      warnings.push(`${where}: the vault role has no audience (the controller's own token is used); vault 1.21 and later reject such roles, so set identity audience to the audience of the controller's token`);
    }
    const policyName = spec.policyName ?? spec.role;
    const policyHcl = paths.size > 0
      ? renderHcl(paths)
      : '# no secrets are read through this store yet: the policy grants nothing\n';
    return {
      policyName,
      policyHcl,
      role: {
        name: spec.role,
        mountPath: spec.mountPath ?? 'kubernetes',
        boundServiceAccountNames: [sa.name],
        boundServiceAccountNamespaces: [sa.namespace],
        tokenPolicies: [policyName],
        ...(audience !== undefined ? { audience } : {}),
        ...(spec.tokenTtlSeconds !== undefined ? { tokenTtl: spec.tokenTtlSeconds } : {}),
        ...(spec.tokenMaxTtlSeconds !== undefined ? { tokenMaxTtl: spec.tokenMaxTtlSeconds } : {}),
      },
      warnings,
    };
  },
};

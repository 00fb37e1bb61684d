import { checkServiceAccountSpec } from './irsa';
import { fail } from '../model/errors';
import { RbacRule } from '../model/grants';
import { IdentityModule, ServiceAccountSpec } from '../model/identity';
import { StoreKind } from '../model/kinds';
import { checkName } from '../model/names';
import { NamespacedObjectJson, mergeRbacRules, rbacRole, rbacRoleBinding } from '../permissions/rbac';

/*
 * A Kubernetes ServiceAccount the store authenticates as to the Kubernetes API it reads Secrets
 * from (`auth.serviceAccount`): ESO requests a token for it (TokenRequest, with the controller's
 * `serviceaccounts/token` permission, granted by ESO's chart by default), and a Role in the
 * provider's remoteNamespace, bound to it, allows exactly what the store reads.
 */

/** A Kubernetes ServiceAccount identity with derived RBAC. */
export interface KubernetesServiceAccountSpec {
  readonly kind: 'kubernetesServiceAccount';
  readonly serviceAccount: ServiceAccountSpec;
  /** Name of the Role and RoleBinding (the ServiceAccount's name by default). */
  readonly roleName?: string;
  readonly allowUnscopedFind?: boolean;
}

/** What a Kubernetes ServiceAccount identity needs in RBAC. */
export interface KubernetesRbacDocuments {
  /** The namespace of the Role and RoleBinding: the provider's remoteNamespace. */
  readonly namespace: string;
  readonly roleName: string;
  readonly rules: RbacRule[];
  /** The Role, as plain JSON. */
  readonly role: NamespacedObjectJson;
  /** The RoleBinding of the Role to the ServiceAccount, as plain JSON. */
  readonly roleBinding: NamespacedObjectJson;
  readonly warnings: string[];
}

/** The name of the Role and RoleBinding of an identity bound to this ServiceAccount. */
export function kubernetesRoleName(spec: KubernetesServiceAccountSpec, serviceAccountName: string): string {
  return spec.roleName ?? serviceAccountName;
}

/** The Kubernetes ServiceAccount identity module. */
export const KUBERNETES_SERVICE_ACCOUNT: IdentityModule<KubernetesServiceAccountSpec, KubernetesRbacDocuments> = {
  kind: 'kubernetesServiceAccount',
  family: 'kubernetes-rbac',
  description: 'a kubernetes service account',
  serves: 'use the kubernetes provider',
  annotatesServiceAccount: false,
  eksPodIdentityAssociation: false,
  check(where, spec) {
    // runtime/esutils/k8s_rest_config.go serviceAccountToken: ESO requests a token for a named
    // ServiceAccount; it never uses its own credentials as the remote identity.
    if (spec.serviceAccount.mode === 'controller') {
      fail(where, 'kubernetes-service-account.service-account.controller', 'identity.serviceAccount is the eso controller\'s own ServiceAccount; the kubernetes provider authenticates with a token eso requests for a store\'s ServiceAccount, so use IdentityServiceAccount.create() or .existing()');
    }
    checkServiceAccountSpec(where, spec.serviceAccount);
    if (spec.roleName !== undefined) {
      checkName(where, 'identity.roleName', spec.roleName);
    }
  },
  authBlock(_spec, sa, kind) {
    // A ClusterSecretStore names the namespace: without one ESO would use each ExternalSecret's
    // namespace (referent auth) and could not validate the store (validate.go).
    return { serviceAccount: { name: sa.name, ...(kind === StoreKind.CLUSTER_SECRET_STORE ? { namespace: sa.namespace } : {}) } };
  },
  serviceAccountAnnotations: () => ({}),
  documents(where, spec, uses) {
    if (uses.length === 0) {
      fail(where, 'kubernetes-service-account.unused', 'the kubernetes service account identity is not used by any store yet; give it to a store\'s identity prop first');
    }
    if (uses.length > 1) {
      fail(where, 'kubernetes-service-account.shared', `the kubernetes service account identity is used by ${uses.length} stores (${uses.map((u) => u.store.where).join(', ')}); each store's role is derived from what it reads, so give each store its own identity`);
    }
    const use = uses[0];
    const derive = use.store.provider?.permissions['kubernetes-rbac'];
    if (!derive) {
      fail(where, 'kubernetes-service-account.provider', `store ${use.store.where} does not use the kubernetes provider, which this identity serves; use the kubernetes provider, or an identity for that backend`);
    }
    const grants = derive({ where: use.store.where, allowUnscopedFind: spec.allowUnscopedFind }, use.reads, use.writes);
    const rules = mergeRbacRules(grants.rules);
    const roleName = kubernetesRoleName(spec, use.serviceAccount.name);
    return {
      namespace: grants.namespace,
      roleName,
      rules,
      role: rbacRole(roleName, grants.namespace, rules),
      roleBinding: rbacRoleBinding(roleName, grants.namespace, roleName, [use.serviceAccount]),
      warnings: [...grants.warnings],
    };
  },
};

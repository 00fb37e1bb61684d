import { IdentitySpec, identityModule } from '../identities';
import { AwsIdentityDocuments } from '../identities/aws-role';
import { IrsaSpec, irsaRoleArn } from '../identities/irsa';
import { KubernetesRbacDocuments, KubernetesServiceAccountSpec, kubernetesRoleName } from '../identities/kubernetes-service-account';
import { PodIdentitySpec, podIdentityRoleArn } from '../identities/pod-identity';
import { VaultIdentityDocuments, VaultKubernetesSpec } from '../identities/vault-kubernetes';
import { assertNever, fail, quote } from '../model/errors';
import { BoundServiceAccount, IdentityUse } from '../model/identity';
import { StoreKind } from '../model/kinds';
import { ProviderHandle } from '../model/provider';
import { StoreHandle } from '../model/store-handle';
import { NamespacedObjectJson, RBAC_API_VERSION, rbacRoleBinding } from '../permissions/rbac';

/*
 * Store x provider x identity: whether an identity can serve a store's backend, the auth block it
 * gives the store, and the documents derived for it. The only place that composes the modules.
 */

/**
 * What `store.identity` throws, in both front ends, for a store declared without one (check
 * `store.hasIdentity` first when that is expected).
 */
export function failNoIdentity(where: string): never {
  fail(where, 'store.identity.missing', 'the store has no identity; give it one with the identity prop (e.g. StoreIdentity.irsa({...})) to derive its permissions');
}

/** Validates an identity on its own, before any store uses it. */
export function checkIdentitySpec(where: string, spec: IdentitySpec): void {
  identityModule(spec).check(where, spec);
}

/** Fails unless the identity can serve the store's backend. */
export function checkIdentityFits(where: string, spec: IdentitySpec, provider: ProviderHandle): void {
  const module = identityModule(spec);
  if (provider.permissions[module.family] === undefined) {
    fail(where, 'identity.provider.mismatch', `identity is ${module.description} but the provider is ${quote(provider.key)}; ${module.serves}, or an identity for that backend`);
  }
  if (provider.hasOwnAuth) {
    fail(where, 'identity.provider.auth-set', `provider.${provider.key}.auth is set and the store has an identity, which sets auth itself; remove auth from the provider`);
  }
}

/** The provider `auth` block an identity gives a store: undefined means no auth (controller identity). */
export function identityAuth(spec: IdentitySpec, sa: BoundServiceAccount, kind: StoreKind): Record<string, unknown> | undefined {
  return identityModule(spec).authBlock(spec, sa, kind);
}

/** The ServiceAccount annotations an identity needs (IRSA's role ARN). */
export function serviceAccountAnnotations(where: string, spec: IdentitySpec): Record<string, string> {
  return identityModule(spec).serviceAccountAnnotations(where, spec);
}

/** The ARN of an AWS identity's role: account and partition from the OIDC provider (IRSA) or given. */
export function identityRoleArn(where: string, spec: IrsaSpec | PodIdentitySpec): string {
  switch (spec.kind) {
    case 'irsa':
      return irsaRoleArn(where, spec);
    case 'podIdentity':
      return podIdentityRoleArn(spec);
    default:
      return assertNever(spec, 'aws identity');
  }
}

/** The IAM documents of an AWS identity used by these stores. */
export function awsIdentityDocuments(where: string, spec: IrsaSpec | PodIdentitySpec, uses: readonly IdentityUse[]): AwsIdentityDocuments {
  return identityModule(spec).documents(where, spec, uses);
}

/** The Vault policy and role of a Vault identity used by these stores. */
export function vaultIdentityDocuments(where: string, spec: VaultKubernetesSpec, uses: readonly IdentityUse[]): VaultIdentityDocuments {
  return identityModule(spec).documents(where, spec, uses);
}

/** The Role and RoleBinding of a Kubernetes ServiceAccount identity used by these stores. */
export function kubernetesIdentityDocuments(
  where: string,
  spec: KubernetesServiceAccountSpec,
  uses: readonly IdentityUse[],
): KubernetesRbacDocuments {
  return identityModule(spec).documents(where, spec, uses);
}

/**
 * The Role (without rules yet) and RoleBinding of a Kubernetes ServiceAccount identity for one
 * store, known before the store's reads are: names and namespace only.
 */
export function kubernetesRbacObjects(
  where: string,
  spec: KubernetesServiceAccountSpec,
  store: StoreHandle,
  sa: BoundServiceAccount,
): { namespace: string; roleName: string; role: NamespacedObjectJson; roleBinding: NamespacedObjectJson } {
  const derive = store.provider?.permissions['kubernetes-rbac'];
  if (!derive) {
    fail(where, 'identity.provider.mismatch', `identity is a kubernetes service account but the provider is ${quote(store.provider?.key ?? '(unknown)')}; use the kubernetes provider, or an identity for that backend`);
  }
  // The namespace the provider's rules apply in, whatever is read.
  const { namespace } = derive({ where }, [], []);
  const roleName = kubernetesRoleName(spec, sa.name);
  const role = { apiVersion: RBAC_API_VERSION, kind: 'Role', metadata: { name: roleName, namespace } };
  return { namespace, roleName, role, roleBinding: rbacRoleBinding(roleName, namespace, roleName, [sa]) };
}

import { IdentitySpec, identityModule } from '../identities';
import { AwsIdentityDocuments } from '../identities/aws-role';
import { IrsaSpec, irsaRoleArn } from '../identities/irsa';
import { PodIdentitySpec, podIdentityRoleArn } from '../identities/pod-identity';
import { VaultIdentityDocuments, VaultKubernetesSpec } from '../identities/vault-kubernetes';
import { assertNever, fail, quote } from '../model/errors';
import { BoundServiceAccount, IdentityUse } from '../model/identity';
import { StoreKind } from '../model/kinds';
import { ProviderHandle } from '../model/provider';

/*
 * Store x provider x identity: whether an identity can serve a store's backend, the auth block it
 * gives the store, and the documents derived for it. The only place that composes the modules.
 */

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

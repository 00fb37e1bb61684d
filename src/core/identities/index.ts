import { AwsIdentityDocuments } from './aws-role';
import { IRSA, IrsaSpec } from './irsa';
import { KUBERNETES_SERVICE_ACCOUNT, KubernetesRbacDocuments, KubernetesServiceAccountSpec } from './kubernetes-service-account';
import { POD_IDENTITY, PodIdentitySpec } from './pod-identity';
import { VAULT_KUBERNETES, VaultIdentityDocuments, VaultKubernetesSpec } from './vault-kubernetes';
import { IdentityModule } from '../model/identity';
import { IdentityFamily } from '../model/provider';

/*
 * The registry of identity modules: the one list of the ways a store can authenticate. Adding an
 * identity is a module beside these and one line here.
 */

/** Any store identity. */
export type IdentitySpec = IrsaSpec | PodIdentitySpec | VaultKubernetesSpec | KubernetesServiceAccountSpec;

/** The documents each identity kind derives. */
export interface IdentityDocumentsOf {
  irsa: AwsIdentityDocuments;
  podIdentity: AwsIdentityDocuments;
  vaultKubernetes: VaultIdentityDocuments;
  kubernetesServiceAccount: KubernetesRbacDocuments;
}

/** Every identity module, by kind. */
export const IDENTITY_MODULES: { [K in IdentitySpec['kind']]: IdentityModule<Extract<IdentitySpec, { kind: K }>, IdentityDocumentsOf[K]> } = {
  irsa: IRSA,
  podIdentity: POD_IDENTITY,
  vaultKubernetes: VAULT_KUBERNETES,
  kubernetesServiceAccount: KUBERNETES_SERVICE_ACCOUNT,
};

/** The module of an identity spec. */
export function identityModule<S extends IdentitySpec>(spec: S): IdentityModule<S, IdentityDocumentsOf[S['kind']]> {
  return IDENTITY_MODULES[spec.kind] as unknown as IdentityModule<S, IdentityDocumentsOf[S['kind']]>;
}

/** The identity specs of each family. */
export interface IdentitySpecsOf {
  'aws-iam': IrsaSpec | PodIdentitySpec;
  'vault-acl': VaultKubernetesSpec;
  'kubernetes-rbac': KubernetesServiceAccountSpec;
}

/** The family of an identity kind: which permissions it takes from providers, which documents it derives. */
export function identityFamily(kind: IdentitySpec['kind']): IdentityFamily {
  return IDENTITY_MODULES[kind].family;
}

/** Whether an identity spec is of `family`, narrowing it. */
export function isOfFamily<F extends IdentityFamily>(spec: IdentitySpec, family: F): spec is Extract<IdentitySpec, IdentitySpecsOf[F]> {
  return identityModule(spec).family === family;
}

/** The module of an identity kind, for what front ends decide before the spec resolves. */
export function identityModuleOf(kind: IdentitySpec['kind']): IdentityModule<IdentitySpec, unknown> {
  return IDENTITY_MODULES[kind] as unknown as IdentityModule<IdentitySpec, unknown>;
}

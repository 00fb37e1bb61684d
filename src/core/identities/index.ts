import { AwsIdentityDocuments } from './aws-role';
import { IRSA, IrsaSpec } from './irsa';
import { KUBERNETES_SERVICE_ACCOUNT, KubernetesRbacDocuments, KubernetesServiceAccountSpec } from './kubernetes-service-account';
import { POD_IDENTITY, PodIdentitySpec } from './pod-identity';
import { VAULT_KUBERNETES, VaultIdentityDocuments, VaultKubernetesSpec } from './vault-kubernetes';
import { IdentityModule } from '../model/identity';

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

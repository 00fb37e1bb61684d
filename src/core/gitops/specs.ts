import { AwsRoleSpec } from '../identities/aws-role';
import { VaultRoleParameters } from '../identities/vault-kubernetes';
import { compact } from '../model/selectors';
import { IamPolicyDocument, policyJson } from '../permissions/iam';

/** API version of AWS Controllers for Kubernetes' IAM resources. */
export const ACK_IAM_API_VERSION = 'iam.services.k8s.aws/v1alpha1';
/** API version of AWS Controllers for Kubernetes' EKS resources. */
export const ACK_EKS_API_VERSION = 'eks.services.k8s.aws/v1alpha1';
/** API version of the vault-config-operator's resources. */
export const VAULT_CONFIG_OPERATOR_API_VERSION = 'redhatcop.redhat.io/v1alpha1';

/** The `spec` of an ACK IAM `Role` carrying the trust policy and the derived inline policy. */
export function ackRoleSpec(
  role: AwsRoleSpec,
  trust: IamPolicyDocument,
  policy: IamPolicyDocument,
  inlinePolicyName: string,
): Record<string, unknown> {
  const tags = Object.entries(role.tags ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return compact({
    name: role.roleName,
    path: role.rolePath ?? '/',
    description: role.description,
    assumeRolePolicyDocument: policyJson(trust),
    inlinePolicies: policy.Statement.length > 0 ? { [inlinePolicyName]: policyJson(policy) } : undefined,
    maxSessionDuration: role.maxSessionDurationSeconds,
    permissionsBoundary: role.permissionsBoundary,
    tags: tags.length ? tags.map(([key, value]) => ({ key, value })) : undefined,
  });
}

/** The `spec` of an ACK EKS `PodIdentityAssociation` for a role declared as an ACK `Role`. */
export function ackPodIdentityAssociationSpec(
  clusterName: string,
  serviceAccount: { name: string; namespace: string },
  roleRef: { name: string; namespace?: string },
  tags?: Readonly<Record<string, string>>,
): Record<string, unknown> {
  return compact({
    clusterName,
    namespace: serviceAccount.namespace,
    serviceAccount: serviceAccount.name,
    roleRef: { from: compact({ name: roleRef.name, namespace: roleRef.namespace }) },
    tags: tags && Object.keys(tags).length ? { ...tags } : undefined,
  });
}

/** How the vault-config-operator logs in to Vault to reconcile a resource. */
export interface VaultConfigOperatorLogin {
  /** The operator's Vault role. */
  readonly role: string;
  /** The Kubernetes auth mount the operator logs in through. */
  readonly path: string;
  /** The ServiceAccount whose token the operator uses. */
  readonly serviceAccount?: string;
}

function authentication(login: VaultConfigOperatorLogin): Record<string, unknown> {
  return compact({
    path: login.path,
    role: login.role,
    serviceAccount: login.serviceAccount !== undefined ? { name: login.serviceAccount } : undefined,
  });
}

/** The `spec` of a vault-config-operator `Policy`. */
export function vaultOperatorPolicySpec(login: VaultConfigOperatorLogin, policyName: string, hcl: string): Record<string, unknown> {
  return { authentication: authentication(login), name: policyName, policy: hcl, type: 'acl' };
}

/** The `spec` of a vault-config-operator `KubernetesAuthEngineRole`. */
export function vaultOperatorRoleSpec(login: VaultConfigOperatorLogin, role: VaultRoleParameters): Record<string, unknown> {
  return compact({
    authentication: authentication(login),
    path: role.mountPath,
    name: role.name,
    policies: [...role.tokenPolicies],
    targetServiceAccounts: [...role.boundServiceAccountNames],
    targetNamespaces: { targetNamespaces: [...role.boundServiceAccountNamespaces] },
    audience: role.audience,
    tokenTTL: role.tokenTtl,
    tokenMaxTTL: role.tokenMaxTtl,
  });
}

export { policyJson };

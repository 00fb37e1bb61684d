import { Duration } from 'cdk8s';
import { ControllerServiceAccountOptions, IdentityServiceAccount } from '../core/identities/service-account';

/*
 * The options of each kind of store identity (StoreIdentity's factories).
 */

/**
 * IAM role options shared by IRSA and EKS Pod Identity.
 */
export interface AwsRoleOptions {
  /**
   * Name of the IAM role (1 to 64 characters).
   */
  readonly roleName: string;

  /**
   * Path of the IAM role.
   *
   * @default "/"
   */
  readonly rolePath?: string;

  /**
   * ARN of a managed policy that bounds the role's permissions.
   *
   * @default - no permissions boundary
   */
  readonly permissionsBoundary?: string;

  /**
   * Longest session the role allows (1 to 12 hours).
   *
   * @default - IAM's default (1 hour)
   */
  readonly maxSessionDuration?: Duration;

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
  readonly tags?: { [key: string]: string };

  /**
   * Let a `find` without a path read every secret of the store's region and account (with a
   * warning) instead of failing at synth.
   *
   * @default false
   */
  readonly allowUnscopedFind?: boolean;
}

/**
 * Options of an IRSA identity.
 */
export interface IrsaIdentityOptions extends AwsRoleOptions {
  /**
   * ARN of the cluster's IAM OIDC provider.
   *
   * @example 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE'
   */
  readonly oidcProviderArn: string;

  /**
   * The ServiceAccount the role trusts.
   *
   * @default IdentityServiceAccount.create()
   */
  readonly serviceAccount?: IdentityServiceAccount;
}

/**
 * Options of an EKS Pod Identity identity. ESO can use Pod Identity only through its controller's
 * own ServiceAccount, so the role is controller-wide.
 */
export interface PodIdentityOptions extends AwsRoleOptions {
  /**
   * Name of the EKS cluster.
   */
  readonly clusterName: string;

  /**
   * AWS account of the role and the secrets.
   */
  readonly account: string;

  /**
   * AWS partition.
   *
   * @default "aws"
   */
  readonly partition?: string;

  /**
   * ESO's controller ServiceAccount, which the association binds.
   *
   * @default - "external-secrets" in namespace "external-secrets"
   */
  readonly controllerServiceAccount?: ControllerServiceAccountOptions;
}

/**
 * Options of a Vault Kubernetes-auth identity.
 */
export interface VaultKubernetesIdentityOptions {
  /**
   * Name of the Vault role.
   */
  readonly role: string;

  /**
   * Mount path of the Kubernetes auth method.
   *
   * @default "kubernetes"
   */
  readonly mountPath?: string;

  /**
   * Audience of the ServiceAccount token, required by the role (Vault 1.21 and later require one).
   *
   * @default "vault" (none for the controller's ServiceAccount, whose token ESO does not request)
   */
  readonly audience?: string;

  /**
   * Name of the derived Vault policy (lowercase).
   *
   * @default - the role name
   */
  readonly policyName?: string;

  /**
   * TTL of tokens the role issues.
   *
   * @default - the auth mount's default
   */
  readonly tokenTtl?: Duration;

  /**
   * Longest TTL of tokens the role issues.
   *
   * @default - the auth mount's default
   */
  readonly tokenMaxTtl?: Duration;

  /**
   * The ServiceAccount the role binds.
   *
   * @default IdentityServiceAccount.create()
   */
  readonly serviceAccount?: IdentityServiceAccount;

  /**
   * Bind the ServiceAccount to `system:auth-delegator`, so Vault can review its token with the
   * token itself (Vault's Kubernetes auth configured without a token reviewer JWT).
   *
   * @default false
   */
  readonly tokenReviewerBinding?: boolean;

  /**
   * Let a `find` without a path read the whole KV mount (with a warning) instead of failing at synth.
   *
   * @default false
   */
  readonly allowUnscopedFind?: boolean;
}

/**
 * Options of a Kubernetes ServiceAccount identity, for the Kubernetes provider.
 */
export interface KubernetesServiceAccountIdentityOptions {
  /**
   * The ServiceAccount the store authenticates as (ESO requests a token for it). The store's
   * Role, in the provider's remoteNamespace, is bound to it.
   *
   * @default IdentityServiceAccount.create()
   */
  readonly serviceAccount?: IdentityServiceAccount;

  /**
   * Name of the derived Role and its RoleBinding.
   *
   * @default - the ServiceAccount's name
   */
  readonly roleName?: string;

  /**
   * Let a `find` grant `list` on every Secret of the remoteNamespace (with a warning) instead of
   * failing at synth: Kubernetes RBAC cannot limit `list` by name, and a list returns every
   * Secret's data.
   *
   * @default false
   */
  readonly allowUnscopedFind?: boolean;
}

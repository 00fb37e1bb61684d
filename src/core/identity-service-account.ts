import { ServiceAccountSpec } from './identity';

/**
 * Options of a ServiceAccount esokit creates for a store.
 */
export interface CreatedServiceAccountOptions {
  /**
   * Name of the ServiceAccount.
   *
   * @default - the store's name
   */
  readonly name?: string;

  /**
   * Namespace of the ServiceAccount. A SecretStore's is always its own namespace.
   *
   * @default - the store's namespace (SecretStore); for a ClusterSecretStore, the chart's namespace in cdk8s and required in Pulumi
   */
  readonly namespace?: string;
}

/**
 * Options naming ESO's controller ServiceAccount.
 */
export interface ControllerServiceAccountOptions {
  /**
   * Name of ESO's controller ServiceAccount.
   *
   * @default "external-secrets"
   */
  readonly name?: string;

  /**
   * Namespace ESO runs in.
   *
   * @default "external-secrets"
   */
  readonly namespace?: string;
}

/**
 * The Kubernetes ServiceAccount a store's identity is bound to: the IAM trust policy or Vault role
 * admits exactly this ServiceAccount.
 */
export class IdentityServiceAccount {
  /**
   * A ServiceAccount created for the store (the default): the store authenticates with its token
   * (`serviceAccountRef`), so each store has its own least-privilege identity.
   */
  public static create(options: CreatedServiceAccountOptions = {}): IdentityServiceAccount {
    return new IdentityServiceAccount({ mode: 'create', name: options.name, namespace: options.namespace });
  }

  /**
   * A ServiceAccount that exists outside this app. For IRSA, it must carry the
   * `eks.amazonaws.com/role-arn` annotation of the identity's role.
   *
   * @param namespace the ServiceAccount's namespace; defaults as for `create()`
   */
  public static existing(name: string, namespace?: string): IdentityServiceAccount {
    return new IdentityServiceAccount({ mode: 'existing', name, namespace });
  }

  /**
   * ESO's own controller ServiceAccount (controller-wide identity): the store has no auth
   * reference and every store using this identity shares the controller's role.
   */
  public static controller(options: ControllerServiceAccountOptions = {}): IdentityServiceAccount {
    return new IdentityServiceAccount({ mode: 'controller', name: options.name, namespace: options.namespace });
  }

  private constructor(/** @internal */ public readonly _spec: ServiceAccountSpec) {}
}

import {
  NamespacedRef,
  SecretKeySelector,
  ServiceAccountSelector,
  compact,
  renderSecretKeySelector,
  renderServiceAccountSelector,
} from '../../model/selectors';
import { checkArgs } from '../../model/shape';

/**
 * Static AWS credentials kept in Kubernetes Secrets.
 */
export interface AwsAccessKeysOptions {
  /**
   * The Secret key holding the access key ID.
   */
  readonly accessKeyId: SecretKeySelector;

  /**
   * The Secret key holding the secret access key.
   */
  readonly secretAccessKey: SecretKeySelector;

  /**
   * The Secret key holding a session token, for temporary credentials.
   *
   * @default - no session token
   */
  readonly sessionToken?: SecretKeySelector;
}

/**
 * How an AWS store authenticates.
 *
 * @see https://external-secrets.io/latest/provider/aws-access/
 */
export class AwsAuth {
  /**
   * Authenticate with a projected token of a ServiceAccount annotated for IRSA
   * (`auth.jwt.serviceAccountRef`): each store can have its own role.
   */
  public static serviceAccount(serviceAccount: ServiceAccountSelector): AwsAuth {
    checkArgs('AwsAuth.serviceAccount', [serviceAccount]);
    return new AwsAuth('jwt', { serviceAccount });
  }

  /**
   * Authenticate with static access keys kept in Kubernetes Secrets (`auth.secretRef`).
   */
  public static accessKeys(options: AwsAccessKeysOptions): AwsAuth {
    checkArgs('AwsAuth.accessKeys', [options]);
    return new AwsAuth('secretRef', { keys: options });
  }

  /**
   * No `auth` block: the ESO controller's own identity (its pod's IRSA role or EKS Pod Identity
   * association, or the node role) is used for this store.
   */
  public static controllerIdentity(): AwsAuth {
    return new AwsAuth('controller', {});
  }

  private constructor(
    /** @internal */ public readonly _method: 'jwt' | 'secretRef' | 'controller',
    private readonly options: { serviceAccount?: ServiceAccountSelector; keys?: AwsAccessKeysOptions },
  ) {}

  /** @internal */
  public _render(where: string): Record<string, unknown> | undefined {
    const { serviceAccount, keys } = this.options;
    if (serviceAccount) {
      return { jwt: { serviceAccountRef: renderServiceAccountSelector(where, 'auth.jwt.serviceAccountRef', serviceAccount) } };
    }
    if (keys) {
      return {
        secretRef: compact({
          accessKeyIDSecretRef: renderSecretKeySelector(where, 'auth.secretRef.accessKeyIDSecretRef', keys.accessKeyId),
          secretAccessKeySecretRef: renderSecretKeySelector(where, 'auth.secretRef.secretAccessKeySecretRef', keys.secretAccessKey),
          sessionTokenSecretRef: keys.sessionToken
            ? renderSecretKeySelector(where, 'auth.secretRef.sessionTokenSecretRef', keys.sessionToken)
            : undefined,
        }),
      };
    }
    return undefined;
  }

  /** @internal */
  public _namespacedRefs(): NamespacedRef[] {
    const { serviceAccount, keys } = this.options;
    if (serviceAccount) {
      return [{ field: 'auth.jwt.serviceAccountRef', namespace: serviceAccount.namespace, name: serviceAccount.name, withoutNamespace: 'referent' }];
    }
    if (keys) {
      // providers/v1/aws/provider.go ValidateStore: every selector is a referent one.
      return [
        { field: 'auth.secretRef.accessKeyIDSecretRef', namespace: keys.accessKeyId.namespace, name: keys.accessKeyId.name, withoutNamespace: 'referent' },
        { field: 'auth.secretRef.secretAccessKeySecretRef', namespace: keys.secretAccessKey.namespace, name: keys.secretAccessKey.name, withoutNamespace: 'referent' },
        ...(keys.sessionToken ? [{ field: 'auth.secretRef.sessionTokenSecretRef', namespace: keys.sessionToken.namespace, name: keys.sessionToken.name, withoutNamespace: 'referent' as const }] : []),
      ];
    }
    return [];
  }
}

/**
 * A session tag set when ESO assumes the store's role.
 */
export interface AwsSessionTag {
  /**
   * Tag key (1 to 128 characters).
   */
  readonly key: string;

  /**
   * Tag value (at most 256 characters).
   */
  readonly value: string;
}

/**
 * Options shared by the AWS Secrets Manager and Parameter Store providers.
 *
 * @see https://external-secrets.io/latest/provider/aws-secrets-manager/
 */
export interface AwsProviderOptions {
  /**
   * AWS region of the secrets.
   *
   * @example 'us-east-1'
   */
  readonly region: string;

  /**
   * How the store authenticates. Leave unset when the store has an `identity`, which sets it.
   *
   * @default - the store's identity when it has one, otherwise AwsAuth.controllerIdentity()
   */
  readonly auth?: AwsAuth;

  /**
   * Customer-managed KMS keys that encrypt the secrets. ESO never sees these; a store identity's
   * derived policy may `kms:Decrypt` with exactly these keys, through this service only.
   *
   * @default - none: the secrets use the AWS managed key
   * @example ['arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab']
   */
  readonly kmsKeyArns?: string[];

  /**
   * ARN of a role to assume after authenticating.
   *
   * @default - no role is assumed
   * @example 'arn:aws:iam::123456789012:role/eso-reader'
   */
  readonly role?: string;

  /**
   * Roles assumed in order before `role` (role chaining).
   *
   * @default - no chained roles
   */
  readonly additionalRoles?: string[];

  /**
   * External ID passed when assuming `role`.
   *
   * @default - none
   */
  readonly externalId?: string;

  /**
   * A prefix ESO adds to every remote key read through this store.
   *
   * @default - no prefix
   * @example '/production/'
   */
  readonly prefix?: string;

  /**
   * Session tags set when assuming `role`.
   *
   * @default - none
   */
  readonly sessionTags?: AwsSessionTag[];

  /**
   * Keys of `sessionTags` passed on to roles assumed later in the chain.
   *
   * @default - none
   */
  readonly transitiveTagKeys?: string[];
}

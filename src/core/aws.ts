import { fail, quote } from './errors';
import { checkKmsKeyArns } from './iam';
import {
  NamespacedRef,
  SecretKeySelector,
  ServiceAccountSelector,
  compact,
  renderSecretKeySelector,
  renderServiceAccountSelector,
} from './selectors';

const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
const ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@\/-]{1,512}$/;
const EXTERNAL_ID = /^[\w+=,.@:\/-]{2,1224}$/;

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
    return new AwsAuth('jwt', { serviceAccount });
  }

  /**
   * Authenticate with static access keys kept in Kubernetes Secrets (`auth.secretRef`).
   */
  public static accessKeys(options: AwsAccessKeysOptions): AwsAuth {
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
      return [{ field: 'auth.jwt.serviceAccountRef', namespace: serviceAccount.namespace }];
    }
    if (keys) {
      return [
        { field: 'auth.secretRef.accessKeyIDSecretRef', namespace: keys.accessKeyId.namespace },
        { field: 'auth.secretRef.secretAccessKeySecretRef', namespace: keys.secretAccessKey.namespace },
        ...(keys.sessionToken ? [{ field: 'auth.secretRef.sessionTokenSecretRef', namespace: keys.sessionToken.namespace }] : []),
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

/** @internal */
export type AwsServiceName = 'SecretsManager' | 'ParameterStore';

/**
 * Validates and renders the `aws` provider block. `identityAuth` (from a store identity) replaces
 * `options.auth` when given: `{ block: undefined }` means no auth block.
 */
export function renderAwsProvider(
  where: string,
  service: AwsServiceName,
  options: AwsProviderOptions,
  identityAuth?: { block?: Record<string, unknown> },
): Record<string, unknown> {
  if (!REGION.test(options.region)) {
    fail(where, `provider.aws.region ${quote(options.region)} is not an aws region; use a region code such as "us-east-1" or "eu-west-2"`);
  }
  for (const [field, arn] of [['role', options.role], ...(options.additionalRoles ?? []).map((r, i) => [`additionalRoles[${i}]`, r])]) {
    if (arn !== undefined && !ROLE_ARN.test(arn)) {
      fail(where, `provider.aws.${field} ${quote(arn)} is not an iam role arn; use "arn:aws:iam::<12-digit account>:role/<name>"`);
    }
  }
  if (options.externalId !== undefined && !EXTERNAL_ID.test(options.externalId)) {
    fail(where, `provider.aws.externalID ${quote(options.externalId)} is not a valid external id; use 2 to 1224 characters of letters, digits and +=,.@:/-`);
  }
  if (options.externalId !== undefined && options.role === undefined) {
    fail(where, 'provider.aws.externalID is set but no role is assumed; set role to the arn that expects this external id, or remove externalId');
  }
  const tagKeys = new Set<string>();
  for (const tag of options.sessionTags ?? []) {
    if (tag.key.length < 1 || tag.key.length > 128) {
      fail(where, `provider.aws.sessionTags key ${quote(tag.key)} must be 1 to 128 characters`);
    }
    if (tag.value.length > 256) {
      fail(where, `provider.aws.sessionTags value of ${quote(tag.key)} is longer than 256 characters; shorten it`);
    }
    if (tagKeys.has(tag.key)) {
      fail(where, `provider.aws.sessionTags has the key ${quote(tag.key)} twice; give each tag key once`);
    }
    tagKeys.add(tag.key);
  }
  if (options.sessionTags?.length && options.role === undefined) {
    fail(where, 'provider.aws.sessionTags are set but no role is assumed; session tags apply when assuming role, so set role or remove sessionTags');
  }
  checkKmsKeyArns(where, options.kmsKeyArns);
  for (const key of options.transitiveTagKeys ?? []) {
    if (!tagKeys.has(key)) {
      fail(where, `provider.aws.transitiveTagKeys names ${quote(key)}, which is not a key of sessionTags; add it to sessionTags or remove it`);
    }
  }
  return compact({
    service,
    region: options.region,
    role: options.role,
    additionalRoles: options.additionalRoles?.length ? [...options.additionalRoles] : undefined,
    externalID: options.externalId,
    prefix: options.prefix,
    sessionTags: options.sessionTags?.length ? options.sessionTags.map((t) => ({ key: t.key, value: t.value })) : undefined,
    transitiveTagKeys: options.transitiveTagKeys?.length ? [...options.transitiveTagKeys] : undefined,
    auth: identityAuth ? identityAuth.block : (options.auth ?? AwsAuth.controllerIdentity())._render(where),
  });
}

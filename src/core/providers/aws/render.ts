import { AwsAuth, AwsProviderOptions } from './options';
import { checkKmsKeyArns } from './permissions';
import { regionPartition } from './regions';
import { fail, quote } from '../../model/errors';
import { IdentityAuth } from '../../model/provider';
import { compact } from '../../model/selectors';

const ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@\/-]{1,512}$/;
const EXTERNAL_ID = /^[\w+=,.@:\/-]{2,1224}$/;

/** The two AWS services ESO's `aws` provider reads from. */
export type AwsServiceName = 'SecretsManager' | 'ParameterStore';

/**
 * Validates and renders the `aws` provider block. `identityAuth` (from a store identity) replaces
 * `options.auth` when given: `{ block: undefined }` means no auth block.
 */
export function renderAwsProvider(
  where: string,
  service: AwsServiceName,
  options: AwsProviderOptions,
  identityAuth?: IdentityAuth,
): Record<string, unknown> {
  regionPartition(where, 'provider.aws.region', options.region);
  for (const [field, arn] of [['role', options.role], ...(options.additionalRoles ?? []).map((r, i) => [`additionalRoles[${i}]`, r])]) {
    if (arn !== undefined && !ROLE_ARN.test(arn)) {
      fail(where, 'aws.role.invalid', `provider.aws.${field} ${quote(arn)} is not an iam role arn; use "arn:aws:iam::<12-digit account>:role/<name>"`);
    }
  }
  if (options.externalId !== undefined && !EXTERNAL_ID.test(options.externalId)) {
    fail(where, 'aws.external-id.invalid', `provider.aws.externalID ${quote(options.externalId)} is not a valid external id; use 2 to 1224 characters of letters, digits and +=,.@:/-`);
  }
  if (options.externalId !== undefined && options.role === undefined) {
    fail(where, 'aws.external-id.without-role', 'provider.aws.externalID is set but no role is assumed; set role to the arn that expects this external id, or remove externalId');
  }
  const tagKeys = new Set<string>();
  for (const tag of options.sessionTags ?? []) {
    if (tag.key.length < 1 || tag.key.length > 128) {
      fail(where, 'aws.session-tags.invalid', `provider.aws.sessionTags key ${quote(tag.key)} must be 1 to 128 characters`);
    }
    if (tag.value.length > 256) {
      fail(where, 'aws.session-tags.too-long', `provider.aws.sessionTags value of ${quote(tag.key)} is longer than 256 characters; shorten it`);
    }
    if (tagKeys.has(tag.key)) {
      fail(where, 'aws.session-tags.duplicate', `provider.aws.sessionTags has the key ${quote(tag.key)} twice; give each tag key once`);
    }
    tagKeys.add(tag.key);
  }
  if (options.sessionTags?.length && options.role === undefined) {
    fail(where, 'aws.session-tags.without-role', 'provider.aws.sessionTags are set but no role is assumed; session tags apply when assuming role, so set role or remove sessionTags');
  }
  checkKmsKeyArns(where, options.kmsKeyArns);
  for (const key of options.transitiveTagKeys ?? []) {
    if (!tagKeys.has(key)) {
      fail(where, 'aws.transitive-tag-keys.invalid', `provider.aws.transitiveTagKeys names ${quote(key)}, which is not a key of sessionTags; add it to sessionTags or remove it`);
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

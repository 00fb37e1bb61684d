import { uniqueServiceAccounts } from './service-account';
import { fail, quote } from '../model/errors';
import { IamGrant } from '../model/grants';
import { BoundServiceAccount, IdentityUse } from '../model/identity';
import { AwsIdentityContext } from '../model/provider';
import {
  INLINE_POLICY_LIMIT,
  IamPolicyDocument,
  TRUST_POLICY_LIMIT,
  checkPolicySize,
  policyDocument,
  statementsOf,
} from '../permissions/iam';

/*
 * The IAM role options shared by the AWS identities (IRSA, EKS Pod Identity), and their checks.
 */

/** The AWS partitions. */
export const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f'];
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const ROLE_PATH = /^\/([\x21-\x7E]*\/)?$/;
const POLICY_ARN = /^arn:[a-z-]+:iam::(\d{12}|aws):policy\/[\x21-\x7E]+$/;
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

/** Checks an AWS partition name. */
export function checkPartition(where: string, field: string, partition: string): void {
  if (!PARTITIONS.includes(partition)) {
    fail(where, 'aws.partition.invalid', `${field} ${quote(partition)} is not an aws partition; use one of ${PARTITIONS.join(', ')}`);
  }
}

/** Checks a 12-digit AWS account ID. */
export function checkAccount(where: string, field: string, account: string): void {
  if (!/^\d{12}$/.test(account)) {
    fail(where, 'aws.account.invalid', `${field} ${quote(account)} is not an aws account id; give the 12 digits, e.g. "123456789012"`);
  }
}

/** The IAM role options shared by IRSA and EKS Pod Identity. */
export interface AwsRoleSpec {
  readonly roleName: string;
  readonly rolePath?: string;
  readonly permissionsBoundary?: string;
  readonly maxSessionDurationSeconds?: number;
  readonly description?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/** Validates the role options. */
export function checkRoleSpec(where: string, spec: AwsRoleSpec): void {
  if (!ROLE_NAME.test(spec.roleName)) {
    const why = spec.roleName.length > 64 ? `is ${spec.roleName.length} characters long` : 'has characters iam does not allow';
    fail(where, 'aws-role.identity.role-name.invalid', `identity.roleName ${quote(spec.roleName)} ${why}; an iam role name is 1 to 64 letters, digits and +=,.@_-, e.g. ${quote(spec.roleName.replace(/[^\w+=,.@-]/g, '-').slice(0, 64) || 'eso-reader')}`);
  }
  const path = spec.rolePath ?? '/';
  if (!ROLE_PATH.test(path) || path.length > 512) {
    fail(where, 'aws-role.identity.role-path.invalid', `identity.rolePath ${quote(path)} is not an iam path; it starts and ends with "/", e.g. "/eso/"`);
  }
  if (spec.permissionsBoundary !== undefined && !POLICY_ARN.test(spec.permissionsBoundary)) {
    fail(where, 'aws-role.identity.permissions-boundary.invalid', `identity.permissionsBoundary ${quote(spec.permissionsBoundary)} is not an iam policy arn; use "arn:aws:iam::<account>:policy/<name>"`);
  }
  const max = spec.maxSessionDurationSeconds;
  if (max !== undefined && (!Number.isInteger(max) || max < 3600 || max > 43200)) {
    fail(where, 'aws-role.identity.max-session-duration.out-of-range', `identity.maxSessionDuration ${quote(max)} seconds is outside iam's range; give 1 to 12 hours (3600 to 43200 seconds)`);
  }
  if (spec.description !== undefined && (spec.description.length > 1000 || /[^\t\n\r\x20-\x7E\u00A1-\u00FF]/.test(spec.description))) {
    fail(where, 'aws-role.identity.description.invalid', 'identity.description must be at most 1000 printable characters');
  }
  const tags = Object.entries(spec.tags ?? {});
  if (tags.length > 50) {
    fail(where, 'aws-role.tags.too-many', `identity.tags has ${tags.length} tags; iam allows at most 50 on a role`);
  }
  for (const [key, value] of tags) {
    if (!TAG_KEY.test(key) || key.toLowerCase().startsWith('aws:')) {
      fail(where, 'aws-role.tags.key-invalid', `identity.tags key ${quote(key)} is not a valid iam tag key (1 to 128 letters, digits, spaces and _.:/=+-@, not starting with "aws:")`);
    }
    if (!TAG_VALUE.test(value)) {
      fail(where, 'aws-role.tags.value-invalid', `identity.tags value of ${quote(key)} is not a valid iam tag value (at most 256 letters, digits, spaces and _.:/=+-@)`);
    }
  }
}

/** The ARN of a role. */
export function roleArn(partition: string, account: string, spec: AwsRoleSpec): string {
  return `arn:${partition}:iam::${account}:role${spec.rolePath ?? '/'}${spec.roleName}`;
}

/** The name of an identity's inline policy: the given one, checked, or `external-secrets-read`. */
export function inlinePolicyName(where: string, name: string | undefined): string {
  const policyName = name ?? 'external-secrets-read';
  if (!/^[\w+=,.@-]{1,128}$/.test(policyName)) {
    fail(where, 'aws-role.inline-policy-name.invalid', `inlinePolicyName ${quote(policyName)} is not an iam policy name (1 to 128 letters, digits and +=,.@_-)`);
  }
  return policyName;
}

/** What an AWS identity needs in IAM. */
export interface AwsIdentityDocuments {
  readonly roleArn: string;
  /** The role's inline policy. */
  readonly policy: IamPolicyDocument;
  /** What the role that finally reads the secrets needs (the same as `policy` without role chaining). */
  readonly readPolicy: IamPolicyDocument;
  readonly trustPolicy: IamPolicyDocument;
  readonly warnings: string[];
}

/**
 * The IAM documents of an AWS role used by these stores: each store's provider grants what its
 * reads need (`permissions['aws-iam']`), merged into one inline policy; `trust` admits the
 * ServiceAccounts of the uses.
 */
export function awsRoleDocuments(
  where: string,
  ctx: Omit<AwsIdentityContext, 'where'>,
  uses: readonly IdentityUse[],
  trust: (serviceAccounts: BoundServiceAccount[]) => IamPolicyDocument,
): AwsIdentityDocuments {
  const own: IamGrant[] = [];
  const read: IamGrant[] = [];
  const warnings: string[] = [];
  for (const use of uses) {
    const derive = use.store.provider?.permissions['aws-iam'];
    if (!derive) {
      continue;
    }
    const grants = derive({ ...ctx, where: use.store.where }, use.reads, use.writes);
    warnings.push(...grants.warnings);
    read.push(...grants.read);
    own.push(...grants.own);
  }
  const policy = policyDocument(statementsOf(own));
  const readPolicy = policyDocument(statementsOf(read));
  checkPolicySize(where, 'iam policy', policy, INLINE_POLICY_LIMIT,
    'reference fewer distinct secrets through this store (a find with a path grants a whole prefix in one statement) or split them over more stores');
  const trustPolicy = trust(uniqueServiceAccounts(uses));
  checkPolicySize(where, 'trust policy', trustPolicy, TRUST_POLICY_LIMIT,
    'fewer ServiceAccounts can share this identity; give the stores their own identities');
  return { roleArn: ctx.roleArn, policy, readPolicy, trustPolicy, warnings };
}

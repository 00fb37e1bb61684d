import { fail, quote } from '../../model/errors';
import { IamGrant } from '../../model/grants';
import { StoreRead } from '../../model/reads';

const KMS_KEY_ARN = /^arn:([a-z-]+):kms:([a-z0-9-]+):(\d{12}):key\/[A-Za-z0-9-]+$/;
/** Characters IAM reads as wildcards in a resource ARN. */
const WILDCARDS = /[*?]/;

/** What a store's read policy is derived against. */
export interface AwsReadContext {
  readonly where: string;
  readonly region: string;
  readonly partition: string;
  readonly account: string;
  /** The provider's `prefix`, which ESO puts before every remote key. */
  readonly prefix?: string;
  readonly kmsKeyArns?: readonly string[];
  /** Grant a find without a path every secret of the region and account, instead of failing. */
  readonly allowUnscopedFind?: boolean;
}

/** Fails or warns for a find without a path, whose grants would span the region and account. */
export function unscopedFind(ctx: AwsReadContext, read: StoreRead, what: string, warnings: string[]): void {
  if (!ctx.allowUnscopedFind) {
    fail(read.where, 'aws.find.unscoped', `${read.field} has no path, so the store's role would need ${what}; give the find a path, or set allowUnscopedFind on the store's identity to accept that`);
  }
  warnings.push(`${read.where}: ${read.field} has no path; the store's role may read ${what} (allowUnscopedFind)`);
}

/** `kms:Decrypt` on the provider's customer-managed keys, through the store's service only. */
export function kmsGrants(ctx: AwsReadContext, serviceDns: string, reads: readonly StoreRead[]): IamGrant[] {
  if (!ctx.kmsKeyArns?.length || reads.length === 0) {
    return [];
  }
  const dns = ctx.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  const via = `${serviceDns}.${ctx.region}.${dns}`;
  return ctx.kmsKeyArns.map((key) => ({ actions: ['kms:Decrypt'], resource: key, condition: { StringEquals: { 'kms:ViaService': via } } }));
}

/** Checks the KMS key ARNs declared on a provider. */
export function checkKmsKeyArns(where: string, keys: readonly string[] | undefined): void {
  for (const key of keys ?? []) {
    if (/:alias\//.test(key)) {
      fail(where, 'aws.kms-key.alias', `provider.aws.kmsKeyArns has the alias arn ${quote(key)}; iam matches kms:Decrypt against key arns only, so give "arn:aws:kms:<region>:<account>:key/<key id>"`);
    }
    if (!KMS_KEY_ARN.test(key)) {
      fail(where, 'aws.kms-key.invalid', `provider.aws.kmsKeyArns has ${quote(key)}, which is not a kms key arn; use "arn:aws:kms:<region>:<account>:key/<key id>"`);
    }
  }
}

/** The grant that lets an identity assume the first role of the provider's chain. */
export function assumeRoleGrant(roleArnToAssume: string, tagSession: boolean): IamGrant {
  return { actions: tagSession ? ['sts:AssumeRole', 'sts:TagSession'] : ['sts:AssumeRole'], resource: roleArnToAssume };
}

/** Fails for a name IAM would read as a wildcard. */
export function checkNoWildcard(read: StoreRead, name: string): void {
  if (WILDCARDS.test(name)) {
    fail(read.where, 'aws.key.wildcard', `${read.field} ${quote(name)} contains "*" or "?", which iam would read as a wildcard and grant more than this secret; use the exact name, or a find with a path for many secrets`);
  }
}

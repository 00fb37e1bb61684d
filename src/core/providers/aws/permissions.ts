import { fail, quote } from '../../model/errors';
import { IamGrant } from '../../model/grants';
import { MetadataPolicy, StoreRead } from '../../model/reads';

const KMS_KEY_ARN = /^arn:([a-z-]+):kms:([a-z0-9-]+):(\d{12}):key\/[A-Za-z0-9-]+$/;
/** Characters IAM reads as wildcards in a resource ARN. */
const WILDCARDS = /[*?]/;

/** What a store's read policy is derived against. */
export interface AwsReadContext {
  readonly where: string;
  readonly service: 'SecretsManager' | 'ParameterStore';
  readonly region: string;
  readonly partition: string;
  readonly account: string;
  /** The provider's `prefix`, which ESO puts before every remote key. */
  readonly prefix?: string;
  readonly kmsKeyArns?: readonly string[];
  /** Grant a find without a path every secret of the region and account, instead of failing. */
  readonly allowUnscopedFind?: boolean;
}

/** The grants that let a store read exactly what `reads` reference, and warnings. */
export function readGrants(ctx: AwsReadContext, reads: readonly StoreRead[]): { grants: IamGrant[]; warnings: string[] } {
  const grants: IamGrant[] = [];
  const warnings: string[] = [];
  const arnBase = `arn:${ctx.partition}:${ctx.service === 'SecretsManager' ? 'secretsmanager' : 'ssm'}:${ctx.region}:${ctx.account}`;
  const unscoped = (read: StoreRead, what: string) => {
    if (!ctx.allowUnscopedFind) {
      fail(read.where, 'aws.find.unscoped', `${read.field} has no path, so the store's role would need ${what}; give the find a path, or set allowUnscopedFind on the store's identity to accept that`);
    }
    warnings.push(`${read.where}: ${read.field} has no path; the store's role may read ${what} (allowUnscopedFind)`);
  };
  for (const read of reads) {
    if (read.key !== undefined) {
      const name = `${ctx.prefix ?? ''}${read.key}`;
      checkNoWildcard(read, name);
      if (ctx.service === 'SecretsManager') {
        const arn = name.startsWith('arn:') ? name : `${arnBase}:secret:${name}-??????`;
        grants.push({ actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resource: arn });
        if (read.version !== undefined) {
          grants.push({ actions: ['secretsmanager:ListSecretVersionIds'], resource: arn });
        }
      } else {
        const arn = name.startsWith('arn:') ? name : `${arnBase}:parameter/${name.replace(/^\//, '')}`;
        grants.push({ actions: [read.metadataPolicy === MetadataPolicy.FETCH ? 'ssm:ListTagsForResource' : 'ssm:GetParameter'], resource: arn });
      }
      continue;
    }
    const find = read.find!;
    const path = find.path;
    if (path !== undefined) {
      checkNoWildcard(read, path);
    }
    if (ctx.service === 'SecretsManager') {
      // ListSecrets and BatchGetSecretValue cannot be scoped to secrets; the values found can.
      grants.push({ actions: ['secretsmanager:ListSecrets', 'secretsmanager:BatchGetSecretValue'], resource: '*' });
      if (path === undefined) {
        unscoped(read, `every secret in ${ctx.region} of account ${ctx.account}`);
      }
      grants.push({ actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resource: `${arnBase}:secret:${path ?? ''}*` });
      continue;
    }
    const trimmed = (path ?? '').replace(/^\/+|\/+$/g, '');
    if (find.nameRegexp !== undefined) {
      // ESO lists by path (default "/") with GetParametersByPath, recursively.
      if (trimmed === '') {
        unscoped(read, `every parameter in ${ctx.region} of account ${ctx.account}`);
        grants.push({ actions: ['ssm:GetParametersByPath'], resource: `${arnBase}:parameter/*` });
      } else {
        grants.push({ actions: ['ssm:GetParametersByPath'], resource: `${arnBase}:parameter/${trimmed}` });
        grants.push({ actions: ['ssm:GetParametersByPath'], resource: `${arnBase}:parameter/${trimmed}/*` });
      }
      continue;
    }
    // Find by tags: DescribeParameters (only grantable on *), then GetParameter on each match.
    grants.push({ actions: ['ssm:DescribeParameters', 'tag:GetResources'], resource: '*' });
    if (trimmed === '') {
      unscoped(read, `every parameter in ${ctx.region} of account ${ctx.account}`);
    }
    grants.push({ actions: ['ssm:GetParameter'], resource: `${arnBase}:parameter/${trimmed === '' ? '' : `${trimmed}/`}*` });
  }
  if (ctx.kmsKeyArns?.length && reads.length > 0) {
    const dns = ctx.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
    const via = `${ctx.service === 'SecretsManager' ? 'secretsmanager' : 'ssm'}.${ctx.region}.${dns}`;
    for (const key of ctx.kmsKeyArns) {
      grants.push({ actions: ['kms:Decrypt'], resource: key, condition: { StringEquals: { 'kms:ViaService': via } } });
    }
  }
  return { grants, warnings };
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

function checkNoWildcard(read: StoreRead, name: string): void {
  if (WILDCARDS.test(name)) {
    fail(read.where, 'aws.key.wildcard', `${read.field} ${quote(name)} contains "*" or "?", which iam would read as a wildcard and grant more than this secret; use the exact name, or a find with a path for many secrets`);
  }
}

import { fail, quote } from './errors';
import { StoreRead } from './reads';
import { MetadataPolicy } from './remote-ref';

/** One IAM policy statement, always with arrays so documents compare exactly. */
export interface IamStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Action: string[];
  readonly Resource: string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

/** An IAM policy document. */
export interface IamPolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: Array<IamStatement | Record<string, unknown>>;
}

/** IAM's limit on a role's inline policies together, in characters without whitespace. */
export const INLINE_POLICY_LIMIT = 10240;
/** IAM's default limit on a trust policy (raisable by quota to 4096). */
export const TRUST_POLICY_LIMIT = 2048;

const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f'];
const OIDC_PROVIDER_ARN = /^arn:([a-z-]+):iam::(\d{12}):oidc-provider\/([A-Za-z0-9.-]+(?:\/[A-Za-z0-9._~-]+)*)$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const ROLE_PATH = /^\/([\x21-\x7E]*\/)?$/;
const POLICY_ARN = /^arn:[a-z-]+:iam::(\d{12}|aws):policy\/[\x21-\x7E]+$/;
const KMS_KEY_ARN = /^arn:([a-z-]+):kms:([a-z0-9-]+):(\d{12}):key\/[A-Za-z0-9-]+$/;
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;
/** Characters IAM reads as wildcards in a resource ARN. */
const WILDCARDS = /[*?]/;

/** The parts of an IAM OIDC provider ARN. */
export interface OidcProvider {
  readonly arn: string;
  readonly partition: string;
  readonly account: string;
  /** The issuer host and path (the ARN after `oidc-provider/`), used as the condition key prefix. */
  readonly issuer: string;
}

/** Parses an IAM OIDC provider ARN, failing with the expected shape. */
export function parseOidcProviderArn(where: string, field: string, arn: string): OidcProvider {
  const m = OIDC_PROVIDER_ARN.exec(arn);
  if (!m || !PARTITIONS.includes(m[1])) {
    const hint = /^https?:\/\//.test(arn) ? ' (that is the issuer url; the provider arn is "arn:aws:iam::<account>:oidc-provider/" followed by the url without https://)' : '';
    fail(where, `${field} ${quote(arn)} is not an iam oidc provider arn${hint}; use "arn:aws:iam::<12-digit account>:oidc-provider/oidc.eks.<region>.amazonaws.com/id/<id>"`);
  }
  return { arn, partition: m[1], account: m[2], issuer: m[3] };
}

/** Checks an AWS partition name. */
export function checkPartition(where: string, field: string, partition: string): void {
  if (!PARTITIONS.includes(partition)) {
    fail(where, `${field} ${quote(partition)} is not an aws partition; use one of ${PARTITIONS.join(', ')}`);
  }
}

/** Checks a 12-digit AWS account ID. */
export function checkAccount(where: string, field: string, account: string): void {
  if (!/^\d{12}$/.test(account)) {
    fail(where, `${field} ${quote(account)} is not an aws account id; give the 12 digits, e.g. "123456789012"`);
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
    fail(where, `identity.roleName ${quote(spec.roleName)} ${why}; an iam role name is 1 to 64 letters, digits and +=,.@_-, e.g. ${quote(spec.roleName.replace(/[^\w+=,.@-]/g, '-').slice(0, 64) || 'eso-reader')}`);
  }
  const path = spec.rolePath ?? '/';
  if (!ROLE_PATH.test(path) || path.length > 512) {
    fail(where, `identity.rolePath ${quote(path)} is not an iam path; it starts and ends with "/", e.g. "/eso/"`);
  }
  if (spec.permissionsBoundary !== undefined && !POLICY_ARN.test(spec.permissionsBoundary)) {
    fail(where, `identity.permissionsBoundary ${quote(spec.permissionsBoundary)} is not an iam policy arn; use "arn:aws:iam::<account>:policy/<name>"`);
  }
  const max = spec.maxSessionDurationSeconds;
  if (max !== undefined && (!Number.isInteger(max) || max < 3600 || max > 43200)) {
    fail(where, `identity.maxSessionDuration ${quote(max)} seconds is outside iam's range; give 1 to 12 hours (3600 to 43200 seconds)`);
  }
  if (spec.description !== undefined && (spec.description.length > 1000 || /[^\t\n\r\x20-\x7E\u00A1-\u00FF]/.test(spec.description))) {
    fail(where, 'identity.description must be at most 1000 printable characters');
  }
  const tags = Object.entries(spec.tags ?? {});
  if (tags.length > 50) {
    fail(where, `identity.tags has ${tags.length} tags; iam allows at most 50 on a role`);
  }
  for (const [key, value] of tags) {
    if (!TAG_KEY.test(key) || key.toLowerCase().startsWith('aws:')) {
      fail(where, `identity.tags key ${quote(key)} is not a valid iam tag key (1 to 128 letters, digits, spaces and _.:/=+-@, not starting with "aws:")`);
    }
    if (!TAG_VALUE.test(value)) {
      fail(where, `identity.tags value of ${quote(key)} is not a valid iam tag value (at most 256 letters, digits, spaces and _.:/=+-@)`);
    }
  }
}

/** The ARN of a role. */
export function roleArn(partition: string, account: string, spec: AwsRoleSpec): string {
  return `arn:${partition}:iam::${account}:role${spec.rolePath ?? '/'}${spec.roleName}`;
}

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

/** Actions on one resource, merged into statements by `statementsOf`. */
export interface Grant {
  readonly actions: string[];
  readonly resource: string;
  readonly condition?: Record<string, Record<string, string | string[]>>;
}

/** The grants that let a store read exactly what `reads` reference, and warnings. */
export function readGrants(ctx: AwsReadContext, reads: readonly StoreRead[]): { grants: Grant[]; warnings: string[] } {
  const grants: Grant[] = [];
  const warnings: string[] = [];
  const arnBase = `arn:${ctx.partition}:${ctx.service === 'SecretsManager' ? 'secretsmanager' : 'ssm'}:${ctx.region}:${ctx.account}`;
  const unscoped = (read: StoreRead, what: string) => {
    if (!ctx.allowUnscopedFind) {
      fail(read.where, `${read.field} has no path, so the store's role would need ${what}; give the find a path, or set allowUnscopedFind on the store's identity to accept that`);
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
      fail(where, `provider.aws.kmsKeyArns has the alias arn ${quote(key)}; iam matches kms:Decrypt against key arns only, so give "arn:aws:kms:<region>:<account>:key/<key id>"`);
    }
    if (!KMS_KEY_ARN.test(key)) {
      fail(where, `provider.aws.kmsKeyArns has ${quote(key)}, which is not a kms key arn; use "arn:aws:kms:<region>:<account>:key/<key id>"`);
    }
  }
}

/** The grant that lets an identity assume the first role of the provider's chain. */
export function assumeRoleGrant(roleArnToAssume: string, tagSession: boolean): Grant {
  return { actions: tagSession ? ['sts:AssumeRole', 'sts:TagSession'] : ['sts:AssumeRole'], resource: roleArnToAssume };
}

/** A policy document of these statements. */
export function policyDocument(statements: IamStatement[]): IamPolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

/** The IRSA trust policy: only these ServiceAccounts, only with tokens for STS. */
export function irsaTrustPolicy(oidc: OidcProvider, serviceAccounts: ReadonlyArray<{ name: string; namespace: string }>): IamPolicyDocument {
  const subjects = [...new Set(serviceAccounts.map((sa) => `system:serviceaccount:${sa.namespace}:${sa.name}`))].sort();
  return {
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Principal: { Federated: oidc.arn },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: {
          [`${oidc.issuer}:aud`]: 'sts.amazonaws.com',
          [`${oidc.issuer}:sub`]: subjects.length === 1 ? subjects[0] : subjects,
        },
      },
    }],
  };
}

/** The EKS Pod Identity trust policy, pinned by session tags to one cluster and ServiceAccount. */
export function podIdentityTrustPolicy(clusterName: string, serviceAccount: { name: string; namespace: string }): IamPolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Principal: { Service: 'pods.eks.amazonaws.com' },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Condition: {
        StringEquals: {
          'aws:RequestTag/eks-cluster-name': clusterName,
          'aws:RequestTag/kubernetes-namespace': serviceAccount.namespace,
          'aws:RequestTag/kubernetes-service-account': serviceAccount.name,
        },
      },
    }],
  };
}

/** The name of an identity's inline policy: the given one, checked, or `external-secrets-read`. */
export function inlinePolicyName(where: string, name: string | undefined): string {
  const policyName = name ?? 'external-secrets-read';
  if (!/^[\w+=,.@-]{1,128}$/.test(policyName)) {
    fail(where, `inlinePolicyName ${quote(policyName)} is not an iam policy name (1 to 128 letters, digits and +=,.@_-)`);
  }
  return policyName;
}

/** Fails when a document is over an IAM size limit (whitespace is not counted). */
export function checkPolicySize(where: string, what: string, doc: IamPolicyDocument, limit: number, fix: string): void {
  const size = JSON.stringify(doc).length;
  if (size > limit) {
    fail(where, `the derived ${what} is ${size} characters, over iam's limit of ${limit}; ${fix}`);
  }
}

const SIDS: Record<string, string> = {
  'secretsmanager:DescribeSecret,secretsmanager:GetSecretValue': 'ReadSecrets',
  'secretsmanager:DescribeSecret,secretsmanager:GetSecretValue,secretsmanager:ListSecretVersionIds': 'ReadSecretVersions',
  'secretsmanager:ListSecretVersionIds': 'ListSecretVersions',
  'secretsmanager:BatchGetSecretValue,secretsmanager:ListSecrets': 'FindSecrets',
  'ssm:GetParameter': 'ReadParameters',
  'ssm:GetParameter,ssm:ListTagsForResource': 'ReadParametersAndTags',
  'ssm:ListTagsForResource': 'ReadParameterTags',
  'ssm:GetParametersByPath': 'ReadParametersByPath',
  'ssm:DescribeParameters,tag:GetResources': 'FindParameters',
  'kms:Decrypt': 'DecryptSecrets',
  'sts:AssumeRole': 'AssumeStoreRole',
  'sts:AssumeRole,sts:TagSession': 'AssumeStoreRole',
};

/** Merges grants into statements: one per distinct action set and condition, everything sorted. */
export function statementsOf(grants: readonly Grant[]): IamStatement[] {
  const byResource = new Map<string, { actions: Set<string>; condition?: Grant['condition'] }>();
  for (const g of grants) {
    const id = `${g.resource}\u0000${JSON.stringify(g.condition ?? null)}`;
    const entry = byResource.get(id) ?? { actions: new Set<string>(), condition: g.condition };
    g.actions.forEach((a) => entry.actions.add(a));
    byResource.set(id, entry);
  }
  const groups = new Map<string, { actions: string[]; resources: string[]; condition?: Grant['condition'] }>();
  for (const [id, entry] of byResource) {
    const actions = [...entry.actions].sort();
    const key = `${actions.join(',')}\u0000${JSON.stringify(entry.condition ?? null)}`;
    const group = groups.get(key) ?? { actions, resources: [], condition: entry.condition };
    group.resources.push(id.slice(0, id.indexOf('\u0000')));
    groups.set(key, group);
  }
  const used = new Set<string>();
  const statements = [...groups.values()]
    .sort((a, b) => compare(a.actions.join(','), b.actions.join(',')) || compare(JSON.stringify(a.condition ?? null), JSON.stringify(b.condition ?? null)))
    .map((g) => {
      let sid = SIDS[g.actions.join(',')] ?? g.actions.map((a) => a.split(':')[1]).join('');
      for (let n = 2; used.has(sid); n++) {
        sid = `${sid.replace(/\d+$/, '')}${n}`;
      }
      used.add(sid);
      const statement: IamStatement = {
        Sid: sid,
        Effect: 'Allow',
        Action: g.actions,
        Resource: [...new Set(g.resources)].sort(compare),
        ...(g.condition ? { Condition: g.condition } : {}),
      };
      return statement;
    });
  return statements;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function checkNoWildcard(read: StoreRead, name: string): void {
  if (WILDCARDS.test(name)) {
    fail(read.where, `${read.field} ${quote(name)} contains "*" or "?", which iam would read as a wildcard and grant more than this secret; use the exact name, or a find with a path for many secrets`);
  }
}

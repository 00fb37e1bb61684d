import { fail } from '../model/errors';
import { IamGrant } from '../model/grants';

/*
 * IAM policy documents built from grants: statements merged and sorted, and IAM's size limits.
 */

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

/** A policy document of these statements. */
export function policyDocument(statements: IamStatement[]): IamPolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

/** A policy document as IAM and ACK take it: a JSON string (indented, so GitOps diffs read well). */
export function policyJson(doc: IamPolicyDocument): string {
  return JSON.stringify(doc, null, 2);
}

/** Fails when a document is over an IAM size limit (whitespace is not counted). */
export function checkPolicySize(where: string, what: string, doc: IamPolicyDocument, limit: number, fix: string): void {
  const size = JSON.stringify(doc).length;
  if (size > limit) {
    fail(where, 'iam.policy.too-large', `the derived ${what} is ${size} characters, over iam's limit of ${limit}; ${fix}`);
  }
}

const SIDS: Record<string, string> = {
  'secretsmanager:DescribeSecret,secretsmanager:GetSecretValue': 'ReadSecrets',
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
export function statementsOf(grants: readonly IamGrant[]): IamStatement[] {
  const byResource = new Map<string, { actions: Set<string>; condition?: IamGrant['condition'] }>();
  for (const g of grants) {
    const id = `${g.resource}\u0000${JSON.stringify(g.condition ?? null)}`;
    const entry = byResource.get(id) ?? { actions: new Set<string>(), condition: g.condition };
    g.actions.forEach((a) => entry.actions.add(a));
    byResource.set(id, entry);
  }
  const groups = new Map<string, { actions: string[]; resources: string[]; condition?: IamGrant['condition'] }>();
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

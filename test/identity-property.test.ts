/**
 * Property-based: for random sets of references, the derived IAM policy allows every referenced
 * secret and denies unreferenced names, other regions, other accounts and write actions; the
 * trust policy admits only the store's ServiceAccount. Checked with a small IAM evaluator.
 */
import * as fc from 'fast-check';
import { irsaTrustPolicy, parseOidcProviderArn } from '../src/core/identities/irsa';
import { StoreRead } from '../src/core/model/reads';
import { IamPolicyDocument, statementsOf } from '../src/core/permissions/iam';
import { readGrants } from '../src/core/providers/aws';
import { vaultDataPath, vaultReadPaths } from '../src/core/providers/vault/permissions';

/** IAM's glob: `*` any run of characters, `?` exactly one. */
function globMatches(pattern: string, value: string, caseInsensitive = false): boolean {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`, caseInsensitive ? 'i' : '').test(value);
}

/** Whether an identity policy allows `action` on `resource`, given condition context values. */
function allows(doc: IamPolicyDocument, action: string, resource: string, context: Record<string, string> = {}): boolean {
  return doc.Statement.some((s: any) => {
    const actions: string[] = [].concat(s.Action);
    const resources: string[] = [].concat(s.Resource);
    const conditionsHold = Object.entries((s.Condition?.StringEquals ?? {}) as Record<string, string | string[]>)
      .every(([k, v]) => ([] as string[]).concat(v).includes(context[k]));
    return s.Effect === 'Allow'
      && actions.some((a) => globMatches(a, action, true))
      && resources.some((r) => globMatches(r, resource))
      && conditionsHold;
  });
}

/** Whether a web-identity trust policy admits a token with this subject and audience. */
function trustAdmits(doc: IamPolicyDocument, federated: string, issuer: string, sub: string, aud: string): boolean {
  return doc.Statement.some((s: any) => s.Effect === 'Allow'
    && s.Principal?.Federated === federated
    && [].concat(s.Action).includes('sts:AssumeRoleWithWebIdentity' as never)
    && ([] as string[]).concat(s.Condition.StringEquals[`${issuer}:sub`]).includes(sub)
    && ([] as string[]).concat(s.Condition.StringEquals[`${issuer}:aud`]).includes(aud));
}

const REGIONS = ['us-east-1', 'eu-west-2', 'ap-southeast-1'];
const ACCOUNT = '123456789012';
const name = fc.stringMatching(/^\/?[a-z][a-z0-9_-]{0,6}(\/[a-z0-9_-]{1,6}){0,3}$/);
const suffix = fc.stringMatching(/^[A-Za-z0-9]{6}$/);
const label = fc.stringMatching(/^[a-z]([-a-z0-9]{0,8}[a-z0-9])?$/);
const version = fc.option(fc.constantFrom('AWSPREVIOUS', 'AWSCURRENT'), { nil: undefined });
const refs = fc.uniqueArray(fc.record({ key: name, version }), { minLength: 1, maxLength: 12, selector: (r) => r.key });
const findPaths = fc.array(fc.stringMatching(/^\/[a-z]{1,4}\/$/), { maxLength: 2 });
const WRITES = ['secretsmanager:PutSecretValue', 'secretsmanager:CreateSecret', 'secretsmanager:DeleteSecret', 'secretsmanager:UpdateSecret',
  'secretsmanager:TagResource', 'secretsmanager:PutResourcePolicy', 'ssm:PutParameter', 'ssm:DeleteParameter', 'ssm:AddTagsToResource', 'kms:Encrypt'];

const reads = (keys: Array<{ key: string; version?: string }>, paths: string[]): StoreRead[] => [
  ...keys.map((k, i) => ({ where: 'c/es', field: `data[${i}].remoteRef`, key: k.key, version: k.version })),
  ...paths.map((p, i) => ({ where: 'c/es', field: `dataFrom[${i}].find`, find: { path: p, nameRegexp: '.*' } })),
];

describe('derived iam policies (property)', () => {
  test('secrets manager: exactly the referenced secrets, in the store\'s region and account, read-only', () => {
    fc.assert(fc.property(fc.constantFrom(...REGIONS), refs, findPaths, name, suffix, (region, keys, paths, other, six) => {
      const doc = { Version: '2012-10-17' as const, Statement: statementsOf(readGrants({ where: 'c/s', service: 'SecretsManager', region, partition: 'aws', account: ACCOUNT }, reads(keys, paths)).grants) };
      const arn = (n: string, r = region, a = ACCOUNT) => `arn:aws:secretsmanager:${r}:${a}:secret:${n}-${six}`;
      for (const { key } of keys) {
        expect(allows(doc, 'secretsmanager:GetSecretValue', arn(key))).toBe(true);
        expect(allows(doc, 'secretsmanager:DescribeSecret', arn(key))).toBe(true);
        expect(allows(doc, 'secretsmanager:GetSecretValue', arn(key, REGIONS.find((r) => r !== region)))).toBe(false);
        expect(allows(doc, 'secretsmanager:GetSecretValue', arn(key, region, '210987654321'))).toBe(false);
        expect(allows(doc, 'secretsmanager:GetSecretValue', arn(`${key}-other`))).toBe(paths.some((p) => key.startsWith(p)));
        for (const write of WRITES) {
          expect(allows(doc, write, arn(key))).toBe(false);
          expect(allows(doc, write, '*')).toBe(false);
        }
      }
      for (const { key, version: v } of keys) {
        // eso reads versions with GetSecretValue alone (secretsmanager.go): no version listing.
        expect(allows(doc, 'secretsmanager:ListSecretVersionIds', arn(key))).toBe(false);
        expect(v === undefined || allows(doc, 'secretsmanager:GetSecretValue', arn(key))).toBe(true);
      }
      const referenced = keys.some((k) => k.key === other) || paths.some((p) => other.startsWith(p));
      expect(allows(doc, 'secretsmanager:GetSecretValue', arn(other))).toBe(referenced);
      expect(allows(doc, 'secretsmanager:ListSecrets', '*')).toBe(paths.length > 0);
    }), { numRuns: 1000 });
  });

  test('parameter store: exactly the referenced parameters, read-only', () => {
    fc.assert(fc.property(fc.constantFrom(...REGIONS), refs, name, (region, keys, other) => {
      const doc = { Version: '2012-10-17' as const, Statement: statementsOf(readGrants({ where: 'c/s', service: 'ParameterStore', region, partition: 'aws', account: ACCOUNT }, reads(keys, [])).grants) };
      const arn = (n: string, r = region) => `arn:aws:ssm:${r}:${ACCOUNT}:parameter/${n.replace(/^\//, '')}`;
      for (const { key } of keys) {
        expect(allows(doc, 'ssm:GetParameter', arn(key))).toBe(true);
        expect(allows(doc, 'ssm:GetParameter', arn(key, REGIONS.find((r) => r !== region)))).toBe(false);
        expect(allows(doc, 'ssm:GetParametersByPath', arn(key))).toBe(false);
        for (const write of WRITES) {
          expect(allows(doc, write, arn(key))).toBe(false);
        }
      }
      const referenced = keys.some((k) => k.key.replace(/^\//, '') === other.replace(/^\//, ''));
      expect(allows(doc, 'ssm:GetParameter', arn(other))).toBe(referenced);
    }), { numRuns: 1000 });
  });

  test('the irsa trust policy admits only the store\'s ServiceAccount with the sts audience', () => {
    const oidc = parseOidcProviderArn('c/s', 'f', 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC123');
    fc.assert(fc.property(label, label, label, label, (ns, sa, otherNs, otherSa) => {
      const doc = irsaTrustPolicy(oidc, [{ name: sa, namespace: ns }]);
      const admits = (n: string, s: string, aud = 'sts.amazonaws.com') => trustAdmits(doc, oidc.arn, oidc.issuer, `system:serviceaccount:${n}:${s}`, aud);
      expect(admits(ns, sa)).toBe(true);
      expect(admits(ns, sa, 'vault')).toBe(false);
      expect(admits(otherNs, sa)).toBe(otherNs === ns);
      expect(admits(ns, otherSa)).toBe(otherSa === sa);
      expect(trustAdmits(doc, oidc.arn.replace('ABC123', 'OTHER'), oidc.issuer, `system:serviceaccount:${ns}:${sa}`, 'sts.amazonaws.com')).toBe(false);
    }), { numRuns: 1000 });
  });
});

describe('derived vault policies (property)', () => {
  /** Vault's ACL glob: a trailing `*` is a prefix match, `+` one segment. */
  const vaultAllows = (paths: Map<string, Set<string>>, path: string, cap: string) => [...paths].some(([p, caps]) => caps.has(cap)
    && new RegExp(`^${p.replace(/[.^${}()|[\]\\]/g, '\\$&').replace(/\+/g, '[^/]+').replace(/\*$/, '.*')}$`).test(path));
  const vaultKey = fc.stringMatching(/^[a-z][a-z0-9_-]{0,6}(\/[a-z0-9_-]{1,6}){0,3}$/);

  test('kv v2: read on exactly the referenced data paths, never write or list', () => {
    fc.assert(fc.property(fc.uniqueArray(vaultKey, { minLength: 1, maxLength: 10 }), vaultKey, (keys, other) => {
      const { paths } = vaultReadPaths({ where: 'c/s', mount: 'secret', version: 'v2' }, keys.map((k, i) => ({ where: 'c/es', field: `data[${i}]`, key: k })));
      for (const k of keys) {
        expect(vaultAllows(paths, `secret/data/${k}`, 'read')).toBe(true);
        expect(vaultAllows(paths, vaultDataPath('secret', 'v2', k), 'read')).toBe(true);
        for (const cap of ['create', 'update', 'delete', 'list', 'patch']) {
          expect(vaultAllows(paths, `secret/data/${k}`, cap)).toBe(false);
        }
        expect(vaultAllows(paths, `secret/metadata/${k}`, 'read')).toBe(false);
        expect(vaultAllows(paths, `other/data/${k}`, 'read')).toBe(false);
      }
      expect(vaultAllows(paths, `secret/data/${other}`, 'read')).toBe(keys.includes(other));
    }), { numRuns: 1000 });
  });
});

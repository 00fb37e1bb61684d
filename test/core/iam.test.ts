/**
 * The IAM documents derived from a store's reads: exact statements and trust policies.
 */
import { irsaTrustPolicy, parseOidcProviderArn } from '../../src/core/identities/irsa';
import { podIdentityTrustPolicy } from '../../src/core/identities/pod-identity';
import { StoreRead, MetadataPolicy } from '../../src/core/model/reads';
import { statementsOf } from '../../src/core/permissions/iam';
import { readGrants } from '../../src/core/providers/aws';
import { AwsReadContext } from '../../src/core/providers/aws/permissions';

type Ctx = AwsReadContext & { service: 'SecretsManager' | 'ParameterStore' };

const SM: Ctx = { where: 'c/s', service: 'SecretsManager', region: 'us-east-1', partition: 'aws', account: '123456789012' };
const PS: Ctx = { ...SM, service: 'ParameterStore' };
const key = (k: string, extra: Partial<StoreRead> = {}): StoreRead => ({ where: 'c/es', field: 'data[0].remoteRef', key: k, ...extra });
const find = (f: StoreRead['find']): StoreRead => ({ where: 'c/es', field: 'dataFrom[0].find', find: f });
const statements = (ctx: Ctx, reads: StoreRead[]) => statementsOf(readGrants(ctx, reads).grants);

describe('secrets manager', () => {
  test('a name becomes its exact arn with the six-character suffix; GetSecretValue and DescribeSecret only', () => {
    expect(statements(SM, [key('/production/api-key'), key('prod/db')])).toEqual([{
      Sid: 'ReadSecrets',
      Effect: 'Allow',
      Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
      Resource: [
        'arn:aws:secretsmanager:us-east-1:123456789012:secret:/production/api-key-??????',
        'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-??????',
      ],
    }]);
  });

  test('a full arn is kept as given', () => {
    const arn = 'arn:aws:secretsmanager:us-east-1:210987654321:secret:shared/db-AbCdEf';
    expect(statements(SM, [key(arn)])[0].Resource).toEqual([arn]);
  });

  test('a version needs no ListSecretVersionIds: eso reads it with GetSecretValue alone', () => {
    // providers/v1/aws/secretsmanager/secretsmanager.go: a version is passed to GetSecretValue
    // as VersionId ("uuid/...") or VersionStage; ListSecretVersionIds is never called.
    expect(statements(SM, [key('a'), key('b', { version: 'AWSPREVIOUS' })])).toEqual([
      {
        Sid: 'ReadSecrets',
        Effect: 'Allow',
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
        Resource: ['arn:aws:secretsmanager:us-east-1:123456789012:secret:a-??????', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:b-??????'],
      },
    ]);
  });

  test('a partial arn (without the random suffix) is granted with the suffix, a full one as given', () => {
    const partial = 'arn:aws:secretsmanager:us-east-1:210987654321:secret:shared/db';
    expect(statements(SM, [key(partial)])[0].Resource).toEqual([`${partial}-??????`]);
  });

  test('the provider prefix is part of every name', () => {
    expect(statements({ ...SM, prefix: '/team-a/' }, [key('db')])[0].Resource)
      .toEqual(['arn:aws:secretsmanager:us-east-1:123456789012:secret:/team-a/db-??????']);
  });

  test('a find lists on * and reads only under its path', () => {
    expect(statements(SM, [find({ path: '/prod/app/', nameRegexp: '.*' })])).toEqual([
      {
        Sid: 'FindSecrets',
        Effect: 'Allow',
        Action: ['secretsmanager:BatchGetSecretValue', 'secretsmanager:ListSecrets'],
        Resource: ['*'],
      },
      {
        Sid: 'ReadSecrets',
        Effect: 'Allow',
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
        Resource: ['arn:aws:secretsmanager:us-east-1:123456789012:secret:/prod/app/*'],
      },
    ]);
  });

  test('a find without a path fails unless allowed, and then warns and stays in the region and account', () => {
    expect(() => readGrants(SM, [find({ tags: { team: 'a' } })])).toThrow(
      'c/es: dataFrom[0].find has no path, so the store\'s role would need every secret in us-east-1 of account 123456789012; give the find a path, or set allowUnscopedFind on the store\'s identity to accept that');
    const allowed = readGrants({ ...SM, allowUnscopedFind: true }, [find({ tags: { team: 'a' } })]);
    expect(allowed.warnings).toEqual(['c/es: dataFrom[0].find has no path; the store\'s role may read every secret in us-east-1 of account 123456789012 (allowUnscopedFind)']);
    expect(statementsOf(allowed.grants)[1].Resource).toEqual(['arn:aws:secretsmanager:us-east-1:123456789012:secret:*']);
  });

  test('kms:Decrypt only on the declared keys, only through this service', () => {
    const kms = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    expect(statements({ ...SM, kmsKeyArns: [kms] }, [key('a')])[0]).toEqual({
      Sid: 'DecryptSecrets',
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: [kms],
      Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } },
    });
  });

  test('no reads, no statements (and no kms grant)', () => {
    expect(statements({ ...SM, kmsKeyArns: ['arn:aws:kms:us-east-1:123456789012:key/k'] }, [])).toEqual([]);
  });

  test('a wildcard in a name fails instead of granting more', () => {
    expect(() => readGrants(SM, [key('prod/*')])).toThrow('c/es: data[0].remoteRef "prod/*" contains "*" or "?", which iam would read as a wildcard');
  });

  test('other partitions and regions shape the arns', () => {
    expect(statements({ ...SM, partition: 'aws-cn', region: 'cn-north-1' }, [key('a')])[0].Resource)
      .toEqual(['arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:a-??????']);
  });
});

describe('parameter store', () => {
  test('a leading slash is not doubled; GetParameter only', () => {
    expect(statements(PS, [key('/production/db'), key('plain')])).toEqual([{
      Sid: 'ReadParameters',
      Effect: 'Allow',
      Action: ['ssm:GetParameter'],
      Resource: [
        'arn:aws:ssm:us-east-1:123456789012:parameter/plain',
        'arn:aws:ssm:us-east-1:123456789012:parameter/production/db',
      ],
    }]);
  });

  test('metadataPolicy Fetch reads tags, not the value', () => {
    expect(statements(PS, [key('/p', { metadataPolicy: MetadataPolicy.FETCH })])).toEqual([{
      Sid: 'ReadParameterTags',
      Effect: 'Allow',
      Action: ['ssm:ListTagsForResource'],
      Resource: ['arn:aws:ssm:us-east-1:123456789012:parameter/p'],
    }]);
  });

  test('a find by name reads by path only under its path', () => {
    expect(statements(PS, [find({ path: '/prod/app/', nameRegexp: '^db' })])).toEqual([{
      Sid: 'ReadParametersByPath',
      Effect: 'Allow',
      Action: ['ssm:GetParametersByPath'],
      Resource: [
        'arn:aws:ssm:us-east-1:123456789012:parameter/prod/app',
        'arn:aws:ssm:us-east-1:123456789012:parameter/prod/app/*',
      ],
    }]);
  });

  test('a find by tags describes on * and reads only under its path', () => {
    expect(statements(PS, [find({ path: '/prod', tags: { team: 'a' } })])).toEqual([
      { Sid: 'ReadParameters', Effect: 'Allow', Action: ['ssm:GetParameter'], Resource: ['arn:aws:ssm:us-east-1:123456789012:parameter/prod/*'] },
      { Sid: 'FindParameters', Effect: 'Allow', Action: ['ssm:DescribeParameters', 'tag:GetResources'], Resource: ['*'] },
    ].sort((a, b) => (a.Action.join() < b.Action.join() ? -1 : 1)));
  });

  test('kms through ssm', () => {
    const kms = 'arn:aws:kms:us-east-1:123456789012:key/k1';
    expect(statements({ ...PS, kmsKeyArns: [kms] }, [key('a')])[0].Condition).toEqual({ StringEquals: { 'kms:ViaService': 'ssm.us-east-1.amazonaws.com' } });
  });
});

describe('trust policies', () => {
  const oidc = parseOidcProviderArn('c/s', 'identity.oidcProviderArn', 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC123');

  test('the oidc provider arn gives partition, account and issuer', () => {
    expect(oidc).toEqual({
      arn: 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC123',
      partition: 'aws',
      account: '123456789012',
      issuer: 'oidc.eks.us-east-1.amazonaws.com/id/ABC123',
    });
  });

  test('irsa: the federated principal, sub pinned to the ServiceAccount and aud to sts', () => {
    expect(irsaTrustPolicy(oidc, [{ name: 'eso-aws', namespace: 'payments' }])).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC123' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            'oidc.eks.us-east-1.amazonaws.com/id/ABC123:aud': 'sts.amazonaws.com',
            'oidc.eks.us-east-1.amazonaws.com/id/ABC123:sub': 'system:serviceaccount:payments:eso-aws',
          },
        },
      }],
    });
  });

  test('irsa shared by ServiceAccounts lists each exact subject, sorted', () => {
    const doc = irsaTrustPolicy(oidc, [{ name: 'b', namespace: 'x' }, { name: 'a', namespace: 'y' }, { name: 'b', namespace: 'x' }]);
    expect((doc.Statement[0] as any).Condition.StringEquals['oidc.eks.us-east-1.amazonaws.com/id/ABC123:sub'])
      .toEqual(['system:serviceaccount:x:b', 'system:serviceaccount:y:a']);
  });

  test('pod identity: pods.eks.amazonaws.com with AssumeRole and TagSession, pinned by session tags', () => {
    expect(podIdentityTrustPolicy('prod', { name: 'external-secrets', namespace: 'external-secrets' })).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Principal: { Service: 'pods.eks.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: {
          StringEquals: {
            'aws:RequestTag/eks-cluster-name': 'prod',
            'aws:RequestTag/kubernetes-namespace': 'external-secrets',
            'aws:RequestTag/kubernetes-service-account': 'external-secrets',
          },
        },
      }],
    });
  });
});

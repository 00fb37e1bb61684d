/**
 * The EKS Pod Identity module through its contract: a controller-wide role (no auth block, no
 * annotation), trusted by session tags for one cluster and ServiceAccount, associated by EKS.
 */
import { read, use } from './support';
import { IDENTITY_MODULES, identityFamily } from '../../src/core/identities';
import { POD_IDENTITY, PodIdentitySpec } from '../../src/core/identities/pod-identity';
import { StoreKind } from '../../src/core/model/kinds';
import { SecretStoreProvider } from '../../src/core/providers';

const ps = SecretStoreProvider.awsParameterStore({ region: 'eu-west-1' })._handle;
const CONTROLLER = { mode: 'controller' as const, name: 'external-secrets', namespace: 'external-secrets' };

function spec(extra: Partial<PodIdentitySpec> = {}): PodIdentitySpec {
  return { kind: 'podIdentity', clusterName: 'prod', account: '123456789012', roleName: 'eso', serviceAccount: { mode: 'controller' }, ...extra };
}

test('is registered as the aws-iam family, bound by an EKS association rather than an annotation', () => {
  expect(IDENTITY_MODULES.podIdentity).toBe(POD_IDENTITY);
  expect(identityFamily('podIdentity')).toBe('aws-iam');
  expect([POD_IDENTITY.annotatesServiceAccount, POD_IDENTITY.eksPodIdentityAssociation]).toEqual([false, true]);
  expect(POD_IDENTITY.serviceAccountAnnotations('w', spec())).toEqual({});
});

describe('check', () => {
  test.each<[string, Partial<PodIdentitySpec>, string]>([
    ['a cluster name EKS refuses', { clusterName: 'prod cluster' },
      'w: identity.clusterName "prod cluster" is not an eks cluster name (1 to 100 letters, digits, - and _, starting with a letter or digit)'],
    ['an account that is not 12 digits', { account: '12345' }, 'w: identity.account "12345" is not an aws account id'],
    ['an unknown partition', { partition: 'aws-moon' }, 'w: identity.partition "aws-moon"'],
  ])('refuses %s', (_, extra, message) => {
    expect(() => POD_IDENTITY.check('w', spec(extra))).toThrow(message);
  });
});

test('the store gets no auth block: ESO uses the controller\'s own credentials', () => {
  expect(POD_IDENTITY.authBlock(spec(), CONTROLLER, StoreKind.SECRET_STORE)).toBeUndefined();
  expect(POD_IDENTITY.authBlock(spec(), CONTROLLER, StoreKind.CLUSTER_SECRET_STORE)).toBeUndefined();
});

describe('documents', () => {
  test('trusts pods.eks.amazonaws.com for exactly this cluster and ServiceAccount, and reads exactly the parameters', () => {
    const docs = POD_IDENTITY.documents('w', spec(), [use(ps, CONTROLLER, [read('/payments/db')], { namespace: 'payments' })]);
    expect(docs.roleArn).toBe('arn:aws:iam::123456789012:role/eso');
    expect(docs.trustPolicy).toEqual({
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
    expect(docs.policy.Statement).toEqual([{
      Sid: 'ReadParameters',
      Effect: 'Allow',
      Action: ['ssm:GetParameter'],
      Resource: ['arn:aws:ssm:eu-west-1:123456789012:parameter/payments/db'],
    }]);
  });

  test('a role in another partition gets arns of that partition', () => {
    const cn = SecretStoreProvider.awsParameterStore({ region: 'cn-north-1' })._handle;
    const docs = POD_IDENTITY.documents('w', spec({ partition: 'aws-cn' }), [use(cn, CONTROLLER, [read('/db')])]);
    expect(docs.roleArn).toBe('arn:aws-cn:iam::123456789012:role/eso');
    expect(docs.policy.Statement[0].Resource).toEqual(['arn:aws-cn:ssm:cn-north-1:123456789012:parameter/db']);
  });

  test('one association binds one ServiceAccount', () => {
    expect(() => POD_IDENTITY.documents('w', spec(), [
      use(ps, { mode: 'controller', name: 'a', namespace: 'x' }, [read('/a')]),
      use(ps, { mode: 'controller', name: 'b', namespace: 'y' }, [read('/b')]),
    ])).toThrow('w: the eks pod identity is used with 2 different ServiceAccounts (x/a, y/b); an association binds one, so give every store the same controller ServiceAccount');
  });
});

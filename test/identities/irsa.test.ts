/**
 * The IRSA identity module through its contract: checks, the store's auth block, the
 * ServiceAccount annotation, and the trust and read policies derived from the stores' reads.
 */
import { read, use } from './support';
import { checkIdentityFits } from '../../src/core/binding/identity';
import { IDENTITY_MODULES, identityFamily, isOfFamily } from '../../src/core/identities';
import { IRSA, IrsaSpec } from '../../src/core/identities/irsa';
import { StoreKind } from '../../src/core/model/kinds';
import { SecretStoreProvider } from '../../src/core/providers';

const OIDC = 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC';
const ISSUER = 'oidc.eks.eu-west-1.amazonaws.com/id/ABC';
const sm = SecretStoreProvider.awsSecretsManager({ region: 'eu-west-1' })._handle;

function spec(extra: Partial<IrsaSpec> = {}): IrsaSpec {
  return { kind: 'irsa', oidcProviderArn: OIDC, roleName: 'payments-eso', serviceAccount: { mode: 'create' }, ...extra };
}

test('is registered as the aws-iam family, bound to its ServiceAccount by an annotation', () => {
  expect(IDENTITY_MODULES.irsa).toBe(IRSA);
  expect(identityFamily('irsa')).toBe('aws-iam');
  expect(isOfFamily(spec(), 'aws-iam')).toBe(true);
  expect(isOfFamily(spec(), 'vault-acl')).toBe(false);
  expect([IRSA.annotatesServiceAccount, IRSA.eksPodIdentityAssociation]).toEqual([true, false]);
});

describe('check', () => {
  test.each<[string, Partial<IrsaSpec>, string]>([
    ['an issuer url for the provider arn', { oidcProviderArn: 'https://oidc.eks.eu-west-1.amazonaws.com/id/ABC' },
      'w: identity.oidcProviderArn "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC" is not an iam oidc provider arn (that is the issuer url; the provider arn is "arn:aws:iam::<account>:oidc-provider/" followed by the url without https://); '
      + 'use "arn:aws:iam::<12-digit account>:oidc-provider/oidc.eks.<region>.amazonaws.com/id/<id>"'],
    ['an unknown partition', { oidcProviderArn: 'arn:aws-moon:iam::123456789012:oidc-provider/x' },
      'w: identity.oidcProviderArn "arn:aws-moon:iam::123456789012:oidc-provider/x" is not an iam oidc provider arn; use "arn:aws:iam::<12-digit account>:oidc-provider/oidc.eks.<region>.amazonaws.com/id/<id>"'],
    ['a ServiceAccount name the API server refuses', { serviceAccount: { mode: 'create', name: 'Payments_ESO' } },
      'w: identity.serviceAccount.name "Payments_ESO"'],
  ])('refuses %s', (_, extra, message) => {
    expect(() => IRSA.check('w', spec(extra))).toThrow(message);
  });

  test('accepts a role under a path, in another partition', () => {
    expect(() => IRSA.check('w', spec({ oidcProviderArn: 'arn:aws-cn:iam::123456789012:oidc-provider/oidc.eks.cn-north-1.amazonaws.com.cn/id/X', rolePath: '/eso/' }))).not.toThrow();
  });
});

describe('authBlock', () => {
  test('a SecretStore names its ServiceAccount; a ClusterSecretStore adds the namespace; the controller\'s needs none', () => {
    const sa = { mode: 'create' as const, name: 'payments-eso', namespace: 'payments' };
    expect(IRSA.authBlock(spec(), sa, StoreKind.SECRET_STORE)).toEqual({ jwt: { serviceAccountRef: { name: 'payments-eso' } } });
    expect(IRSA.authBlock(spec(), sa, StoreKind.CLUSTER_SECRET_STORE)).toEqual({ jwt: { serviceAccountRef: { name: 'payments-eso', namespace: 'payments' } } });
    expect(IRSA.authBlock(spec(), { ...sa, mode: 'controller' }, StoreKind.SECRET_STORE)).toBeUndefined();
  });
});

test('the ServiceAccount annotation carries the role arn from the provider\'s account and partition', () => {
  expect(IRSA.serviceAccountAnnotations('w', spec({ rolePath: '/eso/' }))).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/eso/payments-eso' });
});

describe('documents', () => {
  test('trusts exactly the stores\' ServiceAccounts (audience sts) and reads exactly their secrets', () => {
    const uses = [
      use(sm, { mode: 'create', name: 'payments', namespace: 'payments' }, [read('payments/db')]),
      use(sm, { mode: 'create', name: 'orders', namespace: 'orders' }, [read('orders/api')], { name: 'orders' }),
    ];
    const docs = IRSA.documents('w', spec(), uses);
    expect(docs.trustPolicy).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Principal: { Federated: OIDC },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${ISSUER}:aud`]: 'sts.amazonaws.com', [`${ISSUER}:sub`]: ['system:serviceaccount:orders:orders', 'system:serviceaccount:payments:payments'] } },
      }],
    });
    expect(docs.policy.Statement).toEqual([{
      Sid: 'ReadSecrets',
      Effect: 'Allow',
      Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
      Resource: [
        'arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders/api-??????',
        'arn:aws:secretsmanager:eu-west-1:123456789012:secret:payments/db-??????',
      ],
    }]);
    expect(docs.warnings).toEqual([]);
  });

  test('a store on a backend IAM cannot grant: refused by the binding layer, and grants nothing here', () => {
    const vault = SecretStoreProvider.vault({ server: 'https://vault.example.com', path: 'secret' })._handle;
    expect(() => checkIdentityFits('w', spec(), vault)).toThrow('w: identity is an aws iam role but the provider is "vault"; use an aws provider, or an identity for that backend');
    expect(IRSA.documents('w', spec(), [use(vault, { mode: 'create', name: 's', namespace: 'n' }, [read('a')])]).policy.Statement).toEqual([]);
  });
});

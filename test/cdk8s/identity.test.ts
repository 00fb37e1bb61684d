/**
 * Store identities in cdk8s: ServiceAccounts, auth wiring, derived documents and their
 * in-cluster form (ACK, vault-config-operator).
 */
import { Chart, Duration, Testing } from 'cdk8s';
import {
  AckIamRole,
  AwsAuth,
  ClusterSecretStore,
  DataFrom,
  ExternalSecret,
  IdentityKind,
  IdentityServiceAccount,
  RemoteReference,
  SecretStore,
  SecretStoreProvider,
  StoreIdentity,
  VaultAuth,
  VaultConfigOperatorRole,
} from '../../src';
import { onlyOfKind, ofKind, synthValid } from '../support/synth';

const OIDC = 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC123';
const ISSUER = 'oidc.eks.us-east-1.amazonaws.com/id/ABC123';
const sm = () => SecretStoreProvider.awsSecretsManager({ region: 'us-east-1' });
const vault = () => SecretStoreProvider.vault({ server: 'https://vault.example.com:8200', path: 'secret' });

function chart(): Chart {
  return new Chart(Testing.app(), 'c', { namespace: 'payments' });
}

describe('irsa', () => {
  test('a SecretStore gets its own ServiceAccount, annotated with the role, referenced without namespace', () => {
    // GIVEN
    const c = chart();
    const store = new SecretStore(c, 'aws', {
      metadata: { name: 'aws' },
      provider: sm(),
      identity: StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'payments-eso' }),
    });
    new ExternalSecret(c, 'es', { store, data: { API_TOKEN: store.ref('/production/api-key', { property: 'token' }) } });

    // WHEN
    const manifests = synthValid(c);

    // THEN
    expect(onlyOfKind(manifests, 'SecretStore').spec.provider.aws.auth).toEqual({ jwt: { serviceAccountRef: { name: 'aws' } } });
    expect(onlyOfKind(manifests, 'ServiceAccount')).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'aws', namespace: 'payments', annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/payments-eso' } },
      automountServiceAccountToken: false,
    });
    expect(store.identity.roleArn).toBe('arn:aws:iam::123456789012:role/payments-eso');
    expect(store.identity.kind).toBe(IdentityKind.IRSA);
    expect(store.identity.policyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Sid: 'ReadSecrets',
        Effect: 'Allow',
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
        Resource: ['arn:aws:secretsmanager:us-east-1:123456789012:secret:/production/api-key-??????'],
      }],
    });
    expect(store.identity.trustPolicyDocument.Statement[0].Condition).toEqual({
      StringEquals: { [`${ISSUER}:aud`]: 'sts.amazonaws.com', [`${ISSUER}:sub`]: 'system:serviceaccount:payments:aws' },
    });
    expect(JSON.parse(store.identity.policyJson)).toEqual(store.identity.policyDocument);
    expect(store.serviceAccount?.name).toBe('aws');
  });

  test('a ClusterSecretStore names the ServiceAccount namespace in its reference', () => {
    const c = chart();
    const store = new ClusterSecretStore(c, 'aws', {
      metadata: { name: 'shared-aws' },
      provider: sm(),
      identity: StoreIdentity.irsa({
        oidcProviderArn: OIDC,
        roleName: 'shared',
        rolePath: '/eso/',
        serviceAccount: IdentityServiceAccount.create({ name: 'eso-shared', namespace: 'external-secrets' }),
      }),
    });
    const manifests = synthValid(c);
    expect(onlyOfKind(manifests, 'ClusterSecretStore').spec.provider.aws.auth).toEqual({
      jwt: { serviceAccountRef: { name: 'eso-shared', namespace: 'external-secrets' } },
    });
    expect(onlyOfKind(manifests, 'ServiceAccount').metadata.namespace).toBe('external-secrets');
    expect(store.identity.roleArn).toBe('arn:aws:iam::123456789012:role/eso/shared');
    expect(store.identity.trustPolicyDocument.Statement[0].Condition.StringEquals[`${ISSUER}:sub`])
      .toBe('system:serviceaccount:external-secrets:eso-shared');
  });

  test('an existing ServiceAccount is referenced, not created', () => {
    const c = chart();
    const store = new SecretStore(c, 'aws', {
      provider: sm(),
      identity: StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'r', serviceAccount: IdentityServiceAccount.existing('payments-reader') }),
    });
    const manifests = synthValid(c);
    expect(ofKind(manifests, 'ServiceAccount')).toEqual([]);
    expect(onlyOfKind(manifests, 'SecretStore').spec.provider.aws.auth.jwt.serviceAccountRef).toEqual({ name: 'payments-reader' });
    expect(store.identity.serviceAccountAnnotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/r' });
    expect(store.serviceAccount).toBeUndefined();
  });

  test('controller-wide: no auth on the store, the role trusts ESO\'s ServiceAccount, shared by stores', () => {
    const c = chart();
    const identity = StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'eso-controller', serviceAccount: IdentityServiceAccount.controller() });
    const a = new SecretStore(c, 'a', { provider: sm(), identity });
    const b = new ClusterSecretStore(c, 'b', { provider: SecretStoreProvider.awsParameterStore({ region: 'eu-west-1' }), identity });
    new ExternalSecret(c, 'es1', { store: a, data: { x: a.ref('one') } });
    new ExternalSecret(c, 'es2', { store: b, data: { y: b.ref('/two') } });
    const manifests = synthValid(c);
    expect(onlyOfKind(manifests, 'SecretStore').spec.provider.aws.auth).toBeUndefined();
    expect(onlyOfKind(manifests, 'ClusterSecretStore').spec.provider.aws.auth).toBeUndefined();
    expect(ofKind(manifests, 'ServiceAccount')).toEqual([]);
    expect(identity.trustPolicyDocument.Statement[0].Condition.StringEquals[`${ISSUER}:sub`]).toBe('system:serviceaccount:external-secrets:external-secrets');
    expect(identity.policyDocument.Statement).toEqual([
      {
        Sid: 'ReadSecrets',
        Effect: 'Allow',
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
        Resource: ['arn:aws:secretsmanager:us-east-1:123456789012:secret:one-??????'],
      },
      { Sid: 'ReadParameters', Effect: 'Allow', Action: ['ssm:GetParameter'], Resource: ['arn:aws:ssm:eu-west-1:123456789012:parameter/two'] },
    ]);
  });

  test('only reads through this store count: other stores, unused refs and sourceRef reads elsewhere are left out', () => {
    const c = chart();
    const mine = new SecretStore(c, 'mine', { provider: sm(), identity: StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'mine' }) });
    const other = new SecretStore(c, 'other', { provider: sm() });
    mine.ref('never-used');
    new ExternalSecret(c, 'es', {
      store: other,
      data: { a: other.ref('theirs'), b: mine.ref('through-mine'), c: RemoteReference.of('also-theirs') },
      dataFrom: [DataFrom.extract(mine.ref('extracted'))],
    });
    expect(mine.identity.policyDocument.Statement[0].Resource).toEqual([
      'arn:aws:secretsmanager:us-east-1:123456789012:secret:extracted-??????',
      'arn:aws:secretsmanager:us-east-1:123456789012:secret:through-mine-??????',
    ]);
  });

  test('with a role to assume, the identity may only assume it; the read policy is for that role\'s account', () => {
    const c = chart();
    const store = new SecretStore(c, 'aws', {
      provider: SecretStoreProvider.awsSecretsManager({
        region: 'us-east-1',
        role: 'arn:aws:iam::210987654321:role/secrets-reader',
        sessionTags: [{ key: 'team', value: 'payments' }],
      }),
      identity: StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'payments-eso' }),
    });
    new ExternalSecret(c, 'es', { store, data: { a: store.ref('db') } });
    expect(store.identity.policyDocument.Statement).toEqual([{
      Sid: 'AssumeStoreRole',
      Effect: 'Allow',
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Resource: ['arn:aws:iam::210987654321:role/secrets-reader'],
    }]);
    expect(store.identity.readPolicyDocument.Statement[0].Resource).toEqual(['arn:aws:secretsmanager:us-east-1:210987654321:secret:db-??????']);
  });

  test('a find without a path fails the synth unless the identity allows it', () => {
    const c = chart();
    const store = new SecretStore(c, 'aws', { provider: sm(), identity: StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'r' }) });
    new ExternalSecret(c, 'es', { store, dataFrom: [store.find({ nameRegexp: '^db-' })] });
    expect(() => Testing.synth(c)).toThrow('c/es: dataFrom[0].find has no path, so the store\'s role would need every secret in us-east-1 of account 123456789012');
  });
});

describe('eks pod identity', () => {
  test('no auth on the store; the ACK Role and PodIdentityAssociation bind ESO\'s ServiceAccount', () => {
    const c = chart();
    const identity = StoreIdentity.podIdentity({ clusterName: 'prod', account: '123456789012', roleName: 'eso', tags: { team: 'platform' } });
    const store = new ClusterSecretStore(c, 'aws', { provider: sm(), identity });
    new ExternalSecret(c, 'es', { store, data: { a: store.ref('db') } });
    new AckIamRole(c, 'role', { identity, metadata: { name: 'eso-role' } });
    const manifests = synthValid(c);
    expect(onlyOfKind(manifests, 'ClusterSecretStore').spec.provider.aws.auth).toBeUndefined();
    const role = onlyOfKind(manifests, 'Role');
    expect(role.apiVersion).toBe('iam.services.k8s.aws/v1alpha1');
    expect(JSON.parse(role.spec.assumeRolePolicyDocument)).toEqual(identity.trustPolicyDocument);
    expect(identity.trustPolicyDocument.Statement[0].Principal).toEqual({ Service: 'pods.eks.amazonaws.com' });
    expect(role.spec.tags).toEqual([{ key: 'team', value: 'platform' }]);
    expect(onlyOfKind(manifests, 'PodIdentityAssociation')).toEqual({
      apiVersion: 'eks.services.k8s.aws/v1alpha1',
      kind: 'PodIdentityAssociation',
      metadata: { name: 'c-role-podidentityassociation-c8f30f6d', namespace: 'payments' },
      spec: {
        clusterName: 'prod',
        namespace: 'external-secrets',
        serviceAccount: 'external-secrets',
        roleRef: { from: { name: 'eso-role' } },
        tags: { team: 'platform' },
      },
    });
  });
});

describe('ack iam role', () => {
  test('trust policy, inline policy and role options as the ACK Role spec', () => {
    const c = chart();
    const store = new SecretStore(c, 'aws', {
      metadata: { name: 'aws' },
      provider: sm(),
      identity: StoreIdentity.irsa({
        oidcProviderArn: OIDC,
        roleName: 'payments-eso',
        rolePath: '/eso/',
        permissionsBoundary: 'arn:aws:iam::123456789012:policy/boundary',
        maxSessionDuration: Duration.hours(2),
        description: 'reads payments secrets',
      }),
    });
    new ExternalSecret(c, 'es', { store, data: { a: store.ref('db') } });
    const role = new AckIamRole(c, 'role', { identity: store.identity });
    const manifest = onlyOfKind(synthValid(c), 'Role');
    expect(manifest.spec).toEqual({
      name: 'payments-eso',
      path: '/eso/',
      description: 'reads payments secrets',
      assumeRolePolicyDocument: store.identity.trustPolicyJson,
      inlinePolicies: { 'external-secrets-read': store.identity.policyJson },
      maxSessionDuration: 7200,
      permissionsBoundary: 'arn:aws:iam::123456789012:policy/boundary',
    });
    expect(role.podIdentityAssociation).toBeUndefined();
  });

  test('fails for a vault identity', () => {
    const c = chart();
    const store = new SecretStore(c, 'v', { provider: vault(), identity: StoreIdentity.vaultKubernetes({ role: 'r' }) });
    expect(() => new AckIamRole(c, 'role', { identity: store.identity })).toThrow(
      'c/role: identity is vault kubernetes auth, which has no iam role; use VaultConfigOperatorRole for vault identities');
  });
});

describe('vault kubernetes auth', () => {
  test('the store logs in with its own ServiceAccount token for audience vault; the role binds exactly it', () => {
    const c = chart();
    const store = new SecretStore(c, 'vault', {
      metadata: { name: 'orders-vault' },
      provider: vault(),
      identity: StoreIdentity.vaultKubernetes({ role: 'orders', tokenTtl: Duration.minutes(20), tokenMaxTtl: Duration.hours(1) }),
    });
    new ExternalSecret(c, 'es', { store, data: { password: store.ref('orders/db', { property: 'password' }) } });
    const manifests = synthValid(c);
    expect(onlyOfKind(manifests, 'SecretStore').spec.provider.vault.auth).toEqual({
      kubernetes: { mountPath: 'kubernetes', role: 'orders', serviceAccountRef: { name: 'orders-vault', audiences: ['vault'] } },
    });
    expect(onlyOfKind(manifests, 'ServiceAccount').metadata).toEqual({ name: 'orders-vault', namespace: 'payments' });
    expect(store.identity.vaultRole).toEqual({
      name: 'orders',
      mountPath: 'kubernetes',
      boundServiceAccountNames: ['orders-vault'],
      boundServiceAccountNamespaces: ['payments'],
      tokenPolicies: ['orders'],
      audience: 'vault',
      tokenTtl: 1200,
      tokenMaxTtl: 3600,
    });
    expect(store.identity.vaultPolicyName).toBe('orders');
    expect(store.identity.vaultPolicyHcl).toBe('path "secret/data/orders/db" {\n  capabilities = ["read"]\n}\n');
    expect(store.identity.warnings).toEqual([]);
  });

  test('the token reviewer binding ties the ServiceAccount to system:auth-delegator', () => {
    const c = chart();
    new SecretStore(c, 'vault', { metadata: { name: 'v' }, provider: vault(), identity: StoreIdentity.vaultKubernetes({ role: 'r', tokenReviewerBinding: true }) });
    const binding = onlyOfKind(synthValid(c), 'ClusterRoleBinding');
    expect(binding.metadata.namespace).toBeUndefined();
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:auth-delegator' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'v', namespace: 'payments' }]);
  });

  test('controller-wide: kubernetes auth without serviceAccountRef, and a warning when no audience is given', () => {
    const c = chart();
    const store = new SecretStore(c, 'vault', {
      provider: vault(),
      identity: StoreIdentity.vaultKubernetes({ role: 'eso', serviceAccount: IdentityServiceAccount.controller() }),
    });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    expect(onlyOfKind(synthValid(c), 'SecretStore').spec.provider.vault.auth).toEqual({ kubernetes: { mountPath: 'kubernetes', role: 'eso' } });
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^warning: c\/vault identity: the vault role has no audience/));
    warn.mockRestore();
    expect(store.identity.vaultRole.boundServiceAccountNames).toEqual(['external-secrets']);
    expect(store.identity.vaultRole.audience).toBeUndefined();
    expect(store.identity.warnings).toEqual([
      'c/vault identity: the vault role has no audience (the controller\'s own token is used); vault 1.21 and later reject such roles, so set identity audience to the audience of the controller\'s token',
    ]);
  });

  test('vault-config-operator Policy and KubernetesAuthEngineRole', () => {
    const c = chart();
    const store = new SecretStore(c, 'vault', { metadata: { name: 'v' }, provider: vault(), identity: StoreIdentity.vaultKubernetes({ role: 'orders', policyName: 'orders-read', tokenTtl: Duration.minutes(10) }) });
    new ExternalSecret(c, 'es', { store, data: { a: store.ref('orders/db') } });
    new VaultConfigOperatorRole(c, 'vco', { identity: store.identity, authentication: { role: 'vault-admin', serviceAccount: 'vault-config' } });
    const manifests = synthValid(c);
    const authentication = { path: 'kubernetes', role: 'vault-admin', serviceAccount: { name: 'vault-config' } };
    expect(onlyOfKind(manifests, 'Policy')).toMatchObject({
      apiVersion: 'redhatcop.redhat.io/v1alpha1',
      spec: { authentication, name: 'orders-read', type: 'acl', policy: 'path "secret/data/orders/db" {\n  capabilities = ["read"]\n}\n' },
    });
    expect(onlyOfKind(manifests, 'KubernetesAuthEngineRole').spec).toEqual({
      authentication,
      path: 'kubernetes',
      name: 'orders',
      policies: ['orders-read'],
      targetServiceAccounts: ['v'],
      targetNamespaces: { targetNamespaces: ['payments'] },
      audience: 'vault',
      tokenTTL: 600,
    });
  });

  test('fails for an aws identity', () => {
    const c = chart();
    const store = new SecretStore(c, 'a', { provider: sm(), identity: StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'r' }) });
    expect(() => new VaultConfigOperatorRole(c, 'vco', { identity: store.identity, authentication: { role: 'x' } })).toThrow(
      'c/vco: identity is an aws irsa role, which has no vault policy; use AckIamRole for aws identities');
  });
});

describe('misuse', () => {
  test('an identity and the provider\'s own auth', () => {
    const c = chart();
    expect(() => new SecretStore(c, 's', {
      provider: SecretStoreProvider.awsSecretsManager({ region: 'us-east-1', auth: AwsAuth.controllerIdentity() }),
      identity: StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'r' }),
    })).toThrow('c/s: provider.aws.auth is set and the store has an identity, which sets auth itself; remove auth from the provider');
  });

  test('an aws identity on a vault store', () => {
    expect(() => new SecretStore(chart(), 's', { provider: SecretStoreProvider.vault({ server: 'https://v:8200', auth: VaultAuth.token({ name: 't', key: 'k' }) }), identity: StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'r' }) }))
      .toThrow('c/s: identity is an aws iam role but the provider is "vault"; use an aws provider, or an identity for that backend');
  });

  test('one created ServiceAccount identity for two stores', () => {
    const c = chart();
    const identity = StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'r' });
    new SecretStore(c, 'a', { provider: sm(), identity });
    expect(() => new SecretStore(c, 'b', { provider: sm(), identity })).toThrow(
      'c/b: the identity is already used by store c/a with its own ServiceAccount; give each store its own identity, or share one through IdentityServiceAccount.existing() or .controller()');
  });

  test('a ClusterSecretStore identity with no namespace for its ServiceAccount', () => {
    const c = new Chart(Testing.app(), 'c');
    expect(() => new ClusterSecretStore(c, 's', { provider: sm(), identity: StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'r' }) })).toThrow(
      'c/s: the ClusterSecretStore\'s identity needs a namespace for its ServiceAccount; give one with IdentityServiceAccount.create({ namespace }) (cdk8s also takes the chart\'s namespace)');
  });

  test('a SecretStore identity without a namespace', () => {
    const c = new Chart(Testing.app(), 'c');
    expect(() => new SecretStore(c, 's', { provider: sm(), identity: StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'r' }) })).toThrow(
      'c/s: the SecretStore has no namespace, so its identity\'s ServiceAccount has none; set the store\'s (or its chart\'s) namespace');
  });

  test('one vault identity over two different existing ServiceAccounts', () => {
    const c = chart();
    const a = new SecretStore(c, 'a', { provider: vault(), identity: StoreIdentity.vaultKubernetes({ role: 'r', serviceAccount: IdentityServiceAccount.existing('reader') }) });
    const other = new Chart(c, 'o', { namespace: 'orders' });
    const shared = a.identity;
    new SecretStore(other, 'b', { provider: vault(), identity: shared });
    expect(() => shared.vaultRole).toThrow(
      'c/a identity: the vault identity is used with 2 different ServiceAccounts (orders/reader, payments/reader); vault binds names and namespaces separately, which would admit every combination, so give each store its own identity');
  });

  test('one irsa identity over existing ServiceAccounts in two namespaces trusts each exact subject', () => {
    const c = chart();
    const identity = StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'r', serviceAccount: IdentityServiceAccount.existing('reader') });
    new SecretStore(c, 'a', { provider: sm(), identity });
    new SecretStore(new Chart(c, 'o', { namespace: 'orders' }), 'b', { provider: sm(), identity });
    expect(identity.trustPolicyDocument.Statement[0].Condition.StringEquals[`${ISSUER}:sub`]).toEqual([
      'system:serviceaccount:orders:reader',
      'system:serviceaccount:payments:reader',
    ]);
  });

  test('asking a store without identity for it', () => {
    expect(() => new SecretStore(chart(), 's', { provider: sm() }).identity).toThrow(
      'c/s: the store has no identity; give it one with the identity prop (e.g. StoreIdentity.irsa({...})) to derive its permissions');
  });

  test('asking an aws identity for vault documents', () => {
    const store = new SecretStore(chart(), 's', { provider: sm(), identity: StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'r' }) });
    expect(() => store.identity.vaultPolicyHcl).toThrow('c/s identity: the vault documents exist only for vault identities, and this is a irsa identity');
  });

  test('an unbound identity', () => {
    expect(() => StoreIdentity.vaultKubernetes({ role: 'r' }).vaultRole).toThrow(
      'identity: the vaultKubernetes identity is not used by any store yet; give it to a store\'s identity prop first');
  });
});

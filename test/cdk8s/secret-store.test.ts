import { ApiObject, Chart, Duration, Testing } from 'cdk8s';
import {
  AwsAuth,
  CaProviderType,
  ClusterSecretStore,
  IClusterSecretStore,
  SecretStore,
  SecretStoreProvider,
  StoreKind,
  VaultAuth,
  VaultKvVersion,
} from '../../src';
import { onlyOfKind, synthValid } from '../support/synth';

function chart(namespace = 'team-a'): Chart {
  return new Chart(Testing.app(), 'test', { namespace });
}

describe('SecretStore', () => {
  test('defaultChild is the ESO object', () => {
    // GIVEN
    const c = chart();

    // WHEN
    const store = new SecretStore(c, 'store', { provider: SecretStoreProvider.awsSecretsManager({ region: 'eu-west-1' }) });

    // THEN
    expect(store.node.defaultChild).toBe(store.apiObject);
    expect(ApiObject.of(store)).toBe(store.apiObject);
  });

  test('aws secrets manager with a service account, all options', () => {
    // GIVEN
    const c = chart();

    // WHEN
    const store = new SecretStore(c, 'aws', {
      metadata: { name: 'aws-store' },
      provider: SecretStoreProvider.awsSecretsManager({
        region: 'eu-west-1',
        auth: AwsAuth.serviceAccount({ name: 'reader', namespace: 'team-a', audiences: ['sts.amazonaws.com'] }),
        role: 'arn:aws:iam::123456789012:role/team-a-reader',
        additionalRoles: ['arn:aws:iam::123456789012:role/hop'],
        externalId: 'team-a',
        prefix: '/team-a/',
        sessionTags: [{ key: 'team', value: 'a' }],
        transitiveTagKeys: ['team'],
      }),
      refreshInterval: Duration.minutes(10),
      retryMaxRetries: 3,
      retryInterval: Duration.seconds(10),
      controller: 'dev',
    });

    // THEN
    const manifests = synthValid(c);
    expect(manifests).toMatchSnapshot();
    const ss = onlyOfKind(manifests, 'SecretStore');
    expect(ss.apiVersion).toBe('external-secrets.io/v1');
    expect(ss.metadata).toEqual({ name: 'aws-store', namespace: 'team-a' });
    expect(ss.spec).toEqual({
      controller: 'dev',
      refreshInterval: '10m',
      retrySettings: { maxRetries: 3, retryInterval: '10s' },
      provider: {
        aws: {
          service: 'SecretsManager',
          region: 'eu-west-1',
          role: 'arn:aws:iam::123456789012:role/team-a-reader',
          additionalRoles: ['arn:aws:iam::123456789012:role/hop'],
          externalID: 'team-a',
          prefix: '/team-a/',
          sessionTags: [{ key: 'team', value: 'a' }],
          transitiveTagKeys: ['team'],
          auth: { jwt: { serviceAccountRef: { name: 'reader', namespace: 'team-a', audiences: ['sts.amazonaws.com'] } } },
        },
      },
    });
    expect(store.name).toBe('aws-store');
    expect(store.kind).toBe(StoreKind.SECRET_STORE);
    expect(store.namespace).toBe('team-a');
  });

  test('aws parameter store with static keys, and controller identity leaves auth out', () => {
    // GIVEN
    const c = chart();

    // WHEN
    new SecretStore(c, 'keys', {
      provider: SecretStoreProvider.awsParameterStore({
        region: 'us-west-2',
        auth: AwsAuth.accessKeys({
          accessKeyId: { name: 'aws-creds', key: 'id' },
          secretAccessKey: { name: 'aws-creds', key: 'secret' },
          sessionToken: { name: 'aws-creds', key: 'token' },
        }),
      }),
    });
    new SecretStore(c, 'controller', {
      provider: SecretStoreProvider.awsParameterStore({ region: 'us-west-2', auth: AwsAuth.controllerIdentity() }),
    });

    // THEN
    const [keys, controller] = synthValid(c);
    expect(keys.spec.provider.aws.auth).toEqual({
      secretRef: {
        accessKeyIDSecretRef: { name: 'aws-creds', key: 'id' },
        secretAccessKeySecretRef: { name: 'aws-creds', key: 'secret' },
        sessionTokenSecretRef: { name: 'aws-creds', key: 'token' },
      },
    });
    expect(controller.spec.provider).toEqual({ aws: { service: 'ParameterStore', region: 'us-west-2' } });
  });

  test.each([
    ['kubernetes', VaultAuth.kubernetes({ role: 'app', serviceAccount: { name: 'app', audiences: ['vault'] } }),
      { kubernetes: { mountPath: 'kubernetes', role: 'app', serviceAccountRef: { name: 'app', audiences: ['vault'] } } }],
    ['kubernetes with a token secret', VaultAuth.kubernetes({ role: 'app', mountPath: 'k8s/prod', tokenSecret: { name: 'tok', key: 'token' } }),
      { kubernetes: { mountPath: 'k8s/prod', role: 'app', secretRef: { name: 'tok', key: 'token' } } }],
    ['appRole', VaultAuth.appRole({ roleId: 'abc', secretId: { name: 'approle', key: 'secret-id' } }),
      { appRole: { path: 'approle', roleId: 'abc', secretRef: { name: 'approle', key: 'secret-id' } } }],
    ['appRole with role id secret', VaultAuth.appRole({ roleIdSecret: { name: 'approle', key: 'role-id' }, secretId: { name: 'approle', key: 'secret-id' }, path: 'ar' }),
      { appRole: { path: 'ar', roleRef: { name: 'approle', key: 'role-id' }, secretRef: { name: 'approle', key: 'secret-id' } } }],
    ['token', VaultAuth.token({ name: 'vault-token', key: 'token' }), { tokenSecretRef: { name: 'vault-token', key: 'token' } }],
    ['jwt with a service account', VaultAuth.jwt({ role: 'app', serviceAccount: { name: 'app' } }),
      { jwt: { path: 'jwt', role: 'app', kubernetesServiceAccountToken: { serviceAccountRef: { name: 'app' } } } }],
    ['jwt with a secret', VaultAuth.jwt({ tokenSecret: { name: 'jwt', key: 'jwt' }, path: 'oidc' }),
      { jwt: { path: 'oidc', secretRef: { name: 'jwt', key: 'jwt' } } }],
  ])('vault auth: %s', (_name, auth, expected) => {
    // GIVEN
    const c = chart();

    // WHEN
    new SecretStore(c, 'vault', { provider: SecretStoreProvider.vault({ server: 'https://vault:8200', path: 'secret', auth }) });

    // THEN
    const store = onlyOfKind(synthValid(c), 'SecretStore');
    expect(store.spec.provider.vault.auth).toEqual(expected);
  });

  test('vault with kv v1, namespace and a CA bundle given as pem', () => {
    // GIVEN
    const c = chart();
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';

    // WHEN
    new SecretStore(c, 'vault', {
      provider: SecretStoreProvider.vault({
        server: 'https://vault:8200',
        path: 'kv',
        version: VaultKvVersion.V1,
        namespace: 'team-a',
        caBundle: pem,
        auth: VaultAuth.token({ name: 't', key: 'token' }),
      }),
    });

    // THEN
    const vault = onlyOfKind(synthValid(c), 'SecretStore').spec.provider.vault;
    expect(vault.version).toBe('v1');
    expect(vault.namespace).toBe('team-a');
    expect(Buffer.from(vault.caBundle, 'base64').toString()).toBe(`${pem}\n`);
  });

  test('vault caProvider', () => {
    const c = chart();
    new SecretStore(c, 'vault', {
      provider: SecretStoreProvider.vault({
        server: 'https://vault:8200',
        caProvider: { type: CaProviderType.CONFIG_MAP, name: 'vault-ca', key: 'ca.crt' },
        auth: VaultAuth.token({ name: 't', key: 'token' }),
      }),
    });
    const vault = onlyOfKind(synthValid(c), 'SecretStore').spec.provider.vault;
    expect(vault.caProvider).toEqual({ type: 'ConfigMap', name: 'vault-ca', key: 'ca.crt' });
    expect(vault.version).toBe('v2');
  });

  test('custom provider passes the block through', () => {
    const c = chart();
    new SecretStore(c, 'gcp', { provider: SecretStoreProvider.custom('gcpsm', { projectID: 'my-project' }) });
    expect(onlyOfKind(synthValid(c), 'SecretStore').spec.provider).toEqual({ gcpsm: { projectID: 'my-project' } });
  });

  test('fromSecretStoreName uses the chart namespace unless given', () => {
    const c = chart('team-a');
    const a = SecretStore.fromSecretStoreName(c, 'a', 'existing');
    const b = SecretStore.fromSecretStoreName(c, 'b', 'existing', 'team-b');
    expect([a.name, a.kind, a.namespace]).toEqual(['existing', StoreKind.SECRET_STORE, 'team-a']);
    expect(b.namespace).toBe('team-b');
    expect(Testing.synth(c)).toEqual([]);
  });
});

describe('ClusterSecretStore', () => {
  test('is cluster-scoped even inside a namespaced chart, with conditions', () => {
    // GIVEN
    const c = chart('team-a');

    // WHEN
    const store = new ClusterSecretStore(c, 'shared', {
      provider: SecretStoreProvider.awsSecretsManager({ region: 'us-east-1', auth: AwsAuth.serviceAccount({ name: 'eso', namespace: 'external-secrets' }) }),
      conditions: [
        { namespaces: ['team-a'], namespaceRegexes: ['^team-'] },
        { namespaceMatchLabels: { tier: 'prod' }, namespaceMatchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }] },
      ],
    });

    // THEN
    const manifests = synthValid(c);
    expect(manifests).toMatchSnapshot();
    const css = onlyOfKind(manifests, 'ClusterSecretStore');
    expect(css.metadata.namespace).toBeUndefined();
    expect(css.spec.conditions).toEqual([
      { namespaces: ['team-a'], namespaceRegexes: ['^team-'] },
      { namespaceSelector: { matchLabels: { tier: 'prod' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }] } },
    ]);
    expect(store.kind).toBe(StoreKind.CLUSTER_SECRET_STORE);
    expect(store.conditions).toHaveLength(2);
    expect(store.namespace).toBeUndefined();
  });

  test('referent auth: a service account without namespace is allowed', () => {
    const c = chart();
    new ClusterSecretStore(c, 'shared', {
      provider: SecretStoreProvider.vault({ server: 'http://vault:8200', path: 'secret', auth: VaultAuth.kubernetes({ role: 'r', serviceAccount: { name: 'reader' } }) }),
    });
    expect(onlyOfKind(synthValid(c), 'ClusterSecretStore').spec.provider.vault.auth.kubernetes.serviceAccountRef).toEqual({ name: 'reader' });
  });

  test('fromClusterSecretStoreName', () => {
    const c = chart();
    const store: IClusterSecretStore = ClusterSecretStore.fromClusterSecretStoreName(c, 'x', 'platform-aws');
    expect([store.name, store.kind, store.namespace]).toEqual(['platform-aws', StoreKind.CLUSTER_SECRET_STORE, undefined]);
  });
});

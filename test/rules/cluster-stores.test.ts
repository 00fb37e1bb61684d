/**
 * References without a namespace on a ClusterSecretStore: ESO reads most of them in each
 * ExternalSecret's namespace (referent auth, a warning), and rejects the store for the others
 * (an error).
 */
import { Chart, Testing } from 'cdk8s';
import {
  AwsAuth,
  CaProviderType,
  ClusterSecretStore,
  KubernetesAuth,
  SecretStoreProvider,
  VaultAuth,
} from '../../src';
import { esokitMessage } from '../support/errors';

function chart(): Chart {
  return new Chart(Testing.app(), 'app');
}

/** What synthesizing a chart with this store prints as warnings. */
function warningsOf(build: (c: Chart) => void): string[] {
  const c = chart();
  build(c);
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    Testing.synth(c);
    return warn.mock.calls.map((call) => String(call[0]));
  } finally {
    warn.mockRestore();
  }
}

function refused(build: (c: Chart) => void): string {
  try {
    const c = chart();
    build(c);
    Testing.synth(c);
  } catch (e) {
    return esokitMessage((e as Error).message);
  }
  throw new Error('expected the store to be refused');
}

const keys = (namespace?: string) => AwsAuth.accessKeys({
  accessKeyId: { name: 'aws-creds', key: 'id', namespace },
  secretAccessKey: { name: 'aws-creds', key: 'secret', namespace },
});

describe('referent auth: a warning that says where eso reads the Secret', () => {
  test('aws access keys without a namespace (external-secrets#4964: the cluster store example without namespaces failed outside its own namespace)', () => {
    expect(warningsOf((c) => new ClusterSecretStore(c, 'aws', {
      provider: SecretStoreProvider.awsSecretsManager({ region: 'eu-west-1', auth: keys() }),
    }))).toEqual([
      'warning: app/aws: provider.aws.auth.secretRef.accessKeyIDSecretRef ("aws-creds") has no namespace, so on a ClusterSecretStore eso reads it from the namespace of each ExternalSecret '
        + 'that uses the store (referent auth): every such namespace needs its own copy, and the store shows no validation status; give its namespace to read it from one place',
      'warning: app/aws: provider.aws.auth.secretRef.secretAccessKeySecretRef ("aws-creds") has no namespace, so on a ClusterSecretStore eso reads it from the namespace of each ExternalSecret '
        + 'that uses the store (referent auth): every such namespace needs its own copy, and the store shows no validation status; give its namespace to read it from one place',
    ]);
  });

  test('a vault kubernetes-auth ServiceAccount without a namespace', () => {
    const w = warningsOf((c) => new ClusterSecretStore(c, 'vault', {
      provider: SecretStoreProvider.vault({
        server: 'https://vault.example.com:8200',
        auth: VaultAuth.kubernetes({ role: 'eso', serviceAccount: { name: 'eso-reader' } }),
      }),
    }));
    expect(w.filter((l) => l.includes('referent auth'))).toEqual([
      'warning: app/vault: provider.vault.auth.kubernetes.serviceAccountRef ("eso-reader") has no namespace, so on a ClusterSecretStore eso reads it from the namespace of each ExternalSecret '
        + 'that uses the store (referent auth): every such namespace needs its own copy, and the store shows no validation status; give its namespace to read it from one place',
    ]);
  });

  test('no warning with a namespace, or on a namespaced SecretStore', () => {
    expect(warningsOf((c) => new ClusterSecretStore(c, 'aws', {
      provider: SecretStoreProvider.awsSecretsManager({ region: 'eu-west-1', auth: keys('external-secrets') }),
    }))).toEqual([]);
  });
});

describe('references eso rejects without a namespace on a ClusterSecretStore', () => {
  test('a kubernetes provider bearer token (runtime/esutils/k8s_connection_validate.go: "cluster scope requires namespace")', () => {
    expect(refused((c) => new ClusterSecretStore(c, 'k8s', {
      provider: SecretStoreProvider.kubernetes({
        server: 'https://kubernetes.default.svc',
        caProvider: { type: CaProviderType.CONFIG_MAP, name: 'kube-root-ca.crt', key: 'ca.crt', namespace: 'kube-system' },
        remoteNamespace: 'shared',
        auth: KubernetesAuth.token({ name: 'reader-token', key: 'token' }),
      }),
    }))).toBe('app/k8s: provider.kubernetes.auth.token.bearerToken.namespace is not set on a ClusterSecretStore; eso requires it ("cluster scope requires namespace"), '
      + 'so give the namespace of Secret "reader-token"');
  });

  test('a vault caProvider (runtime/esutils/utils.go FetchCACertFromSource: "missing namespace on caProvider secret")', () => {
    expect(refused((c) => new ClusterSecretStore(c, 'vault', {
      provider: SecretStoreProvider.vault({
        server: 'https://vault.example.com:8200',
        caProvider: { type: CaProviderType.SECRET, name: 'vault-ca', key: 'ca.crt' },
        auth: VaultAuth.token({ name: 'vault-token', key: 'token', namespace: 'external-secrets' }),
      }),
    }))).toBe('app/vault: provider.vault.caProvider ("vault-ca") has no namespace; on a ClusterSecretStore eso fails the store, '
      + 'as it cannot tell which namespace to read it from; give the namespace the object is in');
  });
});

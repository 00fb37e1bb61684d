/**
 * Vault pushes through the provider module: what ESO's Vault client (providers/v1/vault/client_push.go
 * at v2.9.0) needs in ACL policy for each write, and the push entries it would fail or ignore.
 */
import { VAULT_KUBERNETES, VaultKubernetesSpec } from '../../src/core/identities/vault-kubernetes';
import { StoreKind } from '../../src/core/model/kinds';
import { PushEntryShape, PushSecretDeletionPolicy, PushSecretUpdatePolicy, StoreWrite } from '../../src/core/model/writes';
import { SecretStoreProvider } from '../../src/core/providers';
import { CaProviderType, VaultKvVersion } from '../../src/core/providers/vault/options';
import { read, use } from '../identities/support';

const SA = { mode: 'create' as const, name: 'orders', namespace: 'orders' };
const STORE = { name: 'vault', kind: StoreKind.SECRET_STORE, namespace: 'orders' };
const spec: VaultKubernetesSpec = { kind: 'vaultKubernetes', role: 'orders', serviceAccount: { mode: 'create' } };

function write(remoteKey: string, extra: Partial<StoreWrite> = {}): StoreWrite {
  return {
    where: 'app/push',
    field: 'data[0].match.remoteRef',
    remoteKey,
    updatePolicy: PushSecretUpdatePolicy.REPLACE,
    deletionPolicy: PushSecretDeletionPolicy.NONE,
    ...extra,
  };
}

function entry(remoteKey: string, extra: Partial<PushEntryShape> = {}): PushEntryShape {
  return { remoteKey, updatePolicy: PushSecretUpdatePolicy.REPLACE, deletionPolicy: PushSecretDeletionPolicy.NONE, ...extra };
}

function hcl(options: { path?: string; version?: VaultKvVersion }, reads: ReturnType<typeof read>[], writes: StoreWrite[]): string {
  const vault = SecretStoreProvider.vault({ server: 'https://vault.example.com', ...options })._handle;
  return VAULT_KUBERNETES.documents('w', spec, [use(vault, SA, reads, {}, writes)]).policyHcl;
}

function block(path: string, caps: string[]): string[] {
  return [`path "${path}" {`, `  capabilities = [${caps.map((c) => `"${c}"`).join(', ')}]`, '}', ''];
}

describe('vault write grants', () => {
  test('kv v2: create, update and read on the data and the metadata path, and nothing else', () => {
    expect(hcl({ path: 'secret' }, [], [write('myapp/api-key-pushed')])).toBe([
      ...block('secret/data/myapp/api-key-pushed', ['create', 'read', 'update']),
      ...block('secret/metadata/myapp/api-key-pushed', ['create', 'read', 'update']),
    ].join('\n'));
  });

  test('deletionPolicy Delete adds delete on both paths', () => {
    expect(hcl({ path: 'secret' }, [], [write('myapp/x', { deletionPolicy: PushSecretDeletionPolicy.DELETE })])).toBe([
      ...block('secret/data/myapp/x', ['create', 'read', 'update', 'delete']),
      ...block('secret/metadata/myapp/x', ['create', 'read', 'update', 'delete']),
    ].join('\n'));
  });

  test('a key that repeats the mount: the data path is de-duplicated, the metadata path is not (#6968)', () => {
    expect(hcl({ path: 'secret' }, [], [write('secret/myapp/x')])).toBe([
      ...block('secret/data/myapp/x', ['create', 'read', 'update']),
      ...block('secret/metadata/secret/myapp/x', ['create', 'read', 'update']),
    ].join('\n'));
  });

  test('reads and writes of one store merge per path: a pushed key also read keeps one block', () => {
    expect(hcl({ path: 'secret' }, [read('myapp/x'), read('myapp/other')], [write('myapp/x')])).toBe([
      ...block('secret/data/myapp/other', ['read']),
      ...block('secret/data/myapp/x', ['create', 'read', 'update']),
      ...block('secret/metadata/myapp/x', ['create', 'read', 'update']),
    ].join('\n'));
  });

  test('kv v1: the secret\'s own path (its managed-by marker lives inside it)', () => {
    expect(hcl({ path: 'kv', version: VaultKvVersion.V1 }, [], [write('myapp/x', { deletionPolicy: PushSecretDeletionPolicy.DELETE })])).toBe(
      block('kv/myapp/x', ['create', 'read', 'update', 'delete']).join('\n'));
  });

  test('kv v1, a key that repeats the mount: the managed-by marker is read from the key as written', () => {
    expect(hcl({ path: 'kv', version: VaultKvVersion.V1 }, [], [write('kv/myapp/x')])).toBe([
      ...block('kv/kv/myapp/x', ['read']),
      ...block('kv/myapp/x', ['create', 'read', 'update']),
    ].join('\n'));
  });

  test('kv v2 without a store path: the key\'s own data segment becomes metadata', () => {
    expect(hcl({}, [], [write('secret/data/myapp/x')])).toBe([
      ...block('secret/data/myapp/x', ['create', 'read', 'update']),
      ...block('secret/metadata/myapp/x', ['create', 'read', 'update']),
    ].join('\n'));
  });

  test('a wildcard in a pushed key is refused', () => {
    expect(() => hcl({ path: 'secret' }, [], [write('myapp/*')])).toThrow(
      'app/push: data[0].match.remoteRef.remoteKey "myapp/*" contains "*", "+", a quote or a backslash; in a vault acl path "*" and "+" are wildcards that would grant more than this secret, so use the exact path');
  });
});

describe('vault push checks', () => {
  const check = (options: { path?: string; version?: VaultKvVersion }, e: PushEntryShape) =>
    SecretStoreProvider.vault({ server: 'https://vault.example.com', ...options })._handle.checkPush!('app/push', 'data[0]', e, STORE);

  test('a plain entry passes and gives eso no metadata', () => {
    expect(check({ path: 'secret' }, entry('myapp/x'))).toBeUndefined();
  });

  test.each<[string, { path?: string; version?: VaultKvVersion }, PushEntryShape, string]>([
    ['metadata, which eso\'s vault provider ignores', { path: 'secret' }, entry('myapp/x', { metadata: { json: { custom: 'x' } } }),
      'app/push: data[0].metadata is set, but eso\'s vault provider ignores push metadata (it writes only custom_metadata managed-by: external-secrets), so it would never reach vault; remove metadata'],
    ['kv v1 without a store path', { version: VaultKvVersion.V1 }, entry('myapp/x'),
      'app/push: data[0] pushes through vault kv v1 store "vault", which has no path; eso builds the push\'s metadata path from the store\'s path and fails without one, so set path to the kv mount (e.g. "secret")'],
    ['kv v2 without a store path and a key without a data segment', {}, entry('myapp/x'),
      'app/push: data[0].remoteKey "myapp/x" is pushed through a kv v2 store without path, and has no "/data/" segment, so eso cannot find its metadata; set the store\'s path to the kv mount (e.g. "secret")'],
  ])('refuses %s', (_, options, e, message) => {
    expect(() => check(options, e)).toThrow(message);
  });
});

describe('providers that derive no write permissions', () => {
  test.each([
    ['aws secrets manager', SecretStoreProvider.awsSecretsManager({ region: 'us-east-1' })._handle, 'AWS Secrets Manager'],
    ['aws parameter store', SecretStoreProvider.awsParameterStore({ region: 'us-east-1' })._handle, 'AWS Parameter Store'],
  ])('%s refuses writes instead of granting too little', (_, provider, backend) => {
    const ctx = { where: 'c/s', partition: 'aws', account: '123456789012', roleArn: 'arn:aws:iam::123456789012:role/eso' };
    expect(() => provider.permissions['aws-iam']!(ctx, [], [write('myapp/x')])).toThrow(
      `app/push: data[0].match.remoteRef pushes to ${backend} through a store with an identity, but esokit derives no write permissions for ${backend}; push through a store without an identity and grant the writes yourself`);
  });
});

test('kubernetes refuses writes instead of granting too little', () => {
  const provider = SecretStoreProvider.kubernetes({
    server: 'https://kubernetes.default.svc',
    caProvider: { type: CaProviderType.CONFIG_MAP, name: 'kube-root-ca.crt', key: 'ca.crt' },
    remoteNamespace: 'shared',
  })._handle;
  expect(() => provider.permissions['kubernetes-rbac']!({ where: 'c/s' }, [], [write('myapp-x')])).toThrow(
    'app/push: data[0].match.remoteRef pushes to the Kubernetes API through a store with an identity, but esokit derives no write permissions for the Kubernetes API; push through a store without an identity and grant the writes yourself');
});

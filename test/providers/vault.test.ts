/**
 * The Vault provider module: what ESO's vault client does with a store, a reference or a find,
 * held against esokit's checks. Each rule cites the ESO behaviour it protects against
 * (providers/v1/vault/ at ESO v2.9.0, and the vault api client it uses).
 */
import { Chart, Testing } from 'cdk8s';
import { ExternalSecret, RemoteReferenceOptions, SecretStore, SecretStoreProvider, StoreIdentity, VaultAuth, VaultKvVersion, VaultProviderOptions } from '../../src';
import { synthValid } from '../support/synth';

const token = VaultAuth.token({ name: 't', key: 'token' });

function chart(): Chart {
  return new Chart(Testing.app(), 'c', { namespace: 'app' });
}

function store(c: Chart, options: Partial<VaultProviderOptions> = {}, id = 's') {
  return new SecretStore(c, id, { provider: SecretStoreProvider.vault({ server: 'https://vault:8200', path: 'secret', auth: token, ...options }) });
}

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    const message = (e as Error).message;
    return /: Error: ([\s\S]*)$/.exec(message)?.[1] ?? message;
  }
  throw new Error('expected an error, none was thrown');
}

function read(key: string, ref: RemoteReferenceOptions = {}, options: Partial<VaultProviderOptions> = {}): string {
  const c = chart();
  const s = store(c, options);
  return errorOf(() => {
    new ExternalSecret(c, 'es', { store: s, data: { v: s.ref(key, ref) } });
    synthValid(c);
  });
}

const CERT = [
  '-----BEGIN CERTIFICATE-----',
  'MIIBszCCAVmgAwIBAgIUY2VydGlmaWNhdGUtZm9yLXRlc3RzMAoGCCqGSM49BAMC',
  '-----END CERTIFICATE-----',
].join('\n');

describe('vault store rules', () => {
  test('fails for a kv path that is the kubernetes auth mount (the seeds\' mistake)', () => {
    // eso would read "kubernetes/data/<key>": the auth mount has no kv engine.
    expect(errorOf(() => store(chart(), { path: 'kubernetes', auth: VaultAuth.kubernetes({ role: 'eso' }) })))
      .toBe('c/s: provider.vault.path "kubernetes" is the mount of the kubernetes auth method, not of a kv secrets engine; set path to the kv mount (e.g. "secret", from "vault secrets list"), and keep the auth mount in auth.kubernetes.mountPath');
  });

  test('the same mistake through a store identity', () => {
    const c = chart();
    expect(errorOf(() => new SecretStore(c, 's', {
      provider: SecretStoreProvider.vault({ server: 'https://vault:8200', path: 'kubernetes' }),
      identity: StoreIdentity.vaultKubernetes({ role: 'eso' }),
    }))).toMatch(/^c\/s: provider\.vault\.path "kubernetes" is the mount of the kubernetes auth method/);
  });

  test('a kv v2 api path as the store path is refused; nested mounts and kv v1 paths are not', () => {
    // client_get.go buildPath: "<path>/data/<key>" for kv v2, with the whole store path as the mount.
    expect(errorOf(() => store(chart(), { path: 'kv/metadata/apps' })))
      .toBe('c/s: provider.vault.path "kv/metadata/apps" is a kv v2 api path, not a mount: eso adds "data" after the whole path, so it would read "kv/metadata/apps/data/<key>"; set path to the mount "kv" and start the keys with "apps/"');
    expect(() => store(chart(), { path: 'teams/database' })).not.toThrow();
    expect(() => store(chart(), { path: 'team/kv-data/apps' })).not.toThrow();
    expect(() => store(chart(), { path: 'secret/data/apps', version: VaultKvVersion.V1 })).not.toThrow();
  });

  test('a property of exactly "data" on kv v2 is refused with the whole secret as the fix', () => {
    expect(read('app/db', { property: 'data' }))
      .toBe('c/es: data[0].remoteRef.property "data" starts with "data"; eso already unwraps the kv v2 "data" envelope, so remove property to read the whole secret');
  });

  test('a kv mount named like a custom auth mount is valid: auth mounts live under auth/ (external-secrets#1379)', () => {
    const c = chart();
    expect(() => new SecretStore(c, 's', {
      provider: SecretStoreProvider.vault({ server: 'https://vault:8200', path: 'k8s' }),
      identity: StoreIdentity.vaultKubernetes({ role: 'eso', mountPath: 'k8s' }),
    })).not.toThrow();
  });

  test('fails for an auth mount path with an "auth/" prefix, which eso doubles', () => {
    // auth_kubernetes.go logs in at auth/<mountPath>/login.
    expect(errorOf(() => store(chart(), { auth: VaultAuth.kubernetes({ role: 'eso', mountPath: 'auth/kubernetes' }) })))
      .toBe('c/s: auth.kubernetes.mountPath "auth/kubernetes" starts with "auth/", but eso logs in at "auth/<mount path>/login", which would be "auth/auth/kubernetes/login"; give the mount without "auth/", e.g. "kubernetes"');
    const c = chart();
    expect(errorOf(() => new SecretStore(c, 's', {
      provider: SecretStoreProvider.vault({ server: 'https://vault:8200', path: 'secret' }),
      identity: StoreIdentity.vaultKubernetes({ role: 'eso', mountPath: 'auth/k8s' }),
    }))).toMatch(/^c\/s: identity\.mountPath "auth\/k8s" starts with "auth\/"/);
  });

  test('fails for a server url with a path, which the vault client prefixes to /v1/', () => {
    expect(errorOf(() => store(chart(), { server: 'https://vault:8200/v1' })))
      .toBe('c/s: provider.vault.server "https://vault:8200/v1" has the path "/v1", but the vault client adds "/v1/..." to the address itself; give only scheme, host and port, e.g. "https://vault:8200"');
    expect(errorOf(() => store(chart(), { server: 'https://vault:8200/team-a' })))
      .toBe('c/s: provider.vault.server "https://vault:8200/team-a" has the path "/team-a", but the vault client adds "/v1/..." to the address itself (a vault enterprise namespace goes in namespace); give only scheme, host and port, e.g. "https://vault:8200"');
  });

  test('fails for credentials in the server url', () => {
    expect(errorOf(() => store(chart(), { server: 'https://root:hunter2@vault:8200' })))
      .toBe('c/s: provider.vault.server carries a user name or password, which would land in the manifest; remove them from the url and authenticate with auth');
  });

  test('a ca bundle must be certificates: a private key is refused without echoing it', () => {
    const key = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----';
    const message = errorOf(() => store(chart(), { caBundle: key }));
    expect(message).toBe('c/s: provider.vault.caBundle holds a private key, a credential that must never be in a manifest (a ca bundle is public certificates only); give the ca certificate(s) that sign the vault server\'s certificate');
    expect(message).not.toContain('MIIE');
    expect(errorOf(() => store(chart(), { caBundle: '-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----' })))
      .toBe('c/s: provider.vault.caBundle holds a certificate block whose body is not a der certificate; give the ca certificate(s) that sign the vault server\'s certificate');
  });

  test('a certificate bundle is accepted and encoded', () => {
    const c = chart();
    store(c, { caBundle: CERT });
    const [obj] = synthValid(c);
    expect(Buffer.from(obj.spec.provider.vault.caBundle, 'base64').toString()).toBe(`${CERT}\n`);
  });
});

describe('vault references and finds', () => {
  test('fails for a kv v2 version that is not a number', () => {
    // client_get.go passes the version on as "?version=<v>"; kv v2 versions are numbers.
    expect(read('app/db', { version: 'latest' }))
      .toBe('c/es: data[0].remoteRef.version "latest" is not a kv v2 version number; give the version as a whole number from 1, e.g. "3"');
  });

  test('fails for a key that repeats another mount\'s data prefix', () => {
    // buildPath would read "secret/data/kv/data/app/db".
    expect(read('kv/data/app/db'))
      .toBe('c/es: data[0].remoteRef.key "kv/data/app/db" names the kv path "kv/data/...", but the store\'s path is "secret", so eso would read "secret/data/kv/data/app/db"; give the key relative to "secret", or read it through a store whose path is "kv"');
  });

  test('a key that repeats its own mount\'s prefix is fine (eso removes it)', () => {
    const c = chart();
    const s = store(c);
    new ExternalSecret(c, 'es', { store: s, data: { v: s.ref('secret/data/app/db') } });
    expect(() => synthValid(c)).not.toThrow();
  });

  test('fails for a leading "/" on kv v2 without a store path', () => {
    expect(read('/secret/app', {}, { path: undefined }))
      .toBe('c/es: data[0].remoteRef.key "/secret/app" starts with "/", so eso would read "/data/secret/app" (the mount would be "data"); give the key as "<mount>/<path>", e.g. "secret/app", or set the store\'s path to the mount');
  });

  test.each([VaultKvVersion.V1, VaultKvVersion.V2])('fails for a find through a %s store without path', (version) => {
    // client_get_all_secrets.go lists under the store's path; on kv v1 buildMetadataPath dereferences it.
    const c = chart();
    const s = store(c, { path: undefined, version });
    expect(errorOf(() => new ExternalSecret(c, 'es', { store: s, dataFrom: [s.find({ nameRegexp: 'x' })] })))
      .toBe('c/es: dataFrom[0].find goes through vault store "c-s-c8c64f4f", which has no path; eso lists secrets under the store\'s path, so set it to the kv mount (e.g. "secret")');
  });
});

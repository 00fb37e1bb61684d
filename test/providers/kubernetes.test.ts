/**
 * ESO's Kubernetes provider: the manifest ESO receives, the Role derived for a Kubernetes
 * ServiceAccount identity (asserted exactly), and each rule ESO's webhook, client or client-go
 * would enforce or misread at reconcile time.
 */
import { Chart, Testing } from 'cdk8s';
import {
  CaProviderType,
  ClusterSecretStore,
  DataFrom,
  ExternalSecret,
  IdentityServiceAccount,
  KubernetesAuth,
  KubernetesProviderOptions,
  MetadataPolicy,
  SecretStore,
  SecretStoreProvider,
  StoreIdentity,
} from '../../src';
import { mergeRbacRules } from '../../src/core/permissions/rbac';
import { ofKind, onlyOfKind, synthValid } from '../support/synth';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
const ROOT_CA = { type: CaProviderType.CONFIG_MAP, name: 'kube-root-ca.crt', key: 'ca.crt' };
const SERVER = 'https://kubernetes.default.svc';

function chart(): Chart {
  return new Chart(Testing.app(), 'test', { namespace: 'payments' });
}

function k8s(options: Partial<KubernetesProviderOptions> = {}): SecretStoreProvider {
  return SecretStoreProvider.kubernetes({ server: SERVER, caProvider: ROOT_CA, remoteNamespace: 'shared', ...options });
}

let warn: jest.SpyInstance;
beforeEach(() => {
  warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => warn.mockRestore());

describe('kubernetes provider with a kubernetes service account identity', () => {
  test('a SecretStore: its ServiceAccount, auth.serviceAccount without namespace, and a Role with get on exactly the referenced Secrets', () => {
    // GIVEN
    const c = chart();
    const store = new SecretStore(c, 'k8s', { metadata: { name: 'k8s' }, provider: k8s(), identity: StoreIdentity.kubernetesServiceAccount() });
    new ExternalSecret(c, 'es', {
      metadata: { name: 'es' },
      store,
      data: { PASSWORD: store.ref('db', { property: 'password' }), HOST: store.ref('db', { property: 'config.json.host' }), CA: store.ref('tls', { property: 'ca.crt' }) },
      dataFrom: [DataFrom.extract(store.ref('app-env'))],
    });

    // WHEN
    const manifests = synthValid(c);

    // THEN
    expect(onlyOfKind(manifests, 'SecretStore').spec).toEqual({
      provider: {
        kubernetes: {
          server: { url: SERVER, caProvider: { type: 'ConfigMap', name: 'kube-root-ca.crt', key: 'ca.crt' } },
          auth: { serviceAccount: { name: 'k8s' } },
          remoteNamespace: 'shared',
        },
      },
    });
    expect(onlyOfKind(manifests, 'ServiceAccount')).toEqual({
      apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'k8s', namespace: 'payments' }, automountServiceAccountToken: false,
    });
    // Exactly get on the three Secrets; the SelfSubjectRulesReview ESO's validation creates is
    // allowed to every authenticated user (system:basic-user), so the Role does not repeat it.
    expect(onlyOfKind(manifests, 'Role')).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'k8s', namespace: 'shared' },
      rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: ['app-env', 'db', 'tls'], verbs: ['get'] }],
    });
    expect(onlyOfKind(manifests, 'RoleBinding')).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'k8s', namespace: 'shared' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'k8s' },
      subjects: [{ kind: 'ServiceAccount', name: 'k8s', namespace: 'payments' }],
    });
    expect(store.identity.rbacRules).toEqual([{ apiGroups: [''], resources: ['secrets'], resourceNames: ['app-env', 'db', 'tls'], verbs: ['get'] }]);
    expect(store.identity.rbacNamespace).toBe('shared');
    expect(store.identity.rbacRoleName).toBe('k8s');
    expect(store.rbacRole?.kind).toBe('Role');
    expect(warn).not.toHaveBeenCalled();
  });

  test('a ClusterSecretStore names the ServiceAccount namespace (else eso uses each ExternalSecret\'s and cannot validate)', () => {
    const c = chart();
    const store = new ClusterSecretStore(c, 'k8s', {
      metadata: { name: 'shared-k8s' },
      provider: k8s({ caProvider: { ...ROOT_CA, namespace: 'shared' } }),
      identity: StoreIdentity.kubernetesServiceAccount({ serviceAccount: IdentityServiceAccount.create({ name: 'eso-reader', namespace: 'platform' }), roleName: 'eso-shared-reader' }),
    });
    new ExternalSecret(c, 'es', { store, data: { A: store.ref('a') } });

    const manifests = synthValid(c);

    expect(onlyOfKind(manifests, 'ClusterSecretStore').spec.provider.kubernetes.auth).toEqual({ serviceAccount: { name: 'eso-reader', namespace: 'platform' } });
    expect(onlyOfKind(manifests, 'Role').metadata).toEqual({ name: 'eso-shared-reader', namespace: 'shared' });
    expect(onlyOfKind(manifests, 'RoleBinding').subjects).toEqual([{ kind: 'ServiceAccount', name: 'eso-reader', namespace: 'platform' }]);
  });

  // client.go findByName / findByTags list secrets: RBAC cannot limit list by name, and a list
  // returns every Secret's data, so it needs an explicit opt-in.
  test('a find needs allowUnscopedFind, then grants get and list on every Secret of remoteNamespace', () => {
    const c = chart();
    const store = new SecretStore(c, 'k8s', { provider: k8s(), identity: StoreIdentity.kubernetesServiceAccount({ allowUnscopedFind: true }) });
    new ExternalSecret(c, 'es', { store, data: { A: store.ref('a') }, dataFrom: [store.find({ tags: { 'app.kubernetes.io/part-of': 'payments' } })] });

    const manifests = synthValid(c);

    expect(onlyOfKind(manifests, 'Role').rules).toEqual([{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }]);
    expect(onlyOfKind(manifests, 'ExternalSecret').spec.dataFrom).toEqual([{ find: { tags: { 'app.kubernetes.io/part-of': 'payments' } } }]);
    expect(warn.mock.calls).toEqual([['warning: test/es: dataFrom[0].find lists secrets, so the store\'s role may read every secret in namespace "shared" (allowUnscopedFind)']]);
  });

  test('fails for a find without allowUnscopedFind', () => {
    const c = chart();
    const store = new SecretStore(c, 'k8s', { provider: k8s(), identity: StoreIdentity.kubernetesServiceAccount() });
    new ExternalSecret(c, 'es', { store, dataFrom: [store.find({ nameRegexp: '^db-' })] });
    expect(() => Testing.synth(c)).toThrow(
      'test/es: dataFrom[0].find lists secrets, and kubernetes rbac cannot limit list by name, so the store\'s role would read every secret in namespace "shared"; reference the secrets by name, or set allowUnscopedFind on the store\'s identity to accept that');
  });

  // validate.go: without get on secrets the store is "client is not allowed to get secrets".
  test('a store nothing reads through gets an empty Role and a warning', () => {
    const c = chart();
    new SecretStore(c, 'k8s', { provider: k8s(), identity: StoreIdentity.kubernetesServiceAccount() });
    const manifests = synthValid(c);
    expect(onlyOfKind(manifests, 'Role').rules).toEqual([]);
    expect(warn.mock.calls).toEqual([['warning: test/k8s: no ExternalSecret reads through the store, so its role grants nothing, and eso reports the store as not ready ("client is not allowed to get secrets") until one does']]);
  });

  // k8s_rest_config.go serviceAccountToken: ESO requests a token for a named ServiceAccount.
  test('fails for the controller\'s own ServiceAccount', () => {
    const c = chart();
    expect(() => new SecretStore(c, 'k8s', { provider: k8s(), identity: StoreIdentity.kubernetesServiceAccount({ serviceAccount: IdentityServiceAccount.controller() }) })).toThrow(
      'test/k8s: identity.serviceAccount is the eso controller\'s own ServiceAccount; the kubernetes provider authenticates with a token eso requests for a store\'s ServiceAccount, so use IdentityServiceAccount.create() or .existing()');
  });

  test('fails for an identity shared by two stores (each Role is derived from its store\'s reads)', () => {
    const c = chart();
    const identity = StoreIdentity.kubernetesServiceAccount({ serviceAccount: IdentityServiceAccount.existing('eso') });
    new SecretStore(c, 'a', { provider: k8s(), identity });
    new SecretStore(c, 'b', { provider: k8s(), identity });
    expect(() => Testing.synth(c)).toThrow(
      'test/a identity: the kubernetes service account identity is used by 2 stores (test/a, test/b); each store\'s role is derived from what it reads, so give each store its own identity');
  });
});

describe('kubernetes provider with its own auth', () => {
  test('token, client certificate and service account auth; remoteNamespace rendered as eso\'s default; caBundle encoded', () => {
    const c = chart();
    new SecretStore(c, 'token', { metadata: { name: 'token' }, provider: SecretStoreProvider.kubernetes({ server: SERVER, caBundle: PEM, auth: KubernetesAuth.token({ name: 'remote', key: 'token' }) }) });
    new ClusterSecretStore(c, 'cert', {
      metadata: { name: 'cert' },
      provider: k8s({ caProvider: { ...ROOT_CA, type: CaProviderType.SECRET, namespace: 'eso' }, auth: KubernetesAuth.clientCertificate({ clientCert: { name: 'client', key: 'tls.crt', namespace: 'eso' }, clientKey: { name: 'client', key: 'tls.key', namespace: 'eso' } }) }),
    });
    new SecretStore(c, 'sa', { metadata: { name: 'sa' }, provider: k8s({ auth: KubernetesAuth.serviceAccount({ name: 'reader', audiences: ['https://remote.example.com'] }) }) });

    const stores = synthValid(c).filter((m) => /SecretStore$/.test(m.kind)).map((m) => m.spec.provider.kubernetes);

    expect(stores).toEqual([
      { server: { url: SERVER, caBundle: Buffer.from(PEM + '\n').toString('base64') }, auth: { token: { bearerToken: { name: 'remote', key: 'token' } } }, remoteNamespace: 'default' },
      {
        server: { url: SERVER, caProvider: { type: 'Secret', name: 'kube-root-ca.crt', key: 'ca.crt', namespace: 'eso' } },
        auth: { cert: { clientCert: { name: 'client', key: 'tls.crt', namespace: 'eso' }, clientKey: { name: 'client', key: 'tls.key', namespace: 'eso' } } },
        remoteNamespace: 'shared',
      },
      { server: { url: SERVER, caProvider: ROOT_CA }, auth: { serviceAccount: { name: 'reader', audiences: ['https://remote.example.com'] } }, remoteNamespace: 'shared' },
    ]);
    expect(ofKind(synthValid(c), 'Role')).toEqual([]);
  });

  // k8s_connection_validate.go WarnNoCAConfigured: the system roots rarely hold a cluster's CA.
  test('warns once when neither caBundle nor caProvider is set', () => {
    const c = chart();
    new SecretStore(c, 'k8s', { provider: SecretStoreProvider.kubernetes({ server: SERVER, auth: KubernetesAuth.serviceAccount({ name: 'reader' }) }) });
    Testing.synth(c);
    Testing.synth(c);
    expect(warn.mock.calls).toEqual([['warning: test/k8s: provider.kubernetes has no caBundle or caProvider, so eso verifies "https://kubernetes.default.svc" against the system trust store, which rarely holds a cluster\'s ca; for this cluster use caProvider { type: ConfigMap, name: "kube-root-ca.crt", key: "ca.crt" }']]);
  });
});

describe('kubernetes provider rules', () => {
  const ss = (options: Partial<KubernetesProviderOptions>) => () => new SecretStore(chart(), 'k8s', { provider: k8s({ auth: KubernetesAuth.serviceAccount({ name: 'reader' }), ...options }) });
  const css = (options: Partial<KubernetesProviderOptions>) => () => new ClusterSecretStore(chart(), 'k8s', { provider: k8s({ caProvider: { ...ROOT_CA, namespace: 'shared' }, ...options }) });
  const token = (namespace?: string) => KubernetesAuth.token({ name: 'remote', key: 'token', namespace });

  test.each([
    // k8s_rest_config.go: "no auth provider given"; there is no in-cluster fallback.
    ['no auth', ss({ auth: undefined }),
      'test/k8s: provider.kubernetes.auth is missing; eso has no in-cluster fallback ("no auth provider given"), so give auth (e.g. KubernetesAuth.serviceAccount({ name: "eso-reader" })) or give the store an identity'],
    // k8s_rest_config.go: "no server URL provided".
    ['an empty server', ss({ server: '' }),
      'test/k8s: provider.kubernetes.server is empty; eso has no in-cluster default ("no server URL provided"), so give the api server url, e.g. "https://kubernetes.default.svc"'],
    // client-go rest.defaultServerUrlFor: no scheme and no CA data means plain http.
    ['a server without scheme', ss({ server: 'kubernetes.default' }),
      'test/k8s: provider.kubernetes.server "kubernetes.default" has no scheme; without one client-go may connect over plain http, so give "https://kubernetes.default"'],
    ['an http server', ss({ server: 'http://kubernetes.default.svc' }),
      'test/k8s: provider.kubernetes.server "http://kubernetes.default.svc" is not an https url; the kubernetes api is served over tls, so use e.g. "https://kubernetes.default.svc"'],
    ['an invalid remoteNamespace', ss({ remoteNamespace: 'Shared' }),
      'test/k8s: provider.kubernetes.remoteNamespace "Shared" is not a valid namespace (RFC 1123 label'],
    // utils.go FetchCACertFromSource: caBundle wins and caProvider is silently ignored.
    ['caBundle and caProvider', ss({ caBundle: PEM }),
      'test/k8s: provider.kubernetes has both caBundle and caProvider; eso uses caBundle and ignores caProvider, so give one'],
    ['a caBundle that is not pem', ss({ caProvider: undefined, caBundle: 'not a certificate' }),
      'test/k8s: provider.kubernetes.caBundle is neither pem text nor base64-encoded pem; give the certificate starting with "-----BEGIN CERTIFICATE-----"'],
    // utils.go FetchCACertFromSource parses the bundle as certificates; a key must never be in a manifest.
    ['a caBundle holding a private key', ss({ caProvider: undefined, caBundle: '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----' }),
      'test/k8s: provider.kubernetes.caBundle holds a private key, a credential that must never be in a manifest (a ca bundle is public certificates only); give the ca certificate(s) that sign the api server\'s certificate'],
    // k8s_connection_validate.go: "CAProvider.namespace must be empty with SecretStore", even its own.
    ['a caProvider namespace on a SecretStore', ss({ caProvider: { ...ROOT_CA, namespace: 'payments' } }),
      'test/k8s: provider.kubernetes.caProvider.namespace "payments" is set on a SecretStore; eso rejects it even when it is the store\'s own ("CAProvider.namespace must be empty with SecretStore") and reads the ConfigMap from the store\'s namespace, so remove it'],
    // k8s_connection_validate.go: "CAProvider.namespace must not be empty with ClusterSecretStore".
    ['no caProvider namespace on a ClusterSecretStore', css({ caProvider: ROOT_CA, auth: token('eso') }),
      'test/k8s: provider.kubernetes.caProvider.namespace is not set on a ClusterSecretStore; eso rejects it ("CAProvider.namespace must not be empty with ClusterSecretStore"), so give the namespace of ConfigMap "kube-root-ca.crt"'],
    // utils.go ValidateSecretSelector: "cluster scope requires namespace".
    ['a token without namespace on a ClusterSecretStore', css({ auth: token() }),
      'test/k8s: provider.kubernetes.auth.token.bearerToken.namespace is not set on a ClusterSecretStore; eso requires it ("cluster scope requires namespace"), so give the namespace of Secret "remote"'],
    // ESO does not check clientKey at admission; the store fails only at runtime.
    ['a client key without namespace on a ClusterSecretStore',
      css({ auth: KubernetesAuth.clientCertificate({ clientCert: { name: 'c', key: 'tls.crt', namespace: 'eso' }, clientKey: { name: 'c', key: 'tls.key' } }) }),
      'test/k8s: provider.kubernetes.auth.cert.clientKey.namespace is not set on a ClusterSecretStore; eso requires it ("cluster scope requires namespace"), so give the namespace of Secret "c"'],
    // utils.go ValidateSecretSelector: another namespace on a SecretStore.
    ['a token in another namespace on a SecretStore', ss({ auth: token('other') }),
      'test/k8s: provider auth.token.bearerToken.namespace "other" differs from the SecretStore\'s namespace "payments"'],
    ['a bearer token with an invalid key', ss({ auth: KubernetesAuth.token({ name: 'remote', key: 'a/b' }) }),
      'test/k8s: provider.kubernetes.auth.token.bearerToken.key "a/b" is not a valid secret key'],
  ])('fails for %s', (_name, declare, message) => {
    expect(declare).toThrow(message);
  });

  const read = (build: (store: SecretStore) => ConstructorParameters<typeof ExternalSecret>[2]) => () => {
    const c = chart();
    const store = new SecretStore(c, 'k8s', { provider: k8s(), identity: StoreIdentity.kubernetesServiceAccount() });
    new ExternalSecret(c, 'es', build(store));
    Testing.synth(c);
  };

  test.each([
    // client.go GetSecret: the key is the name of a Secret in remoteNamespace.
    ['a key that is not a secret name', read((store) => ({ store, data: { A: store.ref('/prod/db') } })),
      'test/es: data[0].remoteRef.key "/prod/db" is not a kubernetes secret name (RFC 1123 subdomain: at most 253 lowercase letters, digits, \'-\' and \'.\', starting and ending with a letter or digit); the kubernetes provider reads the Secret of that name in namespace "shared"'],
    // client.go GetSecret never reads the version.
    ['a version', read((store) => ({ store, data: { A: store.ref('db', { version: '2' }) } })),
      'test/es: data[0].remoteRef.version "2" is ignored by eso\'s kubernetes provider (kubernetes secrets have no versions); remove version'],
    // client.go getFromSecretData: the exact data key first, so an escaped dot never matches.
    ['an escaped property', read((store) => ({ store, data: { A: store.ref('tls', { propertyPath: ['ca.crt'] }) } })),
      'test/es: data[0].remoteRef.property "ca\\\\.crt" names no key a kubernetes secret can have (letters, digits, \'-\', \'_\' and \'.\'); eso looks the property up as the exact data key (write "ca.crt", not "ca\\.crt"), or as a key followed by a json path after its first "." ("config.db.host")'],
    // client.go getFromSecretMetadata: only labels and annotations exist.
    ['a metadata property outside labels and annotations', read((store) => ({ store, data: { A: store.ref('db', { metadataPolicy: MetadataPolicy.FETCH, property: 'name' }) } })),
      'test/es: data[0].remoteRef.property "name" reads metadata, which eso\'s kubernetes provider exposes as "labels" and "annotations" only; use e.g. "labels" or "annotations.<key>"'],
    // client.go getFromSecretMetadata: strings.Join(path[2:], "") drops the dots.
    ['a metadata property deeper than one level into a value', read((store) => ({ store, data: { A: store.ref('db', { metadataPolicy: MetadataPolicy.FETCH, property: 'annotations.config.db.host' }) } })),
      'test/es: data[0].remoteRef.property "annotations.config.db.host" goes more than one level into a label or annotation value; eso\'s kubernetes provider joins the rest of the path without dots and would read "dbhost", so read the whole value and pick the field in a template'],
    // client.go GetAllSecrets never reads find.path.
    ['a find by path', read((store) => ({ store, dataFrom: [store.find({ path: 'db-' })] })),
      'test/es: dataFrom[0].find.path "db-" is ignored by eso\'s kubernetes provider, which would return every matching secret of namespace "shared"; secret names have no paths, so remove it or express the prefix in nameRegexp'],
    // client.go GetAllSecrets: tags win and the name regexp is ignored.
    ['a find by tags and name', read((store) => ({ store, dataFrom: [store.find({ tags: { team: 'a' }, nameRegexp: '^db' })] })),
      'test/es: dataFrom[0].find has both tags and nameRegexp; eso\'s kubernetes provider then selects by tags only and ignores nameRegexp "^db", so give one of them'],
    // client.go findByTags: labels.ValidatedSelectorFromSet.
    ['a tag that is not a label', read((store) => ({ store, dataFrom: [store.find({ tags: { team: 'a b' } })] })),
      'test/es: dataFrom[0].find.tags value "a b" of "team" is not a kubernetes label value'],
  ])('fails for %s', (_name, declare, message) => {
    expect(declare).toThrow(message);
  });
});

describe('rbac rules merge', () => {
  const secrets = (verbs: string[], resourceNames?: string[]) => ({ apiGroups: [''], resources: ['secrets'], verbs, ...(resourceNames ? { resourceNames } : {}) });

  test.each([
    ['named gets merge into one sorted rule', [secrets(['get'], ['b']), secrets(['get'], ['a', 'b'])], [secrets(['get'], ['a', 'b'])]],
    ['a verb granted on every object drops its named grants', [secrets(['get'], ['a']), secrets(['list', 'get'])], [secrets(['get', 'list'])]],
    ['names keep the verbs not granted everywhere', [secrets(['get', 'update'], ['a']), secrets(['get'])], [secrets(['get']), secrets(['update'], ['a'])]],
    ['names with different verbs get separate rules', [secrets(['get'], ['a']), secrets(['get', 'update'], ['b'])], [secrets(['get'], ['a']), secrets(['get', 'update'], ['b'])]],
    ['groups and resources are split and sorted', [{ apiGroups: ['', 'apps'], resources: ['secrets'], verbs: ['get'] }], [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }, { apiGroups: ['apps'], resources: ['secrets'], verbs: ['get'] }]],
    ['nothing stays nothing', [], []],
  ])('%s', (_name, rules, merged) => {
    expect(mergeRbacRules(rules)).toEqual(merged);
    // Deterministic whatever the input order.
    expect(mergeRbacRules([...rules].reverse())).toEqual(merged);
  });
});

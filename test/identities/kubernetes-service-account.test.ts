/**
 * The Kubernetes ServiceAccount module through its contract: a store ServiceAccount (never the
 * controller's), and a Role in the provider's remoteNamespace with get on exactly the referenced
 * Secrets, bound to that ServiceAccount.
 */
import { read, use } from './support';
import { IDENTITY_MODULES, identityFamily } from '../../src/core/identities';
import { KUBERNETES_SERVICE_ACCOUNT, KubernetesServiceAccountSpec } from '../../src/core/identities/kubernetes-service-account';
import { StoreKind } from '../../src/core/model/kinds';
import { SecretStoreProvider } from '../../src/core/providers';
import { CaProviderType } from '../../src/core/providers/vault/options';

const kube = SecretStoreProvider.kubernetes({
  server: 'https://kubernetes.default.svc',
  remoteNamespace: 'apps',
  caProvider: { type: CaProviderType.CONFIG_MAP, name: 'kube-root-ca.crt', key: 'ca.crt' },
})._handle;
const SA = { mode: 'create' as const, name: 'reader', namespace: 'platform' };

function spec(extra: Partial<KubernetesServiceAccountSpec> = {}): KubernetesServiceAccountSpec {
  return { kind: 'kubernetesServiceAccount', serviceAccount: { mode: 'create' }, ...extra };
}

test('is registered as the kubernetes-rbac family, with nothing on the ServiceAccount', () => {
  expect(IDENTITY_MODULES.kubernetesServiceAccount).toBe(KUBERNETES_SERVICE_ACCOUNT);
  expect(identityFamily('kubernetesServiceAccount')).toBe('kubernetes-rbac');
  expect([KUBERNETES_SERVICE_ACCOUNT.annotatesServiceAccount, KUBERNETES_SERVICE_ACCOUNT.eksPodIdentityAssociation]).toEqual([false, false]);
});

describe('check', () => {
  test('refuses the controller\'s ServiceAccount: ESO requests a token for a store\'s ServiceAccount', () => {
    expect(() => KUBERNETES_SERVICE_ACCOUNT.check('w', spec({ serviceAccount: { mode: 'controller' } }))).toThrow(
      'w: identity.serviceAccount is the eso controller\'s own ServiceAccount; the kubernetes provider authenticates with a token eso requests for a store\'s ServiceAccount, so use IdentityServiceAccount.create() or .existing()');
  });

  test('refuses a role name the API server refuses', () => {
    expect(() => KUBERNETES_SERVICE_ACCOUNT.check('w', spec({ roleName: 'Reader' }))).toThrow('w: identity.roleName "Reader"');
  });
});

test('the auth block names the ServiceAccount, with its namespace for a ClusterSecretStore', () => {
  expect(KUBERNETES_SERVICE_ACCOUNT.authBlock(spec(), SA, StoreKind.SECRET_STORE)).toEqual({ serviceAccount: { name: 'reader' } });
  expect(KUBERNETES_SERVICE_ACCOUNT.authBlock(spec(), SA, StoreKind.CLUSTER_SECRET_STORE)).toEqual({ serviceAccount: { name: 'reader', namespace: 'platform' } });
});

describe('documents', () => {
  test('get on exactly the referenced Secrets in remoteNamespace, bound to the store\'s ServiceAccount', () => {
    const docs = KUBERNETES_SERVICE_ACCOUNT.documents('w', spec(), [use(kube, SA, [read('db'), read('api', { field: 'data[1].remoteRef.key' })])]);
    expect(docs.namespace).toBe('apps');
    expect(docs.roleName).toBe('reader');
    expect(docs.rules).toEqual([{ apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['api', 'db'] }]);
    expect(docs.roleBinding).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'reader', namespace: 'apps' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'reader', namespace: 'platform' }],
    });
  });

  test('a find needs list on every Secret of the namespace: refused unless accepted', () => {
    const find = { where: 'app/es', field: 'dataFrom[0].find', find: { nameRegexp: '^app-' } };
    expect(() => KUBERNETES_SERVICE_ACCOUNT.documents('w', spec(), [use(kube, SA, [find])])).toThrow(
      'app/es: dataFrom[0].find lists secrets, and kubernetes rbac cannot limit list by name, so the store\'s role would read every secret in namespace "apps"; '
      + 'reference the secrets by name, or set allowUnscopedFind on the store\'s identity to accept that');
    expect(KUBERNETES_SERVICE_ACCOUNT.documents('w', spec({ allowUnscopedFind: true }), [use(kube, SA, [find])]).rules).toEqual([
      { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] },
    ]);
  });

  test('one identity, one store: each store\'s role is derived from what it reads', () => {
    expect(() => KUBERNETES_SERVICE_ACCOUNT.documents('w', spec(), [use(kube, SA, [read('a')]), use(kube, SA, [read('b')], { name: 'other' })])).toThrow(
      'w: the kubernetes service account identity is used by 2 stores (app/store, app/other); each store\'s role is derived from what it reads, so give each store its own identity');
  });
});

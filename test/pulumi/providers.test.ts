/**
 * The Kubernetes and fake providers through esokit/pulumi, under mocks: the Role and RoleBinding
 * children of a Kubernetes ServiceAccount identity and their order, and provider warnings logged
 * on the store.
 */
import type * as pulumi from '@pulumi/pulumi';
import { Recorded, ofType, recordResources, valueOf } from './mocks';
import { expectValidEso } from '../support/eso-schema';

const recorded = recordResources();
/* eslint-disable @typescript-eslint/no-require-imports -- loaded after the mocks are set, as Pulumi requires */
const esokit: typeof import('../../src/pulumi') = require('../../src/pulumi');
/* eslint-enable @typescript-eslint/no-require-imports */

const ROOT_CA = { type: esokit.CaProviderType.CONFIG_MAP, name: 'kube-root-ca.crt', key: 'ca.crt' };

function only(type: string, prefix: string): Recorded {
  const found = ofType(recorded, type).filter((r) => r.name.startsWith(prefix));
  expect(found).toHaveLength(1);
  return found[0];
}

let warn: jest.SpyInstance;
beforeEach(() => {
  warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => warn.mockRestore());

describe('kubernetes provider with a kubernetes service account identity', () => {
  test('ServiceAccount -> Role -> RoleBinding -> store, children of the store, with exact rules', async () => {
    // GIVEN
    const seen = new Map<string, { parent?: pulumi.Resource; dependsOn: pulumi.Resource[] }>();
    const record: pulumi.ResourceTransformation = (args) => {
      const dependsOn = args.opts.dependsOn;
      seen.set(args.name, { parent: args.opts.parent, dependsOn: Array.isArray(dependsOn) ? dependsOn as pulumi.Resource[] : [] });
      return undefined;
    };
    const store = new esokit.ClusterSecretStore('kube', {
      provider: esokit.SecretStoreProvider.kubernetes({ server: 'https://kubernetes.default.svc', remoteNamespace: 'apps', caProvider: { ...ROOT_CA, namespace: 'apps' } }),
      identity: esokit.StoreIdentity.kubernetesServiceAccount({ serviceAccount: esokit.IdentityServiceAccount.create({ namespace: 'platform' }) }),
    }, { transformations: [record] });
    const es = new esokit.ExternalSecret('kube-es', { store, namespace: 'apps', data: { a: store.ref('db', { property: 'password' }), b: store.ref('api') } });
    store.seal();

    // WHEN
    await valueOf(es.resource.id);
    const names = async (resources: pulumi.Resource[]) => (await Promise.all(resources.map((r) => valueOf(r.urn)))).map((u) => u.split('::').pop()).sort();

    // THEN
    const storeObject = only('kubernetes:external-secrets.io/v1:ClusterSecretStore', 'kube').inputs;
    expectValidEso([storeObject]);
    expect(storeObject.spec.provider.kubernetes.auth).toEqual({ serviceAccount: { name: 'kube', namespace: 'platform' } });
    expect(only('kubernetes:rbac.authorization.k8s.io/v1:Role', 'kube').inputs).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'kube', namespace: 'apps' },
      rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: ['api', 'db'], verbs: ['get'] }],
    });
    expect(only('kubernetes:rbac.authorization.k8s.io/v1:RoleBinding', 'kube').inputs).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'kube', namespace: 'apps' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'kube' },
      subjects: [{ kind: 'ServiceAccount', name: 'kube', namespace: 'platform' }],
    });
    expect(await valueOf(store.rbacRoleName!)).toBe('kube');
    for (const child of ['kube-service-account', 'kube-role', 'kube-role-binding', 'kube-cluster-secret-store']) {
      expect(seen.get(child)?.parent).toBe(store);
    }
    expect(await names(seen.get('kube-role-binding')!.dependsOn)).toEqual(['kube-role', 'kube-service-account']);
    expect(await names(seen.get('kube-cluster-secret-store')!.dependsOn)).toEqual(['kube-role', 'kube-role-binding', 'kube-service-account']);
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('provider warnings', () => {
  test('the fake provider\'s warning is logged on the store', async () => {
    const store = new esokit.SecretStore('demo', {
      namespace: 'apps',
      provider: esokit.SecretStoreProvider.fakeWithValuesInManifest({ acknowledgeValuesInManifest: true, data: [{ key: 'a', value: 'b' }] }),
    });
    await valueOf(store.resource.id);
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([
      'warning: [runtime] demo: the fake provider writes its 1 value(s) in clear text into the store manifest; use it only for tests and demos. '
      + 'eso marks it as not maintained (the webhook warns on every apply), and keeps its values per store name only, so fake stores with the same name share them',
    ]);
  });

  test('the fake provider without the acknowledgement fails on the store', () => {
    expect(() => new esokit.SecretStore('unacknowledged', {
      namespace: 'apps',
      provider: esokit.SecretStoreProvider.fakeWithValuesInManifest({ acknowledgeValuesInManifest: false, data: [] }),
    })).toThrow('unacknowledged: provider.fake acknowledgeValuesInManifest is false; the fake provider writes every value in clear text into the store manifest');
  });
});

/**
 * The Vault Kubernetes-auth module through its contract: the store's kubernetes auth block, and
 * the ACL policy and role derived from exactly what the store reads.
 */
import { read, use } from './support';
import { IDENTITY_MODULES, identityFamily } from '../../src/core/identities';
import { VAULT_KUBERNETES, VaultKubernetesSpec } from '../../src/core/identities/vault-kubernetes';
import { StoreKind } from '../../src/core/model/kinds';
import { SecretStoreProvider } from '../../src/core/providers';

const vault = SecretStoreProvider.vault({ server: 'https://vault.example.com', path: 'secret' })._handle;
const SA = { mode: 'create' as const, name: 'orders', namespace: 'orders' };

function spec(extra: Partial<VaultKubernetesSpec> = {}): VaultKubernetesSpec {
  return { kind: 'vaultKubernetes', role: 'orders', serviceAccount: { mode: 'create' }, ...extra };
}

test('is registered as the vault-acl family, with nothing on the ServiceAccount', () => {
  expect(IDENTITY_MODULES.vaultKubernetes).toBe(VAULT_KUBERNETES);
  expect(identityFamily('vaultKubernetes')).toBe('vault-acl');
  expect([VAULT_KUBERNETES.annotatesServiceAccount, VAULT_KUBERNETES.eksPodIdentityAssociation]).toEqual([false, false]);
  expect(VAULT_KUBERNETES.serviceAccountAnnotations('w', spec())).toEqual({});
});

describe('check', () => {
  test.each<[string, Partial<VaultKubernetesSpec>, string]>([
    ['a role with a slash', { role: 'a/b' }, 'w: identity.role "a/b" is not a vault role name; give the exact name without spaces, "/" or "*"'],
    ['a ttl over the max ttl', { tokenTtlSeconds: 7200, tokenMaxTtlSeconds: 3600 },
      'w: identity.tokenTtl (7200s) is longer than identity.tokenMaxTtl (3600s); make tokenTtl at most tokenMaxTtl'],
    ['a ttl that is not whole seconds', { tokenTtlSeconds: 1.5 }, 'w: identity.tokenTtl 1.5 seconds must be a whole number of seconds above 0'],
    ['an empty audience', { audience: ' ' }, 'w: identity.audience is empty; give the audience the vault role expects, e.g. "vault"'],
  ])('refuses %s', (_, extra, message) => {
    expect(() => VAULT_KUBERNETES.check('w', spec(extra))).toThrow(message);
  });
});

describe('authBlock', () => {
  test('names the ServiceAccount with the "vault" audience (Vault 1.21 requires one); a ClusterSecretStore adds its namespace', () => {
    expect(VAULT_KUBERNETES.authBlock(spec(), SA, StoreKind.SECRET_STORE)).toEqual({
      kubernetes: { mountPath: 'kubernetes', role: 'orders', serviceAccountRef: { name: 'orders', audiences: ['vault'] } },
    });
    expect(VAULT_KUBERNETES.authBlock(spec({ mountPath: 'k8s-prod', audience: 'https://vault.example.com' }), SA, StoreKind.CLUSTER_SECRET_STORE)).toEqual({
      kubernetes: { mountPath: 'k8s-prod', role: 'orders', serviceAccountRef: { name: 'orders', namespace: 'orders', audiences: ['https://vault.example.com'] } },
    });
  });

  test('the controller\'s ServiceAccount logs in with its own token: no serviceAccountRef', () => {
    expect(VAULT_KUBERNETES.authBlock(spec(), { mode: 'controller', name: 'external-secrets', namespace: 'external-secrets' }, StoreKind.SECRET_STORE))
      .toEqual({ kubernetes: { mountPath: 'kubernetes', role: 'orders' } });
  });
});

describe('documents', () => {
  test('read on exactly the referenced kv v2 paths, list on a find\'s metadata, and a role bound to exactly the ServiceAccount', () => {
    const docs = VAULT_KUBERNETES.documents('w', spec(), [use(vault, SA, [read('orders/db'), { where: 'app/es', field: 'dataFrom[0].find', find: { path: 'orders/flags' } }])]);
    expect(docs.policyName).toBe('orders');
    expect(docs.policyHcl).toBe([
      'path "secret/data/orders/db" {', '  capabilities = ["read"]', '}', '',
      'path "secret/data/orders/flags/*" {', '  capabilities = ["read"]', '}', '',
      'path "secret/metadata/orders/flags/*" {', '  capabilities = ["list"]', '}', '',
    ].join('\n'));
    expect(docs.role).toEqual({
      name: 'orders',
      mountPath: 'kubernetes',
      boundServiceAccountNames: ['orders'],
      boundServiceAccountNamespaces: ['orders'],
      tokenPolicies: ['orders'],
      audience: 'vault',
    });
    expect(docs.warnings).toEqual([]);
  });
});

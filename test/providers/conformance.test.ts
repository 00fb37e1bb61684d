/**
 * Every registered provider through the same checks: it renders CRD-valid, follows the SecretStore
 * namespace rule, derives permissions that allow every read it is given and nothing else, and has
 * a price (or is explicitly free). A provider registered without a sample here fails the suite.
 */
import { AwsAuth, KubernetesAuth, VaultAuth } from '../../src';
import { renderStoreSpec } from '../../src/core/binding/store';
import { ValidationError } from '../../src/core/model/errors';
import { StoreKind } from '../../src/core/model/kinds';
import { ProviderHandle } from '../../src/core/model/provider';
import { StoreRead } from '../../src/core/model/reads';
import { PROVIDER_MODULES } from '../../src/core/providers';
import { esoSchemaErrors } from '../support/eso-schema';

type ModuleName = keyof typeof PROVIDER_MODULES;

interface Sample {
  /** Options of a valid store in namespace "app". */
  readonly options: any;
  /** The same store referring to a Secret or ServiceAccount in namespace "other", or null when it refers to none. */
  readonly foreignNamespace: any | null;
  /** Remote keys a store of this backend can read. */
  readonly keys: string[];
}

const SAMPLES: Record<ModuleName, Sample> = {
  awsSecretsManager: {
    options: { region: 'us-east-1' },
    foreignNamespace: { region: 'us-east-1', auth: AwsAuth.serviceAccount({ name: 'eso', namespace: 'other' }) },
    keys: ['prod/db', 'prod/api'],
  },
  awsParameterStore: {
    options: { region: 'eu-west-1' },
    foreignNamespace: { region: 'eu-west-1', auth: AwsAuth.accessKeys({ accessKeyId: { name: 'k', key: 'id', namespace: 'other' }, secretAccessKey: { name: 'k', key: 'secret' } }) },
    keys: ['/prod/db', '/prod/api'],
  },
  vault: {
    options: { server: 'https://vault:8200', path: 'secret', auth: VaultAuth.token({ name: 't', key: 'token' }) },
    foreignNamespace: { server: 'https://vault:8200', path: 'secret', auth: VaultAuth.token({ name: 't', key: 'token', namespace: 'other' }) },
    keys: ['app/db', 'app/api'],
  },
  kubernetes: {
    options: { server: 'https://kubernetes.default.svc', auth: KubernetesAuth.token({ name: 't', key: 'token' }), remoteNamespace: 'source' },
    foreignNamespace: { server: 'https://kubernetes.default.svc', auth: KubernetesAuth.token({ name: 't', key: 'token', namespace: 'other' }), remoteNamespace: 'source' },
    keys: ['db', 'api'],
  },
  fakeWithValuesInManifest: {
    options: { acknowledgeValuesInManifest: true, data: [{ key: 'db', value: 'not-a-secret' }, { key: 'api', value: 'demo' }] },
    foreignNamespace: null,
    keys: ['db', 'api'],
  },
};

const NAMES = Object.keys(PROVIDER_MODULES) as ModuleName[];
const handle = (name: ModuleName, options: any): ProviderHandle => (PROVIDER_MODULES[name].create as (o: any) => ProviderHandle)(options);
const reads = (keys: string[]): StoreRead[] => keys.map((key, i) => ({ where: 'c/es', field: `data[${i}].remoteRef`, key }));

/** Actions, capabilities or verbs that only read. */
const READ_ONLY = /^(secretsmanager:(GetSecretValue|DescribeSecret|ListSecrets|BatchGetSecretValue)|ssm:(GetParameter|GetParametersByPath|ListTagsForResource|DescribeParameters)|kms:Decrypt|tag:GetResources|read|list|get)$/;

describe('provider conformance', () => {
  test('every registered provider has a sample', () => {
    expect(NAMES.filter((n) => !(n in SAMPLES))).toEqual([]);
  });

  describe.each(NAMES)('%s', (name) => {
    const sample = SAMPLES[name];

    test('renders a CRD-valid SecretStore', () => {
      const provider = handle(name, sample.options);
      const spec = renderStoreSpec({ where: 'c/s', name: 's', kind: StoreKind.SECRET_STORE, namespace: 'app', provider });
      const obj = { apiVersion: 'external-secrets.io/v1', kind: 'SecretStore', metadata: { name: 's', namespace: 'app' }, spec };
      expect(esoSchemaErrors(obj)).toEqual([]);
      expect(Object.keys(spec.provider as object)).toEqual([provider.key]);
    });

    test('a SecretStore may not refer to another namespace', () => {
      if (sample.foreignNamespace === null) {
        expect(handle(name, sample.options).namespacedRefs()).toEqual([]);
        return;
      }
      const provider = handle(name, sample.foreignNamespace);
      let error: unknown;
      try {
        renderStoreSpec({ where: 'c/s', name: 's', kind: StoreKind.SECRET_STORE, namespace: 'app', provider });
      } catch (e) {
        error = e;
      }
      expect(ValidationError.isValidationError(error)).toBe(true);
      expect((error as ValidationError).message).toContain('"other"');
      // A ClusterSecretStore may.
      expect(() => renderStoreSpec({ where: 'c/s', name: 's', kind: StoreKind.CLUSTER_SECRET_STORE, provider })).not.toThrow();
    });

    test('its permissions allow every read it is given, and nothing else', () => {
      const provider = handle(name, sample.options);
      const p = provider.permissions;
      const given = reads(sample.keys);
      if (p['aws-iam']) {
        const ctx = { where: 'c/s', partition: 'aws', account: '123456789012', roleArn: 'arn:aws:iam::123456789012:role/eso' };
        const grants = p['aws-iam'](ctx, given, []);
        for (const key of sample.keys) {
          expect(grants.read.some((g) => g.resource.includes(key.replace(/^\//, '')))).toBe(true);
        }
        expect(grants.read.flatMap((g) => g.actions).every((a) => READ_ONLY.test(a))).toBe(true);
        expect(grants.read.some((g) => g.resource === '*')).toBe(false);
        expect(p['aws-iam'](ctx, [], []).read).toEqual([]);
      }
      if (p['vault-acl']) {
        const grants = p['vault-acl']({ where: 'c/s' }, given, []);
        for (const key of sample.keys) {
          expect([...grants.paths.keys()].some((path) => path.endsWith(key))).toBe(true);
        }
        expect([...grants.paths.values()].flatMap((caps) => [...caps]).every((c) => READ_ONLY.test(c))).toBe(true);
        expect(p['vault-acl']({ where: 'c/s' }, [], []).paths.size).toBe(0);
      }
      if (p['kubernetes-rbac']) {
        const grants = p['kubernetes-rbac']({ where: 'c/s' }, given, []);
        const names = grants.rules.flatMap((r) => r.resourceNames ?? []);
        expect([...names].sort()).toEqual([...sample.keys].sort());
        expect(grants.rules.every((r) => r.resourceNames !== undefined && r.verbs.every((v) => READ_ONLY.test(v)))).toBe(true);
        expect(p['kubernetes-rbac']({ where: 'c/s' }, [], []).rules).toEqual([]);
      }
    });

    test('has a price, or is explicitly free', () => {
      const price = handle(name, sample.options).price;
      expect(price === 'free' || (typeof price === 'object' && price.per10k > 0)).toBe(true);
    });
  });
});

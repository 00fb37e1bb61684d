import { externalSecretWarnings } from '../../src/core/cost/refresh';
import { GoDuration } from '../../src/core/model/duration';
import { StoreKind } from '../../src/core/model/kinds';
import { StoreHandle } from '../../src/core/model/store-handle';
import { SecretStoreProvider } from '../../src/core/providers';
import { DataFrom } from '../../src/core/resources/data-from';
import { declaredKeys, RefreshPolicy, renderExternalSecretSpec } from '../../src/core/resources/external-secret';
import { RemoteReference } from '../../src/core/resources/remote-ref';
import { TemplateFrom, TemplateMergePolicy } from '../../src/core/resources/template';

const store: StoreHandle = {
  where: 'stack/aws',
  name: 'aws',
  kind: StoreKind.CLUSTER_SECRET_STORE,
  provider: SecretStoreProvider.awsSecretsManager({ region: 'us-east-1' })._handle,
};

describe('renderExternalSecretSpec (framework-free)', () => {
  test('renders a plain declaration', () => {
    expect(renderExternalSecretSpec({
      where: 'stack/db',
      name: 'db',
      namespace: 'app',
      store,
      refreshInterval: GoDuration.parse('15m'),
      data: [{ secretKey: 'password', ref: RemoteReference.of('/db', { property: 'password' }) }],
      dataFrom: [],
    })).toEqual({
      refreshInterval: '15m',
      secretStoreRef: { name: 'aws', kind: 'ClusterSecretStore' },
      target: { name: 'db' },
      data: [{ secretKey: 'password', remoteRef: { key: '/db', property: 'password' } }],
    });
  });
});

describe('declaredKeys', () => {
  const data = [{ secretKey: 'a', ref: RemoteReference.of('x') }, { secretKey: 'b', ref: RemoteReference.of('y') }];

  test.each([
    ['data only', { data, dataFrom: [] }, { keys: ['a', 'b'], open: false }],
    ['dataFrom opens the set', { data, dataFrom: [DataFrom.find({ path: '/' })] }, { keys: ['a', 'b'], open: true }],
    ['a replacing template owns the keys', { data, dataFrom: [DataFrom.find({ path: '/' })], target: { template: { data: { dsn: '{{ .a }}' } } } }, { keys: ['dsn'], open: false }],
    ['a merging template adds keys', { data, dataFrom: [], target: { template: { mergePolicy: TemplateMergePolicy.MERGE, data: { dsn: '' } } } }, { keys: ['a', 'b', 'dsn'], open: false }],
    ['templateFrom opens the set', { data, dataFrom: [], target: { template: { templateFrom: [TemplateFrom.literal('k: v')] } } }, { keys: [], open: true }],
  ])('%s', (_name, decl, expected) => {
    expect(declaredKeys(decl as any)).toEqual(expected);
  });
});

describe('refresh cost warnings', () => {
  const decl = (interval: string, provider = store.provider) => ({
    where: 'stack/db',
    name: 'db',
    store: { ...store, provider },
    refreshInterval: GoDuration.parse(interval),
    data: [{ secretKey: 'a', ref: RemoteReference.of('x') }],
    dataFrom: [DataFrom.find({ path: '/p' })],
  });

  test('states calls and cost per month', () => {
    expect(externalSecretWarnings(decl('30s'))).toEqual([
      'stack/db: refreshInterval "30s" against AWS Secrets Manager makes about 172,800 api calls a month (2 remote secrets every 30s), about $0.86 a month at $0.05 per 10,000 calls; use 1m or more (eso\'s default is 1h) unless the secret really changes that fast',
    ]);
    expect(externalSecretWarnings(decl('59s', SecretStoreProvider.custom('gcpsm', { projectID: 'p' })._handle))[0]).toContain('against GCP Secret Manager');
    expect(externalSecretWarnings(decl('10s', SecretStoreProvider.awsParameterStore({ region: 'us-east-1' })._handle))[0]).toContain('with higher throughput enabled');
  });

  test.each(['1m', '1h'])('none at %p', (interval) => {
    expect(externalSecretWarnings(decl(interval))).toEqual([]);
  });

  test('none about cost at "0s", which fetches once: said when no refreshPolicy says so (external-secrets#4167)', () => {
    expect(externalSecretWarnings(decl('0s'))).toEqual([
      'stack/db: refreshInterval "0s" without a refreshPolicy fetches once: eso reads 0 as "do not refresh" and then ignores changes to the ExternalSecret too (a new version, key or template is never synced); set refreshPolicy "CreatedOnce" if that is meant, or "OnChange" to sync each change of the ExternalSecret',
    ]);
    expect(externalSecretWarnings({ ...decl('0s'), refreshPolicy: RefreshPolicy.CREATED_ONCE })).toEqual([]);
    expect(externalSecretWarnings({ ...decl('0s'), target: { immutable: true } })).toEqual([]);
  });
});

describe('RemoteReference.escapeProperty', () => {
  test.each([
    ['ca.crt', 'ca\\.crt'],
    ['a*b?c', 'a\\*b\\?c'],
    ['#|@!', '\\#\\|\\@\\!'],
    ['back\\slash', 'back\\\\slash'],
    ['plain', 'plain'],
  ])('%p -> %p', (key, escaped) => {
    expect(RemoteReference.escapeProperty(key)).toBe(escaped);
  });
});

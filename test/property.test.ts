/**
 * Property-based: random valid declarations always render ESO objects that validate against the
 * ESO v2.9.0 CRD schemas, and rendering is deterministic.
 */
import { Chart, Duration, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import {
  AwsAuth,
  ClusterSecretStore,
  ConversionStrategy,
  CreationPolicy,
  DataFrom,
  DecodingStrategy,
  DeletionPolicy,
  ExternalSecret,
  ISecretStore,
  MetadataPolicy,
  NullBytePolicy,
  RefreshPolicy,
  RemoteReferenceOptions,
  Rewrite,
  SecretStore,
  SecretStoreProvider,
  TemplateMergePolicy,
  VaultAuth,
  VaultKvVersion,
} from '../src';
import { expectValidEso } from './support/eso-schema';

const label = fc.stringMatching(/^[a-z]([-a-z0-9]{0,10}[a-z0-9])?$/);
const secretKey = fc.stringMatching(/^[A-Za-z_][-._A-Za-z0-9]{0,20}$/);
const remoteKey = fc.stringMatching(/^\/?[a-z][a-z0-9/_-]{0,30}[a-z0-9]$/);

/** A key as the store's backend names it: a parameter name has no empty sub-path ("//"), prefix included. */
function keyOf(kind: string, prefix: string | undefined): fc.Arbitrary<string> {
  return kind === 'aws-ps' ? remoteKey.filter((k) => !`${prefix ?? ''}${k}`.includes('//')) : remoteKey;
}
const region = fc.constantFrom('us-east-1', 'eu-west-2', 'ap-southeast-1', 'us-gov-west-1');
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const sa = (namespace?: string) => fc.record({
  name: label,
  audiences: maybe(fc.array(fc.constantFrom('vault', 'sts.amazonaws.com'), { minLength: 1, maxLength: 2 })),
}).map((s) => ({ ...s, namespace }));

const keySel = (namespace?: string) => fc.record({ name: label, key: secretKey }).map((s) => ({ ...s, namespace }));

/** A provider valid for a store in `namespace` (undefined for a cluster store with referent refs). */
function providerArb(namespace: string | undefined) {
  const awsAuth = fc.oneof(
    sa(namespace).map((s) => AwsAuth.serviceAccount(s)),
    fc.record({ accessKeyId: keySel(namespace), secretAccessKey: keySel(namespace), sessionToken: maybe(keySel(namespace)) })
      .map((o) => AwsAuth.accessKeys(o)),
    fc.constant(AwsAuth.controllerIdentity()),
  );
  const aws = fc.record({
    region,
    auth: maybe(awsAuth),
    role: maybe(fc.constant('arn:aws:iam::123456789012:role/eso/reader')),
    prefix: maybe(fc.constantFrom('/prod/', 'team-')),
  }).chain((o) => fc.record({
    externalId: o.role ? maybe(fc.constant('ext-123')) : fc.constant(undefined),
    sessionTags: o.role ? maybe(fc.constant([{ key: 'team', value: 'a' }])) : fc.constant(undefined),
  }).map((extra) => ({ ...o, ...extra, transitiveTagKeys: extra.sessionTags ? ['team'] : undefined })));
  const vaultAuth = fc.oneof(
    fc.record({ role: label, mountPath: maybe(fc.constantFrom('kubernetes', 'k8s/prod')), serviceAccount: maybe(sa(namespace)) }).map((o) => VaultAuth.kubernetes(o)),
    fc.record({ roleId: fc.uuid(), secretId: keySel(namespace), path: maybe(fc.constant('approle')) }).map((o) => VaultAuth.appRole(o)),
    keySel(namespace).map((s) => VaultAuth.token(s)),
    fc.record({ role: maybe(label), serviceAccount: sa(namespace) }).map((o) => VaultAuth.jwt(o)),
  );
  const vault = fc.record({
    server: fc.constantFrom('https://vault.example.com:8200', 'http://vault.vault:8200'),
    path: maybe(fc.constantFrom('secret', 'kv', 'team/kv')),
    version: maybe(fc.constantFrom(VaultKvVersion.V1, VaultKvVersion.V2)),
    namespace: maybe(fc.constantFrom('admin', 'team-a')),
    auth: vaultAuth,
  });
  return fc.oneof(
    aws.map((o) => ({ kind: 'aws-sm' as const, provider: SecretStoreProvider.awsSecretsManager(o), prefix: o.prefix, vaultPath: undefined })),
    aws.map((o) => ({ kind: 'aws-ps' as const, provider: SecretStoreProvider.awsParameterStore(o), prefix: o.prefix, vaultPath: undefined })),
    vault.map((o) => ({ kind: o.version === VaultKvVersion.V1 ? 'vault-v1' as const : 'vault-v2' as const, provider: SecretStoreProvider.vault(o), prefix: undefined, vaultPath: o.path })),
  );
}

type Backend = 'aws-sm' | 'aws-ps' | 'vault-v1' | 'vault-v2';

const property = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}(\.[a-z][a-z0-9_]{0,8})?$/).filter((p) => !/^data(\.|$)/.test(p));

// Arbitraries are built once per backend: building them inside `chain` for every run is slow.
const REF_OPTIONS = new Map<Backend, fc.Arbitrary<RemoteReferenceOptions>>();
function refOptionsArb(backend: Backend): fc.Arbitrary<RemoteReferenceOptions> {
  if (!REF_OPTIONS.has(backend)) {
    REF_OPTIONS.set(backend, buildRefOptionsArb(backend));
  }
  return REF_OPTIONS.get(backend)!;
}

function buildRefOptionsArb(backend: Backend): fc.Arbitrary<RemoteReferenceOptions> {
  return fc.record({
    property: maybe(property),
    version: backend === 'aws-sm' ? maybe(fc.constantFrom('AWSPREVIOUS', 'AWSCURRENT', 'uuid/0123456789abcdef0123456789abcdef'))
      : backend === 'aws-ps' ? maybe(fc.constantFrom('3', 'release')) : backend === 'vault-v2' ? maybe(fc.constantFrom('1', '7')) : fc.constant(undefined),
    metadataPolicy: backend === 'vault-v1' ? maybe(fc.constant(MetadataPolicy.NONE)) : maybe(fc.constantFrom(MetadataPolicy.NONE, MetadataPolicy.FETCH)),
    conversionStrategy: maybe(fc.constantFrom(ConversionStrategy.DEFAULT, ConversionStrategy.UNICODE)),
    decodingStrategy: maybe(fc.constantFrom(DecodingStrategy.AUTO, DecodingStrategy.BASE64, DecodingStrategy.BASE64_URL, DecodingStrategy.NONE)),
    nullBytePolicy: maybe(fc.constantFrom(NullBytePolicy.IGNORE, NullBytePolicy.FAIL)),
  }, { requiredKeys: [] })
    // An aws version with metadataPolicy Fetch is refused (eso reads tags, which have no versions).
    .map((o) => (backend.startsWith('aws') && o.version !== undefined && o.metadataPolicy === MetadataPolicy.FETCH ? { ...o, metadataPolicy: undefined } : o));
}

const policies = fc.constantFrom<[CreationPolicy | undefined, DeletionPolicy | undefined]>(
  [undefined, undefined],
  [CreationPolicy.OWNER, DeletionPolicy.DELETE],
  [CreationPolicy.OWNER, DeletionPolicy.MERGE],
  [CreationPolicy.ORPHAN, DeletionPolicy.RETAIN],
  [CreationPolicy.MERGE, DeletionPolicy.MERGE],
  [CreationPolicy.CREATE_OR_MERGE, DeletionPolicy.RETAIN],
  [CreationPolicy.NONE, DeletionPolicy.RETAIN],
  [undefined, DeletionPolicy.DELETE],
);

const declaration = fc.record({
  namespace: label,
  cluster: fc.boolean(),
  conditions: fc.boolean(),
  seed: fc.nat(),
}).chain(({ namespace, cluster, conditions }) => providerArb(cluster ? undefined : namespace)
  .chain(({ kind, provider, prefix, vaultPath }) => fc.record({
    namespace: fc.constant(namespace),
    cluster: fc.constant(cluster),
    conditions: fc.constant(cluster && conditions ? [{ namespaces: [namespace] }, { namespaceRegexes: ['^team-'] }] : undefined),
    provider: fc.constant(provider),
    storeRefreshMinutes: maybe(fc.integer({ min: 0, max: 120 })),
    refreshSeconds: maybe(fc.integer({ min: 0, max: 86_400 })),
    refreshPolicy: maybe(fc.constant(RefreshPolicy.PERIODIC)),
    policies,
    immutable: maybe(fc.boolean()),
    template: maybe(fc.record({
      type: maybe(fc.constantFrom('Opaque', 'kubernetes.io/tls', 'kubernetes.io/dockerconfigjson')),
      mergePolicy: maybe(fc.constantFrom(TemplateMergePolicy.REPLACE, TemplateMergePolicy.MERGE)),
      labels: maybe(fc.dictionary(label, label, { maxKeys: 2 })),
      // A template that reads no key by name: ESO fails the sync on a key its data lacks.
      data: maybe(fc.dictionary(secretKey, fc.constant('{{ range $key, $value := . }}{{ $key }}={{ $value }};{{ end }}'), { minKeys: 1, maxKeys: 3 })),
    }, { requiredKeys: [] })),
    data: fc.uniqueArray(fc.tuple(secretKey, keyOf(kind, prefix), refOptionsArb(kind)), { selector: ([k]) => k, maxLength: 6 }),
    extract: fc.array(fc.tuple(keyOf(kind, prefix), refOptionsArb(kind)), { maxLength: 2 }),
    find: maybe(fc.record({
      // Through a path prefix, find paths are under it (eso does not put the prefix before them).
      path: maybe(prefix === '/prod/' ? fc.constantFrom('/prod/', '/prod/team') : kind === 'aws-ps' ? fc.constantFrom('/prod/', '/team') : fc.constantFrom('/prod/', 'team')),
      nameRegexp: maybe(fc.constantFrom('^app-', '.*-db$')),
      tags: kind === 'vault-v1' ? fc.constant(undefined) : maybe(fc.constant({ env: 'prod' })),
    }).filter((f) => f.path !== undefined || f.nameRegexp !== undefined || f.tags !== undefined)
    // Parameter store finds use the name and drop the tags; refused.
      .filter((f) => kind !== 'aws-ps' || f.nameRegexp === undefined || f.tags === undefined)
    // A secrets manager name find without a path reads prefix + name; refused with a prefix.
      .filter((f) => kind !== 'aws-sm' || prefix === undefined || f.path !== undefined || f.nameRegexp === undefined)),
    rewrite: maybe(fc.constantFrom([Rewrite.regexp('^(?:.*/)?', 'x_')], [Rewrite.transform('{{ .value | upper }}')])),
  }).filter((d) => !kind.startsWith('vault') || vaultRules(d, vaultPath, kind)))).filter((d) => d.data.length + d.extract.length + (d.find ? 1 : 0) > 0)
  .filter(refreshRules)
  .filter(secretTypeRules);

/**
 * What ESO's controller would never refresh is refused (externalsecret_controller.go
 * shouldRefreshPeriodic and mutationFunc): Periodic with a zero interval, and an immutable
 * Secret that is refreshed.
 */
function refreshRules(d: { refreshPolicy?: RefreshPolicy; refreshSeconds?: number; immutable?: boolean }): boolean {
  if (d.refreshPolicy === RefreshPolicy.PERIODIC && d.refreshSeconds === 0) {
    return false;
  }
  return !d.immutable || d.refreshSeconds === 0;
}

/**
 * A Secret type the API server requires keys of (tls.crt and tls.key, .dockerconfigjson) is
 * refused when the declared keys are all known and lack them; here that is whenever the template
 * owns the keys or nothing comes from dataFrom.
 */
interface TypedTemplate {
  template?: { type?: string; mergePolicy?: TemplateMergePolicy; data?: Record<string, string> };
  extract: unknown[];
  find?: unknown;
}

function secretTypeRules(d: TypedTemplate): boolean {
  const type = d.template?.type;
  if (type !== 'kubernetes.io/tls' && type !== 'kubernetes.io/dockerconfigjson') {
    return true;
  }
  const templateOwnsKeys = d.template?.mergePolicy !== TemplateMergePolicy.MERGE && Object.keys(d.template?.data ?? {}).length > 0;
  return !templateOwnsKeys && (d.extract.length > 0 || d.find !== undefined);
}

/**
 * What ESO's vault client would misread is refused (client_get.go buildPath, client_get_all_secrets.go):
 * no find without a store path, no leading "/" on kv v2 keys without one, no other mount's "/data/".
 */
function vaultRules(d: { data: any[]; extract: any[]; find?: unknown }, path: string | undefined, kind: string): boolean {
  const keys = [...d.data.map(([, key]) => key as string), ...d.extract.map(([key]) => key as string)];
  if (path === undefined && d.find !== undefined) {
    return false;
  }
  if (kind === 'vault-v2' && path === undefined && keys.some((k) => k.startsWith('/'))) {
    return false;
  }
  return !keys.some((k) => /(^|\/)data\//.test(k));
}

function build(d: fc.Arbitrary<any> extends fc.Arbitrary<infer T> ? T : never): any[] {
  const chart = new Chart(Testing.app(), 'prop', { namespace: d.namespace });
  const storeProps = {
    provider: d.provider,
    refreshInterval: d.storeRefreshMinutes !== undefined ? Duration.minutes(d.storeRefreshMinutes) : undefined,
  };
  const store: ISecretStore = d.cluster
    ? new ClusterSecretStore(chart, 'store', { ...storeProps, conditions: d.conditions })
    : new SecretStore(chart, 'store', storeProps);
  const [creationPolicy, deletionPolicy] = d.policies;
  new ExternalSecret(chart, 'es', {
    store,
    refreshInterval: d.refreshSeconds !== undefined ? Duration.seconds(d.refreshSeconds) : undefined,
    refreshPolicy: d.refreshPolicy,
    target: { creationPolicy, deletionPolicy, immutable: d.immutable, template: d.template },
    data: Object.fromEntries(d.data.map(([k, key, options]: any) => [k, store.ref(key, options)])),
    dataFrom: [
      // ESO converts keys only without a rewrite: Unicode with one is refused.
      ...d.extract.map(([key, options]: any) =>
        DataFrom.extract(store.ref(key, d.rewrite ? withoutUnicode(options) : options), { rewrite: d.rewrite })),
      ...(d.find ? [store.find({ ...d.find, rewrite: d.rewrite })] : []),
    ],
  });
  return Testing.synth(chart);
}

describe('random valid declarations', () => {
  const warn = jest.spyOn(console, 'warn');
  beforeAll(() => warn.mockImplementation(() => undefined));
  afterAll(() => warn.mockRestore());

  test('1,000 declarations all render schema-valid ESO objects', () => {
    let checked = 0;
    fc.assert(fc.property(declaration, (d) => {
      const manifests = build(d);
      const eso = expectValidEso(manifests);
      expect(eso.map((m) => m.kind)).toEqual([d.cluster ? 'ClusterSecretStore' : 'SecretStore', 'ExternalSecret']);
      checked++;
    }), { numRuns: 1000, seed: 20261122 });
    expect(checked).toBe(1000);
  });

  test('rendering is deterministic', () => {
    fc.assert(fc.property(declaration, (d) => {
      expect(JSON.stringify(build(d))).toBe(JSON.stringify(build(d)));
    }), { numRuns: 100 });
  });
});

/** Options without the Unicode key conversion, which ESO skips when keys are rewritten. */
function withoutUnicode<T extends { conversionStrategy?: ConversionStrategy }>(options: T): T {
  return options.conversionStrategy === ConversionStrategy.UNICODE ? { ...options, conversionStrategy: undefined } : options;
}

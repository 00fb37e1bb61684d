/**
 * Random whole apps for the API server check: an optional ESO operator install, stores of every
 * provider (with provider auth or a store identity of every kind), ExternalSecrets reading through
 * them, workloads consuming their Secrets, and the identities' GitOps resources.
 *
 * A declaration is plain data (printed when the API server refuses something it produced) and is
 * valid by construction: esokit refusing one is a generator bug, and fails the test.
 */
import { Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as fc from 'fast-check';
import {
  AckIamRole,
  AwsAuth,
  CaProviderType,
  ClusterSecretStore,
  ConversionStrategy,
  CreationPolicy,
  CrdSource,
  DataFrom,
  DecodingStrategy,
  DeletionPolicy,
  EsoLogLevel,
  EsoOperator,
  ExternalSecret,
  FakeValidationResult,
  IdentityServiceAccount,
  KubernetesAuth,
  MetadataPolicy,
  NullBytePolicy,
  OperatorInstall,
  RefreshPolicy,
  RemoteReferenceOptions,
  Rewrite,
  SecretStore,
  SecretStoreBase,
  SecretStoreProvider,
  StoreIdentity,
  TemplateMergePolicy,
  VaultAuth,
  VaultConfigOperatorRole,
  VaultKvVersion,
} from '../../src';

// A throwaway self-signed certificate (no key exists for it): esokit parses CA bundles.
const CA_PEM = `-----BEGIN CERTIFICATE-----
MIIBiDCCAS+gAwIBAgIUBzwoOyOgPGWg08+GFzJK/VkhPYYwCgYIKoZIzj0EAwIw
GTEXMBUGA1UEAwwOZXNva2l0LXRlc3QtY2EwIBcNMjYxMjAyMDQ0OTA2WhgPMjEy
NjExMDgwNDQ5MDZaMBkxFzAVBgNVBAMMDmVzb2tpdC10ZXN0LWNhMFkwEwYHKoZI
zj0CAQYIKoZIzj0DAQcDQgAEwvXo9WtBLGT0uD7GPA8HkgttRqmzB2bgaixbh8eO
QLlquD9PdYRR47x5NL0z+JFOEE93Usg927Tgd91iSztfDaNTMFEwHQYDVR0OBBYE
FMBO/fFrYNxkUxCMfocq1HkeGWbcMB8GA1UdIwQYMBaAFMBO/fFrYNxkUxCMfocq
1HkeGWbcMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDRwAwRAIgFQ0aI1te
SbkBYIXGrXj0dBMyW+H7XvI8i87OtODEhxECIAN6fT9YoGy7sAJ9p/nzmfDo2y5t
bh+TglO9mKwG8Lv0
-----END CERTIFICATE-----`;

const OIDC = 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const KMS = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** ESO providers esokit does not model, as raw blocks valid against ESO v2.9.0's schema. */
export const CUSTOM_BLOCKS: ReadonlyArray<[string, Record<string, unknown>]> = [
  ['gcpsm', { projectID: 'my-project', auth: { workloadIdentity: { clusterLocation: 'europe-west1', clusterName: 'c1', serviceAccountRef: { name: 'eso-gcp' } } } }],
  ['azurekv', { vaultUrl: 'https://my-vault.vault.azure.net', authType: 'WorkloadIdentity', serviceAccountRef: { name: 'eso-azure' } }],
  ['gitlab', { url: 'https://gitlab.example.com', projectID: '42', auth: { SecretRef: { accessToken: { name: 'gitlab', key: 'token' } } } }],
  ['doppler', { auth: { secretRef: { dopplerToken: { name: 'doppler', key: 'token' } } } }],
];

const label = fc.stringMatching(/^[a-z]([-a-z0-9]{0,8}[a-z0-9])?$/);
/** Object names near the limits: dotted DNS subdomains up to about 240 characters, labels up to 63. */
const longName = fc.oneof(
  fc.stringMatching(/^[a-z]([-a-z0-9]{40,60}[a-z0-9])$/),
  fc.array(fc.stringMatching(/^[a-z]([-a-z0-9]{20,50}[a-z0-9])$/), { minLength: 2, maxLength: 4 }).map((parts) => parts.join('.')),
);
const secretKey = fc.stringMatching(/^[A-Za-z_][-._A-Za-z0-9]{0,16}$/);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

export type ProviderKind = 'awsSecretsManager' | 'awsParameterStore' | 'vault' | 'kubernetes' | 'fake' | 'custom';
export type IdentityKindName = 'irsa' | 'podIdentity' | 'vaultKubernetes' | 'kubernetesServiceAccount';
export type InstallKind = 'manifests' | 'flux' | 'argoCd';

type Sa = { mode: 'create'; name?: string } | { mode: 'existing'; name: string } | { mode: 'controller' };

export interface ProviderDecl {
  readonly kind: ProviderKind;
  /** The provider's options, with auth as a tagged value (made into esokit objects by build). */
  readonly options: Record<string, any>;
  readonly auth?: { method: string; [k: string]: any };
  /** The custom provider's key. */
  readonly key?: string;
}

export interface IdentityDecl {
  readonly kind: IdentityKindName;
  readonly options: Record<string, any>;
  readonly serviceAccount?: Sa;
  /** Also emit the identity's GitOps resources (ACK Role, vault-config-operator Policy/Role). */
  readonly gitops: boolean;
}

export interface ReadDecl {
  readonly secretKey: string;
  readonly key: string;
  readonly options: RemoteReferenceOptions;
}

export interface ExternalSecretDecl {
  readonly name?: string;
  readonly data: ReadDecl[];
  readonly extract: Array<{ key: string; options: RemoteReferenceOptions }>;
  readonly find?: Record<string, any>;
  readonly rewrite?: 'regexp' | 'transform';
  readonly refreshSeconds?: number;
  readonly refreshPolicy?: RefreshPolicy;
  readonly policies: [CreationPolicy | undefined, DeletionPolicy | undefined];
  readonly template?: Record<string, any>;
  readonly targetName?: string;
  /** A Deployment reading the first data key as an env var and mounting the Secret. */
  readonly workload: boolean;
}

export interface StoreDecl {
  readonly name: string;
  readonly cluster: boolean;
  readonly provider: ProviderDecl;
  readonly identity?: IdentityDecl;
  readonly refreshMinutes?: number;
  readonly retryMaxRetries?: number;
  readonly controller?: string;
  readonly externalSecrets: ExternalSecretDecl[];
}

export interface OperatorDecl {
  readonly install: InstallKind;
  readonly options: Record<string, any>;
}

export interface AppDecl {
  readonly namespace: string;
  readonly operator?: OperatorDecl;
  readonly stores: StoreDecl[];
}

/** Remote keys each backend can read. */
function keyArb(kind: ProviderKind): fc.Arbitrary<string> {
  switch (kind) {
    case 'awsSecretsManager':
      return fc.stringMatching(/^\/?[a-z][a-z0-9_-]{0,8}(\/[a-z0-9_-]{1,8}){0,2}$/);
    case 'awsParameterStore':
      return fc.stringMatching(/^\/[a-z][a-z0-9_-]{0,8}(\/[a-z0-9_.-]{1,8}){0,2}$/);
    case 'vault':
      return fc.stringMatching(/^[a-z][a-z0-9_-]{0,8}(\/[a-z0-9_-]{1,8}){0,2}$/).filter((k) => !/(^|\/)(data|metadata)(\/|$)/.test(k));
    case 'kubernetes':
      return fc.stringMatching(/^[a-z]([-a-z0-9]{0,10}[a-z0-9])?$/);
    default:
      return fc.stringMatching(/^[a-z][a-z0-9_-]{0,12}$/);
  }
}

const property = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/).filter((p) => !/^data/.test(p));

function refOptionsArb(kind: ProviderKind, vaultVersion?: VaultKvVersion): fc.Arbitrary<RemoteReferenceOptions> {
  const version = kind === 'awsSecretsManager' ? maybe(fc.constantFrom('AWSPREVIOUS', 'AWSCURRENT', 'uuid/0123456789abcdef0123456789abcdef'))
    : kind === 'awsParameterStore' ? maybe(fc.constantFrom('3', 'release'))
      : kind === 'vault' && vaultVersion !== VaultKvVersion.V1 ? maybe(fc.constantFrom('1', '7'))
        : kind === 'custom' ? maybe(fc.constant('latest')) : fc.constant(undefined);
  // Fetch is refused where the backend ignores it (fake, kv v1) or reads no versions (aws).
  const fetchAllowed = kind === 'awsSecretsManager' || kind === 'awsParameterStore' || kind === 'custom' || (kind === 'vault' && vaultVersion !== VaultKvVersion.V1);
  return fc.record({
    // The kubernetes provider looks the property up as a Secret data key; fake values are plain.
    property: kind === 'fake' ? fc.constant(undefined) : maybe(property),
    version,
    metadataPolicy: fetchAllowed ? maybe(fc.constantFrom(MetadataPolicy.NONE, MetadataPolicy.FETCH)) : maybe(fc.constant(MetadataPolicy.NONE)),
    conversionStrategy: maybe(fc.constantFrom(ConversionStrategy.DEFAULT, ConversionStrategy.UNICODE)),
    decodingStrategy: maybe(fc.constantFrom(DecodingStrategy.AUTO, DecodingStrategy.BASE64, DecodingStrategy.BASE64_URL, DecodingStrategy.NONE)),
    nullBytePolicy: maybe(fc.constantFrom(NullBytePolicy.IGNORE, NullBytePolicy.FAIL)),
  }, { requiredKeys: [] }).map((o) => {
    const out: Record<string, unknown> = { ...o };
    if (o.metadataPolicy === MetadataPolicy.FETCH) {
      // A version means nothing for tags/metadata; vault metadata needs the data path form.
      delete out.version;
      if (kind === 'vault') {
        delete out.metadataPolicy;
      }
    }
    return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as RemoteReferenceOptions;
  });
}

const selector = (namespace: boolean) => fc.record({
  name: label.map((l) => `cred-${l}`),
  key: secretKey,
  namespace: namespace ? label.map((l) => `ns-${l}`) : fc.constant(undefined),
}).map((s) => (s.namespace === undefined ? { name: s.name, key: s.key } : s));

const saSelector = (namespace: boolean) => fc.record({
  name: label.map((l) => `sa-${l}`),
  namespace: namespace ? maybe(label.map((l) => `ns-${l}`)) : fc.constant(undefined),
  audiences: maybe(fc.array(fc.constantFrom('vault', 'sts.amazonaws.com'), { minLength: 1, maxLength: 2 })),
}).map((s) => Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as { name: string });

function awsArb(kind: 'awsSecretsManager' | 'awsParameterStore', cluster: boolean, withAuth: boolean): fc.Arbitrary<ProviderDecl> {
  const auth = withAuth ? maybe(fc.oneof(
    saSelector(cluster).map((serviceAccount) => ({ method: 'serviceAccount', serviceAccount })),
    fc.record({ accessKeyId: selector(cluster), secretAccessKey: selector(cluster), sessionToken: maybe(selector(cluster)) })
      .map((o) => ({ method: 'accessKeys', ...o, sessionToken: o.sessionToken })),
    fc.constant({ method: 'controllerIdentity' }),
  )) : fc.constant(undefined);
  return fc.record({
    region: fc.constantFrom('us-east-1', 'eu-west-2', 'ap-southeast-1'),
    role: maybe(fc.constant('arn:aws:iam::123456789012:role/eso/reader')),
    prefix: maybe(fc.constantFrom('/prod/', 'team-')),
    kms: fc.boolean(),
    auth,
  }).chain((o) => fc.record({
    externalId: o.role ? maybe(fc.constant('ext-123')) : fc.constant(undefined),
    sessionTags: o.role ? maybe(fc.constant([{ key: 'team', value: 'a' }])) : fc.constant(undefined),
  }).map((extra) => ({
    kind,
    auth: o.auth,
    options: {
      // KMS keys are per region: only us-east-1 has one here.
      region: o.kms ? 'us-east-1' : o.region,
      role: o.role,
      prefix: o.prefix,
      kmsKeyArns: o.kms ? [KMS] : undefined,
      ...extra,
      transitiveTagKeys: extra.sessionTags ? ['team'] : undefined,
    },
  })));
}

function vaultArb(cluster: boolean, withAuth: boolean): fc.Arbitrary<ProviderDecl> {
  const auth = withAuth ? fc.oneof(
    fc.record({ role: label, mountPath: maybe(fc.constantFrom('kubernetes', 'k8s/prod')), serviceAccount: maybe(saSelector(cluster)) })
      .map((o) => ({ method: 'kubernetes', ...o })),
    fc.record({ roleId: fc.uuid(), secretId: selector(cluster), path: maybe(fc.constant('approle')) }).map((o) => ({ method: 'appRole', ...o })),
    selector(cluster).map((s) => ({ method: 'token', secret: s })),
    fc.record({ role: maybe(label), serviceAccount: saSelector(cluster) }).map((o) => ({ method: 'jwt', ...o })),
  ) : fc.constant(undefined);
  return fc.record({
    server: fc.constantFrom('https://vault.example.com:8200', 'http://vault.vault:8200'),
    path: maybe(fc.constantFrom('secret', 'kv', 'team/kv')),
    version: maybe(fc.constantFrom(VaultKvVersion.V1, VaultKvVersion.V2)),
    namespace: maybe(fc.constantFrom('admin', 'team-a')),
    ca: fc.constantFrom(undefined, 'bundle', 'provider'),
    auth,
  }).map(({ ca, auth: a, ...options }) => ({
    kind: 'vault' as const,
    auth: a,
    options: {
      ...options,
      caBundle: ca === 'bundle' ? CA_PEM : undefined,
      caProvider: ca === 'provider' ? { type: CaProviderType.SECRET, name: 'vault-ca', key: 'ca.crt', namespace: cluster ? 'vault' : undefined } : undefined,
    },
  }));
}

function kubernetesArb(cluster: boolean, withAuth: boolean): fc.Arbitrary<ProviderDecl> {
  // A ClusterSecretStore must name the namespace of every Secret it refers to.
  const auth = withAuth ? fc.oneof(
    saSelector(false).chain((sa) => (cluster ? label.map((l) => ({ ...sa, namespace: `ns-${l}` })) : fc.constant(sa)))
      .map((serviceAccount) => ({ method: 'serviceAccount', serviceAccount })),
    selector(cluster).map((bearerToken) => ({ method: 'token', bearerToken })),
    fc.record({ clientCert: selector(cluster), clientKey: selector(cluster) }).map((o) => ({ method: 'cert', ...o })),
  ) : fc.constant(undefined);
  return fc.record({
    server: fc.constantFrom('https://kubernetes.default.svc', 'https://10.0.0.1:6443'),
    remoteNamespace: maybe(label.map((l) => `src-${l}`)),
    ca: fc.constantFrom(undefined, 'bundle', 'provider'),
    auth,
  }).map(({ ca, auth: a, ...options }) => ({
    kind: 'kubernetes' as const,
    auth: a,
    options: {
      ...options,
      caBundle: ca === 'bundle' ? CA_PEM : undefined,
      caProvider: ca === 'provider' ? { type: CaProviderType.CONFIG_MAP, name: 'kube-root-ca.crt', key: 'ca.crt', namespace: cluster ? 'kube-system' : undefined } : undefined,
    },
  }));
}

const fakeArb: fc.Arbitrary<ProviderDecl> = fc.record({
  data: fc.uniqueArray(fc.record({
    key: fc.stringMatching(/^[a-z][a-z0-9_-]{0,12}$/),
    value: fc.constantFrom('not-a-secret', '{"username":"demo","password":"not-a-secret"}'),
  }), { selector: (d) => d.key, minLength: 1, maxLength: 4 }),
  validationResult: maybe(fc.constantFrom(FakeValidationResult.READY, FakeValidationResult.UNKNOWN, FakeValidationResult.ERROR)),
}).map((o) => ({ kind: 'fake' as const, options: { acknowledgeValuesInManifest: true, ...o } }));

const customArb: fc.Arbitrary<ProviderDecl> = fc.constantFrom(...CUSTOM_BLOCKS)
  .map(([key, block]) => ({ kind: 'custom' as const, key, options: block }));

const serviceAccountArb = (allowController: boolean): fc.Arbitrary<Sa | undefined> => fc.oneof(
  fc.constant(undefined),
  maybe(label.map((l) => `sa-${l}`)).map((name) => ({ mode: 'create' as const, ...(name ? { name } : {}) })),
  label.map((l) => ({ mode: 'existing' as const, name: `sa-${l}` })),
  ...(allowController ? [fc.constant({ mode: 'controller' as const })] : []),
);

const awsRoleOptions = fc.record({
  roleName: label.map((l) => `eso-${l}`),
  rolePath: maybe(fc.constantFrom('/', '/eso/')),
  permissionsBoundary: maybe(fc.constant('arn:aws:iam::123456789012:policy/boundary')),
  maxSessionHours: maybe(fc.integer({ min: 1, max: 12 })),
  description: maybe(fc.constant('reads the secrets esokit derived')),
  tags: maybe(fc.dictionary(label, label, { minKeys: 1, maxKeys: 2 })),
  allowUnscopedFind: fc.constant(true),
}, { requiredKeys: ['roleName', 'allowUnscopedFind'] });

/** An identity for a provider kind, or none when the provider has (or needs) its own auth. */
function identityArb(kind: ProviderKind): fc.Arbitrary<IdentityDecl> | undefined {
  switch (kind) {
    case 'awsSecretsManager':
    case 'awsParameterStore':
      return fc.oneof(
        fc.record({ options: awsRoleOptions, sa: serviceAccountArb(false), gitops: fc.boolean() })
          .map((o) => ({ kind: 'irsa' as const, options: { ...o.options, oidcProviderArn: OIDC }, serviceAccount: o.sa, gitops: o.gitops })),
        fc.record({ options: awsRoleOptions, gitops: fc.boolean(), clusterName: fc.constantFrom('prod', 'eks-1') })
          .map((o) => ({ kind: 'podIdentity' as const, options: { ...o.options, clusterName: o.clusterName, account: '123456789012' }, gitops: o.gitops })),
      );
    case 'vault':
      return fc.record({
        role: label,
        mountPath: maybe(fc.constantFrom('kubernetes', 'k8s/prod')),
        audience: maybe(fc.constantFrom('vault', 'https://vault.example.com')),
        tokenTtlMinutes: maybe(fc.integer({ min: 1, max: 30 })),
        tokenReviewerBinding: maybe(fc.boolean()),
        sa: serviceAccountArb(false),
        gitops: fc.boolean(),
      }).map(({ sa, gitops, tokenTtlMinutes, ...o }) => ({
        kind: 'vaultKubernetes' as const,
        options: {
          ...o,
          tokenTtlMinutes,
          tokenMaxTtlMinutes: tokenTtlMinutes !== undefined ? tokenTtlMinutes * 2 : undefined,
          allowUnscopedFind: true,
        },
        serviceAccount: sa,
        gitops,
      }));
    case 'kubernetes':
      return fc.record({ roleName: maybe(label.map((l) => `reader-${l}`)), sa: serviceAccountArb(false) })
        .map(({ sa, roleName }) => ({ kind: 'kubernetesServiceAccount' as const, options: { roleName, allowUnscopedFind: true }, serviceAccount: sa, gitops: false }));
    default:
      return undefined;
  }
}

function providerArb(kind: ProviderKind, cluster: boolean, withAuth: boolean): fc.Arbitrary<ProviderDecl> {
  switch (kind) {
    case 'awsSecretsManager':
    case 'awsParameterStore':
      return awsArb(kind, cluster, withAuth);
    case 'vault':
      return vaultArb(cluster, withAuth);
    case 'kubernetes':
      return kubernetesArb(cluster, withAuth);
    case 'fake':
      return fakeArb;
    default:
      return customArb;
  }
}

function findArb(p: ProviderDecl): fc.Arbitrary<Record<string, any> | undefined> {
  const o = p.options;
  const nameRegexp = fc.constantFrom('^app-', '.*-db$');
  // fc.record leaves out optional keys; a find must select by something.
  const some = (arb: fc.Arbitrary<Record<string, unknown>>) => maybe(arb.map(defined).filter((f) => Object.keys(f).length > 0));
  switch (p.kind) {
    case 'awsSecretsManager':
      // Through a prefix, a name find needs a path (eso reads prefix + name).
      return some(fc.record({
        // Under a path prefix, find paths are under it (eso does not put the prefix before them).
        path: o.prefix === '/prod/' ? fc.constantFrom('/prod/', '/prod/team') : o.prefix ? fc.constantFrom('/prod/', 'team') : maybe(fc.constantFrom('/prod/', 'team')),
        nameRegexp: maybe(nameRegexp),
        tags: maybe(fc.constant({ env: 'prod' })),
      }));
    case 'awsParameterStore':
      return some(fc.oneof(
        fc.record({ path: o.prefix === '/prod/' ? fc.constantFrom('/prod/', '/prod/team') : fc.constantFrom('/prod/', '/team'), nameRegexp: maybe(nameRegexp) }),
        fc.record({ path: o.prefix === '/prod/' ? fc.constantFrom('/prod/', '/prod/team') : fc.constantFrom('/prod/', '/team'), tags: fc.constant({ env: 'prod' }) }),
      ));
    case 'vault':
      // eso lists under the store's path; kv v1 has no tags.
      return o.path === undefined ? fc.constant(undefined) : some(fc.record({
        path: maybe(fc.constantFrom('app/', 'team')),
        nameRegexp: maybe(nameRegexp),
        tags: o.version === VaultKvVersion.V1 ? fc.constant(undefined) : maybe(fc.constant({ env: 'prod' })),
      }));
    case 'kubernetes':
      return some(fc.oneof(
        fc.record({ nameRegexp }),
        fc.record({ tags: fc.constant({ 'app.kubernetes.io/part-of': 'shop' }) }),
      ));
    case 'fake':
      return some(fc.record({ nameRegexp: fc.constantFrom('^app-', '.*') }));
    default:
      return some(fc.record({ nameRegexp }));
  }
}

/** Keys the API server requires of each Secret type (pkg/apis/core/validation ValidateSecret). */
const TYPE_KEYS: Record<string, string[]> = {
  'Opaque': [],
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/basic-auth': ['username', 'password'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
};

/** Template bodies; KEY becomes a key the ExternalSecret's data has (templates read only those). */
const TEMPLATES = ['{{ index . "KEY" }}', '{{ index . "KEY" | upper }}', 'prefix-{{ index . "KEY" | b64enc }}'];

const templateArb = fc.record({
  type: maybe(fc.constantFrom(...Object.keys(TYPE_KEYS))),
  mergePolicy: maybe(fc.constantFrom(TemplateMergePolicy.REPLACE, TemplateMergePolicy.MERGE)),
  labels: maybe(fc.dictionary(label, label, { maxKeys: 2 })),
  annotations: maybe(fc.dictionary(label.map((l) => `example.com/${l}`), label, { maxKeys: 2 })),
  data: maybe(fc.dictionary(secretKey, fc.constantFrom(...TEMPLATES), { minKeys: 1, maxKeys: 3 })),
}, { requiredKeys: [] }).map((t) => {
  // A typed Secret's template names the keys its type requires.
  const required = TYPE_KEYS[t.type ?? 'Opaque'];
  return required.length === 0 ? t : { ...t, data: { ...t.data, ...Object.fromEntries(required.map((k) => [k, TEMPLATES[0]])) } };
});

function externalSecretArb(p: ProviderDecl): fc.Arbitrary<ExternalSecretDecl> {
  const vaultVersion = p.kind === 'vault' ? p.options.version : undefined;
  // Fake stores serve only the keys in their data.
  // A parameter name is the prefix and the key: no empty sub-path ("//") where they meet.
  const prefixed = (k: string) => (p.kind === 'awsParameterStore' && p.options.prefix?.endsWith('/') ? k.replace(/^\/+/, '') : k);
  const key = p.kind === 'fake' ? fc.constantFrom(...(p.options.data as Array<{ key: string }>).map((d) => d.key)) : keyArb(p.kind).map(prefixed);
  const jsonKeys = p.kind === 'fake' ? (p.options.data as Array<{ key: string; value: string }>).filter((d) => d.value.startsWith('{')).map((d) => d.key) : undefined;
  const extractKey = jsonKeys === undefined ? key : jsonKeys.length ? fc.constantFrom(...jsonKeys) : undefined;
  return fc.record({
    name: maybe(fc.oneof(label.map((l) => `es-${l}`), longName)),
    data: fc.uniqueArray(fc.record({ secretKey, key, options: refOptionsArb(p.kind, vaultVersion) }), { selector: (d) => d.secretKey, maxLength: 4 }),
    extract: extractKey ? fc.array(fc.record({ key: extractKey, options: refOptionsArb(p.kind, vaultVersion) }), { maxLength: 2 }) : fc.constant<ExternalSecretDecl['extract']>([]),
    find: findArb(p),
    rewrite: maybe(fc.constantFrom('regexp' as const, 'transform' as const)),
    refreshSeconds: maybe(fc.integer({ min: 0, max: 86_400 })),
    refreshPolicy: maybe(fc.constantFrom(RefreshPolicy.PERIODIC, RefreshPolicy.CREATED_ONCE, RefreshPolicy.ON_CHANGE)),
    policies: fc.constantFrom<[CreationPolicy | undefined, DeletionPolicy | undefined]>(
      [undefined, undefined],
      [CreationPolicy.OWNER, DeletionPolicy.DELETE],
      [CreationPolicy.OWNER, DeletionPolicy.MERGE],
      [CreationPolicy.ORPHAN, DeletionPolicy.RETAIN],
      [CreationPolicy.MERGE, DeletionPolicy.MERGE],
      [CreationPolicy.CREATE_OR_MERGE, DeletionPolicy.RETAIN],
      [CreationPolicy.NONE, DeletionPolicy.RETAIN],
    ),
    template: maybe(templateArb),
    targetName: maybe(fc.oneof(label.map((l) => `secret-${l}`), longName)),
    workload: fc.boolean(),
  })
    // An explicit Periodic policy with interval 0 never refreshes: esokit refuses it.
    .map((d) => (d.refreshPolicy === RefreshPolicy.PERIODIC && d.refreshSeconds === 0 ? { ...d, refreshPolicy: undefined } : d))
    .filter((d) => d.data.length + d.extract.length + (d.find ? 1 : 0) > 0);
}

const storeArb = (index: number, kind: ProviderKind): fc.Arbitrary<StoreDecl> => fc.record({
  cluster: fc.boolean(),
  useIdentity: fc.boolean(),
}).chain(({ cluster, useIdentity }) => {
  const identity = useIdentity ? identityArb(kind) : undefined;
  // A store with an identity leaves the provider's auth to it; vault and kubernetes need one or the other.
  return fc.record({
    provider: providerArb(kind, cluster, identity === undefined),
    identity: identity ?? fc.constant(undefined),
  }).chain(({ provider, identity: id }) => fc.record({
    // Unique in the app: the index goes last.
    name: fc.oneof(fc.constant('store'), longName).map((n) => `${cluster ? 'cluster-' : ''}${n}-${index}`),
    cluster: fc.constant(cluster),
    provider: fc.constant(provider),
    identity: fc.constant(id),
    refreshMinutes: maybe(fc.integer({ min: 0, max: 120 })),
    retryMaxRetries: maybe(fc.integer({ min: 0, max: 5 })),
    controller: maybe(fc.constant('esokit')),
    externalSecrets: fc.array(externalSecretArb(provider), { minLength: 1, maxLength: 2 }),
  }));
});

const operatorArb: fc.Arbitrary<OperatorDecl> = fc.record({
  // A manifests install parses ESO's whole CRD bundle at synth (about a second each): fewer of them.
  install: fc.oneof(
    { arbitrary: fc.constant<InstallKind>('manifests'), weight: 1 },
    { arbitrary: fc.constantFrom<InstallKind>('flux', 'argoCd'), weight: 4 },
  ),
  replicas: maybe(fc.integer({ min: 1, max: 3 })),
  concurrent: maybe(fc.integer({ min: 1, max: 8 })),
  webhook: maybe(fc.boolean()),
  podDisruptionBudget: maybe(fc.boolean()),
  metricsService: maybe(fc.boolean()),
  logLevel: maybe(fc.constantFrom(EsoLogLevel.DEBUG, EsoLogLevel.INFO, EsoLogLevel.WARN, EsoLogLevel.ERROR)),
  resources: fc.boolean(),
  nodeSelector: maybe(fc.constant({ 'kubernetes.io/os': 'linux' })),
  tolerations: maybe(fc.constant([{ key: 'dedicated', operator: 'Equal', value: 'platform', effect: 'NoSchedule' }])),
  scoped: fc.boolean(),
  processPushSecrets: maybe(fc.boolean()),
  extraArgs: maybe(fc.constant({ 'store-requeue-interval': '10m' })),
}, { requiredKeys: ['install', 'resources', 'scoped'] }).map(({ install, resources, scoped, webhook, ...o }) => ({
  install,
  options: {
    ...o,
    // The webhook needs the cert-controller's certificate.
    ...(webhook === false ? { webhook: false, certController: false } : {}),
    ...(resources ? { cpuRequest: '10m', memoryRequest: '64Mi', memoryLimit: '256Mi' } : {}),
    // The app's namespace, set by scopeTo.
    ...(scoped ? { scopedNamespace: 'app', scopedRbac: true } : {}),
    ...(o.replicas && o.replicas > 1 ? { leaderElection: true } : {}),
  },
}));

const PROVIDERS: ProviderKind[] = ['awsSecretsManager', 'awsParameterStore', 'vault', 'kubernetes', 'fake', 'custom'];

/** A whole app: a namespace, maybe the operator, and one to three stores of any providers. */
export const appArb: fc.Arbitrary<AppDecl> = fc.record({
  namespace: fc.oneof(label.map((l) => `app-${l}`), fc.stringMatching(/^app-[a-z0-9]([-a-z0-9]{50,57}[a-z0-9])$/)),
  // Half the apps install the operator (an install is the slowest part of a synth).
  operator: fc.option(operatorArb, { nil: undefined, freq: 2 }),
  kinds: fc.array(fc.constantFrom(...PROVIDERS), { minLength: 1, maxLength: 3 }),
}).chain(({ namespace, operator, kinds }) => fc.tuple(...kinds.map((kind, i) => storeArb(i, kind)))
  .map((stores) => ({ namespace, operator: operator && scopeTo(operator, namespace, stores), stores: limitControllerRoles(stores) })));

/**
 * A namespace-scoped controller watches the app's namespace, and cannot serve a
 * ClusterSecretStore (not with scoped RBAC, nor with references to other namespaces): an app with
 * one keeps an unscoped controller.
 */
function scopeTo(operator: OperatorDecl, namespace: string, stores: StoreDecl[]): OperatorDecl {
  if (operator.options.scopedNamespace === undefined) {
    return operator;
  }
  const { scopedRbac, scopedNamespace, ...options } = operator.options;
  return stores.some((s) => s.cluster) ? { ...operator, options } : { ...operator, options: { ...options, scopedNamespace: namespace, scopedRbac } };
}

/**
 * The controller's ServiceAccount carries one IAM role: keep the first store's controller-wide
 * IRSA identity, give later ones a created ServiceAccount.
 */
function limitControllerRoles(stores: StoreDecl[]): StoreDecl[] {
  let seen = false;
  return stores.map((s) => {
    if (s.identity?.kind !== 'irsa' || s.identity.serviceAccount?.mode !== 'controller') {
      return s;
    }
    if (!seen) {
      seen = true;
      return s;
    }
    return { ...s, identity: { ...s.identity, serviceAccount: { mode: 'create' } } };
  });
}

function saOf(sa: Sa | undefined): IdentityServiceAccount | undefined {
  if (sa === undefined) {
    return undefined;
  }
  switch (sa.mode) {
    case 'create':
      return IdentityServiceAccount.create({ name: sa.name });
    case 'existing':
      return IdentityServiceAccount.existing(sa.name);
    default:
      return IdentityServiceAccount.controller();
  }
}

function buildIdentity(d: IdentityDecl): StoreIdentity {
  const { maxSessionHours, tokenTtlMinutes, tokenMaxTtlMinutes, ...o } = d.options;
  const serviceAccount = saOf(d.serviceAccount);
  switch (d.kind) {
    case 'irsa':
      return StoreIdentity.irsa({ ...(o as any), serviceAccount, maxSessionDuration: maxSessionHours ? Duration.hours(maxSessionHours) : undefined });
    case 'podIdentity':
      return StoreIdentity.podIdentity({ ...(o as any), maxSessionDuration: maxSessionHours ? Duration.hours(maxSessionHours) : undefined });
    case 'vaultKubernetes':
      return StoreIdentity.vaultKubernetes({
        ...(o as any),
        serviceAccount,
        tokenTtl: tokenTtlMinutes ? Duration.minutes(tokenTtlMinutes) : undefined,
        tokenMaxTtl: tokenMaxTtlMinutes ? Duration.minutes(tokenMaxTtlMinutes) : undefined,
      });
    default:
      return StoreIdentity.kubernetesServiceAccount({ ...(o as any), serviceAccount });
  }
}

function buildProvider(d: ProviderDecl): SecretStoreProvider {
  const a = d.auth;
  switch (d.kind) {
    case 'awsSecretsManager':
    case 'awsParameterStore': {
      const auth = a === undefined ? undefined
        : a.method === 'serviceAccount' ? AwsAuth.serviceAccount(a.serviceAccount)
          : a.method === 'accessKeys' ? AwsAuth.accessKeys({ accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey, sessionToken: a.sessionToken })
            : AwsAuth.controllerIdentity();
      return SecretStoreProvider[d.kind]({ ...(d.options as any), auth });
    }
    case 'vault': {
      const auth = a === undefined ? undefined
        : a.method === 'kubernetes' ? VaultAuth.kubernetes({ role: a.role, mountPath: a.mountPath, serviceAccount: a.serviceAccount })
          : a.method === 'appRole' ? VaultAuth.appRole({ roleId: a.roleId, secretId: a.secretId, path: a.path })
            : a.method === 'token' ? VaultAuth.token(a.secret)
              : VaultAuth.jwt({ role: a.role, serviceAccount: a.serviceAccount });
      return SecretStoreProvider.vault({ ...(d.options as any), auth });
    }
    case 'kubernetes': {
      const auth = a === undefined ? undefined
        : a.method === 'serviceAccount' ? KubernetesAuth.serviceAccount(a.serviceAccount)
          : a.method === 'token' ? KubernetesAuth.token(a.bearerToken)
            : KubernetesAuth.clientCertificate({ clientCert: a.clientCert, clientKey: a.clientKey });
      return SecretStoreProvider.kubernetes({ ...(d.options as any), auth });
    }
    case 'fake':
      return SecretStoreProvider.fakeWithValuesInManifest(d.options as any);
    default:
      return SecretStoreProvider.custom(d.key!, d.options);
  }
}

/** Drops undefined values, so spreads never pass explicit undefineds to esokit. */
function defined<T extends Record<string, any>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** The template with its bodies reading the first data key (or, with data from finds only, "value"). */
function templateOf(e: ExternalSecretDecl): Record<string, any> | undefined {
  if (!e.template) {
    return undefined;
  }
  const key = e.data[0]?.secretKey ?? 'value';
  const data = e.template.data && Object.fromEntries(Object.entries(e.template.data as Record<string, string>).map(([k, v]) => [k, v.replace('KEY', key)]));
  return defined({ ...e.template, data });
}

/** Builds a declaration's chart and synthesizes it. */
export function synthApp(d: AppDecl, crdBundle: string): any[] {
  const chart = new Chart(Testing.app(), 'app', { namespace: d.namespace });
  if (d.operator) {
    const install = d.operator.install === 'flux' ? OperatorInstall.flux()
      : d.operator.install === 'argoCd' ? OperatorInstall.argoCd({ project: 'platform' })
        : OperatorInstall.manifests({ crds: CrdSource.fromFile(crdBundle) });
    new EsoOperator(chart, 'eso', { install, ...defined(d.operator.options) });
  }
  d.stores.forEach((s, i) => {
    const identity = s.identity ? buildIdentity(s.identity) : undefined;
    const props = defined({
      metadata: { name: s.name },
      provider: buildProvider(s.provider),
      identity,
      refreshInterval: s.refreshMinutes !== undefined ? Duration.minutes(s.refreshMinutes) : undefined,
      retryMaxRetries: s.retryMaxRetries,
      controller: s.controller,
    });
    const store: SecretStoreBase = s.cluster
      ? new ClusterSecretStore(chart, `store${i}`, { ...props, conditions: [{ namespaces: [d.namespace] }, { namespaceRegexes: ['^team-'] }] })
      : new SecretStore(chart, `store${i}`, props);
    s.externalSecrets.forEach((e, j) => {
      const rewrite = e.rewrite === 'regexp' ? [Rewrite.regexp('^(?:.*/)?', 'x_')] : e.rewrite === 'transform' ? [Rewrite.transform('{{ .value | upper }}')] : undefined;
      const [creationPolicy, deletionPolicy] = e.policies;
      // A refreshInterval has an effect with the periodic policy only.
      const periodic = (e.refreshPolicy ?? RefreshPolicy.PERIODIC) === RefreshPolicy.PERIODIC;
      const es = new ExternalSecret(chart, `es${i}-${j}`, defined({
        metadata: e.name ? { name: `${e.name}-${i}-${j}` } : undefined,
        store,
        refreshInterval: e.refreshSeconds !== undefined && periodic ? Duration.seconds(e.refreshSeconds) : undefined,
        refreshPolicy: e.refreshPolicy,
        target: defined({ name: e.targetName ? `${e.targetName}-${i}-${j}` : undefined, creationPolicy, deletionPolicy, template: templateOf(e) }),
        data: Object.fromEntries(e.data.map((r) => [r.secretKey, store.ref(r.key, r.options)])),
        dataFrom: [
          // ESO converts keys only without a rewrite: Unicode with one is refused.
          ...e.extract.map((x) => DataFrom.extract(store.ref(x.key, rewrite ? withoutUnicode(x.options) : x.options), defined({ rewrite }))),
          ...(e.find ? [store.find(defined({ ...(rewrite ? withoutUnicode(e.find) : e.find), rewrite }))] : []),
        ],
        // Without data, the template reads a key dataFrom is declared to produce.
        dataFromKeys: e.data.length === 0 ? ['value'] : undefined,
      }));
      // The keys the Secret is declared to hold (a template's data replaces data's keys); a
      // workload may not read a Secret eso never writes (creationPolicy None).
      const first = es.keys[0];
      if (e.workload && first !== undefined && creationPolicy !== CreationPolicy.NONE) {
        const deployment = new kplus.Deployment(chart, `workload${i}-${j}`, {
          containers: [{
            image: 'ghcr.io/example/app:1.0.0',
            envVariables: { VALUE: es.envValue(first) },
            securityContext: { user: 1000, group: 1000 },
          }],
        });
        deployment.addVolume(es.asVolume(`secret${i}-${j}`));
      }
    });
    if (identity && s.identity?.gitops) {
      if (s.identity.kind === 'irsa' || s.identity.kind === 'podIdentity') {
        new AckIamRole(chart, `role${i}`, { identity, metadata: { name: `role-${i}` } });
      } else if (s.identity.kind === 'vaultKubernetes') {
        new VaultConfigOperatorRole(chart, `vault-role${i}`, { identity, authentication: { role: 'vault-config-operator' } });
      }
    }
  });
  return Testing.synth(chart);
}

/** Options without the Unicode key conversion, which ESO skips when keys are rewritten. */
function withoutUnicode<T extends { conversionStrategy?: ConversionStrategy }>(options: T): T {
  return options.conversionStrategy === ConversionStrategy.UNICODE ? { ...options, conversionStrategy: undefined } : options;
}

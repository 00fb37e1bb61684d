/**
 * Property-based: valid declarations of the cdk8s API with one property, at any depth, replaced by
 * a value of a random type (or removed, or given a key such as "constructor" or "__proto__"). Either
 * esokit refuses it with its own error (at construction, in synth-time validation or while
 * rendering), never a TypeError or any other error from inside, or what it renders passes ESO's
 * CRD schemas.
 */
import { ApiObject, Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import * as fc from 'fast-check';
import {
  AwsAuth,
  CaProviderType,
  ClusterSecretStore,
  CreationPolicy,
  DataFrom,
  DecodingStrategy,
  DeletionPolicy,
  EsoLogLevel,
  EsoOperator,
  ExternalSecret,
  FakeValidationResult,
  IdentityServiceAccount,
  ISecretStore,
  KubernetesAuth,
  MetadataPolicy,
  OperatorInstall,
  RefreshPolicy,
  RemoteReference,
  Rewrite,
  SecretStore,
  SecretStoreProvider,
  StoreIdentity,
  TemplateFrom,
  TemplateMergePolicy,
  VaultAuth,
  VaultKvVersion,
} from '../../src';
import { ValidationError } from '../../src/core/model/errors';
import { expectValidEso } from '../support/eso-schema';

interface Context {
  store?: ISecretStore;
}

/** A call of the public API whose arguments are part of the declaration (and can be replaced). */
class Call {
  public constructor(public readonly name: string, public readonly fn: (ctx: Context, ...args: any[]) => unknown, public readonly args: unknown[]) {}
}

const call = (name: string, fn: (...args: any[]) => unknown, ...args: unknown[]) => new Call(name, (_ctx, ...a) => fn(...a), args);
const STORE = new Call('store', (ctx) => ctx.store, []);
const ref = (...args: unknown[]) => new Call('store.ref', (ctx, key, options) => ctx.store!.ref(key, options), args);
const find = (options: unknown) => new Call('store.find', (ctx, o) => ctx.store!.find(o), [options]);

function isPlain(v: unknown): v is Record<string, unknown> {
  const proto = typeof v === 'object' && v !== null ? Object.getPrototypeOf(v) : undefined;
  return proto === Object.prototype || proto === null;
}

/** The declaration with its calls made (own keys kept as they are, `__proto__` included). */
function resolve(node: unknown, ctx: Context): unknown {
  if (node instanceof Call) {
    return node.fn(ctx, ...node.args.map((a) => resolve(a, ctx)));
  }
  if (Array.isArray(node)) {
    return node.map((n) => resolve(n, ctx));
  }
  return isPlain(node) ? Object.fromEntries(Object.entries(node).map(([k, v]) => [k, resolve(v, ctx)])) : node;
}

const OIDC = 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC123';

/** An ExternalSecret of the store, with data, dataFrom, target and template. */
const externalSecret = (keys = { db: '/prod/db', json: '/prod/json', other: '/prod/other' }) => ({
  store: STORE,
  metadata: { name: 'db', labels: { 'app.kubernetes.io/name': 'payments' }, annotations: { 'example.com/owner': 'team-a' } },
  refreshInterval: Duration.hours(1),
  refreshPolicy: RefreshPolicy.PERIODIC,
  target: {
    name: 'db-credentials',
    creationPolicy: CreationPolicy.OWNER,
    deletionPolicy: DeletionPolicy.RETAIN,
    template: {
      type: 'Opaque',
      mergePolicy: TemplateMergePolicy.MERGE,
      labels: { tier: 'db' },
      data: { url: 'postgres://{{ .user }}@db:5432/app' },
      templateFrom: [call('TemplateFrom.literal', TemplateFrom.literal, 'host={{ .user }}')],
    },
  },
  data: {
    user: ref(keys.db, { property: 'user', decodingStrategy: DecodingStrategy.NONE }),
    constructor: ref(keys.db, { propertyPath: ['credentials', 'pass.word'] }),
  },
  dataFrom: [
    call('DataFrom.extract', DataFrom.extract, ref(keys.json), { rewrite: [call('Rewrite.regexp', Rewrite.regexp, '^', 'json_')] }),
    call('DataFrom.extract', DataFrom.extract, call('RemoteReference.of', RemoteReference.of, keys.other, { metadataPolicy: MetadataPolicy.NONE })),
  ],
  dataFromKeys: ['json_token'],
});

interface Scenario {
  readonly name: string;
  readonly tree: () => Record<string, unknown>;
  readonly build: (c: Chart, tree: Record<string, unknown>) => void;
}

/** A SecretStore and an ExternalSecret reading through it. */
const storeAndSecret = (name: string, store: () => Record<string, unknown>, es = externalSecret): Scenario => ({
  name,
  tree: () => ({ store: store(), es: es() }),
  build: (c, t) => {
    const ctx: Context = {};
    ctx.store = new SecretStore(c, 'store', resolve(t.store, ctx) as any);
    new ExternalSecret(c, 'es', resolve(t.es, ctx) as any);
  },
});

const SCENARIOS: Scenario[] = [
  storeAndSecret('aws secrets manager, irsa identity', () => ({
    metadata: { name: 'aws', labels: { team: 'payments' } },
    refreshInterval: Duration.minutes(10),
    retryMaxRetries: 3,
    retryInterval: Duration.seconds(30),
    provider: call('SecretStoreProvider.awsSecretsManager', SecretStoreProvider.awsSecretsManager, {
      region: 'eu-west-1',
      prefix: '/prod/',
      kmsKeyArns: ['arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
    }),
    identity: call('StoreIdentity.irsa', StoreIdentity.irsa, { oidcProviderArn: OIDC, roleName: 'eso-payments', tags: { team: 'payments' } }),
  }), () => ({ ...externalSecret(), dataFrom: [find({ path: '/prod/', tags: { team: 'a' }, rewrite: [call('Rewrite.regexp', Rewrite.regexp, '^/prod/', '')] })] })),
  storeAndSecret('aws parameter store, service account auth', () => ({
    provider: call('SecretStoreProvider.awsParameterStore', SecretStoreProvider.awsParameterStore, {
      region: 'us-east-1',
      role: 'arn:aws:iam::123456789012:role/eso/reader',
      auth: call('AwsAuth.serviceAccount', AwsAuth.serviceAccount, { name: 'eso', audiences: ['sts.amazonaws.com'] }),
    }),
  })),
  storeAndSecret('vault kv v2, kubernetes auth', () => ({
    provider: call('SecretStoreProvider.vault', SecretStoreProvider.vault, {
      server: 'https://vault.example.com:8200',
      path: 'secret',
      version: VaultKvVersion.V2,
      auth: call('VaultAuth.kubernetes', VaultAuth.kubernetes, { role: 'eso', mountPath: 'kubernetes', serviceAccount: { name: 'eso' } }),
    }),
  })),
  storeAndSecret('kubernetes, token auth', () => ({
    provider: call('SecretStoreProvider.kubernetes', SecretStoreProvider.kubernetes, {
      server: 'https://kubernetes.default.svc',
      remoteNamespace: 'source',
      caProvider: { type: CaProviderType.CONFIG_MAP, name: 'kube-root-ca.crt', key: 'ca.crt' },
      auth: call('KubernetesAuth.token', KubernetesAuth.token, { name: 'reader-token', key: 'token' }),
    }),
  }), () => externalSecret({ db: 'db', json: 'json', other: 'other' })),
  storeAndSecret('fake', () => ({
    provider: call('SecretStoreProvider.fakeWithValuesInManifest', SecretStoreProvider.fakeWithValuesInManifest, {
      acknowledgeValuesInManifest: true,
      validationResult: FakeValidationResult.READY,
      data: [
        { key: '/prod/db', value: '{"user":"app","credentials":{"pass.word":"x"}}' },
        { key: '/prod/json', value: '{"token":"t"}' },
        { key: '/prod/other', value: '{"a":"b"}' },
        { key: '/prod/old', value: 'x', version: 'v1' },
      ],
    }),
  })),
  storeAndSecret('vault, vault kubernetes identity', () => ({
    provider: call('SecretStoreProvider.vault', SecretStoreProvider.vault, { server: 'https://vault.example.com:8200', path: 'secret' }),
    identity: call('StoreIdentity.vaultKubernetes', StoreIdentity.vaultKubernetes, {
      role: 'payments',
      mountPath: 'kubernetes',
      tokenTtl: Duration.hours(1),
      serviceAccount: call('IdentityServiceAccount.create', IdentityServiceAccount.create, { name: 'eso-payments' }),
    }),
  })),
  storeAndSecret('kubernetes, service account identity', () => ({
    provider: call('SecretStoreProvider.kubernetes', SecretStoreProvider.kubernetes, {
      server: 'https://kubernetes.default.svc',
      remoteNamespace: 'source',
      caProvider: { type: CaProviderType.SECRET, name: 'ca', key: 'ca.crt' },
    }),
    identity: call('StoreIdentity.kubernetesServiceAccount', StoreIdentity.kubernetesServiceAccount, { roleName: 'eso-reader' }),
  }), () => externalSecret({ db: 'db', json: 'json', other: 'other' })),
  {
    name: 'a workload reading the secret',
    tree: () => ({
      store: { provider: call('SecretStoreProvider.awsSecretsManager', SecretStoreProvider.awsSecretsManager, { region: 'eu-west-1' }) },
      es: externalSecret(),
      env: ['user', { optional: true }],
      volume: ['secrets', { name: 'db-secrets', defaultMode: 0o400, items: { user: { path: 'db/user' } } }],
      extra: ['password', ref('/prod/db', { property: 'password', version: 'AWSCURRENT' })],
    }),
    build: (c, t) => {
      const ctx: Context = {};
      ctx.store = new SecretStore(c, 'store', resolve(t.store, ctx) as any);
      const es = new ExternalSecret(c, 'es', resolve(t.es, ctx) as any);
      // A method's arguments, or (when the list itself was replaced) the one wrong argument.
      const args = (node: unknown): [any, any] => {
        const v = resolve(node, ctx);
        return Array.isArray(v) ? v as [any, any] : [v, undefined];
      };
      es.addData(...args(t.extra));
      const deployment = new kplus.Deployment(c, 'app', { containers: [{ image: 'app', envVariables: { USER: es.envValue(...args(t.env)) } }] });
      deployment.addVolume(es.asVolume(...args(t.volume)));
    },
  },
  {
    name: 'cluster secret store with conditions',
    tree: () => ({
      store: {
        provider: call('SecretStoreProvider.awsSecretsManager', SecretStoreProvider.awsSecretsManager, { region: 'eu-west-1' }),
        conditions: [
          { namespaces: ['payments'] },
          { namespaceRegexes: ['^pay'] },
          { namespaceMatchLabels: { team: 'payments' } },
          { namespaceMatchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }] },
        ],
      },
      es: externalSecret(),
    }),
    build: (c, t) => {
      const ctx: Context = {};
      ctx.store = new ClusterSecretStore(c, 'store', resolve(t.store, ctx) as any);
      new ExternalSecret(c, 'es', resolve(t.es, ctx) as any);
    },
  },
  {
    name: 'eso operator',
    tree: () => ({
      operator: {
        install: call('OperatorInstall.flux', OperatorInstall.flux, { interval: Duration.minutes(30) }),
        namespace: 'external-secrets',
        replicas: 2,
        leaderElection: true,
        logLevel: EsoLogLevel.WARN,
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'infra', effect: 'NoSchedule' }],
        extraArgs: { 'enable-flood-gate': 'true' },
        serviceAccountAnnotations: { 'example.com/owner': 'platform' },
        values: { podLabels: { team: 'platform' } },
      },
      store: { provider: call('SecretStoreProvider.awsSecretsManager', SecretStoreProvider.awsSecretsManager, { region: 'eu-west-1' }) },
    }),
    build: (c, t) => {
      const ctx: Context = {};
      new EsoOperator(c, 'eso', resolve(t.operator, ctx) as any);
      new SecretStore(c, 'store', resolve(t.store, ctx) as any);
    },
  },
  {
    name: 'eso operator through argo cd',
    tree: () => ({
      operator: {
        install: call('OperatorInstall.argoCd', OperatorInstall.argoCd, { argoCdNamespace: 'argocd', project: 'platform', automated: false }),
        version: '2.9.0',
        cpuRequest: '50m',
        memoryLimit: '256Mi',
        affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'a', operator: 'Exists' }] }] } } },
        podSecurityContext: { fsGroup: 1000 },
      },
    }),
    build: (c, t) => {
      new EsoOperator(c, 'eso', resolve(t.operator, {}) as any);
    },
  },
];

/** Where a value sits in a declaration: its container and key (an array index or a call's argument). */
interface Slot {
  readonly path: string;
  readonly parent: any;
  readonly key: string | number;
}

function slots(node: unknown, path: string, out: Slot[] = []): Slot[] {
  const children: Array<[string | number, unknown, string]> = node instanceof Call
    ? node.args.map((a, i) => [i, a, `${path}${node.name}(#${i})`])
    : Array.isArray(node) ? node.map((v, i) => [i, v, `${path}[${i}]`])
      : isPlain(node) ? Object.keys(node).map((k) => [k, node[k], `${path}.${k}`]) : [];
  for (const [key, value, p] of children) {
    out.push({ path: p, parent: node instanceof Call ? node.args : node, key });
    slots(value, p, out);
  }
  return out;
}

/** Containers a key can be added to: every plain object of the declaration. */
function objects(node: unknown, path: string, out: Array<{ path: string; obj: Record<string, unknown> }> = []) {
  if (isPlain(node)) {
    out.push({ path, obj: node });
  }
  for (const slot of slots(node, path).filter((s) => isPlain(s.parent[s.key]))) {
    out.push({ path: slot.path, obj: slot.parent[slot.key] });
  }
  return out;
}

const scalar = fc.oneof(fc.integer(), fc.double(), fc.string({ maxLength: 12 }), fc.boolean(), fc.constant(null), fc.constant(undefined));
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  scalar,
  fc.array(scalar, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 10 }), scalar, { maxKeys: 3 }),
  fc.constantFrom<unknown>(
    () => 'a function',
    Duration.seconds(5),
    new Date(0),
    new Map([['a', 'b']]),
    NaN,
    Infinity,
    RemoteReference.of('/prod/x'),
    DataFrom.find({ path: '/prod/' }),
    Rewrite.transform('{{ .value }}'),
    SecretStoreProvider.awsSecretsManager({ region: 'us-east-1' }),
    OperatorInstall.argoCd(),
  ),
  fc.anything({ maxDepth: 2, maxKeys: 3 }),
);

const mutation = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('replace', 'replace', 'replace', 'delete', 'add key'),
  key: fc.constantFrom('constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__', 'x'),
  value: wrongValue,
});

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

/** Applies the mutation; returns what it did, for the counterexample. */
function mutate(tree: Record<string, unknown>, m: Mutation): string {
  if (m.kind === 'add key') {
    const targets = objects(tree, '');
    const target = targets[m.at % targets.length];
    const siblings = Object.values(target.obj);
    // Half the time a valid value (a sibling's), so a valid key must also render.
    const value = m.at % 2 === 0 && siblings.length > 0 ? siblings[0] : m.value;
    Object.defineProperty(target.obj, m.key, { value, enumerable: true, writable: true, configurable: true });
    return `${target.path} gets key ${JSON.stringify(m.key)}`;
  }
  const all = slots(tree, '');
  if (all.length === 0) {
    return 'nothing left to change';
  }
  const slot = all[m.at % all.length];
  if (m.kind === 'delete') {
    if (Array.isArray(slot.parent)) {
      slot.parent[slot.key as number] = undefined;
    } else {
      delete slot.parent[slot.key];
    }
    return `${slot.path} removed`;
  }
  slot.parent[slot.key] = m.value;
  return `${slot.path} replaced`;
}

/** Runs `fn`; anything it throws must be esokit's error. */
function onlyEsokitErrors(what: string, fn: () => void): boolean {
  try {
    fn();
    return true;
  } catch (e) {
    if (ValidationError.isValidationError(e)) {
      return false;
    }
    throw new Error(`${what} threw a ${(e as Error)?.constructor?.name} that is not esokit's: ${(e as Error)?.stack ?? String(e)}`);
  }
}

describe('wrongly typed declarations', () => {
  // The fake provider and short refresh intervals warn at every synth.
  beforeAll(() => jest.spyOn(console, 'warn').mockImplementation(() => undefined));
  afterAll(() => jest.restoreAllMocks());

  test.each(SCENARIOS.map((s) => [s.name, s] as const))('the valid declaration renders: %s', (_, scenario) => {
    const c = new Chart(Testing.app(), 'app', { namespace: 'payments' });
    scenario.build(c, scenario.tree());
    expectValidEso(Testing.synth(c));
  });

  test('are refused with esokit errors, or render what eso accepts', () => {
    fc.assert(fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 2 }), (pick, mutations) => {
      const scenario = SCENARIOS[pick % SCENARIOS.length];
      const tree = scenario.tree();
      const changes = mutations.map((m) => `${mutate(tree, m)} with ${safeString(m.value)}`);
      const c = new Chart(Testing.app(), 'app', { namespace: 'payments' });
      const what = `${scenario.name}: ${changes.join(', then ')}`;
      if (!onlyEsokitErrors(`${what}: construction`, () => scenario.build(c, tree))) {
        return;
      }
      const constructs: IConstruct[] = c.node.findAll();
      // Synth-time validation (esokit reports its problems as cdk8s validation messages).
      let refused = false;
      for (const construct of constructs) {
        refused = !onlyEsokitErrors(`${what}: validation`, () => {
          refused ||= construct.node.validate().length > 0;
        }) || refused;
      }
      if (refused) {
        return;
      }
      for (const obj of constructs.filter((x): x is ApiObject => x instanceof ApiObject)) {
        if (!onlyEsokitErrors(`${what}: rendering ${obj.node.path}`, () => obj.toJson())) {
          return;
        }
      }
      try {
        expectValidEso(Testing.synth(c));
      } catch (e) {
        throw new Error(`${what}: accepted, but ${(e as Error).message}`);
      }
    }), { numRuns: 5000 });
  });
});

function safeString(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/**
 * A real kube-apiserver (with ESO v2.9.0's CRDs installed) accepts every object esokit emits:
 * the example apps and a few hundred random apps covering every store kind, provider, identity
 * and operator install, sent as server-side apply with dryRun=All and strict field validation.
 *
 * Not part of `npm test` (it needs Go to build the server): run `bash .ci/apiserver.sh`.
 * ESOKIT_APISERVER_RUNS and ESOKIT_APISERVER_SEED change the sample.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as fc from 'fast-check';
import * as YAML from 'yaml';
import { AppDecl, appArb, synthApp } from './apps';
import { KubeApiServer, apiServerBinary } from './kube-apiserver';
import { synthExamples } from '../../examples/main';
import { esoBundlePath } from '../support/eso-crds';

const ROOT = path.resolve(__dirname, '..', '..');
const REPORTS = path.join(ROOT, 'test-reports');
const FIELD_MANAGER = 'esokit-test';
const RUNS = Number(process.env.ESOKIT_APISERVER_RUNS ?? 300);
const SEED = Number(process.env.ESOKIT_APISERVER_SEED ?? 20261202);

/**
 * API groups of other projects' CRDs, which this server cannot have: objects of these groups are
 * skipped (and listed). Any other kind the server does not serve is a failure.
 */
const FOREIGN_GROUPS = [
  /\.toolkit\.fluxcd\.io$/, // Flux HelmRelease, HelmRepository, Kustomization
  /^argoproj\.io$/, // Argo CD Application
  /\.services\.k8s\.aws$/, // ACK IAM Role, EKS PodIdentityAssociation
  /^redhatcop\.redhat\.io$/, // vault-config-operator Policy, KubernetesAuthEngineRole
  /\.crossplane\.io$/,
  /^monitoring\.coreos\.com$/, // Prometheus operator ServiceMonitor
];

/** Kinds the generated sample must contain, so a generator change cannot quietly drop one. */
const REQUIRED_KINDS = [
  'SecretStore', 'ClusterSecretStore', 'ExternalSecret', 'CustomResourceDefinition', 'Namespace', 'ServiceAccount',
  'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding', 'Deployment', 'Service', 'ValidatingWebhookConfiguration',
  'PodDisruptionBudget', 'Secret',
];

interface Sent {
  readonly obj: any;
  /** Where the object comes from (example file or generated declaration). */
  readonly origin: string;
  readonly declaration?: AppDecl;
}

interface Rejection extends Sent {
  readonly status: number;
  readonly message: string;
}

/** What happened to a set of objects. */
interface Outcome {
  accepted: number;
  /** Accepted objects by kind. */
  kinds: Map<string, number>;
  /** Requests sent (identical objects are sent once). */
  requests: number;
  skipped: Map<string, number>;
  rejections: Rejection[];
  warnings: Map<string, number>;
}

let server: KubeApiServer | undefined;
const totals: Outcome = { accepted: 0, kinds: new Map(), requests: 0, skipped: new Map(), rejections: [], warnings: new Map() };
const timings: string[] = [];
/** Objects already accepted, by content: the same object is sent once. */
const acceptedBefore = new Set<string>();

beforeAll(async () => {
  const bundle = esoBundlePath();
  if (!bundle) {
    throw new Error('the eso v2.9.0 crd bundle is missing: run through jest (its global setup fetches it)');
  }
  server = await KubeApiServer.start(apiServerBinary(), path.join(REPORTS, 'apiserver.log'));
  // ESO's CRDs for real (the same field manager as the dry runs, so re-applying them never conflicts).
  const crds = YAML.parseAllDocuments(fs.readFileSync(bundle, 'utf8')).map((d) => d.toJSON()).filter((d) => d?.kind === 'CustomResourceDefinition');
  for (const crd of crds) {
    const res = await server.apply(crd, { dryRun: false, fieldManager: FIELD_MANAGER });
    if (res.status >= 300) {
      throw new Error(`installing crd ${crd.metadata.name} failed (test setup): ${res.status} ${res.body?.message ?? JSON.stringify(res.body)}`);
    }
  }
  await server.waitEstablished(crds, 120_000);
}, 60 * 60_000);

afterAll(async () => {
  await server?.stop();
  const skipped = [...totals.skipped].sort(([a], [b]) => a.localeCompare(b));
  const skippedCount = skipped.reduce((n, [, c]) => n + c, 0);
  const lines = [
    `kube-apiserver accepted ${totals.accepted} objects (${skippedCount} skipped: kinds ${skipped.map(([k, n]) => `${k} ${n}`).join(', ') || 'none'})`
      + (totals.rejections.length ? `; ${totals.rejections.length} REJECTED` : ''),
    `  accepted by kind: ${[...totals.kinds].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k} ${n}`).join(', ')}`,
    `  ${totals.requests} apply requests (an object identical to one already accepted is not sent again)`,
    ...timings.map((t) => `  ${t}`),
    ...[...totals.warnings].map(([w, n]) => `  server warning (${n}x): ${w}`),
  ];
  fs.mkdirSync(REPORTS, { recursive: true });
  fs.writeFileSync(path.join(REPORTS, 'apiserver-summary.txt'), lines.join('\n') + '\n');
  process.stdout.write(`\n${lines.join('\n')}\n`);
}, 60_000);

describe('a real kube-apiserver accepts what esokit emits (server-side apply, dry run)', () => {
  test('the check itself: the server refuses unknown fields and invalid values, and a dry run persists nothing', async () => {
    const s = server!;
    await s.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'esokit-self-check' } });
    const es = {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'self-check', namespace: 'esokit-self-check' },
      spec: { secretStoreRef: { name: 'store', kind: 'SecretStore' }, data: [{ secretKey: 'k', remoteRef: { key: 'remote' } }] },
    };
    const dryRun = { dryRun: true, fieldManager: FIELD_MANAGER };
    expect([200, 201]).toContain((await s.apply(es, dryRun)).status);
    expect((await s.request('GET', '/apis/external-secrets.io/v1/namespaces/esokit-self-check/externalsecrets/self-check')).status).toBe(404);

    const unknownField = await s.apply({ ...es, spec: { ...es.spec, refreshIntervall: '1h' } }, dryRun);
    // Server-side apply reports a field outside the schema as a 500 ("failed to create typed patch object").
    expect(unknownField.status).toBeGreaterThanOrEqual(400);
    expect(unknownField.body.message).toMatch(/\.spec\.refreshIntervall: field not declared in schema/);
    const badEnum = await s.apply({ ...es, spec: { ...es.spec, secretStoreRef: { name: 'store', kind: 'Store' } } }, dryRun);
    expect(badEnum.status).toBe(422);
    expect(badEnum.body.message).toContain('spec.secretStoreRef.kind');
    const badName = await s.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Not_A_Name', namespace: 'esokit-self-check' } }, dryRun);
    expect(badName.status).toBe(422);
  });

  test('the example apps', async () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'esokit-examples-'));
    try {
      const sent: Sent[] = [];
      for (const dir of synthExamples(outdir)) {
        for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
          for (const doc of YAML.parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8'))) {
            const obj = doc.toJSON();
            if (obj) {
              sent.push({ obj, origin: `example ${path.basename(dir)}/${file}` });
            }
          }
        }
      }
      expect(sent.length).toBeGreaterThan(0);
      expectAccepted(await applyAll(sent));
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }, 10 * 60_000);

  test(`${RUNS} generated apps (seed ${SEED})`, async () => {
    const bundle = esoBundlePath()!;
    const started = Date.now();
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const sent: Sent[] = [];
    const declarations = fc.sample(appArb, { numRuns: RUNS, seed: SEED });
    try {
      declarations.forEach((declaration, i) => {
        let manifests: any[];
        try {
          manifests = synthApp(declaration, bundle);
        } catch (e) {
          // A generator bug, not an API server finding: the declaration should have been valid.
          throw new Error(`esokit refused generated app #${i} (seed ${SEED}): ${(e as Error).message}\n${JSON.stringify(declaration, null, 2)}`);
        }
        for (const obj of manifests) {
          sent.push({ obj, origin: `generated app #${i} (seed ${SEED})`, declaration });
        }
      });
    } finally {
      warn.mockRestore();
    }
    expectCoverage(declarations, sent.map((s) => s.obj));
    const synthesized = Date.now();
    const outcome = await applyAll(sent);
    timings.push(`${RUNS} apps synthesized in ${((synthesized - started) / 1000).toFixed(1)}s, applied in ${((Date.now() - synthesized) / 1000).toFixed(1)}s`);
    expectAccepted(outcome);
  }, 30 * 60_000);
});

/** Every kind, provider, identity and install the library has appears in the sample. */
function expectCoverage(declarations: AppDecl[], objects: any[]): void {
  const stores = declarations.flatMap((d) => d.stores);
  const seen = {
    kinds: [...new Set(objects.map((o) => o.kind))],
    providers: [...new Set(stores.map((s) => s.provider.kind))],
    identities: [...new Set(stores.flatMap((s) => (s.identity ? [s.identity.kind] : [])))],
    installs: [...new Set(declarations.flatMap((d) => (d.operator ? [d.operator.install] : [])))],
  };
  expect(seen.kinds).toEqual(expect.arrayContaining(REQUIRED_KINDS));
  expect(seen.providers.sort()).toEqual(['awsParameterStore', 'awsSecretsManager', 'custom', 'fake', 'kubernetes', 'vault']);
  expect(seen.identities.sort()).toEqual(['irsa', 'kubernetesServiceAccount', 'podIdentity', 'vaultKubernetes']);
  expect(seen.installs.sort()).toEqual(['argoCd', 'flux', 'manifests']);
}

/**
 * Applies the objects: Namespaces for real first (and any other namespace the objects live in),
 * then everything as a dry run. Objects of foreign CRDs are skipped.
 */
async function applyAll(sent: Sent[]): Promise<Outcome> {
  const s = server!;
  const outcome: Outcome = { accepted: 0, kinds: new Map(), requests: 0, skipped: new Map(), rejections: [], warnings: new Map() };
  const toApply: Sent[] = [];
  const namespaces = new Set<string>(['default']);
  for (const item of sent) {
    const { obj } = item;
    const resource = typeof obj?.apiVersion === 'string' && typeof obj?.kind === 'string' ? (await s.resourcesOf(obj.apiVersion))?.get(obj.kind) : undefined;
    if (!resource) {
      const group = String(obj?.apiVersion ?? '').split('/').slice(0, -1).join('/');
      if (FOREIGN_GROUPS.some((g) => g.test(group))) {
        const kind = `${obj.kind}.${group}`;
        outcome.skipped.set(kind, (outcome.skipped.get(kind) ?? 0) + 1);
      } else {
        outcome.rejections.push({ ...item, status: 0, message: `${obj?.apiVersion} ${obj?.kind} is not served by kube-apiserver with ESO's CRDs` });
      }
      continue;
    }
    if (resource.namespaced) {
      namespaces.add(obj.metadata?.namespace ?? 'default');
    }
    toApply.push(item);
  }

  const record = (item: Sent, res: { status: number; body: any; warnings: string[] }, key: string) => {
    res.warnings.forEach((w) => outcome.warnings.set(w, (outcome.warnings.get(w) ?? 0) + 1));
    if (res.status >= 200 && res.status < 300) {
      outcome.accepted++;
      outcome.kinds.set(item.obj.kind, (outcome.kinds.get(item.obj.kind) ?? 0) + 1);
      acceptedBefore.add(key);
    } else {
      outcome.rejections.push({ ...item, status: res.status, message: res.body?.message ?? JSON.stringify(res.body) });
    }
  };

  // Namespace objects esokit emits are applied for real: the objects inside them need them.
  const [nsObjects, others] = partition(toApply, (i) => i.obj.apiVersion === 'v1' && i.obj.kind === 'Namespace');
  for (const item of nsObjects) {
    const key = JSON.stringify(item.obj);
    const res = acceptedBefore.has(key) ? undefined : await s.apply(item.obj, { dryRun: false, fieldManager: FIELD_MANAGER });
    outcome.requests += res ? 1 : 0;
    record(item, res ?? { status: 200, body: {}, warnings: [] }, key);
    namespaces.delete(item.obj.metadata.name);
  }
  for (const name of namespaces) {
    const res = await s.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    if (res.status >= 300 && res.status !== 409) {
      throw new Error(`creating namespace ${name} failed (test setup): ${res.status} ${res.body?.message}`);
    }
  }

  await pool(others, 8, async (item) => {
    const key = JSON.stringify(item.obj);
    if (acceptedBefore.has(key)) {
      record(item, { status: 200, body: {}, warnings: [] }, key);
      return;
    }
    outcome.requests++;
    record(item, await s.apply(item.obj, { dryRun: true, fieldManager: FIELD_MANAGER }), key);
  });

  totals.accepted += outcome.accepted;
  totals.requests += outcome.requests;
  outcome.kinds.forEach((n, kind) => totals.kinds.set(kind, (totals.kinds.get(kind) ?? 0) + n));
  outcome.skipped.forEach((n, kind) => totals.skipped.set(kind, (totals.skipped.get(kind) ?? 0) + n));
  totals.rejections.push(...outcome.rejections);
  outcome.warnings.forEach((n, w) => totals.warnings.set(w, (totals.warnings.get(w) ?? 0) + n));
  return outcome;
}

/** Fails with every rejection: the server's message, the object's kind and name, and the object. */
function expectAccepted(outcome: Outcome): void {
  if (outcome.rejections.length === 0) {
    return;
  }
  // The same message for the same kind is one finding: shown once, with how often it happened.
  const groups = new Map<string, Rejection[]>();
  for (const r of outcome.rejections) {
    const key = `${r.obj?.kind}: ${r.message.replace(/"[^"]*"/g, '"…"')}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const text = [...groups.values()].map((rs) => {
    const r = rs[0];
    const id = `${r.obj?.kind} ${r.obj?.metadata?.namespace ? `${r.obj.metadata.namespace}/` : ''}${r.obj?.metadata?.name}`;
    return [
      `${id} from ${r.origin}${rs.length > 1 ? ` (and ${rs.length - 1} more like it)` : ''}`,
      `  ${r.status} ${r.message}`,
      '  object:',
      indent(YAML.stringify(r.obj), '    '),
      ...(r.declaration ? ['  declaration:', indent(JSON.stringify(r.declaration, null, 2), '    ')] : []),
    ].join('\n');
  });
  throw new Error(`kube-apiserver rejected ${outcome.rejections.length} of ${outcome.rejections.length + outcome.accepted} objects:\n\n${text.join('\n\n')}`);
}

function indent(text: string, prefix: string): string {
  return text.trimEnd().split('\n').map((l) => prefix + l).join('\n');
}

function partition<T>(items: T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((i) => !test(i))];
}

/** Runs `fn` over the items, `size` at a time. */
async function pool<T>(items: T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: size }, async () => {
    while (next < items.length) {
      await fn(items[next++]);
    }
  }));
}

/**
 * `npm run bench`, in two parts, each measurement in its own child process:
 *
 * - cdk8s: 1,000 and 10,000 ExternalSecrets across 100 ClusterSecretStores, each store with an
 *   IRSA identity (its ServiceAccount emitted, its IAM policy derived over every reference and read
 *   with the trust policy as values), synthesized to YAML with esokit; against the same manifests
 *   built as raw cdk8s ApiObjects and the same policy documents built by hand. Time, peak memory,
 *   their ratios, growth from 1,000 to 10,000, and whether YAML and policy documents are identical.
 * - pulumi (bench/pulumi.bench.ts): 1,000 ExternalSecrets across 10 SecretStores with IRSA
 *   identities, esokit/pulumi components under `pulumi.runtime.setMocks`, until every
 *   registration has settled; against raw `CustomResource`s, `ServiceAccount`s, `iam.Role`s and
 *   `iam.RolePolicy`s with constant documents. Time ratio, and whether both register the same
 *   resources with identical inputs.
 *
 * Targets: esokit ≤ 1.3× the raw time and ≤ 1.5× the raw peak memory (peak V8 heap in use during
 * the run, above the heap in use after imports; see bench/memory.ts) at 10,000 (cdk8s), growing
 * linearly; ≤ 1.3× the raw registration time (pulumi).
 */
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import { ApiObject, App, Chart, JsonPatch } from 'cdk8s';
import { ClusterSecretStore, ExternalSecret, SecretStoreProvider, StoreIdentity } from '../src';
import { watchHeap } from './memory';
import { comparePulumi, pulumiChild, PulumiSample, PULUMI_ES, PULUMI_STORES } from './pulumi.bench';

const STORES = 100;
const SIZES = [1_000, 10_000];
/** Runs per size and side: fewer at 10,000 to keep the whole bench within ~5 minutes on 2 cores. */
const RUNS: Record<number, number> = { 1_000: 5, 10_000: 3 };
const PULUMI_RUNS = 3;
const TIME_TARGET = 1.3;
const MEMORY_TARGET = 1.5;

const ACCOUNT = '123456789012';
const ISSUER = 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const OIDC_PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER}`;
const REGION = 'us-east-1';
const NAMESPACE = 'bench';

interface Sample {
  readonly ms: number;
  readonly peakMb: number;
  readonly baselineMb: number;
  /** Start and end of the timed region, µs of the monotonic clock. */
  readonly window: number[];
  readonly bytes: number;
  /** sha256 of the YAML. */
  readonly yaml: string;
  /** sha256 of every store's policy and trust policy JSON, in store order. */
  readonly docs: string;
  /** How many IAM documents were produced. */
  readonly docCount: number;
}

interface Output {
  readonly app: App;
  /** Each store's [policy JSON, trust policy JSON]. */
  readonly docs: () => Array<[string, string]>;
}

/** esokit's side (exported for bench/profile.ts). */
export function esokit(n: number): Output {
  const app = new App({ outdir: '/dev/null' });
  const chart = new Chart(app, 'bench', { namespace: NAMESPACE });
  const stores: ClusterSecretStore[] = [];
  for (let s = 0; s < STORES; s++) {
    stores.push(new ClusterSecretStore(chart, `store-${s}`, {
      metadata: { name: `store-${s}` },
      provider: SecretStoreProvider.awsSecretsManager({ region: REGION }),
      identity: StoreIdentity.irsa({ oidcProviderArn: OIDC_PROVIDER_ARN, roleName: `eso-store-${s}` }),
    }));
  }
  for (let i = 0; i < n; i++) {
    const store = stores[i % STORES];
    new ExternalSecret(chart, `es-${i}`, {
      store,
      metadata: { name: `es-${i}` },
      target: { name: `secret-${i}` },
      data: {
        username: store.ref(`/app/${i}/db`, { property: 'username' }),
        password: store.ref(`/app/${i}/db`, { property: 'password' }),
      },
    });
  }
  // The documents are values of the identity, derived when read (after the app is declared).
  return { app, docs: () => stores.map((s) => [s.identity.policyJson, s.identity.trustPolicyJson]) };
}

/** What a hand-written program would write: the IAM documents of one store's role. */
function rawPolicyJson(secretIds: Set<string>): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{
      Sid: 'ReadSecrets',
      Effect: 'Allow',
      Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
      Resource: [...secretIds].map((id) => `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${id}-??????`).sort(),
    }],
  }, null, 2);
}

function rawTrustPolicyJson(serviceAccount: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Principal: { Federated: OIDC_PROVIDER_ARN },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: {
          [`${ISSUER}:aud`]: 'sts.amazonaws.com',
          [`${ISSUER}:sub`]: `system:serviceaccount:${NAMESPACE}:${serviceAccount}`,
        },
      },
    }],
  }, null, 2);
}

export function raw(n: number): Output {
  const app = new App({ outdir: '/dev/null' });
  const chart = new Chart(app, 'bench', { namespace: NAMESPACE });
  const secretIds: Array<Set<string>> = [];
  for (let s = 0; s < STORES; s++) {
    const name = `store-${s}`;
    const store = new ApiObject(chart, `${name}-store`, {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ClusterSecretStore',
      metadata: { name },
      spec: {
        provider: {
          aws: {
            service: 'SecretsManager',
            region: REGION,
            auth: { jwt: { serviceAccountRef: { name, namespace: NAMESPACE } } },
          },
        },
      },
    });
    // A ClusterSecretStore is cluster-scoped: drop the namespace the chart adds.
    store.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    new ApiObject(chart, `${name}-sa`, {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name,
        namespace: NAMESPACE,
        annotations: { 'eks.amazonaws.com/role-arn': `arn:aws:iam::${ACCOUNT}:role/eso-${name}` },
      },
      automountServiceAccountToken: false,
    });
    secretIds.push(new Set());
  }
  for (let i = 0; i < n; i++) {
    const key = `/app/${i}/db`;
    secretIds[i % STORES].add(key);
    new ApiObject(chart, `es-${i}`, {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: `es-${i}` },
      spec: {
        secretStoreRef: { name: `store-${i % STORES}`, kind: 'ClusterSecretStore' },
        target: { name: `secret-${i}` },
        data: [
          { secretKey: 'username', remoteRef: { key, property: 'username' } },
          { secretKey: 'password', remoteRef: { key, property: 'password' } },
        ],
      },
    });
  }
  return { app, docs: () => secretIds.map((ids, s) => [rawPolicyJson(ids), rawTrustPolicyJson(`store-${s}`)]) };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** One measurement, in this process (run as a child so peak memory is its own). */
function measure(kind: string, n: number): Sample {
  const heap = watchHeap();
  const start = process.hrtime.bigint();
  const out = kind === 'esokit' ? esokit(n) : raw(n);
  const yaml = out.app.synthYaml();
  const docs = out.docs();
  const end = process.hrtime.bigint();
  const ms = Number(end - start) / 1e6;
  // The timed region on the clock of V8's CPU profiles (bench/profile.ts keeps its samples).
  const window = [Number(start / 1000n), Number(end / 1000n)];
  const { peakMb, baselineMb } = heap();
  return { ms, peakMb, baselineMb, window, bytes: yaml.length, yaml: sha256(yaml), docs: sha256(docs.flat().join('\n---\n')), docCount: docs.length * 2 };
}

function child(kind: string, n: number): Sample {
  const out = execFileSync(process.execPath, ['--expose-gc', ...process.execArgv, __filename, '--child', kind, String(n)], {
    encoding: 'utf8',
    maxBuffer: 2 ** 20,
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

interface Row {
  readonly ms: number;
  readonly mem: number;
  readonly sample: Sample;
}

function cdk8sBench(): boolean {
  const rows: Record<string, Row> = {};
  for (const n of SIZES) {
    // Alternated, so a slow spell of the shared machine falls on both sides.
    const samples: Record<string, Sample[]> = { raw: [], esokit: [] };
    for (let r = 0; r < RUNS[n]; r++) {
      for (const kind of ['raw', 'esokit']) {
        samples[kind].push(child(kind, n));
      }
    }
    for (const kind of ['raw', 'esokit']) {
      rows[`${kind}@${n}`] = {
        ms: median(samples[kind].map((s) => s.ms)),
        mem: median(samples[kind].map((s) => s.peakMb - s.baselineMb)),
        sample: samples[kind][0],
      };
    }
  }
  const runs = SIZES.map((n) => `${RUNS[n]} at ${n}`).join(', ');
  console.log(`cdk8s: ExternalSecrets across ${STORES} ClusterSecretStores, each with an IRSA identity (ServiceAccount emitted, IAM policy and trust policy read),`);
  console.log(`synthesized to YAML (median of ${runs} runs each; fewer at 10000 to keep the bench within ~5 minutes);`);
  console.log('MB: peak V8 heap in use during the run above the heap after imports\n');
  console.log('size    | raw ms  | esokit ms | time x | raw MB | esokit MB | mem x | same YAML | same IAM docs');
  let ok = true;
  for (const n of SIZES) {
    const r = rows[`raw@${n}`];
    const e = rows[`esokit@${n}`];
    const timeRatio = e.ms / r.ms;
    const memRatio = e.mem / r.mem;
    const sameYaml = e.sample.yaml === r.sample.yaml && e.sample.bytes === r.sample.bytes;
    const sameDocs = e.sample.docs === r.sample.docs && e.sample.docCount === r.sample.docCount;
    ok = ok && sameYaml && sameDocs;
    if (n === SIZES[SIZES.length - 1]) {
      ok = ok && timeRatio <= TIME_TARGET && memRatio <= MEMORY_TARGET;
    }
    console.log(`${String(n).padEnd(7)} | ${r.ms.toFixed(0).padStart(7)} | ${e.ms.toFixed(0).padStart(9)} | ${timeRatio.toFixed(2).padStart(6)} | ${r.mem.toFixed(0).padStart(6)} | ${e.mem.toFixed(0).padStart(9)} | ${memRatio.toFixed(2).padStart(5)} | ${String(sameYaml).padEnd(9)} | ${sameDocs} (${e.sample.docCount} documents)`);
  }
  console.log('');
  for (const n of SIZES) {
    const r = rows[`raw@${n}`];
    const e = rows[`esokit@${n}`];
    console.log(`cdk8s ${n}: time ${(e.ms / r.ms).toFixed(2)}x memory ${(e.mem / r.mem).toFixed(2)}x`);
  }
  const [small, large] = SIZES;
  const growth = rows[`esokit@${large}`].ms / rows[`esokit@${small}`].ms;
  const rawGrowth = rows[`raw@${large}`].ms / rows[`raw@${small}`].ms;
  // Linear within noise: at most the time target over proportional (the raw side grows less than
  // proportionally: its fixed costs weigh more at 1,000).
  const linear = growth <= (large / small) * TIME_TARGET;
  ok = ok && linear;
  console.log(`cdk8s growth ${small} -> ${large}: esokit ${growth.toFixed(1)}x time, raw ${rawGrowth.toFixed(1)}x, for ${large / small}x objects `
    + `(${linear ? 'linear' : 'NOT linear'}: at most ${((large / small) * TIME_TARGET).toFixed(0)}x counts as linear)`);
  return ok;
}

function pulumiBench(): boolean {
  const samples: Record<string, PulumiSample[]> = { raw: [], esokit: [] };
  for (let r = 0; r < PULUMI_RUNS; r++) {
    for (const kind of ['raw', 'esokit'] as const) {
      // The first run of each side also reports every registered input, for the comparison.
      samples[kind].push(pulumiChild(kind, PULUMI_ES, r === 0));
    }
  }
  const rawMs = median(samples.raw.map((s) => s.ms));
  const esoMs = median(samples.esokit.map((s) => s.ms));
  const rawMem = median(samples.raw.map((s) => s.peakMb - s.baselineMb));
  const esoMem = median(samples.esokit.map((s) => s.peakMb - s.baselineMb));
  console.log(`\npulumi: ${PULUMI_ES} ExternalSecrets across ${PULUMI_STORES} SecretStores, each with an IRSA identity, under pulumi.runtime.setMocks,`);
  console.log(`until every registration settled (median of ${PULUMI_RUNS} runs each)\n`);
  console.log('side    | ms     | peak heap MB      | resources registered');
  for (const [kind, ms, mem] of [['raw', rawMs, rawMem], ['esokit', esoMs, esoMem]] as const) {
    console.log(`${kind.padEnd(7)} | ${ms.toFixed(0).padStart(6)} | ${mem.toFixed(0).padStart(17)} | ${Object.entries(samples[kind][0].counts).map(([t, c]) => `${c} ${t}`).join(', ')}`);
  }
  const same = comparePulumi(samples.esokit[0], samples.raw[0]);
  const ratio = esoMs / rawMs;
  console.log(`\npulumi ${PULUMI_ES}: registration ${ratio.toFixed(2)}x (memory ${(esoMem / rawMem).toFixed(2)}x, not a target)`);
  return same && ratio <= TIME_TARGET;
}

function main(): void {
  const cdk8sOk = cdk8sBench();
  const pulumiOk = pulumiBench();
  console.log(`\ntargets (cdk8s time <= ${TIME_TARGET}x and memory <= ${MEMORY_TARGET}x at ${SIZES[SIZES.length - 1]}, linear growth, same output; `
    + `pulumi registration <= ${TIME_TARGET}x, same resources): ${cdk8sOk && pulumiOk ? 'met' : 'NOT met'}`
    + ` (cdk8s ${cdk8sOk ? 'met' : 'NOT met'}, pulumi ${pulumiOk ? 'met' : 'NOT met'})`);
}

if (process.argv[2] === '--child') {
  console.log(JSON.stringify(measure(process.argv[3], Number(process.argv[4]))));
} else if (require.main === module) {
  main();
}

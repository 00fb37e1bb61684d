/**
 * `npm run bench`: synthesizes 1,000 and 10,000 ExternalSecrets across 100 stores with esokit,
 * and the same manifests built as raw cdk8s ApiObjects, each in its own process; prints time and
 * peak memory, their ratios, and growth from 1,000 to 10,000.
 *
 * Targets: esokit ≤ 1.3× the raw time and ≤ 1.5× the raw peak memory (above the process's
 * baseline after imports), growing linearly.
 */
import { execFileSync } from 'child_process';
import * as path from 'path';
import { ApiObject, App, Chart, JsonPatch } from 'cdk8s';
import { AwsAuth, ClusterSecretStore, ExternalSecret, ISecretStore, SecretStoreProvider } from '../src';

const STORES = 100;
const SIZES = [1_000, 10_000];
const RUNS = 5;

interface Sample {
  readonly ms: number;
  readonly peakMb: number;
  readonly baselineMb: number;
  readonly bytes: number;
}

function esokit(n: number): App {
  const app = new App({ outdir: '/dev/null' });
  const chart = new Chart(app, 'bench', { namespace: 'bench' });
  const stores: ISecretStore[] = [];
  for (let s = 0; s < STORES; s++) {
    stores.push(new ClusterSecretStore(chart, `store-${s}`, {
      metadata: { name: `store-${s}` },
      provider: SecretStoreProvider.awsSecretsManager({ region: 'us-east-1', auth: AwsAuth.serviceAccount({ name: `sa-${s}`, namespace: 'eso' }) }),
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
  return app;
}

function raw(n: number): App {
  const app = new App({ outdir: '/dev/null' });
  const chart = new Chart(app, 'bench', { namespace: 'bench' });
  for (let s = 0; s < STORES; s++) {
    const store = new ApiObject(chart, `store-${s}`, {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ClusterSecretStore',
      metadata: { name: `store-${s}` },
      spec: {
        provider: {
          aws: {
            service: 'SecretsManager',
            region: 'us-east-1',
            auth: { jwt: { serviceAccountRef: { name: `sa-${s}`, namespace: 'eso' } } },
          },
        },
      },
    });
    // A ClusterSecretStore is cluster-scoped: drop the namespace the chart adds.
    store.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
  for (let i = 0; i < n; i++) {
    new ApiObject(chart, `es-${i}`, {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: `es-${i}` },
      spec: {
        secretStoreRef: { name: `store-${i % STORES}`, kind: 'ClusterSecretStore' },
        target: { name: `secret-${i}` },
        data: [
          { secretKey: 'username', remoteRef: { key: `/app/${i}/db`, property: 'username' } },
          { secretKey: 'password', remoteRef: { key: `/app/${i}/db`, property: 'password' } },
        ],
      },
    });
  }
  return app;
}

/** One measurement, in this process (run as a child so peak memory is its own). */
function measure(kind: string, n: number): Sample {
  const baselineMb = process.memoryUsage().rss / 2 ** 20;
  const start = process.hrtime.bigint();
  const app = kind === 'esokit' ? esokit(n) : raw(n);
  const yaml = app.synthYaml();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  return { ms, peakMb, baselineMb, bytes: yaml.length };
}

function child(kind: string, n: number): Sample {
  const out = execFileSync(process.execPath, [...process.execArgv, __filename, '--child', kind, String(n)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function main(): void {
  const rows: Record<string, { ms: number; mem: number; bytes: number }> = {};
  for (const n of SIZES) {
    for (const kind of ['raw', 'esokit']) {
      const samples = Array.from({ length: RUNS }, () => child(kind, n));
      rows[`${kind}@${n}`] = {
        ms: median(samples.map((s) => s.ms)),
        mem: median(samples.map((s) => s.peakMb - s.baselineMb)),
        bytes: samples[0].bytes,
      };
    }
  }
  console.log(`ExternalSecrets across ${STORES} ClusterSecretStores, synthesized to YAML (median of ${RUNS} runs each)\n`);
  console.log('size    | raw ms  | esokit ms | time x | raw MB | esokit MB | mem x | same bytes');
  let ok = true;
  for (const n of SIZES) {
    const r = rows[`raw@${n}`];
    const e = rows[`esokit@${n}`];
    const timeRatio = e.ms / r.ms;
    const memRatio = e.mem / r.mem;
    ok = ok && timeRatio <= 1.3 && memRatio <= 1.5;
    console.log(`${String(n).padEnd(7)} | ${r.ms.toFixed(0).padStart(7)} | ${e.ms.toFixed(0).padStart(9)} | ${timeRatio.toFixed(2).padStart(6)} | ${r.mem.toFixed(0).padStart(6)} | ${e.mem.toFixed(0).padStart(9)} | ${memRatio.toFixed(2).padStart(5)} | ${e.bytes === r.bytes}`);
  }
  const [small, large] = SIZES;
  const growth = rows[`esokit@${large}`].ms / rows[`esokit@${small}`].ms;
  console.log(`\nesokit growth ${small} -> ${large}: ${growth.toFixed(1)}x time for ${large / small}x objects (linear is ~${large / small}x)`);
  console.log(`targets (time <= 1.3x, memory <= 1.5x of raw): ${ok ? 'met' : 'NOT met'}`);
}

if (process.argv[2] === '--child') {
  console.log(JSON.stringify(measure(process.argv[3], Number(process.argv[4]))));
} else {
  main();
}

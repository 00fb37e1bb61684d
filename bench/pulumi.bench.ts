/**
 * The Pulumi half of `npm run bench` (spawned by bench/synth.bench.ts, one child per measurement):
 * 1,000 ExternalSecrets across 10 SecretStores, each store with an IRSA identity, declared with
 * esokit/pulumi components under `pulumi.runtime.setMocks`, timed from the first declaration until
 * every resource registration (and component outputs registration) has settled; against the same
 * objects declared as raw `apiextensions.CustomResource`s, `core.v1.ServiceAccount`s and
 * `iam.Role`/`iam.RolePolicy` with constant policy documents.
 *
 * This module loads no Pulumi package until a child runs: the cdk8s children import it too.
 */
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import { watchHeap } from './memory';

export const PULUMI_STORES = 10;
export const PULUMI_ES = 1_000;

const ACCOUNT = '123456789012';
const ISSUER = 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const OIDC_PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER}`;
const REGION = 'us-east-1';
const NAMESPACE = 'bench';
/** esokit's component types: registered on its side only (the raw program has no components). */
const COMPONENT_PREFIX = 'esokit:';

export interface PulumiSample {
  readonly ms: number;
  readonly peakMb: number;
  readonly baselineMb: number;
  /** Start and end of the timed region, µs of the monotonic clock. */
  readonly window: number[];
  /** Registered resources by type token. */
  readonly counts: Record<string, number>;
  /** sha256 of the canonical inputs of every non-component resource, by `type::name`. */
  readonly digests: Record<string, string>;
  /** The canonical inputs themselves, when asked for. */
  readonly inputs?: Record<string, string>;
}

interface Recorded {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
}

/** JSON with object keys sorted, so equal inputs give equal strings whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonical).join(',')}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj).sort().filter((k) => obj[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The constant documents of the raw program, written by hand (no esokit code). */
function rawDocuments(): { trust: string[]; policy: string[] } {
  const trust: string[] = [];
  const policy: string[] = [];
  for (let s = 0; s < PULUMI_STORES; s++) {
    trust.push(JSON.stringify({
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Principal: { Federated: OIDC_PROVIDER_ARN },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            [`${ISSUER}:aud`]: 'sts.amazonaws.com',
            [`${ISSUER}:sub`]: `system:serviceaccount:${NAMESPACE}:store-${s}`,
          },
        },
      }],
    }, null, 2));
    const ids: string[] = [];
    for (let i = s; i < PULUMI_ES; i += PULUMI_STORES) {
      ids.push(`arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:/app/${i}/db-??????`);
    }
    policy.push(JSON.stringify({
      Version: '2012-10-17',
      Statement: [{
        Sid: 'ReadSecrets',
        Effect: 'Allow',
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
        Resource: ids.sort(),
      }],
    }, null, 2));
  }
  return { trust, policy };
}

/* eslint-disable @typescript-eslint/no-require-imports, import/no-extraneous-dependencies -- Pulumi packages load after the mocks are set; they are the bench's, as the tests' */
async function measure(kind: 'esokit' | 'raw', n: number, withInputs: boolean): Promise<PulumiSample> {
  const pulumi: typeof import('@pulumi/pulumi') = require('@pulumi/pulumi');
  const recorded: Recorded[] = [];
  void pulumi.runtime.setMocks({
    newResource(args) {
      recorded.push({ type: args.type, name: args.name, inputs: args.inputs });
      const state: Record<string, unknown> = { ...args.inputs };
      if (args.type === 'aws:iam/role:Role') {
        state.arn = `arn:aws:iam::${ACCOUNT}:role${args.inputs.path ?? '/'}${args.inputs.name}`;
      }
      return { id: `${args.name}-id`, state };
    },
    call(args) {
      throw new Error(`mock call not implemented: ${args.token}`);
    },
  }, 'esokit-bench', 'bench', false);
  const k8s: typeof import('@pulumi/kubernetes') = require('@pulumi/kubernetes');
  const aws: typeof import('@pulumi/aws') = require('@pulumi/aws');
  const settings: { waitForRPCs(): Promise<void> } = require('@pulumi/pulumi/runtime/settings');
  const esokit: typeof import('../src/pulumi') = kind === 'esokit' ? require('../src/pulumi') : undefined!;
  const documents = kind === 'raw' ? rawDocuments() : undefined;
  // The SDKs' lazily loaded modules, once, outside the timed region.
  void aws.iam.Role;
  void aws.iam.RolePolicy;
  void k8s.apiextensions.CustomResource;
  void k8s.core.v1.ServiceAccount;

  const heap = watchHeap();
  const start = process.hrtime.bigint();
  if (kind === 'esokit') {
    const stores = Array.from({ length: PULUMI_STORES }, (_, s) => new esokit.SecretStore(`store-${s}`, {
      name: `store-${s}`,
      namespace: NAMESPACE,
      provider: esokit.SecretStoreProvider.awsSecretsManager({ region: REGION }),
      identity: esokit.StoreIdentity.irsa({ oidcProviderArn: OIDC_PROVIDER_ARN, roleName: `eso-store-${s}` }),
    }));
    for (let i = 0; i < n; i++) {
      const store = stores[i % PULUMI_STORES];
      new esokit.ExternalSecret(`es-${i}`, {
        store,
        name: `es-${i}`,
        target: { name: `secret-${i}` },
        data: {
          username: store.ref(`/app/${i}/db`, { property: 'username' }),
          password: store.ref(`/app/${i}/db`, { property: 'password' }),
        },
      });
    }
    // Every ExternalSecret is declared: the identities are derived from them.
    stores.forEach((store) => store.seal());
  } else {
    const stores: Array<import('@pulumi/pulumi').Resource[]> = [];
    for (let s = 0; s < PULUMI_STORES; s++) {
      const name = `store-${s}`;
      const serviceAccount = new k8s.core.v1.ServiceAccount(`${name}-service-account`, {
        metadata: { name, namespace: NAMESPACE, annotations: { 'eks.amazonaws.com/role-arn': `arn:aws:iam::${ACCOUNT}:role/eso-${name}` } },
        automountServiceAccountToken: false,
      });
      const role = new aws.iam.Role(`${name}-role`, { name: `eso-${name}`, path: '/', assumeRolePolicy: documents!.trust[s] }, { dependsOn: [serviceAccount] });
      const policy = new aws.iam.RolePolicy(`${name}-policy`, { role: role.name, name: 'external-secrets-read', policy: documents!.policy[s] });
      const store = new k8s.apiextensions.CustomResource(`${name}-secret-store`, {
        apiVersion: 'external-secrets.io/v1',
        kind: 'SecretStore',
        metadata: { name, namespace: NAMESPACE },
        spec: { provider: { aws: { service: 'SecretsManager', region: REGION, auth: { jwt: { serviceAccountRef: { name } } } } } },
      }, { dependsOn: [serviceAccount, role, policy] });
      // What esokit's ExternalSecret waits for: its store and everything the store waits for.
      stores.push([serviceAccount, role, policy, store]);
    }
    for (let i = 0; i < n; i++) {
      new k8s.apiextensions.CustomResource(`es-${i}-external-secret`, {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name: `es-${i}`, namespace: NAMESPACE },
        spec: {
          secretStoreRef: { name: `store-${i % PULUMI_STORES}`, kind: 'SecretStore' },
          target: { name: `secret-${i}` },
          data: [
            { secretKey: 'username', remoteRef: { key: `/app/${i}/db`, property: 'username' } },
            { secretKey: 'password', remoteRef: { key: `/app/${i}/db`, property: 'password' } },
          ],
        },
      }, { dependsOn: stores[i % PULUMI_STORES] });
    }
  }
  // Every registration (resources and component outputs) the program started, until none is left.
  let count = -1;
  while (count !== recorded.length) {
    count = recorded.length;
    await settings.waitForRPCs();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const end = process.hrtime.bigint();
  const ms = Number(end - start) / 1e6;
  // The timed region on the clock of V8's CPU profiles (bench/profile.ts keeps its samples).
  const window = [Number(start / 1000n), Number(end / 1000n)];
  const { peakMb, baselineMb } = heap();

  const counts: Record<string, number> = {};
  const digests: Record<string, string> = {};
  const inputs: Record<string, string> = {};
  for (const r of recorded) {
    counts[r.type] = (counts[r.type] ?? 0) + 1;
    if (r.type.startsWith(COMPONENT_PREFIX)) {
      continue;
    }
    const text = canonical(r.inputs);
    digests[`${r.type}::${r.name}`] = createHash('sha256').update(text).digest('hex');
    inputs[`${r.type}::${r.name}`] = text;
  }
  return { ms, peakMb, baselineMb, window, counts, digests, ...(withInputs ? { inputs } : {}) };
}
/* eslint-enable @typescript-eslint/no-require-imports, import/no-extraneous-dependencies */

/** One measurement in a child process of its own. */
export function pulumiChild(kind: 'esokit' | 'raw', n: number, withInputs: boolean): PulumiSample {
  const out = execFileSync(process.execPath, ['--expose-gc', ...process.execArgv, __filename, '--child', kind, String(n), ...(withInputs ? ['--inputs'] : [])], {
    encoding: 'utf8',
    maxBuffer: 256 * 2 ** 20,
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

/**
 * Whether both sides registered the same resources of each type with identical inputs; prints
 * every difference in counts and the first differing resources in full.
 */
export function comparePulumi(esokit: PulumiSample, raw: PulumiSample): boolean {
  let same = true;
  const types = [...new Set([...Object.keys(esokit.counts), ...Object.keys(raw.counts)])].sort();
  for (const type of types) {
    const e = esokit.counts[type] ?? 0;
    const r = raw.counts[type] ?? 0;
    if (type.startsWith(COMPONENT_PREFIX)) {
      console.log(`pulumi: esokit also registers ${e} ${type} component resources (no inputs; not compared)`);
    } else if (e !== r) {
      same = false;
      console.log(`pulumi MISMATCH: ${type}: esokit registers ${e}, raw ${r}`);
    }
  }
  const keys = [...new Set([...Object.keys(esokit.digests), ...Object.keys(raw.digests)])].sort();
  const differing = keys.filter((k) => esokit.digests[k] !== raw.digests[k]);
  if (differing.length > 0) {
    same = false;
    console.log(`pulumi MISMATCH: ${differing.length} of ${keys.length} resources differ in name or inputs; the first ones:`);
    for (const k of differing.slice(0, 3)) {
      console.log(`  ${k}\n    esokit: ${esokit.inputs?.[k] ?? '(not registered)'}\n    raw:    ${raw.inputs?.[k] ?? '(not registered)'}`);
    }
  }
  console.log(`pulumi: same resources of each type with identical inputs: ${same} (${keys.length} resources compared by type, name and inputs)`);
  return same;
}

if (require.main === module && process.argv[2] === '--child') {
  const [kind, n] = [process.argv[3] as 'esokit' | 'raw', Number(process.argv[4])];
  measure(kind, n, process.argv.includes('--inputs')).then(
    (sample) => console.log(JSON.stringify(sample)),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}

/**
 * A store's identity is derived from exactly the ExternalSecrets declared before `seal()`, with no
 * dependence on timing: the same documents when the engine answers at once or after a random
 * delay, in an async program, for ExternalSecrets declared after an `await` and inside an
 * `apply`; the wrong order fails at once, naming the component and the fix.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { ACCOUNT, Recorded, ofType, recordResources, setLatency, valueOf } from './mocks';

const recorded = recordResources();
/* eslint-disable @typescript-eslint/no-require-imports -- loaded after the mocks are set, as Pulumi requires */
const k8s: typeof import('@pulumi/kubernetes') = require('@pulumi/kubernetes');
const sdk: typeof import('@pulumi/pulumi') = require('@pulumi/pulumi');
const esokit: typeof import('../../src/pulumi') = require('../../src/pulumi');
/* eslint-enable @typescript-eslint/no-require-imports */

const OIDC = `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC123`;
const sm = () => esokit.SecretStoreProvider.awsSecretsManager({ region: 'us-east-1' });
const kv = () => esokit.SecretStoreProvider.vault({ server: 'https://vault.example.com:8200', path: 'secret' });

/**
 * An async program (as `export = async () => { … }` runs one): ExternalSecrets declared right
 * away, after an `await`, and inside an `apply` of another resource's Output; each store sealed
 * where its last ExternalSecret is declared.
 */
type Store = InstanceType<typeof esokit.SecretStore>;
async function program(prefix: string): Promise<{ aws: Store; vault: Store; last: Promise<unknown> }> {
  const ns = new k8s.core.v1.Namespace(`${prefix}ns`, { metadata: { name: 'apps' } });
  const aws = new esokit.SecretStore(`${prefix}aws`, {
    name: 'aws',
    namespace: ns.metadata.name,
    provider: sm(),
    identity: esokit.StoreIdentity.irsa({ oidcProviderArn: sdk.output(Promise.resolve(OIDC)), roleName: 'apps-eso' }),
  });
  const vault = new esokit.SecretStore(`${prefix}vault`, {
    name: 'vault',
    namespace: 'apps',
    provider: kv(),
    identity: esokit.StoreIdentity.vaultKubernetes({ role: 'apps-eso' }),
  });
  new esokit.ExternalSecret(`${prefix}first`, { name: 'first', store: aws, data: { a: aws.ref('apps/a') } });
  await new Promise((resolve) => setTimeout(resolve, 30));
  new esokit.ExternalSecret(`${prefix}second`, { name: 'second', store: aws, data: { b: aws.ref('apps/b'), v: vault.ref('apps/v') } });
  vault.seal();
  // Inside an apply: declared when the namespace resolves, the store sealed after it there.
  let done: () => void = () => undefined;
  const last = new Promise<void>((resolve) => {
    done = resolve;
  });
  ns.metadata.name.apply((name) => {
    new esokit.ExternalSecret(`${prefix}third`, { name: 'third', store: aws, namespace: name, data: { c: aws.ref('apps/c') } });
    aws.seal();
    done();
    return name;
  });
  return { aws, vault, last };
}

/** What the engine saw of a run, without the run's prefix, sorted. */
function seen(prefix: string): Array<Omit<Recorded, 'provider'>> {
  return recorded.filter((r) => r.name.startsWith(prefix))
    .map((r) => ({ type: r.type, name: r.name.slice(prefix.length), inputs: r.inputs }))
    .sort((a, b) => `${a.type} ${a.name}`.localeCompare(`${b.type} ${b.name}`));
}

async function run(prefix: string): Promise<Array<Omit<Recorded, 'provider'>>> {
  const { aws, vault, last } = await program(prefix);
  await last;
  await Promise.all([aws, vault].map((s) => valueOf(s.resource.id)));
  // Every ExternalSecret object registered too.
  for (let i = 0; i < 200 && ofType(seen(prefix) as Recorded[], 'kubernetes:external-secrets.io/v1:ExternalSecret').length < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return seen(prefix);
}

describe('an identity is derived from every ExternalSecret declared before seal()', () => {
  let immediate: Array<Omit<Recorded, 'provider'>>;
  let slow: Array<Omit<Recorded, 'provider'>>;

  beforeAll(async () => {
    setLatency(0);
    immediate = await run('now-');
    setLatency(50);
    slow = await run('slow-');
    setLatency(0);
  }, 60_000);

  test('the policies cover the ExternalSecrets declared at once, after an await and inside an apply', () => {
    const policy = immediate.find((r) => r.type === 'aws:iam/rolePolicy:RolePolicy')!;
    expect(JSON.parse(policy.inputs.policy).Statement[0].Resource).toEqual([
      `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:apps/a-??????`,
      `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:apps/b-??????`,
      `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:apps/c-??????`,
    ]);
    expect(immediate.find((r) => r.type === 'vault:index/policy:Policy')!.inputs.policy).toBe('path "secret/data/apps/v" {\n  capabilities = ["read"]\n}\n');
    expect(ofType(immediate as Recorded[], 'kubernetes:external-secrets.io/v1:ExternalSecret').map((r) => r.name)).toEqual(['first-external-secret', 'second-external-secret', 'third-external-secret']);
  });

  test('an engine answering after random delays sees exactly the same resources and inputs', () => {
    expect(slow.map((r) => `${r.type} ${r.name}`)).toEqual(immediate.map((r) => `${r.type} ${r.name}`));
    expect(slow.map((r) => r.inputs)).toEqual(immediate.map((r) => r.inputs));
  });
});

describe('the wrong order fails at once', () => {
  test('an ExternalSecret declared inside an apply that runs after seal(): its construction there throws the esokit error', async () => {
    // GIVEN
    const store = new esokit.SecretStore('apply-late', { namespace: 'apps', provider: sm(), identity: esokit.StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'r' }) });
    new esokit.ExternalSecret('apply-late-first', { store, data: { a: store.ref('apps/a') } });

    // WHEN
    let thrown: unknown;
    const late = sdk.output(Promise.resolve('apps')).apply((ns) => {
      try {
        new esokit.ExternalSecret('apply-late-es', { store, namespace: ns, data: { b: store.ref('apps/b') } });
      } catch (e) {
        thrown = e;
      }
      return ns;
    });
    store.seal();
    await valueOf(late);

    // THEN
    expect(thrown).toBeInstanceOf(sdk.ResourceError);
    expect((thrown as Error).message).toBe('apply-late-es: the ExternalSecret reads through store "apply-late", which was already sealed: its identity\'s permissions '
      + 'are derived from the ExternalSecrets declared before store.seal(); declare the ExternalSecret before calling seal() on the store');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(recorded.filter((r) => r.name.startsWith('apply-late-es-'))).toEqual([]);
  });

  test('a store using a controller identity declared after operator.seal()', () => {
    // GIVEN
    const operator = new esokit.EsoOperator('sealed-op', {
      controllerIdentity: esokit.StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'op', serviceAccount: esokit.IdentityServiceAccount.controller() }),
    });
    const first = new esokit.ClusterSecretStore('sealed-op-a', { provider: sm(), identity: operator.controllerIdentity });
    new esokit.ExternalSecret('sealed-op-es', { store: first, namespace: 'x', data: { a: first.ref('x/a') } });
    operator.seal();

    // THEN
    expect(() => new esokit.ClusterSecretStore('sealed-op-b', { provider: sm(), identity: operator.controllerIdentity })).toThrow(
      'sealed-op-b: the store uses the controller identity of an EsoOperator that was already sealed, so its role\'s permissions are derived without this store; '
      + 'declare the store and its ExternalSecrets before operator.seal()');
    // The operator sealed the stores using its identity.
    expect(() => new esokit.ExternalSecret('sealed-op-late', { store: first, namespace: 'x', data: { b: first.ref('x/b') } }))
      .toThrow('sealed-op-late: the ExternalSecret reads through store "sealed-op-a", which was already sealed');
  });

  test('operator.seal() with a controller identity no store uses', () => {
    const operator = new esokit.EsoOperator('lonely-op', {
      namespace: 'lonely',
      controllerIdentity: esokit.StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'lonely', serviceAccount: esokit.IdentityServiceAccount.controller({ namespace: 'lonely' }) }),
    });
    expect(() => operator.seal()).toThrow('lonely-op: no store uses the controller identity, so its iam role would have no permissions; '
      + 'give stores identity: operator.controllerIdentity, declared before operator.seal(), or remove controllerIdentity');
  });

  test('seal() twice does nothing the second time; a store without identity may be sealed', () => {
    const store = new esokit.SecretStore('twice', { namespace: 'apps', provider: sm(), identity: esokit.StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'twice' }) });
    new esokit.ExternalSecret('twice-es', { store, data: { a: store.ref('apps/a') } });
    store.seal();
    expect(() => store.seal()).not.toThrow();
    const plain = new esokit.SecretStore('plain-sealed', { namespace: 'apps', provider: sm() });
    plain.seal();
    expect(() => new esokit.ExternalSecret('plain-late', { store: plain, data: { a: plain.ref('apps/a') } })).toThrow('plain-late: the ExternalSecret reads through store "plain-sealed", which was already sealed');
  });
});

test('a program that never seals its identity store or operator is reported with the component and the fix when it ends', () => {
  const child = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'programs', 'unsealed.ts')], {
    cwd: path.join(__dirname, '..', '..'),
    encoding: 'utf-8',
  });
  expect(child.stdout + child.stderr).toContain('forgot: the store\'s identity is derived from the ExternalSecrets declared before store.seal(), which the program never called, '
    + 'so its resources were never created; call seal() on the store once its ExternalSecrets are declared');
  expect(child.stdout + child.stderr).toContain('forgot-op: the controller identity is derived from the stores declared before operator.seal(), which the program never called, '
    + 'so its role was never created; call seal() on the operator once its stores and their ExternalSecrets are declared');
  expect(child.stdout + child.stderr).not.toContain('sealed-fine:');
  // A store using the operator's identity is sealed with the operator, so it is not reported itself.
  expect(child.stdout + child.stderr).not.toContain('forgot-op-store:');
  expect(child.status).not.toBe(0);
}, 60_000);


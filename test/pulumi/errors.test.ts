/**
 * esokit/pulumi bad inputs: ResourceErrors tied to the component, at construction when the value
 * is known, else when the Output resolves; and the Pulumi package checks.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ACCOUNT, recordResources } from './mocks';

const recorded = recordResources();
/* eslint-disable @typescript-eslint/no-require-imports -- loaded after the mocks are set, as Pulumi requires */
const pulumi: typeof import('@pulumi/pulumi') = require('@pulumi/pulumi');
const esokit: typeof import('../../src/pulumi') = require('../../src/pulumi');
const peers: typeof import('../../src/pulumi/peers') = require('../../src/pulumi/peers');
/* eslint-enable @typescript-eslint/no-require-imports */

const OIDC = `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC123`;
const sm = () => esokit.SecretStoreProvider.awsSecretsManager({ region: 'us-east-1' });
const irsa = (roleName: string) => esokit.StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName });

/** The error thrown by `fn`, which must be a ResourceError. */
function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(pulumi.ResourceError);
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('errors at construction', () => {
  test.each<[string, () => unknown, string]>([
    ['a store name that is not rfc 1123',
      () => new esokit.SecretStore('s1', { name: 'Payments_Store', namespace: 'p', provider: sm() }),
      's1: name "Payments_Store" is not a valid kubernetes name'],
    ['a namespace that is not rfc 1123',
      () => new esokit.SecretStore('s2', { namespace: 'Payments', provider: sm() }),
      's2: namespace "Payments" is not a valid namespace'],
    ['a refresh interval that is not a go duration',
      () => new esokit.ClusterSecretStore('s3', { provider: sm(), refreshInterval: '1 hour' }),
      's3: refreshInterval "1 hour" is not a go duration'],
    ['an irsa identity on a vault store',
      () => new esokit.SecretStore('s4', {
        namespace: 'p',
        provider: esokit.SecretStoreProvider.vault({ server: 'https://vault:8200' }),
        identity: irsa('r'),
      }),
      's4: identity is an aws iam role but the provider is "vault"'],
    ['a malformed oidc provider arn',
      () => new esokit.SecretStore('s5', { namespace: 'p', provider: sm(), identity: esokit.StoreIdentity.irsa({ oidcProviderArn: 'oidc.eks.us-east-1.amazonaws.com/id/X', roleName: 'r' }) }),
      's5: identity.oidcProviderArn "oidc.eks.us-east-1.amazonaws.com/id/X" is not an iam oidc provider arn'],
    ['an ExternalSecret of a ClusterSecretStore without namespace',
      () => new esokit.ExternalSecret('e1', { store: esokit.ClusterSecretStore.existing('shared'), data: { a: esokit.RemoteReference.of('a') } }),
      'e1: the ExternalSecret uses ClusterSecretStore "shared" and has no namespace; set namespace to where its Secret should be written'],
    ['an ExternalSecret with no data',
      () => new esokit.ExternalSecret('e2', { store: esokit.SecretStore.existing('s', 'p') }),
      'e2: the ExternalSecret has neither data nor dataFrom, so eso would reject it'],
    ['argo cd\'s secret-type label on the ExternalSecret of a templated Secret (external-secrets#2790)',
      () => new esokit.ExternalSecret('e-label', {
        store: esokit.SecretStore.existing('s', 'p'),
        labels: { 'argocd.argoproj.io/secret-type': 'repository' },
        data: { password: esokit.RemoteReference.of('git') },
        target: { template: { data: { password: '{{ .password }}' } } },
      }),
      'e-label: metadata.labels "argocd.argoproj.io/secret-type" is read by argo cd on the Secret, but eso copies the ExternalSecret\'s labels and annotations to the Secret only when it has no template, and this one has a template; move it to target.template.labels'],
    ['a secret key that kubernetes rejects',
      () => new esokit.ExternalSecret('e3', { store: esokit.SecretStore.existing('s', 'p'), data: { 'db password': esokit.RemoteReference.of('a') } }),
      'e3: data "db password" is not a valid secret key'],
  ])('%s', (_, fn, message) => {
    expect(errorOf(fn)).toContain(message);
  });

  test('an existing store with a name or namespace that is not rfc 1123', () => {
    expect(() => esokit.SecretStore.existing('Legacy', 'p')).toThrow('SecretStore Legacy: name "Legacy" is not a valid kubernetes name');
    expect(() => esokit.SecretStore.existing('legacy', 'P')).toThrow('SecretStore legacy: namespace "P" is not a valid namespace');
  });

  test('a ClusterSecretStore identity whose ServiceAccount has no namespace', () => {
    expect(errorOf(() => new esokit.ClusterSecretStore('css', { provider: sm(), identity: irsa('css') }))).toBe(
      'css: the ClusterSecretStore\'s identity needs a namespace for its ServiceAccount; give one with IdentityServiceAccount.create({ namespace }) '
      + '(cdk8s also takes the chart\'s namespace)');
  });

  test('one identity given to two stores', () => {
    const identity = irsa('shared');
    const first = new esokit.SecretStore('twice-a', { namespace: 'p', provider: sm(), identity });
    new esokit.ExternalSecret('twice-es', { store: first, data: { a: first.ref('a') } });
    expect(errorOf(() => new esokit.SecretStore('twice-b', { namespace: 'p', provider: sm(), identity }))).toBe(
      'twice-b: the identity is already used by another store, and each store creates its identity\'s resources; give each store its own StoreIdentity');
  });

  test('a key the Secret does not declare, through an ExternalSecret annotation without type arguments or a widened data record', () => {
    const store = esokit.SecretStore.existing('s', 'p');
    const db: InstanceType<typeof esokit.ExternalSecret> = new esokit.ExternalSecret('untyped', { store, data: { password: store.ref('db') } });
    expect(errorOf(() => db.keyRef('pasword'))).toBe(
      'untyped: keyRef asks for key "pasword", but the Secret declares only "password"; use one of the declared keys or add it to data');
    const records: Record<string, InstanceType<typeof esokit.RemoteReference>> = { password: store.ref('db') };
    const wide = new esokit.ExternalSecret('widened', { store, data: records });
    expect(wide.envVar('P', 'password').valueFrom?.secretKeyRef).toMatchObject({ key: 'password' });
    expect(errorOf(() => wide.envVar('X', 'username'))).toBe(
      'widened: keyRef asks for key "username", but the Secret declares only "password"; use one of the declared keys or add it to data');
  });

  test('a key the Secret does not declare (from JavaScript, or through a cast)', () => {
    const es = new esokit.ExternalSecret('keys', { store: esokit.SecretStore.existing('s', 'p'), data: { password: esokit.RemoteReference.of('db') } });
    expect(errorOf(() => es.envVar('X', 'pasword' as 'password'))).toBe(
      'keys: keyRef asks for key "pasword", but the Secret declares only "password"; use one of the declared keys or add it to data');
  });
});

describe('a problem found at construction registers no child first', () => {
  test.each<[string, string, () => unknown, string]>([
    ['a label the api server rejects on a store with an identity', 'nc-label',
      () => new esokit.SecretStore('nc-label', { namespace: 'p', provider: sm(), identity: irsa('r'), labels: { 'bad label': 'x' } }),
      'nc-label: labels key "bad label"'],
    ['an inline policy name iam rejects', 'nc-policy',
      () => new esokit.SecretStore('nc-policy', { namespace: 'p', provider: sm(), identity: esokit.StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'r', inlinePolicyName: 'read secrets' }) }),
      'nc-policy: inlinePolicyName "read secrets" is not an iam policy name'],
    ['an operator whose controller identity has an inline policy name iam rejects', 'nc-op',
      () => new esokit.EsoOperator('nc-op', {
        controllerIdentity: esokit.StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'r', inlinePolicyName: 'read secrets', serviceAccount: esokit.IdentityServiceAccount.controller() }),
      }),
      'nc-op: inlinePolicyName "read secrets" is not an iam policy name'],
  ])('%s', async (_, name, fn, message) => {
    expect(errorOf(fn)).toContain(message);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(recorded.filter((r) => r.name.startsWith(name)).map((r) => r.name)).toEqual([name]);
  });
});

describe('every problem of a component in one error', () => {
  test('an ExternalSecret with a bad name, a bad key and a bad refresh interval', () => {
    const store = esokit.SecretStore.existing('s', 'p');
    expect(errorOf(() => new esokit.ExternalSecret('many', {
      store,
      name: 'Many_Things',
      refreshInterval: '1d',
      data: { 'db password': store.ref('a'), 'ok': store.ref('b') },
    })).split('\n').map((l) => l.slice(0, 48))).toEqual([
      'many: 3 problems:',
      '  - name "Many_Things" is not a valid kubernetes',
      '  - data "db password" is not a valid secret key',
      '  - refreshInterval "1d" is not a go duration (u',
    ]);
  });

  test('a store with a bad name and bad durations', () => {
    expect(errorOf(() => new esokit.SecretStore('bad-store', { name: 'Bad', namespace: 'p', provider: sm(), refreshInterval: '5 minutes', retryInterval: '-1s' }))
      .split('\n')[0]).toBe('bad-store: 3 problems:');
  });
});

describe('declaration order', () => {
  test('fails for an ExternalSecret declared after its store was sealed, before registering anything', async () => {
    const store = new esokit.SecretStore('sealed', { namespace: 'p', provider: sm(), identity: irsa('sealed') });
    new esokit.ExternalSecret('sealed-first', { store, data: { a: store.ref('a') } });
    store.seal();
    const before = recorded.length;
    expect(errorOf(() => new esokit.ExternalSecret('sealed-late', { store, data: { b: store.ref('b') } }))).toBe(
      'sealed-late: the ExternalSecret reads through store "sealed", which was already sealed: its identity\'s permissions are derived from the '
      + 'ExternalSecrets declared before store.seal(); declare the ExternalSecret before calling seal() on the store');
    // Only the component itself was registered, none of its children.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(recorded.slice(before).filter((r) => r.name.startsWith('sealed-late')).map((r) => r.name)).toEqual(['sealed-late']);
  });

  test('fails for an ExternalSecret whose references are bound to a sealed store', () => {
    const sealedStore = new esokit.SecretStore('sealed-ref', { namespace: 'p', provider: sm(), identity: irsa('sealed-ref') });
    new esokit.ExternalSecret('sealed-ref-first', { store: sealedStore, data: { a: sealedStore.ref('a') } });
    sealedStore.seal();
    const other = esokit.SecretStore.existing('other', 'p');
    expect(errorOf(() => new esokit.ExternalSecret('sealed-ref-late', { store: other, data: { b: sealedStore.ref('b') } })))
      .toContain('sealed-ref-late: the ExternalSecret reads through store "sealed-ref", which was already sealed');
  });

  test('fails for seal() before any ExternalSecret reads through an iam identity store', () => {
    const store = new esokit.SecretStore('sealed-empty', { namespace: 'p', provider: sm(), identity: irsa('sealed-empty') });
    expect(errorOf(() => store.seal())).toBe('sealed-empty: seal() was called before any ExternalSecret reads through the store, so its iam role would have '
      + 'no permissions; declare its ExternalSecrets before store.seal(), or remove the identity');
  });
});

describe('pulumi packages', () => {
  function fakeProgram(packages: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esokit-peers-'));
    for (const [name, version] of Object.entries(packages)) {
      fs.mkdirSync(path.join(dir, 'node_modules', name), { recursive: true });
      fs.writeFileSync(path.join(dir, 'node_modules', name, 'package.json'), JSON.stringify({ name, version }));
    }
    return dir;
  }

  test('a missing package names itself, the supported range and the install command', () => {
    const dir = fakeProgram({});
    expect(() => peers.checkPeer('@pulumi/aws', dir)).toThrow(
      'esokit/pulumi needs @pulumi/aws ^7.0.0, which is not installed; install it in your pulumi program (npm install @pulumi/aws@"^7.0.0")');
  });

  test('an unsupported version names the installed and supported versions', () => {
    const dir = fakeProgram({ '@pulumi/pulumi': '2.25.2' });
    expect(() => peers.checkPeer('@pulumi/pulumi', dir)).toThrow(
      'esokit/pulumi supports @pulumi/pulumi ^3.100.0, but 2.25.2 is installed; install a supported version (npm install @pulumi/pulumi@"^3.100.0")');
  });

  test('a supported version passes', () => {
    expect(() => peers.checkPeer('@pulumi/vault', fakeProgram({ '@pulumi/vault': '7.8.0' }))).not.toThrow();
  });

  test.each([
    ['3.100.0', '^3.100.0', true],
    ['3.248.1', '^3.100.0', true],
    ['3.99.9', '^3.100.0', false],
    ['4.0.0', '^3.100.0', false],
    ['3.200.0-alpha.1', '^3.100.0', false],
    ['7.0.0', '^7.0.0', true],
    ['6.66.0', '^7.0.0', false],
  ])('%s satisfies %s: %s', (version, range, ok) => {
    expect(peers.satisfiesCaret(version, range)).toBe(ok);
  });
});

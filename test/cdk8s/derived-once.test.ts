/**
 * What esokit derives from every ExternalSecret of an app (the reads through each store, the
 * writers of each Secret, each identity's documents, each ExternalSecret's render) is derived once
 * and kept until an ExternalSecret is added or changes: these tests change the app between reads
 * and synths and expect every derivation to follow.
 */
import { Chart, Testing } from 'cdk8s';
import { ExternalSecret, SecretStore, SecretStoreProvider, StoreIdentity } from '../../src';
import { esokitMessage } from '../support/errors';

const OIDC = 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC123';

function setup() {
  const chart = new Chart(Testing.app(), 'app', { namespace: 'payments' });
  const store = new SecretStore(chart, 'aws', {
    metadata: { name: 'aws' },
    provider: SecretStoreProvider.awsSecretsManager({ region: 'us-east-1' }),
    identity: StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'eso' }),
  });
  return { chart, store };
}

const resources = (store: SecretStore) => store.identity.policyDocument.Statement.flatMap((s: any) => s.Resource).sort();

test('the policy follows ExternalSecrets declared and data added after it was read', () => {
  const { chart, store } = setup();
  const a = new ExternalSecret(chart, 'a', { store, data: { A: store.ref('db/a') } });
  expect(resources(store)).toEqual(['arn:aws:secretsmanager:us-east-1:123456789012:secret:db/a-??????']);
  new ExternalSecret(chart, 'b', { store, data: { B: store.ref('db/b') } });
  a.addData('C', store.ref('db/c'));
  expect(resources(store)).toEqual([
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:db/a-??????',
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:db/b-??????',
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:db/c-??????',
  ]);
});

test('a synth sees ExternalSecrets and data added after an earlier synth', () => {
  const { chart, store } = setup();
  const a = new ExternalSecret(chart, 'a', { store, data: { A: store.ref('db/a') } });
  const first = Testing.synth(chart);
  a.addData('B', store.ref('db/b'));
  const second = Testing.synth(chart);
  const esOf = (manifests: any[]) => manifests.find((m) => m.kind === 'ExternalSecret');
  expect(esOf(first).spec.data.map((d: any) => d.secretKey)).toEqual(['A']);
  expect(esOf(second).spec.data.map((d: any) => d.secretKey)).toEqual(['A', 'B']);
  // The same app synthesized again gives the same manifests.
  expect(Testing.synth(chart)).toEqual(second);
});

test('a conflict with an ExternalSecret declared after the first synth is found at the next', () => {
  const { chart, store } = setup();
  new ExternalSecret(chart, 'a', { store, target: { name: 'creds' }, data: { A: store.ref('db/a') } });
  expect(() => Testing.synth(chart)).not.toThrow();
  new ExternalSecret(chart, 'b', { store, target: { name: 'creds' }, data: { A: store.ref('db/b') } });
  let message = '';
  try {
    Testing.synth(chart);
  } catch (e) {
    message = esokitMessage((e as Error).message);
  }
  expect(message).toMatch(/^app\/a: target Secret "payments\/creds" is also written by app\/b; app\/a owns it/);
});

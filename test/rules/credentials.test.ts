/**
 * No secret values in manifests: a credential where esokit would write it into a manifest (and so
 * into Git) is refused, with where it belongs instead, and never echoed; ordinary values that
 * merely look unusual pass. The fake provider's acknowledged test data is exempt.
 */
import { Chart, Testing } from 'cdk8s';
import { EsoOperator, ExternalSecret, OperatorInstall, SecretStore, SecretStoreProvider } from '../../src';
import { credentialKind } from '../../src/core/model/credentials';
import { esokitMessage } from '../support/errors';
import { synthValid } from '../support/synth';

// Shapes of real credentials, assembled so no scanner mistakes this file for a leak.
const GITHUB_TOKEN = ['ghp', 'x7Kq2LmN9pR4sT6vW8yZ1aB3cD5eF7gH9jK0'].join('_');
const AWS_KEY_ID = ['AKIA', 'IOSFODNN7EXAMPLE'].join('');
const JWT = ['eyJhbGciOiJIUzI1NiJ9', 'eyJzdWIiOiJwYXltZW50cyJ9', 'c2lnbmF0dXJlLW9mLXRoZS10b2tlbg'].join('.');
const VAULT_TOKEN = ['hvs', 'CAESIJ3kq8ZQe5uXW2nLm7Rt0YpA'].join('.');
const SLACK_TOKEN = ['xoxb', '123456789012', 'abcdefABCDEF'].join('-');
const PRIVATE_KEY = ['-----BEGIN', 'RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----'].join(' ');


const sm = () => SecretStoreProvider.awsSecretsManager({ region: 'eu-west-1' });

function chart(): Chart {
  return new Chart(Testing.app(), 'app', { namespace: 'payments' });
}

function refusal(build: (c: Chart, s: SecretStore) => void): string {
  const c = chart();
  const s = new SecretStore(c, 'aws', { metadata: { name: 'aws' }, provider: sm() });
  try {
    build(c, s);
    Testing.synth(c);
  } catch (e) {
    return esokitMessage((e as Error).message);
  }
  throw new Error('expected a refusal');
}

const FROM_BACKEND = 'keep the value in the backend and read it with a reference (store.ref), or in a kubernetes Secret the template reads through templateFrom';

describe('credentials in what esokit writes are refused, without echoing them', () => {
  test.each<[string, (c: Chart, s: SecretStore) => void, string]>([
    ['a private key pasted into template data',
      (c, s) => new ExternalSecret(c, 'es', { store: s, data: { a: s.ref('a') }, target: { template: { mergePolicy: undefined, data: { 'tls.key': PRIVATE_KEY } } } }),
      `app/es: target.template.data["tls.key"] holds what looks like a private key; esokit would write it into the manifest (and so into git) as it is, so ${FROM_BACKEND}`],
    ['a github token as template data',
      (c, s) => new ExternalSecret(c, 'es', { store: s, data: { a: s.ref('a') }, target: { template: { data: { token: GITHUB_TOKEN } } } }),
      `app/es: target.template.data.token holds what looks like a github token; esokit would write it into the manifest (and so into git) as it is, so ${FROM_BACKEND}`],
    ['a registry credential inlined in a dockerconfigjson template',
      (c, s) => new ExternalSecret(c, 'es', { store: s, data: { a: s.ref('a') }, target: { template: { data: { '.dockerconfigjson': '{"auths":{"registry.example.com":{"auth":"dXNlcjpwYXNzd29yZA=="}}}' } } } }),
      `app/es: target.template.data[".dockerconfigjson"] holds what looks like a registry credential; esokit would write it into the manifest (and so into git) as it is, so ${FROM_BACKEND}`],
    ['an access key id typed where the remote key name belongs',
      (c, s) => new ExternalSecret(c, 'es', { store: s, data: { a: s.ref(AWS_KEY_ID) } }),
      `app/es: data[0].remoteRef.key holds what looks like an aws access key id; esokit would write it into the manifest (and so into git) as it is, so ${FROM_BACKEND}`],
    ['a token typed where the Secret key name belongs',
      (c, s) => new ExternalSecret(c, 'es', { store: s, data: { [SLACK_TOKEN]: s.ref('a') } }),
      `app/es: data[0].secretKey holds what looks like a slack token; esokit would write it into the manifest (and so into git) as it is, so ${FROM_BACKEND}`],
    ['a json web token in an annotation of the generated Secret',
      (c, s) => new ExternalSecret(c, 'es', { store: s, data: { a: s.ref('a') }, target: { template: { annotations: { 'example.com/token': JWT } } } }),
      'app/es: target.template.annotations["example.com/token"] holds what looks like a json web token; esokit would write it into the manifest (and so into git) as it is, so annotations are readable by anyone who can get the object: keep the value in the backend and read it with a reference (store.ref)'],
    ['a token in a label of the ExternalSecret',
      (c, s) => new ExternalSecret(c, 'es', { metadata: { labels: { token: GITHUB_TOKEN } }, store: s, data: { a: s.ref('a') } }),
      'app/es: metadata.labels["token"] holds what looks like a github token; esokit would write it into the manifest (and so into git) as it is, so labels are readable by anyone who can list the object: keep the value in the backend and read it with a reference (store.ref)'],
    ['a webhook url with a password in a custom provider block',
      (c) => new SecretStore(c, 'hook', { provider: SecretStoreProvider.custom('webhook', { url: 'https://eso:s3cr3t@hooks.example.com/{{ .remoteRef.key }}' }) }),
      'app/hook: provider.webhook.url holds what looks like a password in a url; esokit would write it into the manifest (and so into git) as it is, so keep it in a kubernetes Secret and reference it (e.g. auth.secretRef: { name, key }), never inline in the store'],
    ['a vault token in the operator\'s chart values',
      (c) => new EsoOperator(c, 'eso', { install: OperatorInstall.flux(), values: { extraEnv: [{ name: 'VAULT_TOKEN', value: VAULT_TOKEN }] } }),
      'app/eso: values.extraEnv[0].value holds what looks like a vault token; esokit would write it into the manifest (and so into git) as it is, so chart values are stored in the release object in plain text: use the chart\'s secret references (e.g. an existing Secret\'s name) instead'],
  ])('%s', (_, build, message) => {
    const got = refusal(build);
    expect(got).toBe(message);
    for (const secret of [GITHUB_TOKEN, AWS_KEY_ID, JWT, VAULT_TOKEN, SLACK_TOKEN, 'dXNlcjpwYXNzd29yZA', 's3cr3t', 'MIIEpAIBAAKCAQEA']) {
      expect(got).not.toContain(secret);
    }
  });
});

describe('ordinary values that look unusual are accepted', () => {
  test.each([
    ['a template reading the password', '{{ .password }}'],
    ['a dockerconfigjson template that builds the auth', '{"auths":{"registry.example.com":{"auth":"{{ printf "%s:%s" .user .password | b64enc }}"}}}'],
    ['a bearer header from a template', 'Bearer {{ .token }}'],
    ['a connection url without a password', 'postgres://payments@db.payments.svc:5432/payments?sslmode=require'],
    ['a url with a port', 'https://vault.example.com:8200/v1/secret'],
    ['an arn', 'arn:aws:iam::123456789012:role/eso-payments'],
    ['a uuid', '6f1c2a4e-9d3b-4c5a-8e7f-0a1b2c3d4e5f'],
    ['a sha256', '08b08d88e9522436698d6c90510b530d491081fbf92015faa7a571bb8b50bc5b'],
    ['a public certificate', '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUE\n-----END CERTIFICATE-----'],
    ['a key named like a credential', 'aws_secret_access_key'],
    ['an email address', 'payments-team@example.com'],
  ])('%s', (_, value) => {
    expect(credentialKind(value)).toBeUndefined();
  });

  test('a whole declaration with such values synthesizes', () => {
    const c = chart();
    const s = new SecretStore(c, 'aws', { metadata: { name: 'aws' }, provider: sm() });
    new ExternalSecret(c, 'es', {
      metadata: { labels: { 'app.kubernetes.io/name': 'payments' }, annotations: { 'example.com/docs': 'https://wiki.example.com/payments#secrets' } },
      store: s,
      data: { password: s.ref('payments/db', { property: 'password' }), user: s.ref('payments/db', { property: 'user' }) },
      target: { template: { type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': '{"auths":{"r.example.com":{"auth":"{{ printf "%s:%s" .user .password | b64enc }}"}}}' } } },
    });
    expect(() => synthValid(c)).not.toThrow();
  });

  test('the fake provider\'s acknowledged test data may look like anything', () => {
    const c = chart();
    new SecretStore(c, 'fake', {
      provider: SecretStoreProvider.fakeWithValuesInManifest({ acknowledgeValuesInManifest: true, data: [{ key: 'token', value: GITHUB_TOKEN }] }),
    });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      expect(() => synthValid(c)).not.toThrow();
    } finally {
      warn.mockRestore();
    }
  });
});

/**
 * ESO's fake provider: the loud opt-in, the manifest ESO receives, ESO's ValidateStore rules and
 * the references ESO's fake client could not serve.
 */
import { Chart, Testing } from 'cdk8s';
import {
  ClusterSecretStore,
  DataFrom,
  ExternalSecret,
  FakeProviderOptions,
  FakeValidationResult,
  MetadataPolicy,
  SecretStore,
  SecretStoreProvider,
  StoreIdentity,
} from '../../src';
import { onlyOfKind, synthValid } from '../support/synth';

function chart(): Chart {
  return new Chart(Testing.app(), 'test', { namespace: 'demo' });
}

const DATA = [
  { key: 'db', value: '{"username":"demo","password":"not-a-secret","hosts":["a","b"]}' },
  { key: 'token', value: 'v1-token', version: '1' },
  { key: 'token', value: 'v2-token', version: '2' },
  { key: 'plain', value: 'hello' },
];

function fake(options: Partial<FakeProviderOptions> = {}): SecretStoreProvider {
  return SecretStoreProvider.fakeWithValuesInManifest({ acknowledgeValuesInManifest: true, data: DATA, ...options });
}

/** A store over `provider` with one ExternalSecret reading `data` / `dataFrom` through it. */
function declare(provider: SecretStoreProvider, build?: (store: SecretStore) => ConstructorParameters<typeof ExternalSecret>[2]): Chart {
  const c = chart();
  const store = new SecretStore(c, 'fake', { metadata: { name: 'fake' }, provider });
  if (build) {
    new ExternalSecret(c, 'es', build(store));
  }
  return c;
}

describe('fake provider', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => warn.mockRestore());

  test('renders the data block ESO reads, validates against the CRD, and warns once at synth', () => {
    // GIVEN
    const c = declare(fake({ validationResult: FakeValidationResult.UNKNOWN }), (store) => ({
      metadata: { name: 'es' },
      store,
      data: {
        PASSWORD: store.ref('db', { property: 'password' }),
        HOST: store.ref('db', { property: 'hosts.1' }),
        TOKEN: store.ref('token', { version: '2' }),
        PLAIN: store.ref('plain'),
      },
      dataFrom: [DataFrom.extract(store.ref('db')), store.find({ nameRegexp: '^tok' })],
    }));

    // WHEN
    const manifests = synthValid(c);
    Testing.synth(c);

    // THEN
    expect(onlyOfKind(manifests, 'SecretStore').spec).toEqual({
      provider: {
        fake: {
          data: [
            { key: 'db', value: '{"username":"demo","password":"not-a-secret","hosts":["a","b"]}' },
            { key: 'token', value: 'v1-token', version: '1' },
            { key: 'token', value: 'v2-token', version: '2' },
            { key: 'plain', value: 'hello' },
          ],
          validationResult: 1,
        },
      },
    });
    expect(onlyOfKind(manifests, 'ExternalSecret').spec.dataFrom).toEqual([
      { extract: { key: 'db' } },
      { find: { name: { regexp: '^tok' } } },
    ]);
    // Once per store, however often the chart is synthesized.
    expect(warn.mock.calls).toEqual([[
      'warning: test/fake: the fake provider writes its 4 value(s) in clear text into the store manifest; use it only for tests and demos. '
      + 'eso marks it as not maintained (the webhook warns on every apply), and keeps its values per store name only, so fake stores with the same name share them',
    ]]);
  });

  test('an empty data list is a valid fake store (the CRD requires the list, not entries)', () => {
    const c = declare(fake({ data: [] }));
    expect(onlyOfKind(synthValid(c), 'SecretStore').spec).toEqual({ provider: { fake: { data: [] } } });
  });

  test('fails without the explicit acknowledgement, because the values land in git and etcd', () => {
    const provider = SecretStoreProvider.fakeWithValuesInManifest({ acknowledgeValuesInManifest: false, data: DATA });
    expect(() => declare(provider)).toThrow(
      'test/fake: provider.fake acknowledgeValuesInManifest is false; the fake provider writes every value in clear text into the store manifest (git, etcd, anyone who may read the store), so set it to true, and only for tests and demos');
  });

  // fake.go ValidateStore: the webhook rejects the whole store for an entry without a key or value.
  test('fails for an entry without a key (eso: "key must be set in data 1")', () => {
    expect(() => declare(fake({ data: [DATA[0], { key: '', value: 'x' }] }))).toThrow(
      'test/fake: provider.fake.data[1].key is empty; give the remote key references name (eso rejects the store: "key must be set in data 1")');
  });

  test('fails for an entry without a value (eso: "at least one value must be set in data 0")', () => {
    expect(() => declare(fake({ data: [{ key: 'a', value: '' }] }))).toThrow(
      'test/fake: provider.fake.data[0].value of key "a" is empty; give a value (eso rejects the store: "at least one value must be set in data 0")');
  });

  test('fails for an empty version, which reads as no version', () => {
    expect(() => declare(fake({ data: [{ key: 'a', value: 'x', version: '' }] }))).toThrow(
      'test/fake: provider.fake.data[0].version of key "a" is empty; omit it for an entry read without a version');
  });

  // fake.go mapKey: key and version are concatenated, so ("a", "1") and ("a1", none) collide
  // and one entry silently replaces the other.
  test('fails for entries eso would store under the same name', () => {
    expect(() => declare(fake({ data: [{ key: 'a', value: 'x', version: '1' }, { key: 'a1', value: 'y' }] }))).toThrow(
      'test/fake: provider.fake.data[1] (key "a1") is stored by eso under the same name "a1" as data[0] (key "a", version "1"), so one would replace the other; rename one of them');
  });

  test('cannot be served by a store identity (there is no backend to authenticate to)', () => {
    const c = chart();
    expect(() => new ClusterSecretStore(c, 'fake', { provider: fake(), identity: StoreIdentity.kubernetesServiceAccount() })).toThrow(
      'test/fake: identity is a kubernetes service account but the provider is "fake"; use the kubernetes provider, or an identity for that backend');
  });
});

describe('references through a fake store', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => warn.mockRestore());

  const through = (build: (store: SecretStore) => ConstructorParameters<typeof ExternalSecret>[2]) => () => Testing.synth(declare(fake(), build));

  // fake.go GetSecret: an undeclared key is "Secret does not exist" at reconcile time.
  test('fails for a key the store does not declare, listing the declared keys', () => {
    expect(through((store) => ({ store, data: { X: store.ref('missing') } }))).toThrow(
      'test/es: data[0].remoteRef.key "missing" is not in the data of fake store "fake"; use one of "db", "plain", "token", or add it to the store\'s data');
  });

  // fake.go GetSecret: the entry's version must equal the reference's.
  test('fails for a version the key does not have', () => {
    expect(through((store) => ({ store, data: { X: store.ref('token', { version: '3' }) } }))).toThrow(
      'test/es: data[0].remoteRef.version "3" is not a version of key "token" in fake store "fake"; use one of "1", "2"');
  });

  test('fails for a reference without a version to a key that has only versions', () => {
    expect(through((store) => ({ store, data: { X: store.ref('token') } }))).toThrow(
      'test/es: data[0].remoteRef.version is not set, but key "token" of fake store "fake" has only versions "1", "2"; give one of them as version');
  });

  // fake.go GetSecret: a gjson path that finds nothing is "Secret does not exist".
  test('fails for a property the json value does not have', () => {
    expect(through((store) => ({ store, data: { X: store.ref('db', { property: 'pass' }) } }))).toThrow(
      'test/es: data[0].remoteRef.property "pass" is not in the value of key "db" in fake store "fake" (eso reads it as a gjson path into the json value and finds nothing); fix the property or the value');
  });

  // fake.go GetSecret never reads metadataPolicy: the value would arrive as if it were metadata.
  test('fails for metadataPolicy Fetch', () => {
    expect(through((store) => ({ store, data: { X: store.ref('plain', { metadataPolicy: MetadataPolicy.FETCH }) } }))).toThrow(
      'test/es: data[0].remoteRef.metadataPolicy "Fetch" is ignored by eso\'s fake provider, which returns the value instead; remove metadataPolicy');
  });

  // fake.go GetSecretMap: "unable to unmarshal secret" for a value that is not a JSON object.
  test('fails to extract a value that is not a json object', () => {
    expect(through((store) => ({ store, dataFrom: [DataFrom.extract(store.ref('plain'))] }))).toThrow(
      'test/es: dataFrom[0].extract reads key "plain" of fake store "fake", whose value is not a json object; extract needs one, e.g. \'{"username":"demo"}\'');
  });

  // fake.go GetAllSecrets: without a name, "unsupported find operator"; with one, tags are ignored.
  test('fails for a find by tags', () => {
    expect(through((store) => ({ store, dataFrom: [store.find({ tags: { team: 'a' } })] }))).toThrow(
      'test/es: dataFrom[0].find.tags {"team":"a"} is not supported by eso\'s fake provider (it fails with "unsupported find operator" without a name regexp, and ignores tags with one); select keys with nameRegexp');
  });

  // fake.go GetAllSecrets never reads find.path: the find would return more than asked.
  test('fails for a find by path', () => {
    expect(through((store) => ({ store, dataFrom: [store.find({ path: 'app/', nameRegexp: 'x' })] }))).toThrow(
      'test/es: dataFrom[0].find.path "app/" is ignored by eso\'s fake provider, which would return every key matching the name regexp; express the prefix in nameRegexp, e.g. "^app/"');
  });
});

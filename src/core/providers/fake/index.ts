import { FAKE_VALIDATION_RESULTS, FakeProviderOptions, FakeSecretData } from './options';
import { fail, listOf, quote } from '../../model/errors';
import { ProviderHandle, StoreContext } from '../../model/provider';
import { MetadataPolicy, ReferenceShape } from '../../model/reads';
import { compact } from '../../model/selectors';

/*
 * ESO's `fake` provider (providers/v1/fake/fake.go): fixed values served from the store's own
 * manifest. It puts values in clear text into the manifest, so the public factory is loudly
 * named and needs an explicit acknowledgement, and every synth warns.
 */

/** A fake store's backend. */
export function fakeProvider(options: FakeProviderOptions): ProviderHandle {
  return {
    key: 'fake',
    displayName: 'ESO fake provider',
    valuesInManifestAcknowledged: true,
    hasOwnAuth: false,
    render: (where) => renderFakeProvider(where, options),
    namespacedRefs: () => [],
    checkReference: (where, field, ref, store) => checkFakeReference(where, field, ref, store, options.data ?? []),
    renderFind(where, field, find) {
      // fake.go GetAllSecrets: only find.name is read; without it, "unsupported find operator".
      if (find.tags !== undefined) {
        fail(where, 'fake.find.tags', `${field}.tags ${quote(find.tags)} is not supported by eso's fake provider (it fails with "unsupported find operator" without a name regexp, and ignores tags with one); select keys with nameRegexp`);
      }
      // fake.go GetAllSecrets never reads find.path, so it would select more than asked.
      if (find.path !== undefined) {
        fail(where, 'fake.find.path', `${field}.path ${quote(find.path)} is ignored by eso's fake provider, which would return every key matching the name regexp; express the prefix in nameRegexp, e.g. ${quote(`^${find.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)}`);
      }
      return find;
    },
    // No identity can serve it: it has no backend to authenticate to.
    permissions: {},
    price: 'free',
    warnings: (where) => [
      `${where}: the fake provider writes its ${(options.data ?? []).length} value(s) in clear text into the store manifest; use it only for tests and demos. `
      + 'eso marks it as not maintained (the webhook warns on every apply), and keeps its values per store name only, so fake stores with the same name share them',
    ],
  };
}

function renderFakeProvider(where: string, o: FakeProviderOptions): Record<string, unknown> {
  if (o.acknowledgeValuesInManifest !== true) {
    fail(where, 'fake.acknowledge.missing', `provider.fake acknowledgeValuesInManifest is ${quote(o.acknowledgeValuesInManifest)}; the fake provider writes every value in clear text into the store manifest (git, etcd, anyone who may read the store), so set it to true, and only for tests and demos`);
  }
  if (!Array.isArray(o.data)) {
    fail(where, 'fake.data.missing', 'provider.fake.data is missing; give the values the store serves (an empty list is allowed)');
  }
  const seen = new Map<string, number>();
  o.data.forEach((d, i) => {
    const field = `provider.fake.data[${i}]`;
    // fake.go ValidateStore: "key must be set in data %v".
    if (typeof d.key !== 'string' || d.key === '') {
      fail(where, 'fake.data.key.empty', `${field}.key is empty; give the remote key references name (eso rejects the store: "key must be set in data ${i}")`);
    }
    // fake.go ValidateStore: "at least one value must be set in data %v".
    if (typeof d.value !== 'string' || d.value === '') {
      fail(where, 'fake.data.value.empty', `${field}.value of key ${quote(d.key)} is empty; give a value (eso rejects the store: "at least one value must be set in data ${i}")`);
    }
    if (d.version !== undefined && d.version === '') {
      fail(where, 'fake.data.version.empty', `${field}.version of key ${quote(d.key)} is empty; omit it for an entry read without a version`);
    }
    // fake.go mapKey: entries are stored under key and version concatenated, so ("a", "1")
    // and ("a1", none) are the same entry and one silently replaces the other.
    const id = `${d.key}${d.version ?? ''}`;
    const before = seen.get(id);
    if (before !== undefined) {
      const other = o.data[before];
      fail(where, 'fake.data.duplicate', `${field} (key ${quote(d.key)}${d.version !== undefined ? `, version ${quote(d.version)}` : ''}) is stored by eso under the same name ${quote(id)} as data[${before}] (key ${quote(other.key)}${other.version !== undefined ? `, version ${quote(other.version)}` : ''}), so one would replace the other; rename one of them`);
    }
    seen.set(id, i);
  });
  return compact({
    data: o.data.map((d) => compact({ key: d.key, value: d.value, version: d.version })),
    validationResult: o.validationResult !== undefined ? FAKE_VALIDATION_RESULTS[o.validationResult] : undefined,
  });
}

function checkFakeReference(where: string, field: string, ref: ReferenceShape, store: StoreContext, data: readonly FakeSecretData[]): void {
  const keys = [...new Set(data.map((d) => d.key))].sort();
  const entries = data.filter((d) => d.key === ref.key);
  if (entries.length === 0) {
    fail(where, 'fake.key.undeclared', `${field}.key ${quote(ref.key)} is not in the data of fake store ${quote(store.name)}; use one of ${listOf(keys)}, or add it to the store's data`);
  }
  // fake.go GetSecret: the entry's version must equal the reference's ("" when none).
  const entry = entries.find((d) => (d.version ?? '') === (ref.version ?? ''));
  if (!entry) {
    const versions = entries.map((d) => d.version).filter((v): v is string => v !== undefined).sort();
    if (ref.version === undefined) {
      fail(where, 'fake.version.missing', `${field}.version is not set, but key ${quote(ref.key)} of fake store ${quote(store.name)} has only versions ${listOf(versions)}; give one of them as version`);
    }
    const unversioned = entries.some((d) => d.version === undefined);
    fail(where, 'fake.version.undeclared', `${field}.version ${quote(ref.version)} is not a version of key ${quote(ref.key)} in fake store ${quote(store.name)}; use one of ${listOf(versions)}${unversioned ? ', or no version' : ''}`);
  }
  // fake.go GetSecret ignores metadataPolicy and returns the value.
  if (ref.metadataPolicy === MetadataPolicy.FETCH) {
    fail(where, 'fake.metadata-policy.fetch', `${field}.metadataPolicy "Fetch" is ignored by eso's fake provider, which returns the value instead; remove metadataPolicy`);
  }
  const value = ref.property !== undefined ? lookUp(entry.value, ref.property) : entry.value;
  if (value === MISSING) {
    fail(where, 'fake.property.missing', `${field}.property ${quote(ref.property)} is not in the value of key ${quote(ref.key)} in fake store ${quote(store.name)} (eso reads it as a gjson path into the json value and finds nothing); fix the property or the value`);
  }
  // fake.go GetSecretMap: the value must unmarshal into a JSON object ("unable to unmarshal secret").
  if (field.endsWith('.extract') && value !== UNKNOWN && !isJsonObject(value)) {
    fail(where, 'fake.extract.not-object', `${field} reads key ${quote(ref.key)} of fake store ${quote(store.name)}, whose value${ref.property !== undefined ? ` at ${quote(ref.property)}` : ''} is not a json object; extract needs one, e.g. '{"username":"demo"}'`);
  }
}

const MISSING = Symbol('missing');
const UNKNOWN = Symbol('unknown');

/**
 * The value at a gjson path made only of plain keys and array indexes; UNKNOWN for any other
 * gjson syntax (not checked), MISSING when the path finds nothing.
 */
function lookUp(json: string, property: string): string | typeof MISSING | typeof UNKNOWN {
  if (/[\\*?|#@!]/.test(property)) {
    return UNKNOWN;
  }
  let node: unknown;
  try {
    node = JSON.parse(json);
  } catch {
    return MISSING;
  }
  for (const segment of property.split('.')) {
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, segment)) {
      return MISSING;
    }
    node = (node as Record<string, unknown>)[segment];
  }
  // gjson returns a string's content, and any other value as its JSON.
  return typeof node === 'string' ? node : JSON.stringify(node);
}

function isJsonObject(value: string): boolean {
  try {
    const parsed = JSON.parse(value);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

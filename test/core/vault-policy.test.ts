/**
 * Vault paths as ESO builds them, and the ACL policy derived from a store's reads.
 */
import { MetadataPolicy, StoreRead } from '../../src/core/model/reads';
import { renderHcl } from '../../src/core/permissions/vault-hcl';
import { vaultDataPath, vaultMetadataPath, vaultReadPaths } from '../../src/core/providers/vault/permissions';

const key = (k: string, extra: Partial<StoreRead> = {}): StoreRead => ({ where: 'c/es', field: 'data[0].remoteRef', key: k, ...extra });
const find = (f: StoreRead['find']): StoreRead => ({ where: 'c/es', field: 'dataFrom[0].find', find: f });
const hcl = (mount: string | undefined, version: 'v1' | 'v2', reads: StoreRead[], allowUnscopedFind?: boolean) =>
  renderHcl(vaultReadPaths({ where: 'c/s', mount, version, allowUnscopedFind }, reads).paths);

describe('the paths eso reads', () => {
  // The cases of ESO's own buildPath documentation.
  test.each([
    ['secret/path', 'v2', 'foo', 'secret/path/data/foo'],
    ['secret/path', 'v1', 'foo', 'secret/path/foo'],
    ['secret/path', 'v2', 'secret/path/foo', 'secret/path/data/foo'],
    ['secret/path', 'v2', 'secret/path/data/foo', 'secret/path/data/foo'],
    ['secret/path', 'v1', 'secret/path/foo', 'secret/path/foo'],
    [undefined, 'v2', 'secret/path/foo', 'secret/data/path/foo'],
    [undefined, 'v2', 'secret/path/data/foo', 'secret/path/data/foo'],
    [undefined, 'v1', 'secret/path/foo', 'secret/path/foo'],
    ['secret', 'v2', 'prod/app-db', 'secret/data/prod/app-db'],
  ] as const)('mount %s, %s, key %s reads %s', (mount, version, k, expected) => {
    expect(vaultDataPath(mount, version, k)).toBe(expected);
  });

  test('metadata: under the mount (not de-duplicated, as eso does), or /data/ swapped without a mount', () => {
    expect(vaultMetadataPath('c/es', 'f', 'secret', 'prod/db')).toBe('secret/metadata/prod/db');
    expect(vaultMetadataPath('c/es', 'f', undefined, 'secret/data/prod/db')).toBe('secret/metadata/prod/db');
    expect(() => vaultMetadataPath('c/es', 'data[0].remoteRef', undefined, 'secret/prod/db')).toThrow(
      'c/es: data[0].remoteRef "secret/prod/db" is read with metadataPolicy "Fetch" through a kv v2 store without path, and has no "/data/" segment, so eso cannot find its metadata; set the store\'s path to the kv mount (e.g. "secret")');
  });
});

describe('the derived policy', () => {
  test('kv v2: read on data paths only, sorted, de-duplicated', () => {
    expect(hcl('secret', 'v2', [key('prod/app-db'), key('secret/data/prod/api'), key('prod/app-db', { version: '3' })])).toBe(
      'path "secret/data/prod/api" {\n  capabilities = ["read"]\n}\n\npath "secret/data/prod/app-db" {\n  capabilities = ["read"]\n}\n');
  });

  test('kv v2 metadataPolicy Fetch: read on the metadata path only', () => {
    expect(hcl('secret', 'v2', [key('prod/db', { metadataPolicy: MetadataPolicy.FETCH })])).toBe(
      'path "secret/metadata/prod/db" {\n  capabilities = ["read"]\n}\n');
  });

  test('kv v2 find by name: list on metadata and read on data under the path', () => {
    expect(hcl('secret', 'v2', [find({ path: 'prod/shared/', nameRegexp: '.*' })])).toBe(
      'path "secret/data/prod/shared/*" {\n  capabilities = ["read"]\n}\n\npath "secret/metadata/prod/shared/*" {\n  capabilities = ["list"]\n}\n');
  });

  test('kv v2 find by tags also reads metadata', () => {
    expect(hcl('secret', 'v2', [find({ path: 'prod', tags: { team: 'a' } })])).toContain(
      'path "secret/metadata/prod/*" {\n  capabilities = ["read", "list"]\n}\n');
  });

  test('kv v1: the mount without data/', () => {
    expect(hcl('kv', 'v1', [key('prod/db'), find({ path: 'shared', nameRegexp: 'x' })])).toBe(
      'path "kv/prod/db" {\n  capabilities = ["read"]\n}\n\npath "kv/shared/*" {\n  capabilities = ["read", "list"]\n}\n');
  });

  test('kv v2 without mount inserts data after the first segment', () => {
    expect(hcl(undefined, 'v2', [key('secret/prod/db')])).toBe('path "secret/data/prod/db" {\n  capabilities = ["read"]\n}\n');
  });

  test('a find without a path fails unless allowed, and then warns', () => {
    expect(() => hcl('secret', 'v2', [find({ nameRegexp: '.*' })])).toThrow(
      'c/es: dataFrom[0].find has no path, so the store\'s vault policy would need every secret of mount "secret"; give the find a path, or set allowUnscopedFind on the store\'s identity to accept that');
    const allowed = vaultReadPaths({ where: 'c/s', mount: 'secret', version: 'v2', allowUnscopedFind: true }, [find({ nameRegexp: '.*' })]);
    expect([...allowed.paths.keys()].sort()).toEqual(['secret/data/*', 'secret/metadata/*']);
    expect(allowed.warnings).toHaveLength(1);
  });

  test('a find through a store without a mount fails', () => {
    expect(() => hcl(undefined, 'v2', [find({ path: 'a', nameRegexp: '.*' })])).toThrow(
      'c/es: dataFrom[0].find goes through a vault store without path; eso lists secrets under the store\'s path, so set it to the kv mount (e.g. "secret")');
  });

  test.each(['prod/*', 'prod/+/db', 'a"b'])('a key with glob or quote characters (%s) fails', (k) => {
    expect(() => hcl('secret', 'v2', [key(k)])).toThrow('in a vault acl path "*" and "+" are wildcards');
  });
});

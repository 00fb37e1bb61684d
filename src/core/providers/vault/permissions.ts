import { fail, quote } from '../../model/errors';
import { VaultAclPaths } from '../../model/grants';
import { MetadataPolicy, StoreRead } from '../../model/reads';
import { PushSecretDeletionPolicy, StoreWrite } from '../../model/writes';

/** Characters that are globs in ACL paths or would break the HCL string. */
const UNSAFE_PATH = /[*+"\\\n\r]/;

/** What a Vault store's policy is derived against. */
export interface VaultReadContext {
  readonly where: string;
  /** The store's `path` (the KV mount), when set. */
  readonly mount?: string;
  readonly version: 'v1' | 'v2';
  /** Grant a find without a path the whole mount, instead of failing. */
  readonly allowUnscopedFind?: boolean;
}

/**
 * The path ESO reads a key's value from: the mount prefix de-duplicated, `data/` inserted for
 * KV v2, exactly as ESO's Vault client builds it.
 */
export function vaultDataPath(mount: string | undefined, version: 'v1' | 'v2', key: string): string {
  if (mount !== undefined) {
    let rest = key;
    const cut = `${mount}/`;
    if (rest.startsWith(cut)) {
      rest = rest.slice(cut.length);
      if (version === 'v2' && rest.startsWith('data/')) {
        rest = rest.slice('data/'.length);
      }
    }
    return version === 'v2' ? `${mount}/data/${rest}` : `${mount}/${rest}`;
  }
  if (version === 'v2' && !key.includes('/data/')) {
    const [first, ...rest] = key.split('/');
    return [first, 'data', ...rest].join('/');
  }
  return key;
}

/**
 * The path ESO reads a key's KV v2 metadata from (`metadataPolicy: Fetch`). Like ESO, the key is
 * not de-duplicated against the mount here.
 */
export function vaultMetadataPath(where: string, field: string, mount: string | undefined, key: string, use = 'is read with metadataPolicy "Fetch"'): string {
  if (mount !== undefined) {
    return `${mount}/metadata/${key}`;
  }
  if (!key.includes('/data/')) {
    fail(where, 'vault.metadata.no-data-segment', `${field} ${quote(key)} ${use} through a kv v2 store without path, and has no "/data/" segment, so eso cannot find its metadata; set the store's path to the kv mount (e.g. "secret")`);
  }
  return key.replace('/data/', '/metadata/');
}

/** The ACL paths and capabilities that let a store read exactly what `reads` reference. */
export function vaultReadPaths(ctx: VaultReadContext, reads: readonly StoreRead[]): { paths: VaultAclPaths; warnings: string[] } {
  const paths: VaultAclPaths = new Map();
  const warnings: string[] = [];
  const allow = allowOn(paths);
  for (const read of reads) {
    if (read.key !== undefined) {
      checkSafe(read.where, read.field, read.key);
      if (read.metadataPolicy === MetadataPolicy.FETCH) {
        allow(vaultMetadataPath(read.where, read.field, ctx.mount, read.key), 'read');
      } else {
        allow(vaultDataPath(ctx.mount, ctx.version, read.key), 'read');
      }
      continue;
    }
    const find = read.find!;
    if (ctx.mount === undefined) {
      fail(read.where, 'vault.find.no-store-path', `${read.field} goes through a vault store without path; eso lists secrets under the store's path, so set it to the kv mount (e.g. "secret")`);
    }
    const prefix = (find.path ?? '').replace(/\/+$/, '');
    checkSafe(read.where, read.field, prefix);
    if (prefix.startsWith('/')) {
      fail(read.where, 'vault.find.path-leading-slash', `${read.field}.path ${quote(find.path)} starts with "/"; vault paths are relative to the mount, e.g. "app/"`);
    }
    if (prefix === '') {
      if (!ctx.allowUnscopedFind) {
        fail(read.where, 'vault.find.unscoped', `${read.field} has no path, so the store's vault policy would need every secret of mount ${quote(ctx.mount)}; give the find a path, or set allowUnscopedFind on the store's identity to accept that`);
      }
      warnings.push(`${read.where}: ${read.field} has no path; the store's vault policy may read every secret of mount ${quote(ctx.mount)} (allowUnscopedFind)`);
    }
    const under = prefix === '' ? '*' : `${prefix}/*`;
    const hasTags = find.tags !== undefined && Object.keys(find.tags).length > 0;
    if (ctx.version === 'v2') {
      // ESO lists metadata recursively, reads each match's data, and each candidate's metadata for tags.
      allow(`${ctx.mount}/metadata/${under}`, ...(hasTags && find.nameRegexp === undefined ? ['list', 'read'] : ['list']));
      allow(`${ctx.mount}/data/${under}`, 'read');
    } else {
      allow(`${ctx.mount}/${under}`, 'list', 'read');
    }
  }
  return { paths, warnings };
}

/** Adds capabilities on a path to `paths`. */
function allowOn(paths: VaultAclPaths): (path: string, ...caps: string[]) => void {
  return (path, ...caps) => {
    const set = paths.get(path) ?? new Set<string>();
    caps.forEach((c) => set.add(c));
    paths.set(path, set);
  };
}

function checkSafe(where: string, field: string, path: string): void {
  if (UNSAFE_PATH.test(path)) {
    fail(where, 'vault.key.wildcard', `${field} ${quote(path)} contains "*", "+", a quote or a backslash; in a vault acl path "*" and "+" are wildcards that would grant more than this secret, so use the exact path`);
  }
}

/**
 * Adds the ACL paths and capabilities that let a store push exactly what `writes` write, as ESO's
 * Vault client does it (providers/v1/vault/client_push.go, client_get.go at v2.9.0): a push reads
 * the data path, and when the secret exists its metadata (which must say managed-by
 * external-secrets); on kv v2 it writes the metadata path, then the data path. `deletionPolicy:
 * Delete` deletes both (a property entry rewrites the secret without it, which `update` covers).
 * The metadata path is built from the key as written, without removing the mount (#6968).
 */
export function vaultWritePaths(ctx: VaultReadContext, writes: readonly StoreWrite[], paths: VaultAclPaths): void {
  const allow = allowOn(paths);
  for (const write of writes) {
    checkSafe(write.where, `${write.field}.remoteKey`, write.remoteKey);
    const remove = write.deletionPolicy === PushSecretDeletionPolicy.DELETE ? ['delete'] : [];
    const data = vaultDataPath(ctx.mount, ctx.version, write.remoteKey);
    allow(data, 'create', 'update', 'read', ...remove);
    if (ctx.version === 'v2') {
      allow(vaultMetadataPath(write.where, `${write.field}.remoteKey`, ctx.mount, write.remoteKey, 'is pushed'), 'create', 'update', 'read', ...remove);
    } else if (ctx.mount !== undefined && `${ctx.mount}/${write.remoteKey}` !== data) {
      // kv v1 reads its managed-by marker from "<path>/<key>", the key not de-duplicated.
      allow(`${ctx.mount}/${write.remoteKey}`, 'read');
    }
  }
}

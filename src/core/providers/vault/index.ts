import { VaultKvVersion, VaultProviderOptions } from './options';
import { vaultMetadataPath, vaultReadPaths, vaultWritePaths } from './permissions';
import { renderVaultProvider, vaultNamespacedRefs } from './render';
import { fail, quote } from '../../model/errors';
import { ProviderHandle } from '../../model/provider';
import { MetadataPolicy } from '../../model/reads';

/*
 * HashiCorp Vault's KV secrets engine: ESO's `vault` provider (providers/v1/vault/).
 */

/** A Vault store's backend. */
export function vaultProvider(options: VaultProviderOptions): ProviderHandle {
  const version = options.version ?? VaultKvVersion.V2;
  return {
    key: 'vault',
    displayName: 'HashiCorp Vault',
    hasOwnAuth: options.auth !== undefined,
    render: (where, _store, auth) => renderVaultProvider(where, options, auth),
    namespacedRefs: () => vaultNamespacedRefs(options),
    checkReference(where, field, ref, store) {
      if (version === VaultKvVersion.V2 && ref.property !== undefined && /^data(\.|$)/.test(ref.property)) {
        const inner = ref.property.replace(/^data\.?/, '');
        fail(where, 'vault.property.data-envelope', `${field}.property ${quote(ref.property)} starts with "data"; eso already unwraps the kv v2 "data" envelope, so ${inner === '' ? 'remove property to read the whole secret' : `use ${quote(inner)}`}`);
      }
      if (version === VaultKvVersion.V1 && ref.metadataPolicy === MetadataPolicy.FETCH) {
        fail(where, 'vault.metadata-policy.v1', `${field}.metadataPolicy "Fetch" needs vault kv v2, but store ${quote(store.name)} uses kv v1; remove metadataPolicy or use a kv v2 store`);
      }
      if (version === VaultKvVersion.V1 && ref.version !== undefined) {
        fail(where, 'vault.version.v1', `${field}.version ${quote(ref.version)} needs vault kv v2, but store ${quote(store.name)} uses kv v1 (no versions); remove version`);
      }
      // client_get.go sends the version as "?version=<v>" without parsing it; kv v2 versions are numbers.
      if (ref.version !== undefined && !/^[1-9]\d{0,18}$/.test(ref.version)) {
        fail(where, 'vault.version.not-number', `${field}.version ${quote(ref.version)} is not a kv v2 version number; give the version as a whole number from 1, e.g. "3"`);
      }
      checkVaultKey(where, `${field}.key`, ref.key, options.path, version);
    },
    checkPush(where, field, entry, store) {
      // client_push.go writes only custom_metadata {managed-by: external-secrets} at v2.9.0 and
      // never reads the entry's metadata.
      if (entry.metadata !== undefined) {
        fail(where, 'vault.push.metadata-ignored', `${field}.metadata is set, but eso's vault provider ignores push metadata (it writes only custom_metadata managed-by: external-secrets), so it would never reach vault; remove metadata`);
      }
      // client_get.go buildMetadataPath dereferences the store's path on kv v1 before any write.
      if (version === VaultKvVersion.V1 && options.path === undefined) {
        fail(where, 'vault.push.v1-no-store-path', `${field} pushes through vault kv v1 store ${quote(store.name)}, which has no path; eso builds the push's metadata path from the store's path and fails without one, so set path to the kv mount (e.g. "secret")`);
      }
      if (version === VaultKvVersion.V2) {
        // Fails as ESO's buildMetadataPath does for a key it cannot find the metadata of.
        vaultMetadataPath(where, `${field}.remoteKey`, options.path, entry.remoteKey, 'is pushed');
      }
      checkVaultKey(where, `${field}.remoteKey`, entry.remoteKey, options.path, version);
      return undefined;
    },
    renderFind(where, field, find, store) {
      // client_get_all_secrets.go lists under the store's path (buildMetadataPath dereferences it).
      if (options.path === undefined) {
        fail(where, 'vault.find.no-store-path', `${field} goes through vault store ${quote(store.name)}, which has no path; eso lists secrets under the store's path, so set it to the kv mount (e.g. "secret")`);
      }
      if (find.tags !== undefined && version === VaultKvVersion.V1) {
        fail(where, 'vault.find.tags-v1', `${field}.tags cannot be used with vault kv v1 (store ${quote(store.name)}); use path or nameRegexp, or a kv v2 store`);
      }
      return find;
    },
    permissions: {
      'vault-acl': (ctx, reads, writes) => {
        const rules = { where: ctx.where, mount: options.path, version, allowUnscopedFind: ctx.allowUnscopedFind };
        const grants = vaultReadPaths(rules, reads);
        vaultWritePaths(rules, writes, grants.paths);
        return grants;
      },
    },
    price: 'free',
    warnings: () => [],
  };
}

/**
 * Keys ESO's buildPath (client_get.go) would send to another path than the user meant: a leading
 * "/" on kv v2 without a store path makes the mount "data", and a key that repeats another mount's
 * "<mount>/data/" under a store path reads "<path>/data/<mount>/data/...".
 */
function checkVaultKey(where: string, field: string, key: string, mount: string | undefined, version: VaultKvVersion): void {
  if (version !== VaultKvVersion.V2) {
    return;
  }
  if (mount === undefined && key.startsWith('/')) {
    fail(where, 'vault.key.leading-slash', `${field} ${quote(key)} starts with "/", so eso would read ${quote(`/data${key}`)} (the mount would be "data"); give the key as "<mount>/<path>", e.g. ${quote(key.replace(/^\/+/, ''))}, or set the store's path to the mount`);
  }
  if (mount !== undefined) {
    const rest = key.startsWith(`${mount}/`) ? key.slice(mount.length + 1).replace(/^data\//, '') : key;
    const other = /^([^/]+(?:\/[^/]+)*?)\/data\//.exec(rest);
    if (other) {
      fail(where, 'vault.key.other-mount', `${field} ${quote(key)} names the kv path "${other[1]}/data/...", but the store's path is ${quote(mount)}, so eso would read ${quote(`${mount}/data/${rest}`)}; give the key relative to ${quote(mount)}, or read it through a store whose path is ${quote(other[1])}`);
    }
  }
}

import { VaultKvVersion, VaultProviderOptions } from './options';
import { vaultReadPaths } from './permissions';
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
        fail(where, 'vault.property.data-envelope', `${field}.property ${quote(ref.property)} starts with "data"; eso already unwraps the kv v2 "data" envelope, so use ${quote(ref.property.replace(/^data\.?/, '') || '(no property)')}`);
      }
      if (version === VaultKvVersion.V1 && ref.metadataPolicy === MetadataPolicy.FETCH) {
        fail(where, 'vault.metadata-policy.v1', `${field}.metadataPolicy "Fetch" needs vault kv v2, but store ${quote(store.name)} uses kv v1; remove metadataPolicy or use a kv v2 store`);
      }
      if (version === VaultKvVersion.V1 && ref.version !== undefined) {
        fail(where, 'vault.version.v1', `${field}.version ${quote(ref.version)} needs vault kv v2, but store ${quote(store.name)} uses kv v1 (no versions); remove version`);
      }
    },
    renderFind(where, field, find, store) {
      if (find.tags !== undefined && version === VaultKvVersion.V1) {
        fail(where, 'vault.find.tags-v1', `${field}.tags cannot be used with vault kv v1 (store ${quote(store.name)}); use path or nameRegexp, or a kv v2 store`);
      }
      return find;
    },
    permissions: {
      'vault-acl': (ctx, reads) => vaultReadPaths({
        where: ctx.where,
        mount: options.path,
        version,
        allowUnscopedFind: ctx.allowUnscopedFind,
      }, reads),
    },
    price: 'free',
    warnings: () => [],
  };
}

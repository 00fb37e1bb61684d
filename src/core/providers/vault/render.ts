import { VaultKvVersion, VaultProviderOptions } from './options';
import { fail, quote } from '../../model/errors';
import { checkName, checkNamespace, checkSecretKey } from '../../model/names';
import { IdentityAuth } from '../../model/provider';
import { NamespacedRef, compact } from '../../model/selectors';
import { checkVaultMountPath } from '../../permissions/vault-hcl';

/**
 * Validates and renders the `vault` provider block. `identityAuth` (from a store identity)
 * replaces `o.auth` when given.
 */
export function renderVaultProvider(
  where: string,
  o: VaultProviderOptions,
  identityAuth?: IdentityAuth,
): Record<string, unknown> {
  if (!identityAuth && o.auth === undefined) {
    fail(where, 'vault.auth.missing', 'provider.vault.auth is missing; give auth (e.g. VaultAuth.kubernetes({ role: "eso" })) or give the store an identity');
  }
  let url: URL | undefined;
  try {
    url = new URL(o.server);
  } catch {
    url = undefined;
  }
  if (!url || !/^https?:$/.test(url.protocol)) {
    fail(where, 'vault.server.invalid', `provider.vault.server ${quote(o.server)} is not an http(s) url; use e.g. "https://vault.example.com:8200"`);
  }
  if (o.path !== undefined) {
    checkVaultMountPath(where, 'provider.vault.path', o.path);
    if (/^auth(\/|$)/.test(o.path)) {
      fail(where, 'vault.path.misplaced', `provider.vault.path ${quote(o.path)} looks like an auth mount; path is the kv secrets engine mount, e.g. "secret" (auth methods are set under auth)`);
    }
    if ((o.version ?? VaultKvVersion.V2) === VaultKvVersion.V2 && /(^|\/)(data|metadata)$/.test(o.path)) {
      fail(where, 'vault.path.bad-suffix', `provider.vault.path ${quote(o.path)} ends in "/data" or "/metadata"; for kv v2 give only the mount (e.g. ${quote(o.path.replace(/\/?(data|metadata)$/, '') || 'secret')}): eso adds data/ itself`);
    }
  }
  if (o.caBundle !== undefined && o.caProvider !== undefined) {
    fail(where, 'vault.conflict', 'provider.vault has both caBundle and caProvider; give one');
  }
  if (o.caProvider) {
    checkName(where, 'provider.vault.caProvider.name', o.caProvider.name);
    checkSecretKey(where, 'provider.vault.caProvider.key', o.caProvider.key);
    if (o.caProvider.namespace !== undefined) {
      checkNamespace(where, 'provider.vault.caProvider.namespace', o.caProvider.namespace);
    }
  }
  return compact({
    server: o.server,
    path: o.path,
    version: o.version ?? VaultKvVersion.V2,
    namespace: o.namespace,
    caBundle: o.caBundle !== undefined ? encodeCaBundle(where, o.caBundle) : undefined,
    caProvider: o.caProvider
      ? compact({ type: o.caProvider.type, name: o.caProvider.name, key: o.caProvider.key, namespace: o.caProvider.namespace })
      : undefined,
    auth: identityAuth ? identityAuth.block : o.auth!._render(where),
  });
}

/** The namespaced references of a Vault provider. */
export function vaultNamespacedRefs(o: VaultProviderOptions): NamespacedRef[] {
  return [
    ...(o.auth?._namespacedRefs() ?? []),
    ...(o.caProvider ? [{ field: 'caProvider', namespace: o.caProvider.namespace }] : []),
  ];
}

function encodeCaBundle(where: string, bundle: string): string {
  const trimmed = bundle.trim();
  if (trimmed.startsWith('-----BEGIN ')) {
    return Buffer.from(trimmed + '\n').toString('base64');
  }
  if (/^[A-Za-z0-9+/\s]+=*$/.test(trimmed) && Buffer.from(trimmed, 'base64').toString('utf8').startsWith('-----BEGIN ')) {
    return trimmed.replace(/\s+/g, '');
  }
  fail(where, 'vault.ca-bundle.invalid', 'provider.vault.caBundle is neither pem text nor base64-encoded pem; give the certificate starting with "-----BEGIN CERTIFICATE-----"');
}

import { VaultKvVersion, VaultProviderOptions } from './options';
import { fail, quote } from '../../model/errors';
import { checkName, checkNamespace, checkSecretKey } from '../../model/names';
import { caBundleProblem, encodePemBundle } from '../../model/pem';
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
  // The vault api client appends "/v1/<path>" to the address as given, so any path in it breaks
  // every call (hashicorp/vault/api, used by providers/v1/vault/client.go).
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') {
    const ns = /^\/v1\/?$/.test(url.pathname) ? '' : ' (a vault enterprise namespace goes in namespace)';
    fail(where, 'vault.server.path', `provider.vault.server ${quote(o.server)} has the path ${quote(url.pathname + url.search)}, but the vault client adds "/v1/..." to the address itself${ns}; give only scheme, host and port, e.g. ${quote(`${url.protocol}//${url.host}`)}`);
  }
  if (url.username !== '' || url.password !== '') {
    fail(where, 'vault.server.credentials', 'provider.vault.server carries a user name or password, which would land in the manifest; remove them from the url and authenticate with auth');
  }
  if (o.path !== undefined) {
    checkVaultMountPath(where, 'provider.vault.path', o.path);
    if (/^auth(\/|$)/.test(o.path)) {
      fail(where, 'vault.path.misplaced', `provider.vault.path ${quote(o.path)} looks like an auth mount; path is the kv secrets engine mount, e.g. "secret" (auth methods are set under auth)`);
    }
    // The kv mount set to the default kubernetes auth mount: eso would read "kubernetes/data/...".
    // Auth mounts live under auth/, so a kv mount may share a custom auth mount's name (#1379).
    const authMount = kubernetesAuthMount(o, identityAuth);
    if (authMount === 'kubernetes' && o.path === authMount) {
      fail(where, 'vault.path.auth-mount', `provider.vault.path ${quote(o.path)} is the mount of the kubernetes auth method, not of a kv secrets engine; set path to the kv mount (e.g. "secret", from "vault secrets list"), and keep the auth mount in auth.kubernetes.mountPath`);
    }
    if ((o.version ?? VaultKvVersion.V2) === VaultKvVersion.V2 && /(^|\/)(data|metadata)$/.test(o.path)) {
      fail(where, 'vault.path.bad-suffix', `provider.vault.path ${quote(o.path)} ends in "/data" or "/metadata"; for kv v2 give only the mount (e.g. ${quote(o.path.replace(/\/?(data|metadata)$/, '') || 'secret')}): eso adds data/ itself`);
    }
    // client_get.go buildPath puts "data" after the whole store path, so a kv v2 API path given as
    // the store's ("<mount>/data/<dir>") reads "<mount>/data/<dir>/data/<key>".
    const api = /^([^/]+(?:\/[^/]+)*?)\/(?:data|metadata)\/(.+)$/.exec(o.path);
    if ((o.version ?? VaultKvVersion.V2) === VaultKvVersion.V2 && api) {
      fail(where, 'vault.path.api-path', `provider.vault.path ${quote(o.path)} is a kv v2 api path, not a mount: eso adds "data" after the whole path, so it would read ${quote(`${o.path}/data/<key>`)}; set path to the mount ${quote(api[1])} and start the keys with ${quote(`${api[2]}/`)}`);
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
    caBundle: o.caBundle !== undefined ? checkedCaBundle(where, o.caBundle) : undefined,
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
    // runtime/esutils/utils.go FetchCACertFromSource: "missing namespace on caProvider secret".
    ...(o.caProvider ? [{ field: 'caProvider', namespace: o.caProvider.namespace, name: o.caProvider.name, withoutNamespace: 'rejected' as const }] : []),
  ];
}

/** The mount of the kubernetes auth method the store logs in through, if it uses one. */
function kubernetesAuthMount(o: VaultProviderOptions, identityAuth?: IdentityAuth): string | undefined {
  if (!identityAuth) {
    return o.auth?._kubernetesMountPath();
  }
  const block = identityAuth.block as { kubernetes?: { mountPath?: string } } | undefined;
  return block?.kubernetes?.mountPath;
}

function checkedCaBundle(where: string, bundle: string): string {
  const encoded = encodePemBundle(bundle);
  if (encoded === undefined) {
    fail(where, 'vault.ca-bundle.invalid', 'provider.vault.caBundle is neither pem text nor base64-encoded pem; give the certificate starting with "-----BEGIN CERTIFICATE-----"');
  }
  // providers/v1/vault: the bundle is parsed as pem certificates ("failed to decode ca bundle").
  const problem = caBundleProblem(encoded);
  if (problem !== undefined) {
    fail(where, 'vault.ca-bundle.not-certificate', `provider.vault.caBundle ${problem}; give the ca certificate(s) that sign the vault server's certificate`);
  }
  return encoded;
}

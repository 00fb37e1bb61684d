import { KubernetesProviderOptions } from './options';
import { fail, quote } from '../../model/errors';
import { StoreKind } from '../../model/kinds';
import { checkName, checkNamespace, checkSecretKey } from '../../model/names';
import { caBundleProblem, encodePemBundle } from '../../model/pem';
import { IdentityAuth, StoreContext } from '../../model/provider';
import { NamespacedRef, compact } from '../../model/selectors';

/** ESO's default for `remoteNamespace` (apis/externalsecrets/v1/secretstore_kubernetes_types.go). */
export const DEFAULT_REMOTE_NAMESPACE = 'default';

/**
 * Validates and renders the `kubernetes` provider block. `identityAuth` (from a store identity)
 * replaces `o.auth` when given.
 */
export function renderKubernetesProvider(
  where: string,
  o: KubernetesProviderOptions,
  store: StoreContext,
  identityAuth?: IdentityAuth,
): Record<string, unknown> {
  // runtime/esutils/k8s_rest_config.go: no auth is "no auth provider given"; there is no
  // in-cluster fallback to the controller's own credentials.
  if (!identityAuth && o.auth === undefined) {
    fail(where, 'kubernetes.auth.missing', 'provider.kubernetes.auth is missing; eso has no in-cluster fallback ("no auth provider given"), so give auth (e.g. KubernetesAuth.serviceAccount({ name: "eso-reader" })) or give the store an identity');
  }
  checkServer(where, o.server);
  const remoteNamespace = o.remoteNamespace ?? DEFAULT_REMOTE_NAMESPACE;
  checkNamespace(where, 'provider.kubernetes.remoteNamespace', remoteNamespace);
  // runtime/esutils/utils.go FetchCACertFromSource: caBundle wins, caProvider would be ignored.
  if (o.caBundle !== undefined && o.caProvider !== undefined) {
    fail(where, 'kubernetes.ca.conflict', 'provider.kubernetes has both caBundle and caProvider; eso uses caBundle and ignores caProvider, so give one');
  }
  let caBundle: string | undefined;
  if (o.caBundle !== undefined) {
    caBundle = encodePemBundle(o.caBundle);
    if (caBundle === undefined) {
      fail(where, 'kubernetes.ca-bundle.invalid', 'provider.kubernetes.caBundle is neither pem text nor base64-encoded pem; give the certificate starting with "-----BEGIN CERTIFICATE-----"');
    }
    // runtime/esutils/utils.go FetchCACertFromSource: the bundle is parsed as pem certificates.
    const problem = caBundleProblem(caBundle);
    if (problem !== undefined) {
      fail(where, 'kubernetes.ca-bundle.not-certificate', `provider.kubernetes.caBundle ${problem}; give the ca certificate(s) that sign the api server's certificate`);
    }
  }
  const ca = o.caProvider;
  if (ca) {
    checkName(where, 'provider.kubernetes.caProvider.name', ca.name);
    checkSecretKey(where, 'provider.kubernetes.caProvider.key', ca.key);
    // runtime/esutils/k8s_connection_validate.go ValidateKubernetesConnection.
    if (store.kind === StoreKind.SECRET_STORE && ca.namespace !== undefined) {
      fail(where, 'kubernetes.ca-provider.namespace-set', `provider.kubernetes.caProvider.namespace ${quote(ca.namespace)} is set on a SecretStore; eso rejects it even when it is the store's own ("CAProvider.namespace must be empty with SecretStore") and reads the ${ca.type} from the store's namespace, so remove it`);
    }
    if (store.kind === StoreKind.CLUSTER_SECRET_STORE && ca.namespace === undefined) {
      fail(where, 'kubernetes.ca-provider.namespace-missing', `provider.kubernetes.caProvider.namespace is not set on a ClusterSecretStore; eso rejects it ("CAProvider.namespace must not be empty with ClusterSecretStore"), so give the namespace of ${ca.type} ${quote(ca.name)}`);
    }
    if (ca.namespace !== undefined) {
      checkNamespace(where, 'provider.kubernetes.caProvider.namespace', ca.namespace);
    }
  }
  if (!identityAuth && store.kind === StoreKind.CLUSTER_SECRET_STORE) {
    // runtime/esutils/utils.go ValidateSecretSelector: "cluster scope requires namespace" for the
    // token and the client certificate; ESO does not check clientKey, which then fails only at
    // runtime, so it is held to the same rule.
    for (const { field, selector } of o.auth!._secretRefs()) {
      if (selector.namespace === undefined) {
        fail(where, 'kubernetes.auth.namespace-missing', `provider.kubernetes.${field}.namespace is not set on a ClusterSecretStore; eso requires it ("cluster scope requires namespace"), so give the namespace of Secret ${quote(selector.name)}`);
      }
    }
  }
  return compact({
    server: compact({
      url: o.server,
      caBundle,
      caProvider: ca ? compact({ type: ca.type, name: ca.name, key: ca.key, namespace: ca.namespace }) : undefined,
    }),
    auth: identityAuth ? identityAuth.block : o.auth!._render(where),
    remoteNamespace,
  });
}

/** The namespaced references of a Kubernetes provider. */
export function kubernetesNamespacedRefs(o: KubernetesProviderOptions): NamespacedRef[] {
  return [
    ...(o.auth?._namespacedRefs() ?? []),
    ...(o.caProvider ? [{ field: 'caProvider', namespace: o.caProvider.namespace }] : []),
  ];
}

/** Warnings about the provider's configuration. */
export function kubernetesWarnings(where: string, o: KubernetesProviderOptions): string[] {
  // runtime/esutils/k8s_connection_validate.go WarnNoCAConfigured.
  if (o.caBundle === undefined && o.caProvider === undefined) {
    return [`${where}: provider.kubernetes has no caBundle or caProvider, so eso verifies ${quote(o.server)} against the system trust store, which rarely holds a cluster's ca; for this cluster use caProvider { type: ConfigMap, name: "kube-root-ca.crt", key: "ca.crt" }`];
  }
  return [];
}

function checkServer(where: string, server: string): void {
  // runtime/esutils/k8s_rest_config.go: an empty url is "no server URL provided".
  if (typeof server !== 'string' || server.trim() === '') {
    fail(where, 'kubernetes.server.empty', 'provider.kubernetes.server is empty; eso has no in-cluster default ("no server URL provided"), so give the api server url, e.g. "https://kubernetes.default.svc"');
  }
  // client-go (rest.defaultServerUrlFor) adds http:// to a url without a scheme when no ca or
  // client certificate data is set, so "kubernetes.default" would be dialled in plain http.
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(server)) {
    fail(where, 'kubernetes.server.no-scheme', `provider.kubernetes.server ${quote(server)} has no scheme; without one client-go may connect over plain http, so give ${quote(`https://${server}`)}`);
  }
  let url: URL | undefined;
  try {
    url = new URL(server);
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== 'https:' || url.hostname === '') {
    fail(where, 'kubernetes.server.not-https', `provider.kubernetes.server ${quote(server)} is not an https url; the kubernetes api is served over tls, so use e.g. "https://kubernetes.default.svc"`);
  }
}

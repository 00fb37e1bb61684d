import { assertNever } from '../../model/errors';
import { NamespacedRef, SecretKeySelector, ServiceAccountSelector, renderSecretKeySelector, renderServiceAccountSelector } from '../../model/selectors';
import { checkArgs } from '../../model/shape';
import { CaProviderType } from '../vault/options';

/**
 * A CA certificate kept in a Secret or ConfigMap, used to verify the Kubernetes API server.
 */
export interface KubernetesCaProvider {
  /**
   * Kind of object holding the certificate.
   */
  readonly type: CaProviderType;

  /**
   * Name of the object.
   *
   * @example 'kube-root-ca.crt'
   */
  readonly name: string;

  /**
   * Key of the PEM certificate inside the object.
   *
   * @example 'ca.crt'
   */
  readonly key: string;

  /**
   * Namespace of the object: required for a ClusterSecretStore, not allowed for a SecretStore
   * (ESO reads it from the store's namespace).
   *
   * @default - the store's namespace (SecretStore only)
   */
  readonly namespace?: string;
}

/**
 * A client certificate and its private key, each in a Secret key.
 */
export interface KubernetesClientCertificateOptions {
  /**
   * The Secret key holding the PEM client certificate.
   */
  readonly clientCert: SecretKeySelector;

  /**
   * The Secret key holding the PEM private key.
   */
  readonly clientKey: SecretKeySelector;
}

/**
 * How a Kubernetes store authenticates to the API server it reads Secrets from.
 *
 * @see https://external-secrets.io/latest/provider/kubernetes/
 */
export class KubernetesAuth {
  /**
   * A token ESO requests for a ServiceAccount of this cluster (`auth.serviceAccount`). On a
   * SecretStore the store's namespace is always used; on a ClusterSecretStore without a namespace,
   * the ExternalSecret's (and the store then reports ValidationUnknown).
   */
  public static serviceAccount(selector: ServiceAccountSelector): KubernetesAuth {
    checkArgs('KubernetesAuth.serviceAccount', [selector]);
    return new KubernetesAuth('serviceAccount', { serviceAccount: selector });
  }

  /**
   * A bearer token kept in a Secret key (`auth.token.bearerToken`).
   */
  public static token(bearerToken: SecretKeySelector): KubernetesAuth {
    checkArgs('KubernetesAuth.token', [bearerToken]);
    return new KubernetesAuth('token', { bearerToken });
  }

  /**
   * A client certificate and key kept in Secret keys (`auth.cert`).
   */
  public static clientCertificate(options: KubernetesClientCertificateOptions): KubernetesAuth {
    checkArgs('KubernetesAuth.clientCertificate', [options]);
    return new KubernetesAuth('cert', options);
  }

  private constructor(
    /** @internal */ public readonly _method: 'serviceAccount' | 'token' | 'cert',
    private readonly options: any,
  ) {}

  /**
   * The Secret key selectors of this method, by field, for the namespace rules.
   *
   * @internal
   */
  public _secretRefs(): Array<{ field: string; selector: SecretKeySelector }> {
    switch (this._method) {
      case 'serviceAccount':
        return [];
      case 'token':
        return [{ field: 'auth.token.bearerToken', selector: this.options.bearerToken }];
      case 'cert':
        return [
          { field: 'auth.cert.clientCert', selector: this.options.clientCert },
          { field: 'auth.cert.clientKey', selector: this.options.clientKey },
        ];
      default:
        return assertNever(this._method, 'kubernetes auth method');
    }
  }

  /** @internal */
  public _render(where: string): Record<string, unknown> {
    switch (this._method) {
      case 'serviceAccount':
        return { serviceAccount: renderServiceAccountSelector(where, 'provider.kubernetes.auth.serviceAccount', this.options.serviceAccount) };
      case 'token':
        return { token: { bearerToken: renderSecretKeySelector(where, 'provider.kubernetes.auth.token.bearerToken', this.options.bearerToken) } };
      case 'cert':
        return {
          cert: {
            clientCert: renderSecretKeySelector(where, 'provider.kubernetes.auth.cert.clientCert', this.options.clientCert),
            clientKey: renderSecretKeySelector(where, 'provider.kubernetes.auth.cert.clientKey', this.options.clientKey),
          },
        };
      default:
        return assertNever(this._method, 'kubernetes auth method');
    }
  }

  /** @internal */
  public _namespacedRefs(): NamespacedRef[] {
    if (this._method === 'serviceAccount') {
      return [{ field: 'auth.serviceAccount', namespace: this.options.serviceAccount.namespace, name: this.options.serviceAccount.name, withoutNamespace: 'referent' }];
    }
    // runtime/esutils/k8s_connection_validate.go: the client key is referent (IsReferentKubernetesAuth);
    // the certificate and the bearer token need a namespace, which the provider checks itself.
    return this._secretRefs().map((r) => ({
      field: r.field,
      namespace: r.selector.namespace,
      name: r.selector.name,
      withoutNamespace: r.field === 'auth.cert.clientKey' ? 'referent' as const : undefined,
    }));
  }
}

/**
 * Options of ESO's Kubernetes provider: Secrets of a namespace (of this or another cluster) read
 * through the Kubernetes API.
 *
 * @see https://external-secrets.io/latest/provider/kubernetes/
 */
export interface KubernetesProviderOptions {
  /**
   * URL of the Kubernetes API server, with `https://` (ESO has no in-cluster default).
   *
   * @example 'https://kubernetes.default.svc'
   */
  readonly server: string;

  /**
   * How the store authenticates. Leave unset when the store has an `identity`, which sets it.
   *
   * @default - the store's identity (required when the store has none)
   */
  readonly auth?: KubernetesAuth;

  /**
   * The namespace whose Secrets the store reads.
   *
   * @default "default"
   */
  readonly remoteNamespace?: string;

  /**
   * PEM CA certificate(s) that verify the API server, as PEM text or base64-encoded PEM.
   *
   * @default - the system trust store (which rarely holds a cluster's CA)
   */
  readonly caBundle?: string;

  /**
   * A Secret or ConfigMap holding the CA certificate that verifies the API server, e.g. the
   * `kube-root-ca.crt` ConfigMap every namespace has.
   *
   * @default - the system trust store (which rarely holds a cluster's CA)
   */
  readonly caProvider?: KubernetesCaProvider;
}

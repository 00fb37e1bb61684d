import { assertNever, fail, quote } from '../../model/errors';
import {
  NamespacedRef,
  SecretKeySelector,
  ServiceAccountSelector,
  compact,
  renderSecretKeySelector,
  renderServiceAccountSelector,
} from '../../model/selectors';
import { checkArgs } from '../../model/shape';
import { checkAuthMountPath } from '../../permissions/vault-hcl';

/**
 * Version of a Vault KV secrets engine.
 */
export enum VaultKvVersion {
  /** KV version 1: secrets at `<mount>/<key>`. */
  V1 = 'v1',
  /** KV version 2: secrets at `<mount>/data/<key>`, metadata at `<mount>/metadata/<key>`. */
  V2 = 'v2',
}

/**
 * Kind of object holding a CA certificate.
 */
export enum CaProviderType {
  /** A Kubernetes Secret. */
  SECRET = 'Secret',
  /** A Kubernetes ConfigMap. */
  CONFIG_MAP = 'ConfigMap',
}

/**
 * A CA certificate kept in a Secret or ConfigMap, used to verify the Vault server.
 */
export interface VaultCaProvider {
  /**
   * Kind of object holding the certificate.
   */
  readonly type: CaProviderType;

  /**
   * Name of the object.
   */
  readonly name: string;

  /**
   * Key of the PEM certificate inside the object.
   */
  readonly key: string;

  /**
   * Namespace of the object.
   *
   * @default - the store's namespace (SecretStore) or the ExternalSecret's namespace (ClusterSecretStore)
   */
  readonly namespace?: string;
}

/**
 * Options of Vault's Kubernetes auth method.
 */
export interface VaultKubernetesAuthOptions {
  /**
   * The Vault role to log in as.
   */
  readonly role: string;

  /**
   * Mount path of the Kubernetes auth method in Vault (not a file path).
   *
   * @default "kubernetes"
   */
  readonly mountPath?: string;

  /**
   * ServiceAccount whose token ESO sends to Vault. Set `audiences` for Vault 1.21 and later.
   *
   * @default - the ESO controller's own ServiceAccount token
   */
  readonly serviceAccount?: ServiceAccountSelector;

  /**
   * A Secret key holding a long-lived ServiceAccount token (legacy; prefer `serviceAccount`).
   *
   * @default - not used
   */
  readonly tokenSecret?: SecretKeySelector;
}

/**
 * Options of Vault's AppRole auth method.
 */
export interface VaultAppRoleAuthOptions {
  /**
   * The Secret key holding the SecretID.
   */
  readonly secretId: SecretKeySelector;

  /**
   * The RoleID, in the clear (a RoleID is not a secret on its own).
   *
   * @default - read from `roleIdSecret`
   */
  readonly roleId?: string;

  /**
   * A Secret key holding the RoleID.
   *
   * @default - `roleId` is used
   */
  readonly roleIdSecret?: SecretKeySelector;

  /**
   * Mount path of the AppRole auth method.
   *
   * @default "approle"
   */
  readonly path?: string;
}

/**
 * Options of Vault's JWT/OIDC auth method.
 */
export interface VaultJwtAuthOptions {
  /**
   * The Vault role to log in as.
   *
   * @default - the auth method's default role
   */
  readonly role?: string;

  /**
   * Mount path of the JWT auth method.
   *
   * @default "jwt"
   */
  readonly path?: string;

  /**
   * A ServiceAccount whose token ESO requests and sends as the JWT.
   *
   * @default - `tokenSecret` is used
   */
  readonly serviceAccount?: ServiceAccountSelector;

  /**
   * A Secret key holding the JWT.
   *
   * @default - `serviceAccount` is used
   */
  readonly tokenSecret?: SecretKeySelector;
}

/**
 * How a Vault store authenticates.
 *
 * @see https://external-secrets.io/latest/provider/hashicorp-vault/
 */
export class VaultAuth {
  /**
   * Vault's Kubernetes auth method (`auth.kubernetes`).
   */
  public static kubernetes(options: VaultKubernetesAuthOptions): VaultAuth {
    checkArgs('VaultAuth.kubernetes', [options]);
    return new VaultAuth('kubernetes', options);
  }

  /**
   * Vault's AppRole auth method (`auth.appRole`).
   */
  public static appRole(options: VaultAppRoleAuthOptions): VaultAuth {
    checkArgs('VaultAuth.appRole', [options]);
    return new VaultAuth('appRole', options);
  }

  /**
   * A Vault token kept in a Kubernetes Secret (`auth.tokenSecretRef`).
   */
  public static token(secret: SecretKeySelector): VaultAuth {
    checkArgs('VaultAuth.token', [secret]);
    return new VaultAuth('token', { secret });
  }

  /**
   * Vault's JWT/OIDC auth method (`auth.jwt`).
   */
  public static jwt(options: VaultJwtAuthOptions): VaultAuth {
    checkArgs('VaultAuth.jwt', [options]);
    return new VaultAuth('jwt', options);
  }

  private constructor(
    /** @internal */ public readonly _method: 'kubernetes' | 'appRole' | 'token' | 'jwt',
    private readonly options: any,
  ) {}

  /** @internal */
  public _render(where: string): Record<string, unknown> {
    switch (this._method) {
      case 'kubernetes': {
        const o = this.options as VaultKubernetesAuthOptions;
        const mountPath = o.mountPath ?? 'kubernetes';
        if (/^\/|\/var\/run\/secrets|serviceaccount\/token|\.(jwt|token)$/.test(mountPath)) {
          fail(where, 'vault.auth.kubernetes.mount-path.misplaced', `auth.kubernetes.mountPath ${quote(mountPath)} looks like a token file path; mountPath is where the kubernetes auth method is mounted in vault, e.g. "kubernetes" (from "vault auth enable -path=kubernetes kubernetes")`);
        }
        checkAuthMountPath(where, 'auth.kubernetes.mountPath', mountPath);
        checkRole(where, 'auth.kubernetes.role', o.role);
        if (o.serviceAccount && o.tokenSecret) {
          fail(where, 'vault.auth.kubernetes.conflict', 'auth.kubernetes has both serviceAccount and tokenSecret; give one (serviceAccount is preferred)');
        }
        return {
          kubernetes: compact({
            mountPath,
            role: o.role,
            serviceAccountRef: o.serviceAccount ? renderServiceAccountSelector(where, 'auth.kubernetes.serviceAccountRef', o.serviceAccount) : undefined,
            secretRef: o.tokenSecret ? renderSecretKeySelector(where, 'auth.kubernetes.secretRef', o.tokenSecret) : undefined,
          }),
        };
      }
      case 'appRole': {
        const o = this.options as VaultAppRoleAuthOptions;
        const path = o.path ?? 'approle';
        checkAuthMountPath(where, 'auth.appRole.path', path);
        if ((o.roleId === undefined) === (o.roleIdSecret === undefined)) {
          fail(where, 'vault.auth.app-role.requires', 'auth.appRole needs exactly one of roleId and roleIdSecret; give the role id in the clear or as a secret key');
        }
        if (o.roleId !== undefined && o.roleId.trim() === '') {
          fail(where, 'vault.auth.app-role.role-id.empty', 'auth.appRole.roleId is empty; give the role id of the approle');
        }
        return {
          appRole: compact({
            path,
            roleId: o.roleId,
            roleRef: o.roleIdSecret ? renderSecretKeySelector(where, 'auth.appRole.roleRef', o.roleIdSecret) : undefined,
            secretRef: renderSecretKeySelector(where, 'auth.appRole.secretRef', o.secretId),
          }),
        };
      }
      case 'token':
        return { tokenSecretRef: renderSecretKeySelector(where, 'auth.tokenSecretRef', this.options.secret) };
      case 'jwt': {
        const o = this.options as VaultJwtAuthOptions;
        const path = o.path ?? 'jwt';
        checkAuthMountPath(where, 'auth.jwt.path', path);
        if (o.role !== undefined) {
          checkRole(where, 'auth.jwt.role', o.role);
        }
        if ((o.serviceAccount === undefined) === (o.tokenSecret === undefined)) {
          fail(where, 'vault.auth.jwt.requires', 'auth.jwt needs exactly one of serviceAccount and tokenSecret; give the service account whose token is sent, or the secret key holding the jwt');
        }
        return {
          jwt: compact({
            path,
            role: o.role,
            secretRef: o.tokenSecret ? renderSecretKeySelector(where, 'auth.jwt.secretRef', o.tokenSecret) : undefined,
            kubernetesServiceAccountToken: o.serviceAccount
              ? { serviceAccountRef: renderServiceAccountSelector(where, 'auth.jwt.kubernetesServiceAccountToken.serviceAccountRef', o.serviceAccount) }
              : undefined,
          }),
        };
      }
      default:
        return assertNever(this._method, 'vault auth method');
    }
  }

  /**
   * The mount of the kubernetes auth method, for kubernetes auth.
   *
   * @internal
   */
  public _kubernetesMountPath(): string | undefined {
    return this._method === 'kubernetes' ? (this.options as VaultKubernetesAuthOptions).mountPath ?? 'kubernetes' : undefined;
  }

  /** @internal */
  public _namespacedRefs(): NamespacedRef[] {
    const o = this.options;
    const refs: NamespacedRef[] = [];
    // providers/v1/vault/validate.go ValidateStore: every auth selector is a referent one.
    const add = (field: string, sel?: { namespace?: string; name: string }) => sel && refs.push({ field, namespace: sel.namespace, name: sel.name, withoutNamespace: 'referent' });
    switch (this._method) {
      case 'kubernetes':
        add('auth.kubernetes.serviceAccountRef', o.serviceAccount);
        add('auth.kubernetes.secretRef', o.tokenSecret);
        break;
      case 'appRole':
        add('auth.appRole.roleRef', o.roleIdSecret);
        add('auth.appRole.secretRef', o.secretId);
        break;
      case 'token':
        add('auth.tokenSecretRef', o.secret);
        break;
      case 'jwt':
        add('auth.jwt.kubernetesServiceAccountToken.serviceAccountRef', o.serviceAccount);
        add('auth.jwt.secretRef', o.tokenSecret);
        break;
      default:
        assertNever(this._method, 'vault auth method');
    }
    return refs;
  }
}

/**
 * Options of the HashiCorp Vault provider (KV secrets engine).
 *
 * @see https://external-secrets.io/latest/provider/hashicorp-vault/
 */
export interface VaultProviderOptions {
  /**
   * Address of the Vault server.
   *
   * @example 'https://vault.example.com:8200'
   */
  readonly server: string;

  /**
   * How the store authenticates. Leave unset when the store has an `identity`, which sets it.
   *
   * @default - the store's identity (required when the store has none)
   */
  readonly auth?: VaultAuth;

  /**
   * Mount path of the KV secrets engine, without `data/`.
   *
   * @default - none: remote keys include the mount (`secret/app/db`)
   * @example 'secret'
   */
  readonly path?: string;

  /**
   * Version of the KV secrets engine.
   *
   * @default VaultKvVersion.V2
   */
  readonly version?: VaultKvVersion;

  /**
   * Vault Enterprise namespace.
   *
   * @default - the root namespace
   */
  readonly namespace?: string;

  /**
   * PEM CA certificate(s) that verify the server, as PEM text or base64-encoded PEM.
   *
   * @default - the system trust store
   */
  readonly caBundle?: string;

  /**
   * A Secret or ConfigMap holding the CA certificate that verifies the server.
   *
   * @default - the system trust store
   */
  readonly caProvider?: VaultCaProvider;
}

function checkRole(where: string, field: string, value: string): void {
  if (value.trim() === '' || value.includes('*')) {
    fail(where, 'vault.role.invalid', `${field} ${quote(value)} is not a vault role name; give the exact role name`);
  }
}

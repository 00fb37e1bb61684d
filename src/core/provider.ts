import { AwsProviderOptions, AwsServiceName, renderAwsProvider } from './aws';
import { fail, quote } from './errors';
import { NamespacedRef } from './selectors';
import { VaultKvVersion, VaultProviderOptions, renderVaultProvider, vaultNamespacedRefs } from './vault';

/**
 * The provider block names ESO v2.9.0 accepts under `spec.provider` (exact JSON keys).
 */
export const ESO_PROVIDER_KEYS: readonly string[] = [
  'akeyless', 'aws', 'azurekv', 'barbican', 'beyondtrust', 'beyondtrustworkloadcredentials',
  'bitwardensecretsmanager', 'chef', 'cloudrusm', 'conjur', 'crd', 'delinea', 'doppler', 'dvls',
  'fake', 'fortanix', 'gcpsm', 'github', 'gitlab', 'ibm', 'infisical', 'keepersecurity', 'kubernetes',
  'nebiusmysterybox', 'ngrok', 'onboardbase', 'onepassword', 'onepasswordSDK', 'openBao', 'oracle',
  'ovh', 'passbolt', 'passworddepot', 'previder', 'pulumi', 'scaleway', 'secretserver', 'senhasegura',
  'vault', 'volcengine', 'webhook', 'yandexcertificatemanager', 'yandexlockbox',
];

/**
 * What core needs to know about a store's backend beyond its rendered block: which rules apply
 * to references and what the backend charges per call.
 *
 * @internal
 */
export interface BackendInfo {
  /** `aws`, `vault` or the provider key of a custom provider. */
  readonly providerKey: string;
  /** For aws: SecretsManager or ParameterStore. */
  readonly awsService?: AwsServiceName;
  /** For vault: the KV version. */
  readonly vaultVersion?: VaultKvVersion;
  /** For vault: the KV mount given as `path`. */
  readonly vaultPath?: string;
  /** For aws: the provider's options. */
  readonly aws?: AwsProviderOptions;
  /** For vault: the provider's options. */
  readonly vault?: VaultProviderOptions;
}

/**
 * The `auth` block a store identity sets in place of the provider's own (`block` undefined: no
 * auth block, the controller's identity).
 *
 * @internal
 */
export interface IdentityAuth {
  readonly block?: Record<string, unknown>;
}

/**
 * The backend a store reads from: exactly one ESO provider block.
 *
 * @see https://external-secrets.io/latest/api/secretstore/
 */
export class SecretStoreProvider {
  /**
   * AWS Secrets Manager.
   *
   * @see https://external-secrets.io/latest/provider/aws-secrets-manager/
   */
  public static awsSecretsManager(options: AwsProviderOptions): SecretStoreProvider {
    return new SecretStoreProvider(
      { providerKey: 'aws', awsService: 'SecretsManager', aws: options },
      (where, auth) => renderAwsProvider(where, 'SecretsManager', options, auth),
      () => options.auth?._namespacedRefs() ?? [],
    );
  }

  /**
   * AWS Systems Manager Parameter Store.
   *
   * @see https://external-secrets.io/latest/provider/aws-parameter-store/
   */
  public static awsParameterStore(options: AwsProviderOptions): SecretStoreProvider {
    return new SecretStoreProvider(
      { providerKey: 'aws', awsService: 'ParameterStore', aws: options },
      (where, auth) => renderAwsProvider(where, 'ParameterStore', options, auth),
      () => options.auth?._namespacedRefs() ?? [],
    );
  }

  /**
   * HashiCorp Vault's KV secrets engine.
   *
   * @see https://external-secrets.io/latest/provider/hashicorp-vault/
   */
  public static vault(options: VaultProviderOptions): SecretStoreProvider {
    return new SecretStoreProvider(
      { providerKey: 'vault', vaultVersion: options.version ?? VaultKvVersion.V2, vaultPath: options.path, vault: options },
      (where, auth) => renderVaultProvider(where, options, auth),
      () => vaultNamespacedRefs(options),
    );
  }

  /**
   * Any other ESO provider, given as its raw provider block.
   *
   * The key must be one of ESO's provider names; the block is passed through as given (it is
   * validated against ESO's schema in esokit's own tests, not at synth). References to other
   * namespaces inside it still follow the store's namespace rules.
   *
   * @param providerKey the provider's key under `spec.provider`, e.g. `gcpsm`
   * @param config the provider block
   * @example SecretStoreProvider.custom('gcpsm', { projectID: 'my-project' })
   */
  public static custom(providerKey: string, config: { [key: string]: any }): SecretStoreProvider {
    return new SecretStoreProvider(
      { providerKey },
      (where) => {
        if (!ESO_PROVIDER_KEYS.includes(providerKey)) {
          const near = ESO_PROVIDER_KEYS.find((k) => k.toLowerCase() === providerKey.toLowerCase().replace(/[^a-z]/g, ''));
          fail(where, `provider ${quote(providerKey)} is not an eso v2.9 provider; ${near ? `did you mean ${quote(near)}? ` : ''}use one of ${ESO_PROVIDER_KEYS.join(', ')}`);
        }
        if (config === null || typeof config !== 'object' || Array.isArray(config)) {
          fail(where, `provider.${providerKey} must be an object with the provider's fields, got ${quote(config)}`);
        }
        return JSON.parse(JSON.stringify(config));
      },
      () => findNamespacedRefs(config, ''),
    );
  }

  private constructor(
    /** @internal */ public readonly _backend: BackendInfo,
    private readonly renderBlock: (where: string, auth?: IdentityAuth) => Record<string, unknown>,
    private readonly namespacedRefs: () => NamespacedRef[],
  ) {}

  /**
   * Validates and renders `spec.provider` (exactly one key).
   *
   * @internal
   */
  public _render(where: string, auth?: IdentityAuth): Record<string, unknown> {
    return { [this._backend.providerKey]: this.renderBlock(where, auth) };
  }

  /**
   * References inside the provider block that name a namespace (or may).
   *
   * @internal
   */
  public _namespacedRefs(): NamespacedRef[] {
    return this.namespacedRefs();
  }
}

/** Objects inside a raw provider block that look like object references ({ name, namespace }). */
function findNamespacedRefs(value: unknown, field: string): NamespacedRef[] {
  if (value === null || typeof value !== 'object') {
    return [];
  }
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => findNamespacedRefs(v, `${field}[${i}]`));
  }
  const obj = value as Record<string, unknown>;
  const own = typeof obj.name === 'string' && typeof obj.namespace === 'string' ? [{ field: field || '(root)', namespace: obj.namespace }] : [];
  return [
    ...own,
    ...Object.entries(obj).flatMap(([k, v]) => findNamespacedRefs(v, field ? `${field}.${k}` : k)),
  ];
}

import { awsProvider } from './aws';
import { AwsProviderOptions } from './aws/options';
import { customProvider } from './custom';
import { fakeProvider } from './fake';
import { FakeProviderOptions } from './fake/options';
import { kubernetesProvider } from './kubernetes';
import { KubernetesProviderOptions } from './kubernetes/options';
import { vaultProvider } from './vault';
import { VaultProviderOptions } from './vault/options';
import { ProviderHandle } from '../model/provider';
import { checkArgs } from '../model/shape';

/*
 * The registry of provider modules and the public facade over them. Adding a backend is one
 * folder beside these, one line in PROVIDER_MODULES and one static factory on SecretStoreProvider.
 */

/** A provider module as the registry lists it. */
export interface ProviderModule<O> {
  /** The key under `spec.provider`. */
  readonly key: string;
  /** Configures the backend with the user's options. */
  readonly create: (options: O) => ProviderHandle;
}

/** Every provider module esokit models, by the factory name on SecretStoreProvider. */
export const PROVIDER_MODULES = {
  awsSecretsManager: { key: 'aws', create: (o: AwsProviderOptions) => awsProvider('SecretsManager', o) },
  awsParameterStore: { key: 'aws', create: (o: AwsProviderOptions) => awsProvider('ParameterStore', o) },
  vault: { key: 'vault', create: (o: VaultProviderOptions) => vaultProvider(o) },
  kubernetes: { key: 'kubernetes', create: (o: KubernetesProviderOptions) => kubernetesProvider(o) },
  fakeWithValuesInManifest: { key: 'fake', create: (o: FakeProviderOptions) => fakeProvider(o) },
} satisfies Record<string, ProviderModule<any>>;

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
    checkArgs('SecretStoreProvider.awsSecretsManager', [options]);
    return new SecretStoreProvider(PROVIDER_MODULES.awsSecretsManager.create(options));
  }

  /**
   * AWS Systems Manager Parameter Store.
   *
   * @see https://external-secrets.io/latest/provider/aws-parameter-store/
   */
  public static awsParameterStore(options: AwsProviderOptions): SecretStoreProvider {
    checkArgs('SecretStoreProvider.awsParameterStore', [options]);
    return new SecretStoreProvider(PROVIDER_MODULES.awsParameterStore.create(options));
  }

  /**
   * HashiCorp Vault's KV secrets engine.
   *
   * @see https://external-secrets.io/latest/provider/hashicorp-vault/
   */
  public static vault(options: VaultProviderOptions): SecretStoreProvider {
    checkArgs('SecretStoreProvider.vault', [options]);
    return new SecretStoreProvider(PROVIDER_MODULES.vault.create(options));
  }

  /**
   * Secrets of a Kubernetes namespace, read through the Kubernetes API (of this cluster or
   * another).
   *
   * @see https://external-secrets.io/latest/provider/kubernetes/
   */
  public static kubernetes(options: KubernetesProviderOptions): SecretStoreProvider {
    checkArgs('SecretStoreProvider.kubernetes', [options]);
    return new SecretStoreProvider(PROVIDER_MODULES.kubernetes.create(options));
  }

  /**
   * ESO's fake provider, for tests and demos only: the store serves fixed values written in
   * clear text into its own manifest (and so into git and etcd). It needs
   * `acknowledgeValuesInManifest: true`, and every synth warns.
   *
   * @see https://external-secrets.io/latest/provider/fake/
   */
  public static fakeWithValuesInManifest(options: FakeProviderOptions): SecretStoreProvider {
    checkArgs('SecretStoreProvider.fakeWithValuesInManifest', [options]);
    return new SecretStoreProvider(PROVIDER_MODULES.fakeWithValuesInManifest.create(options));
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
    checkArgs('SecretStoreProvider.custom', [providerKey, config]);
    return new SecretStoreProvider(customProvider(providerKey, config));
  }

  private constructor(/** @internal */ public readonly _handle: ProviderHandle) {}
}

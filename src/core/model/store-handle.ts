import { ClusterSecretStoreCondition, StoreKind } from './kinds';
import { ProviderHandle } from './provider';

/**
 * What core knows of a store when an ExternalSecret or reference points at it. Stores that exist
 * outside the app have no provider and no conditions.
 */
export interface StoreHandle {
  /** Where the store is declared (construct path or component name), for messages. */
  readonly where: string;
  readonly name: string;
  readonly kind: StoreKind;
  /** The store's namespace (SecretStore only), when known. */
  readonly namespace?: string;
  readonly provider?: ProviderHandle;
  readonly conditions?: ClusterSecretStoreCondition[];
}

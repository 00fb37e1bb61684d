/**
 * The one place that pins the External Secrets Operator release esokit targets.
 */
export const ESO_VERSION = '2.9.0';

/** API version of ExternalSecret, SecretStore, ClusterSecretStore and ClusterExternalSecret. */
export const ESO_API_VERSION = 'external-secrets.io/v1';

/** API version of PushSecret and ClusterPushSecret. */
export const ESO_PUSH_API_VERSION = 'external-secrets.io/v1alpha1';

/** API version of the generators. */
export const ESO_GENERATORS_API_VERSION = 'generators.external-secrets.io/v1alpha1';

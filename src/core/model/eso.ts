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

/** The ESO Helm chart's name. */
export const ESO_CHART_NAME = 'external-secrets';

/** The ESO Helm chart version esokit installs (its appVersion is v2.9.0). */
export const ESO_CHART_VERSION = '2.9.0';

/** The ESO Helm chart repository. */
export const ESO_CHART_REPOSITORY = 'https://charts.external-secrets.io';

/** The controller, webhook and cert-controller image repository. */
export const ESO_IMAGE_REPOSITORY = 'ghcr.io/external-secrets/external-secrets';

/** The image tag of the pinned release. */
export const ESO_IMAGE_TAG = 'v2.9.0';

/** The pinned release's CRD bundle, for installs without Helm. */
export const ESO_CRDS_URL = 'https://raw.githubusercontent.com/external-secrets/external-secrets/v2.9.0/deploy/crds/bundle.yaml';

/** sha256 of the pinned release's CRD bundle. */
export const ESO_CRDS_SHA256 = '08b08d88e9522436698d6c90510b530d491081fbf92015faa7a571bb8b50bc5b';

/** The ServiceAccount ESO's chart creates for its controller by default. */
export const ESO_CONTROLLER_SERVICE_ACCOUNT = { name: 'external-secrets', namespace: 'external-secrets' };

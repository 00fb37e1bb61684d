import { checkAgainstSchema } from './schema';
import { PROVIDER_SCHEMAS } from './schemas.generated';
import { fail, quote } from '../../model/errors';
import { ProviderHandle, ProviderPrice } from '../../model/provider';
import { NamespacedRef } from '../../model/selectors';

/*
 * Any other ESO provider, given as its raw block: the escape hatch for backends esokit does not
 * model yet. The block is checked against that provider's schema in ESO's CRDs (generated at build
 * time from the pinned bundle), with unknown fields refused rather than pruned.
 */

/** The provider block names ESO v2.9.0 accepts under `spec.provider` (exact JSON keys). */
export const ESO_PROVIDER_KEYS: readonly string[] = Object.keys(PROVIDER_SCHEMAS);

/** Public list prices of the backends esokit does not model yet but that charge per call. */
const PRICES: Record<string, { displayName: string; price: ProviderPrice }> = {
  gcpsm: { displayName: 'GCP Secret Manager', price: { per10k: 0.03 } },
  azurekv: { displayName: 'Azure Key Vault', price: { per10k: 0.03 } },
};

/** A raw provider block under `spec.provider[providerKey]`. */
export function customProvider(providerKey: string, config: { [key: string]: any }): ProviderHandle {
  const known = Object.hasOwn(PRICES, providerKey) ? PRICES[providerKey] : undefined;
  return {
    key: providerKey,
    displayName: known?.displayName ?? providerKey,
    // The raw block carries its own auth, if any: a store identity cannot serve it.
    hasOwnAuth: false,
    render(where) {
      if (!ESO_PROVIDER_KEYS.includes(providerKey)) {
        const near = ESO_PROVIDER_KEYS.find((k) => k.toLowerCase() === providerKey.toLowerCase().replace(/[^a-z]/g, ''));
        fail(where, 'custom.key.unknown', `provider ${quote(providerKey)} is not an eso v2.9 provider; ${near ? `did you mean ${quote(near)}? ` : ''}use one of ${ESO_PROVIDER_KEYS.join(', ')}`);
      }
      if (config === null || typeof config !== 'object' || Array.isArray(config)) {
        fail(where, 'custom.config.not-object', `provider.${providerKey} must be an object with the provider's fields, got ${quote(config)}`);
      }
      const block = JSON.parse(JSON.stringify(config));
      const problems = checkAgainstSchema(block, PROVIDER_SCHEMAS[providerKey], `provider.${providerKey}`);
      if (problems.length > 0) {
        const [first, ...rest] = problems;
        fail(where, 'custom.config.schema', [
          `${first.field} ${first.problem}`,
          ...rest.map((p) => `${p.field} ${p.problem}`),
        ].join('; ') + ` (checked against eso v2.9's ${providerKey} provider schema)`);
      }
      return block;
    },
    namespacedRefs: () => findNamespacedRefs(config, '', CLUSTER_STORE_REFS[providerKey] ?? {}),
    checkReference: () => undefined,
    renderFind: (_where, _field, find) => find,
    permissions: {},
    price: known?.price ?? 'not-modelled',
    warnings: () => [],
  };
}

type WithoutNamespace = NonNullable<NamespacedRef['withoutNamespace']>;

/**
 * What ESO does with a Secret reference that has no namespace on a ClusterSecretStore, for the
 * providers whose code says (fields as JSON paths, "[]" for any index); others are not judged.
 */
const CLUSTER_STORE_REFS: { readonly [provider: string]: { readonly [field: string]: WithoutNamespace } } = {
  // providers/v1/oracle/oracle.go ValidateStore: esutils.ValidateSecretSelector.
  oracle: { 'auth.secretRef.privatekey': 'rejected', 'auth.secretRef.fingerprint': 'rejected' },
  // providers/v1/keepersecurity/provider.go ValidateStore: esutils.ValidateSecretSelector.
  keepersecurity: { authRef: 'rejected' },
  // providers/v1/onepassword/onepassword.go validateStore: esutils.ValidateSecretSelector.
  onepassword: { 'auth.secretRef.connectTokenSecretRef': 'rejected' },
  // providers/v1/scaleway/provider.go NewClient: "when using a ClusterSecretStore, namespaces must
  // be explicitly set" (its webhook check alone would allow them).
  scaleway: { 'accessKey.secretRef': 'rejected', 'secretKey.secretRef': 'rejected' },
  // providers/v1/webhook/pkg/webhook/webhook.go getStoreSecret: "no namespace on ClusterScoped webhook secret".
  webhook: { 'secrets[].secretRef': 'rejected' },
};

/**
 * Objects inside a raw provider block that look like object references ({ name, namespace }),
 * and the provider's known references that have no namespace.
 */
function findNamespacedRefs(value: unknown, field: string, known: { readonly [field: string]: WithoutNamespace }): NamespacedRef[] {
  if (value === null || typeof value !== 'object') {
    return [];
  }
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => findNamespacedRefs(v, `${field}[${i}]`, known));
  }
  const obj = value as Record<string, unknown>;
  const name = typeof obj.name === 'string' ? obj.name : undefined;
  const withoutNamespace = known[field.replace(/\[\d+\]/g, '[]')];
  const own: NamespacedRef[] = typeof obj.namespace === 'string'
    ? [{ field: field || '(root)', namespace: obj.namespace, withoutNamespace }]
    : withoutNamespace !== undefined ? [{ field, name, withoutNamespace }] : [];
  return [
    ...own,
    ...Object.entries(obj).flatMap(([k, v]) => findNamespacedRefs(v, field ? `${field}.${k}` : k, known)),
  ];
}

/**
 * The two kinds of store an ExternalSecret can reference.
 */
export enum StoreKind {
  /** A namespaced store, usable only by ExternalSecrets in its namespace. */
  SECRET_STORE = 'SecretStore',
  /** A cluster-wide store, usable from the namespaces its conditions allow. */
  CLUSTER_SECRET_STORE = 'ClusterSecretStore',
}

/**
 * A label selector requirement (`matchExpressions` item).
 */
export interface LabelSelectorRequirement {
  /**
   * The label key.
   */
  readonly key: string;

  /**
   * `In`, `NotIn`, `Exists` or `DoesNotExist`.
   */
  readonly operator: string;

  /**
   * Values for `In` and `NotIn`.
   *
   * @default - none
   */
  readonly values?: string[];
}

/**
 * Which namespaces may use a ClusterSecretStore. A namespace may use the store when any one
 * condition matches it; within a condition, any listed namespace, regex or the selector matches.
 *
 * @see https://external-secrets.io/latest/api/clustersecretstore/
 */
export interface ClusterSecretStoreCondition {
  /**
   * Namespaces by name.
   *
   * @default - none
   */
  readonly namespaces?: string[];

  /**
   * Namespaces by regular expression (RE2 syntax, unanchored).
   *
   * @default - none
   * @example ['^team-a-']
   */
  readonly namespaceRegexes?: string[];

  /**
   * Namespaces by label: labels that must match exactly.
   *
   * @default - none
   */
  readonly namespaceMatchLabels?: { [key: string]: string };

  /**
   * Namespaces by label: set-based requirements.
   *
   * @default - none
   */
  readonly namespaceMatchExpressions?: LabelSelectorRequirement[];
}

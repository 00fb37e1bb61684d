import { GoDuration } from './duration';
import { checkRegex, fail, quote } from './errors';
import { BoundServiceAccount, IdentitySpec, checkIdentityFits, identityAuth } from './identity';
import { checkNamespace } from './names';
import { SecretStoreProvider } from './provider';
import { compact } from './selectors';

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

/**
 * What core knows of a store when an ExternalSecret or reference points at it. Stores that exist
 * outside the app have no provider and no conditions.
 *
 * @internal
 */
export interface StoreHandle {
  /** Where the store is declared (construct path or component name), for messages. */
  readonly where: string;
  readonly name: string;
  readonly kind: StoreKind;
  /** The store's namespace (SecretStore only), when known. */
  readonly namespace?: string;
  readonly provider?: SecretStoreProvider;
  readonly conditions?: ClusterSecretStoreCondition[];
}

/**
 * A store declaration, whichever front end made it.
 *
 * @internal
 */
export interface StoreDeclaration {
  readonly where: string;
  readonly kind: StoreKind;
  /** The store's namespace (SecretStore only), when known. */
  readonly namespace?: string;
  readonly provider: SecretStoreProvider;
  readonly refreshInterval?: GoDuration;
  readonly retryMaxRetries?: number;
  readonly retryInterval?: GoDuration;
  readonly controller?: string;
  readonly conditions?: ClusterSecretStoreCondition[];
  /** The store's identity and the ServiceAccount it resolved to; it sets the provider's auth. */
  readonly identity?: { readonly spec: IdentitySpec; readonly serviceAccount: BoundServiceAccount };
}

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** Validates a store declaration and renders its `spec`. */
export function renderStoreSpec(decl: StoreDeclaration): Record<string, unknown> {
  const { where, identity } = decl;
  if (identity) {
    checkIdentityFits(where, identity.spec, decl.provider._backend);
  }
  const provider = decl.provider._render(where, identity ? { block: identityAuth(identity.spec, identity.serviceAccount, decl.kind) } : undefined);
  checkNamespacedRefs(decl);
  const retries = decl.retryMaxRetries;
  if (retries !== undefined && (!Number.isInteger(retries) || retries < 0 || retries > 2 ** 31 - 1)) {
    fail(where, `retryMaxRetries ${quote(decl.retryMaxRetries)} must be a whole number from 0; use e.g. 3`);
  }
  if (decl.controller !== undefined && decl.controller.trim() === '') {
    fail(where, 'controller is empty; omit it to let every eso controller reconcile this store, or give the controller class');
  }
  if (decl.conditions !== undefined && decl.kind !== StoreKind.CLUSTER_SECRET_STORE) {
    fail(where, 'conditions apply only to a ClusterSecretStore; remove them');
  }
  const retry = decl.retryMaxRetries !== undefined || decl.retryInterval !== undefined
    ? compact({ maxRetries: decl.retryMaxRetries, retryInterval: decl.retryInterval?.toString() })
    : undefined;
  return compact({
    controller: decl.controller,
    provider,
    refreshInterval: decl.refreshInterval?.toString(),
    retrySettings: retry,
    conditions: decl.conditions?.length ? decl.conditions.map((c, i) => renderCondition(where, `conditions[${i}]`, c)) : undefined,
  });
}

function checkNamespacedRefs(decl: StoreDeclaration): void {
  if (decl.kind !== StoreKind.SECRET_STORE) {
    return;
  }
  for (const ref of decl.provider._namespacedRefs()) {
    if (ref.namespace === undefined) {
      continue;
    }
    if (decl.namespace === undefined) {
      fail(decl.where, `provider ${ref.field}.namespace is ${quote(ref.namespace)} but the SecretStore has no namespace; set the store's (or its chart's) namespace to ${quote(ref.namespace)}, or remove the namespace from the reference`);
    }
    if (ref.namespace !== decl.namespace) {
      fail(decl.where, `provider ${ref.field}.namespace ${quote(ref.namespace)} differs from the SecretStore's namespace ${quote(decl.namespace)}; a namespaced SecretStore can only use objects in its own namespace, so remove the namespace or use a ClusterSecretStore`);
    }
  }
}

function renderCondition(where: string, field: string, c: ClusterSecretStoreCondition): Record<string, unknown> {
  const hasSelector = c.namespaceMatchLabels !== undefined || c.namespaceMatchExpressions !== undefined;
  if (!c.namespaces?.length && !c.namespaceRegexes?.length && !hasSelector) {
    fail(where, `${field} is empty and matches no namespace; give namespaces, namespaceRegexes or a namespace label selector`);
  }
  for (const ns of c.namespaces ?? []) {
    checkNamespace(where, `${field}.namespaces`, ns);
  }
  for (const re of c.namespaceRegexes ?? []) {
    checkRegex(where, `${field}.namespaceRegexes`, re);
  }
  for (const req of c.namespaceMatchExpressions ?? []) {
    if (!OPERATORS.includes(req.operator)) {
      fail(where, `${field}.namespaceMatchExpressions operator ${quote(req.operator)} is not one of ${OPERATORS.join(', ')}`);
    }
    const needsValues = req.operator === 'In' || req.operator === 'NotIn';
    if (needsValues !== Boolean(req.values?.length)) {
      fail(where, `${field}.namespaceMatchExpressions for ${quote(req.key)}: operator ${req.operator} ${needsValues ? 'needs' : 'takes no'} values`);
    }
  }
  return compact({
    namespaces: c.namespaces?.length ? [...c.namespaces] : undefined,
    namespaceRegexes: c.namespaceRegexes?.length ? [...c.namespaceRegexes] : undefined,
    namespaceSelector: hasSelector
      ? compact({
        matchLabels: c.namespaceMatchLabels ? { ...c.namespaceMatchLabels } : undefined,
        matchExpressions: c.namespaceMatchExpressions?.map((r) =>
          compact({ key: r.key, operator: r.operator, values: r.values ? [...r.values] : undefined })),
      })
      : undefined,
  });
}

/**
 * Whether a namespace may use a ClusterSecretStore with these conditions: `true`, `false`, or
 * `undefined` when it depends on namespace labels unknown at synth.
 */
export function namespaceAllowed(conditions: ClusterSecretStoreCondition[] | undefined, namespace: string): boolean | undefined {
  if (!conditions?.length) {
    return true;
  }
  let unknown = false;
  for (const c of conditions) {
    if (c.namespaces?.includes(namespace) || c.namespaceRegexes?.some((re) => new RegExp(re).test(namespace))) {
      return true;
    }
    if (c.namespaceMatchLabels !== undefined || c.namespaceMatchExpressions !== undefined) {
      unknown = true;
    }
  }
  return unknown ? undefined : false;
}

import { GoDuration } from '../model/duration';
import { fail, Problems, quote } from '../model/errors';
import { ClusterSecretStoreCondition, StoreKind } from '../model/kinds';
import { checkNamespace } from '../model/names';
import { IdentityAuth, ProviderHandle } from '../model/provider';
import { checkRegex, goRegexMatches } from '../model/regex';
import { compact, NamespacedRef } from '../model/selectors';

/**
 * A store declaration, whichever front end made it.
 *
 * @internal
 */
export interface StoreDeclaration {
  readonly where: string;
  /** The store's name, when known. */
  readonly name?: string;
  readonly kind: StoreKind;
  /** The store's namespace (SecretStore only), when known. */
  readonly namespace?: string;
  readonly provider: ProviderHandle;
  readonly refreshInterval?: GoDuration;
  readonly retryMaxRetries?: number;
  readonly retryInterval?: GoDuration;
  readonly controller?: string;
  readonly conditions?: ClusterSecretStoreCondition[];
  /** The `auth` block a store identity sets in place of the provider's own. */
  readonly auth?: IdentityAuth;
}

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** Validates a store declaration and renders its `spec`. */
export function renderStoreSpec(decl: StoreDeclaration): Record<string, unknown> {
  const { where } = decl;
  const store = { name: decl.name ?? where, kind: decl.kind, namespace: decl.namespace };
  const provider = { [decl.provider.key]: decl.provider.render(where, store, decl.auth) };
  checkNamespacedRefs(decl);
  const retries = decl.retryMaxRetries;
  if (retries !== undefined && (!Number.isInteger(retries) || retries < 0 || retries > 2 ** 31 - 1)) {
    fail(where, 'store.retry-max-retries.invalid', `retryMaxRetries ${quote(decl.retryMaxRetries)} must be a whole number from 0; use e.g. 3`);
  }
  if (decl.controller !== undefined && decl.controller.trim() === '') {
    fail(where, 'store.controller.empty', 'controller is empty; omit it to let every eso controller reconcile this store, or give the controller class');
  }
  if (decl.conditions !== undefined && decl.kind !== StoreKind.CLUSTER_SECRET_STORE) {
    fail(where, 'store.conditions.namespaced-store', 'conditions apply only to a ClusterSecretStore; remove them');
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

/**
 * A ClusterSecretStore's references without a namespace that ESO reads in each ExternalSecret's
 * namespace (referent auth): every namespace that uses the store needs its own copy, and the
 * store's status cannot be validated (providers/v1/aws/secretsmanager/secretsmanager.go and
 * providers/v1/vault/validate.go Validate: ValidationResultUnknown).
 */
export function referentAuthWarnings(where: string, kind: StoreKind, provider: ProviderHandle): string[] {
  if (kind !== StoreKind.CLUSTER_SECRET_STORE) {
    return [];
  }
  return provider.namespacedRefs()
    .filter((ref) => ref.namespace === undefined && ref.withoutNamespace === 'referent')
    .map((ref) => `${where}: provider.${provider.key}.${ref.field}${ref.name !== undefined ? ` (${quote(ref.name)})` : ''} has no namespace, so on a ClusterSecretStore eso reads it `
      + 'from the namespace of each ExternalSecret that uses the store (referent auth): every such namespace needs its own copy, and the store shows no validation status; '
      + 'give its namespace to read it from one place');
}

/** Each reference's namespace against the store's kind and namespace: every wrong one reported. */
function checkNamespacedRefs(decl: StoreDeclaration): void {
  const problems = new Problems();
  for (const ref of decl.provider.namespacedRefs()) {
    problems.check(() => checkNamespacedRef(decl, ref));
  }
  problems.throwIfAny();
}

function checkNamespacedRef(decl: StoreDeclaration, ref: NamespacedRef): void {
  if (decl.kind !== StoreKind.SECRET_STORE) {
    if (ref.namespace === undefined && ref.withoutNamespace === 'rejected') {
      fail(decl.where, 'store.provider.cluster-ref-namespace-missing', `provider.${decl.provider.key}.${ref.field}${ref.name !== undefined ? ` (${quote(ref.name)})` : ''} has no namespace; `
        + 'on a ClusterSecretStore eso fails the store, as it cannot tell which namespace to read it from; give the namespace the object is in');
    }
    return;
  }
  if (ref.namespace === undefined) {
    return;
  }
  if (decl.namespace === undefined) {
    fail(decl.where, 'store.provider.namespace-without-store-namespace', `provider ${ref.field}.namespace is ${quote(ref.namespace)} but the SecretStore has no namespace; set the store's (or its chart's) namespace to ${quote(ref.namespace)}, or remove the namespace from the reference`);
  }
  if (ref.namespace !== decl.namespace) {
    fail(decl.where, 'store.provider.namespace-mismatch', `provider ${ref.field}.namespace ${quote(ref.namespace)} differs from the SecretStore's namespace ${quote(decl.namespace)}; a namespaced SecretStore can only use objects in its own namespace, so remove the namespace or use a ClusterSecretStore`);
  }
}

function renderCondition(where: string, field: string, c: ClusterSecretStoreCondition): Record<string, unknown> {
  const hasSelector = c.namespaceMatchLabels !== undefined || c.namespaceMatchExpressions !== undefined;
  if (!c.namespaces?.length && !c.namespaceRegexes?.length && !hasSelector) {
    fail(where, 'store.conditions.empty', `${field} is empty and matches no namespace; give namespaces, namespaceRegexes or a namespace label selector`);
  }
  for (const ns of c.namespaces ?? []) {
    checkNamespace(where, `${field}.namespaces`, ns);
  }
  for (const re of c.namespaceRegexes ?? []) {
    checkRegex(where, `${field}.namespaceRegexes`, re);
  }
  for (const req of c.namespaceMatchExpressions ?? []) {
    if (!OPERATORS.includes(req.operator)) {
      fail(where, 'store.namespace-match-expressions.invalid', `${field}.namespaceMatchExpressions operator ${quote(req.operator)} is not one of ${OPERATORS.join(', ')}`);
    }
    const needsValues = req.operator === 'In' || req.operator === 'NotIn';
    if (needsValues !== Boolean(req.values?.length)) {
      fail(where, 'store.namespace-match-expressions.requires', `${field}.namespaceMatchExpressions for ${quote(req.key)}: operator ${req.operator} ${needsValues ? 'needs' : 'takes no'} values`);
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
    if (c.namespaces?.includes(namespace) || c.namespaceRegexes?.some((re) => goRegexMatches(re, namespace) === true)) {
      return true;
    }
    if (c.namespaceMatchLabels !== undefined || c.namespaceMatchExpressions !== undefined) {
      unknown = true;
    }
  }
  return unknown ? undefined : false;
}

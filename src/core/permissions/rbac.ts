import { RbacRule } from '../model/grants';

/*
 * Kubernetes RBAC documents built from grants: rules merged and sorted, and the Role and
 * RoleBinding objects as plain JSON.
 */

/** The API version of the RBAC objects. */
export const RBAC_API_VERSION = 'rbac.authorization.k8s.io/v1';

/** A namespaced Kubernetes object as plain JSON. */
export interface NamespacedObjectJson {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly [field: string]: unknown;
}

/** A ServiceAccount an RBAC binding names. */
export interface RbacSubject {
  readonly name: string;
  readonly namespace: string;
}

/**
 * Merges rules into the fewest rules that grant exactly the same: per API group and resource,
 * the names a verb is granted on; a verb granted on every object drops its named grants; names
 * with the same verbs share one rule. Everything is sorted, so the output is deterministic.
 */
export function mergeRbacRules(rules: readonly RbacRule[]): RbacRule[] {
  // group \0 resource -> name ('' for every object) -> verbs
  const atoms = new Map<string, Map<string, Set<string>>>();
  for (const rule of rules) {
    for (const group of rule.apiGroups) {
      for (const resource of rule.resources) {
        const id = `${group}\u0000${resource}`;
        const byName = atoms.get(id) ?? new Map<string, Set<string>>();
        atoms.set(id, byName);
        for (const name of rule.resourceNames?.length ? rule.resourceNames : ['']) {
          const verbs = byName.get(name) ?? new Set<string>();
          rule.verbs.forEach((v) => verbs.add(v));
          byName.set(name, verbs);
        }
      }
    }
  }
  const merged: RbacRule[] = [];
  for (const id of [...atoms.keys()].sort(compare)) {
    const [group, resource] = id.split('\u0000');
    const byName = atoms.get(id)!;
    const everywhere = byName.get('') ?? new Set<string>();
    if (everywhere.size > 0) {
      merged.push({ apiGroups: [group], resources: [resource], verbs: [...everywhere].sort(compare) });
    }
    // Names that share a verb set share a rule; verbs already granted on every object are dropped.
    const byVerbs = new Map<string, string[]>();
    for (const [name, verbs] of byName) {
      const rest = [...verbs].filter((v) => !everywhere.has(v) && !everywhere.has('*')).sort(compare);
      if (name === '' || rest.length === 0) {
        continue;
      }
      const key = rest.join(',');
      byVerbs.set(key, [...(byVerbs.get(key) ?? []), name]);
    }
    for (const key of [...byVerbs.keys()].sort(compare)) {
      merged.push({ apiGroups: [group], resources: [resource], verbs: key.split(','), resourceNames: byVerbs.get(key)!.sort(compare) });
    }
  }
  return merged;
}

/** A namespaced Role with these rules. */
export function rbacRole(name: string, namespace: string, rules: readonly RbacRule[]): NamespacedObjectJson {
  return {
    apiVersion: RBAC_API_VERSION,
    kind: 'Role',
    metadata: { name, namespace },
    rules: rules.map(ruleJson),
  };
}

/** A RoleBinding of a Role (in its namespace) to ServiceAccounts, sorted by namespace and name. */
export function rbacRoleBinding(name: string, namespace: string, roleName: string, subjects: readonly RbacSubject[]): NamespacedObjectJson {
  return {
    apiVersion: RBAC_API_VERSION,
    kind: 'RoleBinding',
    metadata: { name, namespace },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: roleName },
    subjects: [...subjects]
      .sort((a, b) => compare(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`))
      .map((s) => ({ kind: 'ServiceAccount', name: s.name, namespace: s.namespace })),
  };
}

/** A rule as the Kubernetes API takes it (copied, `resourceNames` only when set). */
export function ruleJson(rule: RbacRule): Record<string, unknown> {
  return {
    apiGroups: [...rule.apiGroups],
    resources: [...rule.resources],
    ...(rule.resourceNames?.length ? { resourceNames: [...rule.resourceNames] } : {}),
    verbs: [...rule.verbs],
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

import { fail, quote } from '../../model/errors';
import { RbacGrants, RbacRule } from '../../model/grants';
import { isDnsSubdomain } from '../../model/names';
import { KubernetesIdentityContext } from '../../model/provider';
import { StoreRead } from '../../model/reads';

/** Fails unless a remote key can be the name of a Secret (RFC 1123 subdomain). */
export function checkSecretName(where: string, field: string, key: string, remoteNamespace: string): void {
  if (!isDnsSubdomain(key)) {
    fail(where, 'kubernetes.key.invalid', `${field} ${quote(key)} is not a kubernetes secret name (RFC 1123 subdomain: at most 253 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit); the kubernetes provider reads the Secret of that name in namespace ${quote(remoteNamespace)}`);
  }
}

/**
 * The RBAC rules, in `remoteNamespace`, that let the store's identity read exactly what `reads`
 * reference. What ESO calls (providers/v1/kubernetes/client.go, validate.go):
 *
 * - `data[]` and `dataFrom.extract`: `get` on the Secret named by the key, so `get` is limited
 *   to exactly those names with resourceNames;
 * - `dataFrom.find` (by name or by labels): `list` on secrets, which RBAC cannot limit by name
 *   and which returns every Secret's data; an unlimited `get` then grants nothing more;
 * - store validation: a SelfSubjectRulesReview in remoteNamespace, accepted when a rule allows
 *   `get` on secrets (resourceNames are not looked at), else a SelfSubjectAccessReview. Creating
 *   both reviews is granted to every authenticated user by Kubernetes' default
 *   `system:basic-user` ClusterRole, so the Role does not repeat it.
 *
 * `watch` and `patch` are never used.
 */
export function kubernetesReadRules(ctx: KubernetesIdentityContext, remoteNamespace: string, reads: readonly StoreRead[]): RbacGrants {
  const names = new Set<string>();
  const warnings: string[] = [];
  let finds = false;
  for (const read of reads) {
    if (read.key !== undefined) {
      checkSecretName(read.where, `${read.field}.key`, read.key, remoteNamespace);
      names.add(read.key);
      continue;
    }
    if (!ctx.allowUnscopedFind) {
      fail(read.where, 'kubernetes.find.unscoped', `${read.field} lists secrets, and kubernetes rbac cannot limit list by name, so the store's role would read every secret in namespace ${quote(remoteNamespace)}; reference the secrets by name, or set allowUnscopedFind on the store's identity to accept that`);
    }
    warnings.push(`${read.where}: ${read.field} lists secrets, so the store's role may read every secret in namespace ${quote(remoteNamespace)} (allowUnscopedFind)`);
    finds = true;
  }
  const rules: RbacRule[] = [];
  if (finds) {
    rules.push({ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] });
  }
  if (names.size > 0) {
    rules.push({ apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: [...names].sort() });
  }
  if (rules.length === 0) {
    warnings.push(`${ctx.where}: no ExternalSecret reads through the store, so its role grants nothing, and eso reports the store as not ready ("client is not allowed to get secrets") until one does`);
  }
  return { namespace: remoteNamespace, rules, warnings };
}

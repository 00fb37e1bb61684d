import { fail, quote } from '../model/errors';
import { VaultAclPaths } from '../model/grants';

/*
 * Vault ACL policies built from grants (HCL), and the names and paths Vault takes.
 */

/** Vault ACL capabilities in Vault's own order. */
const CAPABILITIES = ['create', 'read', 'update', 'patch', 'delete', 'list'];
const POLICY_NAME = /^[a-z0-9][a-z0-9._-]{0,127}$/;

/** Renders ACL paths as HCL, sorted by path, capabilities in Vault's order. */
export function renderHcl(paths: VaultAclPaths): string {
  return [...paths.keys()]
    .sort()
    .map((path) => {
      const caps = CAPABILITIES.filter((c) => paths.get(path)!.has(c)).map((c) => `"${c}"`).join(', ');
      return `path "${path}" {\n  capabilities = [${caps}]\n}\n`;
    })
    .join('\n');
}

/** Fails unless `name` is a Vault policy name esokit can use as-is (Vault lowercases names). */
export function checkPolicyName(where: string, field: string, name: string): void {
  if (!POLICY_NAME.test(name)) {
    fail(where, 'vault.policy-name.invalid', `${field} ${quote(name)} is not a vault policy name esokit can use; give 1 to 128 lowercase letters, digits and ._- (vault lowercases policy names), e.g. ${quote(name.toLowerCase().replace(/[^a-z0-9._-]/g, '-').replace(/^[^a-z0-9]+/, '') || 'eso-reader')}`);
  }
}

/** Fails unless `value` is a relative Vault mount path. */
export function checkVaultMountPath(where: string, field: string, value: string): void {
  if (value.trim() === '' || /^\/|\/$|\s|\/\//.test(value)) {
    fail(where, 'vault.mount-path.invalid', `${field} ${quote(value)} is not a vault mount path; use a relative path without leading or trailing slashes, e.g. "kubernetes" or "secret"`);
  }
}

/**
 * Fails unless `value` is the mount path of an auth method as ESO joins it: ESO logs in at
 * `auth/<mountPath>/login` (providers/v1/vault/auth_kubernetes.go), so an `auth/` prefix is doubled.
 */
export function checkAuthMountPath(where: string, field: string, value: string): void {
  checkVaultMountPath(where, field, value);
  if (/^auth\//.test(value)) {
    fail(where, 'vault.auth-mount.auth-prefix', `${field} ${quote(value)} starts with "auth/", but eso logs in at "auth/<mount path>/login", which would be ${quote(`auth/${value}/login`)}; give the mount without "auth/", e.g. ${quote(value.replace(/^auth\//, ''))}`);
  }
}

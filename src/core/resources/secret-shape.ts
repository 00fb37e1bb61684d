import { SecretTemplate } from './template';
import { fail, listOf, quote } from '../model/errors';
import { checkAnnotations, checkLabels } from '../model/metadata';

/*
 * The Secret an ExternalSecret declares, as the API server will judge it when ESO writes it:
 * the keys its type requires, its metadata, and its size (k8s.io/kubernetes
 * pkg/apis/core/validation/validation.go ValidateSecret). A failure there is an error in ESO's
 * status at every refresh, with the Secret never written.
 */

/** Keys each built-in Secret type must carry: all of `allOf`, or at least one of `anyOf`. */
const REQUIRED_KEYS: { readonly [type: string]: { readonly allOf?: readonly string[]; readonly anyOf?: readonly string[] } } = {
  'kubernetes.io/tls': { allOf: ['tls.crt', 'tls.key'] },
  'kubernetes.io/dockerconfigjson': { allOf: ['.dockerconfigjson'] },
  'kubernetes.io/dockercfg': { allOf: ['.dockercfg'] },
  'kubernetes.io/basic-auth': { anyOf: ['username', 'password'] },
  'kubernetes.io/ssh-auth': { allOf: ['ssh-privatekey'] },
};

/** MaxSecretSize in pkg/apis/core/types.go: keys and values of a Secret together. */
export const SECRET_SIZE_LIMIT = 1024 * 1024;

/** Fails when the declared Secret could not be written by the API server. */
export function checkSecretShape(
  where: string,
  template: SecretTemplate | undefined,
  declared: { readonly keys: readonly string[]; readonly open: boolean },
): void {
  checkLabels(where, 'target.template.labels', template?.labels);
  checkAnnotations(where, 'target.template.annotations', template?.annotations);
  const type = template?.type;
  const required = type !== undefined ? REQUIRED_KEYS[type] : undefined;
  if (required && !declared.open) {
    const missing = (required.allOf ?? []).filter((k) => !declared.keys.includes(k));
    if (missing.length > 0) {
      fail(where, 'k8s.secret.type-keys-missing', `target.template.type ${quote(type)} needs the keys ${listOf(required.allOf!)}, but the Secret declares ${listOf(declared.keys)} `
        + `(missing ${listOf(missing)}; the api server refuses such a Secret, so eso never writes it); name the keys that way in data or target.template.data`);
    }
    if (required.anyOf && !required.anyOf.some((k) => declared.keys.includes(k))) {
      fail(where, 'k8s.secret.type-keys-missing', `target.template.type ${quote(type)} needs the key ${required.anyOf.map((k) => quote(k)).join(' or ')}, but the Secret declares ${listOf(declared.keys)} `
        + '(the api server refuses such a Secret, so eso never writes it); name a key that way in data or target.template.data');
    }
  }
  const keyBytes = declared.keys.reduce((n, k) => n + Buffer.byteLength(k), 0);
  if (keyBytes > SECRET_SIZE_LIMIT) {
    fail(where, 'k8s.secret.too-large', `the Secret's ${declared.keys.length} declared keys alone take ${keyBytes} bytes, over the api server's limit of ${SECRET_SIZE_LIMIT} bytes for a Secret; split the keys over several ExternalSecrets`);
  }
}

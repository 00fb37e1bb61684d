import { fail, quote } from './errors';
import { checkName, checkNamespace, checkSecretKey } from './names';

/**
 * A key of a Kubernetes Secret that holds a credential (never the credential itself).
 */
export interface SecretKeySelector {
  /**
   * Name of the Secret.
   */
  readonly name: string;

  /**
   * Key inside the Secret.
   */
  readonly key: string;

  /**
   * Namespace of the Secret.
   *
   * Must be omitted or equal to the store's namespace for a namespaced SecretStore. For a
   * ClusterSecretStore, omitting it means "the ExternalSecret's namespace" (referent auth).
   *
   * @default - the store's namespace (SecretStore) or the ExternalSecret's namespace (ClusterSecretStore)
   */
  readonly namespace?: string;
}

/**
 * A Kubernetes ServiceAccount whose token ESO requests to authenticate to a backend.
 */
export interface ServiceAccountSelector {
  /**
   * Name of the ServiceAccount.
   */
  readonly name: string;

  /**
   * Namespace of the ServiceAccount.
   *
   * Must be omitted or equal to the store's namespace for a namespaced SecretStore. For a
   * ClusterSecretStore, omitting it means "the ExternalSecret's namespace" (referent auth).
   *
   * @default - the store's namespace (SecretStore) or the ExternalSecret's namespace (ClusterSecretStore)
   */
  readonly namespace?: string;

  /**
   * Audiences of the requested token.
   *
   * Vault 1.21 and later require an audience on Kubernetes-auth roles.
   *
   * @default - the backend's default audience
   * @example ['vault']
   */
  readonly audiences?: string[];
}

/**
 * A reference to a namespaced object inside a provider block, collected for the store's namespace
 * rules.
 */
export interface NamespacedRef {
  /** JSON path of the reference inside `spec.provider`, for messages. */
  readonly field: string;
  /** The namespace the user gave, if any. */
  readonly namespace?: string;
  /** The referenced object's name, for messages. */
  readonly name?: string;
  /**
   * What ESO does on a ClusterSecretStore when the namespace is omitted: resolve it in each
   * ExternalSecret's namespace (referent auth) or reject the store; unset when the provider
   * checks it itself.
   */
  readonly withoutNamespace?: 'referent' | 'rejected';
}

/** Validates and renders a SecretKeySelector. */
export function renderSecretKeySelector(where: string, field: string, sel: SecretKeySelector): Record<string, unknown> {
  checkName(where, `${field}.name`, sel.name);
  checkSecretKey(where, `${field}.key`, sel.key);
  if (sel.namespace !== undefined) {
    checkNamespace(where, `${field}.namespace`, sel.namespace);
  }
  return compact({ name: sel.name, key: sel.key, namespace: sel.namespace });
}

/** Validates and renders a ServiceAccountSelector. */
export function renderServiceAccountSelector(where: string, field: string, sel: ServiceAccountSelector): Record<string, unknown> {
  checkName(where, `${field}.name`, sel.name);
  if (sel.namespace !== undefined) {
    checkNamespace(where, `${field}.namespace`, sel.namespace);
  }
  if (sel.audiences !== undefined) {
    if (sel.audiences.length === 0) {
      fail(where, 'selector.audiences.empty', `${field}.audiences is an empty list; omit it to use the backend's default audience, or give e.g. ["vault"]`);
    }
    for (const aud of sel.audiences) {
      if (aud.trim() === '') {
        fail(where, 'selector.audiences.blank', `${field}.audiences contains ${quote(aud)}; every audience must be a non-empty string`);
      }
    }
  }
  return compact({ name: sel.name, namespace: sel.namespace, audiences: sel.audiences ? [...sel.audiences] : undefined });
}

/** A copy of `obj` without the keys whose value is undefined. */
export function compact<T extends Record<string, unknown>>(obj: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v !== undefined) {
      out[k] = v;
    }
  }
  return out as T;
}

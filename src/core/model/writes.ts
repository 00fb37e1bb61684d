import { fail } from './errors';

/**
 * What a PushSecret asks of a store, as the store's provider and identity see it: the writes
 * the store's identity must allow (architecture v2: reads and writes are what a store is asked).
 */

/** Whether ESO overwrites a remote secret that exists (`Replace`) or leaves it (`IfNotExists`). */
export enum PushSecretUpdatePolicy {
  /** Write the value on every reconcile where it differs. */
  REPLACE = 'Replace',
  /** Create the remote secret only when it does not exist; never change it afterwards. */
  IF_NOT_EXISTS = 'IfNotExists',
}

/** Whether ESO deletes what it pushed when the PushSecret, an entry or a store goes away. */
export enum PushSecretDeletionPolicy {
  /** Delete the remote secrets this PushSecret created. */
  DELETE = 'Delete',
  /** Leave them. */
  NONE = 'None',
}

/**
 * One write a store's identity must allow: a remote key a PushSecret entry (or a `dataTo`
 * entry, once its keys are known) writes through the store.
 */
export interface StoreWrite {
  /** Where the write is declared (the PushSecret), for messages. */
  readonly where: string;
  /** The field inside that PushSecret (`data[0].match.remoteRef`), for messages. */
  readonly field: string;
  /** The remote key as written in the PushSecret. */
  readonly remoteKey: string;
  /** The property inside the remote secret, when the entry writes one. */
  readonly property?: string;
  /**
   * The entry's provider metadata as ESO receives it (`data[].metadata`), already checked by the
   * store's provider; undefined when the entry has none.
   */
  readonly metadata?: Record<string, unknown>;
  readonly updatePolicy: PushSecretUpdatePolicy;
  readonly deletionPolicy: PushSecretDeletionPolicy;
}

/**
 * One push entry as a provider checks it: the remote key and property, and the entry's metadata
 * as the user gave it (a `PushSecretMetadata`'s rendering, or raw JSON), before ESO receives it.
 */
export interface PushEntryShape {
  readonly remoteKey: string;
  readonly property?: string;
  /** The metadata the user gave, with the provider it was written for (`backend`, undefined for raw). */
  readonly metadata?: { readonly backend?: string; readonly json: Record<string, unknown> };
  readonly updatePolicy: PushSecretUpdatePolicy;
  readonly deletionPolicy: PushSecretDeletionPolicy;
}

/**
 * Fails for writes through a provider that derives no write permissions for an identity family:
 * never a policy that silently lacks them.
 */
export function refuseUnderivedWrites(writes: readonly StoreWrite[], backend: string): void {
  const first = writes[0];
  if (first !== undefined) {
    fail(first.where, 'push.permissions.not-derived', `${first.field} pushes to ${backend} through a store with an identity, but esokit derives no write permissions for ${backend}; push through a store without an identity and grant the writes yourself`);
  }
}

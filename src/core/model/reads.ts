/**
 * What an ExternalSecret asks of a store, as the store's provider and identity see it.
 */

/**
 * Whether ESO fetches the secret's metadata (Vault KV v2 custom metadata, AWS tags) instead of its value.
 */
export enum MetadataPolicy {
  /** Fetch the value. */
  NONE = 'None',
  /** Fetch the metadata. */
  FETCH = 'Fetch',
}

/** A `find` as ESO receives it: which secrets it selects. */
export interface FindShape {
  readonly path?: string;
  readonly nameRegexp?: string;
  readonly tags?: { readonly [key: string]: string };
}

/** One reference to a remote key (`data[].remoteRef` or `dataFrom[].extract`). */
export interface ReferenceShape {
  readonly key: string;
  readonly property?: string;
  readonly version?: string;
  readonly metadataPolicy?: MetadataPolicy;
}

/**
 * One read a store's identity must allow: a remote key (from `data` or `dataFrom.extract`) or a
 * `dataFrom.find`.
 */
export interface StoreRead {
  /** Where the read is declared (the ExternalSecret), for messages. */
  readonly where: string;
  /** The field inside that ExternalSecret, for messages. */
  readonly field: string;
  /** The remote key as written in the ExternalSecret. */
  readonly key?: string;
  readonly version?: string;
  readonly metadataPolicy?: MetadataPolicy;
  /** The find, for `dataFrom.find`, as ESO receives it. */
  readonly find?: FindShape;
}

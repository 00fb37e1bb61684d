import { FindOptions } from './data-from';
import { ExternalSecretDeclaration } from './external-secret';
import { MetadataPolicy } from './remote-ref';
import { StoreHandle, StoreKind } from './store';

/**
 * One read a store's identity must allow: a remote key (from `data` or `dataFrom.extract`) or a
 * `dataFrom.find`.
 *
 * @internal
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
  /** The find, for `dataFrom.find`. */
  readonly find?: FindOptions;
}

/** Whether two handles stand for the same store object. */
export function sameStore(a: StoreHandle, b: StoreHandle): boolean {
  if (a === b) {
    return true;
  }
  return a.name === b.name && a.kind === b.kind && (a.kind === StoreKind.CLUSTER_SECRET_STORE || a.namespace === b.namespace);
}

/** Every read that goes through `store` in these ExternalSecret declarations, in declaration order. */
export function readsThrough(store: StoreHandle, declarations: Iterable<ExternalSecretDeclaration>): StoreRead[] {
  const reads: StoreRead[] = [];
  for (const decl of declarations) {
    decl.data.forEach(({ ref }, i) => {
      if (sameStore(ref._store ?? decl.store, store)) {
        reads.push({
          where: decl.where,
          field: `data[${i}].remoteRef`,
          key: ref.key,
          version: ref.version,
          metadataPolicy: ref._options.metadataPolicy,
        });
      }
    });
    decl.dataFrom.forEach((entry, i) => {
      if (!sameStore(entry._store ?? decl.store, store)) {
        return;
      }
      if (entry._extract) {
        const ref = entry._extract;
        reads.push({
          where: decl.where,
          field: `dataFrom[${i}].extract`,
          key: ref.key,
          version: ref.version,
          metadataPolicy: ref._options.metadataPolicy,
        });
      } else if (entry._find) {
        reads.push({ where: decl.where, field: `dataFrom[${i}].find`, find: entry._find });
      }
    });
  }
  return reads;
}

import { StoreKind } from '../model/kinds';
import { StoreRead } from '../model/reads';
import { StoreHandle } from '../model/store-handle';
import { ExternalSecretDeclaration } from '../resources/external-secret';

/*
 * What ExternalSecrets read through a store: the reads its identity must allow.
 */

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
        // The find as ESO receives it through this store (its provider may complete it).
        reads.push({ where: decl.where, field: `dataFrom[${i}].find`, find: entry._findFor(decl.where, `dataFrom[${i}]`, store) });
      }
    });
  }
  return reads;
}

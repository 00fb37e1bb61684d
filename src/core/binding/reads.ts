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

/** A key that two handles share exactly when `sameStore` holds for them. */
export function storeKey(store: StoreHandle): string {
  return `${store.kind}/${store.kind === StoreKind.CLUSTER_SECRET_STORE ? '' : store.namespace ?? ''}/${store.name}`;
}

/**
 * Calls `each` with every read of one declaration and the store it goes through (a reference's
 * own store, else the ExternalSecret's), in declaration order. `through` picks the stores whose
 * reads are wanted, before any find is completed by its provider.
 */
function forEachRead(
  decl: ExternalSecretDeclaration,
  through: (store: StoreHandle) => StoreHandle | undefined,
  each: (store: StoreHandle, read: StoreRead) => void,
): void {
  decl.data.forEach(({ ref }, i) => {
    const store = through(ref._store ?? decl.store);
    if (store) {
      each(store, {
        where: decl.where,
        field: `data[${i}].remoteRef`,
        key: ref.key,
        version: ref.version,
        metadataPolicy: ref._options.metadataPolicy,
      });
    }
  });
  decl.dataFrom.forEach((entry, i) => {
    const store = through(entry._store ?? decl.store);
    if (!store) {
      return;
    }
    if (entry._extract) {
      const ref = entry._extract;
      each(store, {
        where: decl.where,
        field: `dataFrom[${i}].extract`,
        key: ref.key,
        version: ref.version,
        metadataPolicy: ref._options.metadataPolicy,
      });
    } else if (entry._find) {
      // The find as ESO receives it through this store (its provider may complete it).
      each(store, { where: decl.where, field: `dataFrom[${i}].find`, find: entry._findFor(decl.where, `dataFrom[${i}]`, store) });
    }
  });
}

/** Every read that goes through `store` in these ExternalSecret declarations, in declaration order. */
export function readsThrough(store: StoreHandle, declarations: Iterable<ExternalSecretDeclaration>): StoreRead[] {
  const reads: StoreRead[] = [];
  for (const decl of declarations) {
    forEachRead(decl, (s) => (sameStore(s, store) ? store : undefined), (_, read) => reads.push(read));
  }
  return reads;
}

/**
 * The reads of these declarations grouped by the store they go through (by `storeKey`), each
 * group in declaration order: one pass for every store of an app. `stores` gives the handle a find
 * is completed through, by key (a store declared in the app); other reads use their own handle.
 */
export function readsByStore(declarations: Iterable<ExternalSecretDeclaration>, stores: ReadonlyMap<string, StoreHandle>): Map<string, StoreRead[]> {
  const byStore = new Map<string, StoreRead[]>();
  for (const decl of declarations) {
    forEachRead(decl, (s) => stores.get(storeKey(s)) ?? s, (store, read) => {
      const key = storeKey(store);
      const list = byStore.get(key);
      if (list) {
        list.push(read);
      } else {
        byStore.set(key, [read]);
      }
    });
  }
  return byStore;
}

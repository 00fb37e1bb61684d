/** Uses of an identity module by one store, as the binding layer hands them to the module. */
import { BoundServiceAccount, IdentityUse } from '../../src/core/model/identity';
import { StoreKind } from '../../src/core/model/kinds';
import { ProviderHandle } from '../../src/core/model/provider';
import { StoreRead } from '../../src/core/model/reads';
import { StoreWrite } from '../../src/core/model/writes';

export function use(
  provider: ProviderHandle,
  serviceAccount: BoundServiceAccount,
  reads: StoreRead[],
  store: { name?: string; kind?: StoreKind; namespace?: string } = {},
  writes: StoreWrite[] = [],
): IdentityUse {
  const kind = store.kind ?? StoreKind.SECRET_STORE;
  return {
    store: { where: `app/${store.name ?? 'store'}`, name: store.name ?? 'store', kind, namespace: kind === StoreKind.SECRET_STORE ? (store.namespace ?? serviceAccount.namespace) : undefined, provider },
    serviceAccount,
    reads,
    writes,
  };
}

export function read(key: string, extra: Partial<StoreRead> = {}): StoreRead {
  return { where: 'app/es', field: 'data[0].remoteRef.key', key, ...extra };
}

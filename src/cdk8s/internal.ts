import { ApiObject, Chart, Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { GoDuration } from '../core/duration';
import { StoreHandle, StoreKind } from '../core/store';

/**
 * An ApiObject for a cluster-scoped kind: a chart's namespace is never written onto it.
 */
export class ClusterScopedApiObject extends ApiObject {
  public toJson(): any {
    const json = super.toJson();
    if (json.metadata) {
      delete json.metadata.namespace;
    }
    return json;
  }
}

/** The namespace an object in `scope` lands in: its own, else its chart's. */
export function namespaceOf(scope: IConstruct, own: string | undefined): string | undefined {
  return own ?? Chart.of(scope).namespace;
}

/** A cdk8s Duration as the core's Go duration, failing for fractions of a millisecond. */
export function goDuration(where: string, field: string, duration: Duration | undefined): GoDuration | undefined {
  return duration === undefined ? undefined : GoDuration.fromMilliseconds(duration.toMilliseconds({ integral: false }), where, field);
}

const HANDLES = new WeakMap<object, StoreHandle>();

/** The public face of a store construct. */
interface StoreLike {
  readonly name: string;
  readonly kind: StoreKind;
  readonly namespace?: string;
  readonly node: { readonly path: string };
}

/** Registers what core needs to know of a store construct. */
export function registerStore(store: object, handle: StoreHandle): void {
  HANDLES.set(store, handle);
}

/** What core knows of a store: its registration, or its public fields for foreign implementations. */
export function storeHandleOf(store: StoreLike): StoreHandle {
  return HANDLES.get(store) ?? { where: store.node.path, name: store.name, kind: store.kind, namespace: store.namespace };
}

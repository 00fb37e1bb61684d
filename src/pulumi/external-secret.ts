import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { checkedMetadata, DeclarationEntry, declaredStore, guard, isPlain, pendingOf, resourceError } from './internal';
import { SecretStoreRef } from './secret-store';
import { externalSecretWarnings } from '../core/cost/refresh';
import { GoDuration } from '../core/model/duration';
import { fail, Problems, quote } from '../core/model/errors';
import { ESO_API_VERSION } from '../core/model/eso';
import { StoreKind } from '../core/model/kinds';
import { checkName, checkNamespace, checkSecretKey } from '../core/model/names';
import { checkArgs } from '../core/model/shape';
import { StoreHandle } from '../core/model/store-handle';
import { DataFrom } from '../core/resources/data-from';
import { DataEntry, ExternalSecretDeclaration, ExternalSecretTarget, RefreshPolicy, checkRequestedKey, declaredKeys, renderExternalSecretSpec, targetSecretName } from '../core/resources/external-secret';
import { RemoteReference } from '../core/resources/remote-ref';
import { SecretTemplate } from '../core/resources/template';

/**
 * Arguments of an ExternalSecret. The Secret's keys are inferred from `data` (`D`),
 * `dataFromKeys` (`F`) and `target.template.data` (`T`): the consumption helpers accept only
 * those.
 */
export interface ExternalSecretArgs<D extends string = never, F extends string = never, T extends string = never> {
  /**
   * The store the secrets are read through (references made by another store's `ref()` use
   * their own store).
   */
  readonly store: SecretStoreRef;

  /**
   * The ExternalSecret object's name (RFC 1123).
   *
   * @default - the component's name
   */
  readonly name?: string;

  /**
   * The ExternalSecret's (and its Secret's) namespace.
   *
   * @default - the SecretStore's namespace; required with a ClusterSecretStore
   */
  readonly namespace?: pulumi.Input<string>;

  /**
   * Labels of the ExternalSecret object.
   *
   * @default - none
   */
  readonly labels?: pulumi.Input<Record<string, pulumi.Input<string>>>;

  /**
   * Annotations of the ExternalSecret object.
   *
   * @default - none
   */
  readonly annotations?: pulumi.Input<Record<string, pulumi.Input<string>>>;

  /**
   * How often ESO fetches the secrets again, as a Go duration; `"0s"` fetches once.
   *
   * @default - unset (ESO refreshes every hour)
   */
  readonly refreshInterval?: string;

  /**
   * When ESO refreshes.
   *
   * @default - unset (ESO refreshes periodically)
   */
  readonly refreshPolicy?: RefreshPolicy;

  /**
   * The Secret ESO writes.
   *
   * @default - a Secret named like the ExternalSecret, created and owned by ESO
   */
  readonly target?: ExternalSecretTargetArgs<T>;

  /**
   * Keys of the Secret and the remote values they hold.
   *
   * @default - none
   * @example { password: store.ref('/prod/db', { property: 'password' }) }
   */
  readonly data?: { readonly [P in D]: RemoteReference };

  /**
   * Entries that bring in keys not known before ESO runs (every key of a JSON secret, or many secrets).
   *
   * @default - none
   */
  readonly dataFrom?: DataFrom[];

  /**
   * Keys that `dataFrom` or `templateFrom` will produce and that workloads may ask for.
   *
   * @default - none
   */
  readonly dataFromKeys?: readonly F[];
}

/**
 * The Secret ESO writes, as in core's `ExternalSecretTarget`, with the template's keys typed as
 * keys of the Secret.
 */
export type ExternalSecretTargetArgs<K extends string> = Omit<ExternalSecretTarget, 'template'> & {
  /**
   * How ESO builds the Secret from the values it read.
   *
   * @default - the values as read
   */
  readonly template?: Omit<SecretTemplate, 'data'> & {
    /**
     * Keys of the Secret and the Go templates that produce them.
     *
     * @default - none
     */
    readonly data?: { readonly [P in K]: string };
  };
};

/** Options of an environment variable or key reference taken from the Secret. */
export interface SecretKeyRefOptions {
  /**
   * Whether the pod starts when the Secret or key does not exist yet.
   *
   * @default false
   */
  readonly optional?: boolean;
}

/** Options of `envFrom`. */
export interface SecretEnvFromOptions extends SecretKeyRefOptions {
  /**
   * Prefix of every variable's name.
   *
   * @default - none
   */
  readonly prefix?: string;
}

/** Options of a volume holding the Secret's keys as files. */
export interface SecretVolumeOptions<K extends string> extends SecretKeyRefOptions {
  /**
   * Only these keys, each at the given path in the volume.
   *
   * @default - every key, named like the key
   */
  readonly items?: { readonly [P in K]?: string };

  /**
   * Mode of the files.
   *
   * @default 0o644
   */
  readonly defaultMode?: number;
}

/**
 * The keys an ExternalSecret's helpers accept: those it declares (`D | F | T`), or any string when
 * it declares none the compiler knows of (no type arguments, or only `dataFrom` without
 * `dataFromKeys`); then only the run-time check applies.
 */
export type ExternalSecretKey<D extends string, F extends string, T extends string> = [D | F | T] extends [never] ? string : D | F | T;

/**
 * An ESO ExternalSecret: ESO reads remote values through a store and writes them into a
 * Kubernetes Secret. Its helpers give workloads env vars, `envFrom` and volumes of that Secret,
 * accepting only the keys it declares: the compiler checks them through the type parameters,
 * the keys of `data` (`D`), `dataFromKeys` (`F`) and `target.template.data` (`T`).
 *
 * Without type arguments, `ExternalSecret` is the type of any ExternalSecret (e.g. a function's
 * parameter, `(db: ExternalSecret) => …`); its helpers then accept any key. Every helper also
 * checks the key at run time, so a key the compiler cannot check (`data` built as a
 * `Record<string, RemoteReference>`, a cast, JavaScript) that the ExternalSecret does not declare
 * still fails with an esokit error listing the declared keys.
 *
 * @see https://external-secrets.io/latest/api/externalsecret/
 */
export class ExternalSecret<D extends string = never, F extends string = never, T extends string = never> extends pulumi.ComponentResource {
  /** Name of the ExternalSecret object. */
  public readonly externalSecretName: string;

  /** Name of the Secret ESO writes; resolves once the ExternalSecret exists. */
  public readonly secretName: pulumi.Output<string>;

  /** Namespace of the ExternalSecret and its Secret. */
  public readonly namespace: pulumi.Output<string>;

  /** The keys the Secret is declared to hold. */
  public readonly keys: readonly ExternalSecretKey<D, F, T>[];

  /** The ESO ExternalSecret object. */
  public readonly resource: k8s.apiextensions.CustomResource;

  private readonly openKeys: boolean;
  private readonly where: string;

  public constructor(name: string, args: ExternalSecretArgs<D, F, T>, opts?: pulumi.ComponentResourceOptions) {
    super('esokit:eso:ExternalSecret', name, {}, opts);
    guard(this, () => checkArgs('pulumi.ExternalSecret', [name, args, opts], name));
    const where = name;
    this.where = where;
    const store = args.store;
    this.externalSecretName = args.name ?? name;
    const data: DataEntry[] = Object.entries((args.data ?? {}) as Record<string, RemoteReference>)
      .map(([secretKey, ref]) => ({ secretKey, ref }));
    const dataFrom = [...(args.dataFrom ?? [])];
    // References and finds whose keys or paths are Outputs: stand-ins until they resolve, then
    // replaced (before the namespace resolves, so before anything builds the declaration).
    const waiting = [
      ...data.map((d, i) => {
        const p = pendingOf(d.ref);
        return p && {
          inputs: p.inputs,
          resolve: (v: Record<string, string | undefined>) => {
            data[i] = { secretKey: d.secretKey, ref: p.make(v) };
          },
        };
      }),
      ...dataFrom.map((d, i) => {
        const p = pendingOf(d);
        return p && {
          inputs: p.inputs,
          resolve: (v: Record<string, string | undefined>) => {
            dataFrom[i] = p.make(v);
          },
        };
      }),
    ].filter((w) => w !== undefined);
    const target = args.target;
    const secretName = targetSecretName({ name: this.externalSecretName, target });
    // Every problem known now is reported together, in one error of the component.
    const problems = new Problems();
    problems.check(() => checkName(where, 'name', this.externalSecretName));
    if (target?.name !== undefined) {
      problems.check(() => checkName(where, 'target.name', secretName));
    }
    data.forEach((d) => problems.check(() => checkSecretKey(where, 'data', d.secretKey)));
    (args.dataFromKeys ?? []).forEach((k) => problems.check(() => checkSecretKey(where, 'dataFromKeys', k)));
    const refreshInterval = args.refreshInterval === undefined ? undefined
      : problems.check(() => GoDuration.parse(args.refreshInterval!, where, 'refreshInterval'));
    const declared = declaredKeys({ data, dataFrom, target });
    this.keys = [...new Set([...declared.keys, ...(args.dataFromKeys ?? [])])] as ExternalSecretKey<D, F, T>[];
    this.openKeys = declared.open;

    const declaration = (namespace: string | undefined): ExternalSecretDeclaration => ({
      where,
      name: this.externalSecretName,
      namespace,
      store: store._handle,
      refreshInterval,
      refreshPolicy: args.refreshPolicy,
      target,
      data,
      dataFrom,
      dataFromKeys: [...(args.dataFromKeys ?? [])],
      // Known keys of the ExternalSecret's own labels and annotations (for the rule on keys other
      // programs read on the Secret); keys that arrive later as Outputs are not judged.
      metadata: { labels: plainRecord(args.labels), annotations: plainRecord(args.annotations) },
    });

    const namespaceOf = (own: string | undefined, storeNamespace: string | undefined): string => {
      const ns = own ?? (store.kind === StoreKind.SECRET_STORE ? storeNamespace : undefined);
      if (ns === undefined) {
        fail(where, 'external-secret.external-secret-uses-cluster-secret-store.missing', `the ExternalSecret uses ClusterSecretStore ${quote(store.storeName)} and has no namespace; set namespace to where its Secret should be written`);
      }
      checkNamespace(where, 'namespace', ns);
      return ns;
    };
    const used = usedStores(store._handle, data, dataFrom);

    // Everything known now is checked now, before any Output is made; Outputs are checked once
    // they resolve.
    const late = used.map((h) => declaredStore(h)).find((s) => s?.sealed());
    if (late) {
      throw resourceError(`${where}: the ExternalSecret reads through store ${quote(late.handle.name)}, which was already sealed: its identity's permissions `
        + 'are derived from the ExternalSecrets declared before store.seal(); declare the ExternalSecret before calling seal() on the store', this);
    }
    // Checked now only when every store's namespace is known now: one from an Output is known
    // once it resolves, whenever this ExternalSecret is declared.
    const knownNow = used.every((h) => h.kind === StoreKind.CLUSTER_SECRET_STORE || h.namespace !== undefined);
    if (!problems.any && isPlain(args.namespace) && knownNow && waiting.length === 0) {
      problems.check(() => renderExternalSecretSpec(declaration(namespaceOf(args.namespace as string | undefined, store._handle.namespace))));
    }
    guard(this, () => problems.throwIfAny());

    // The stores this ExternalSecret reads through resolve their namespaces first.
    const storeNamespaces = used.map((h) => (h === store._handle ? store._namespace : declaredStore(h)?.namespace ?? pulumi.output(undefined)));
    this.namespace = pulumi.all([pulumi.all([args.namespace, ...storeNamespaces]), pulumi.all(waiting.map((w) => w.inputs))])
      .apply(([[own, storeNamespace], resolved]) => guard(this, () => {
        resolved.forEach((v, i) => waiting[i].resolve(v));
        return namespaceOf(own, storeNamespace);
      }));
    // Each store this ExternalSecret reads through counts its reads for the store's identity.
    const entry: DeclarationEntry = { namespace: this.namespace, build: declaration };
    used.forEach((h) => declaredStore(h)?.declare(entry));

    const spec = this.namespace.apply((ns) => guard(this, () => {
      const decl = declaration(ns);
      const rendered = renderExternalSecretSpec(decl);
      if (refreshInterval !== undefined || target?.template?.data !== undefined) {
        externalSecretWarnings(decl).forEach((w) => pulumi.log.warn(w, this));
      }
      return rendered;
    }));

    this.resource = new k8s.apiextensions.CustomResource(`${name}-external-secret`, {
      apiVersion: ESO_API_VERSION,
      kind: 'ExternalSecret',
      metadata: {
        name: this.externalSecretName,
        namespace: this.namespace,
        ...checkedMetadata(this, where, args.labels, args.annotations),
      },
      spec,
    }, {
      parent: this,
      dependsOn: pulumi.Resource.isInstance(store) ? [store] : [],
      // The store's cluster, unless this component was given a Kubernetes provider of its own.
      provider: this.getProvider('kubernetes::CustomResource') ?? declaredStore(store._handle)?.kubernetesProvider,
    });
    // Known now, yet an Output of the ExternalSecret: whoever uses it waits for the object.
    this.secretName = this.resource.urn.apply(() => secretName);
    this.registerOutputs({ externalSecretName: this.externalSecretName, secretName: this.secretName, namespace: this.namespace });
  }

  /**
   * An environment variable holding one key of the Secret.
   *
   * @example container.env = [db.envVar('DB_PASSWORD', 'password')]
   */
  public envVar(name: string, key: ExternalSecretKey<D, F, T>, options: SecretKeyRefOptions = {}): k8s.types.input.core.v1.EnvVar {
    guard(this, () => checkArgs('pulumi.ExternalSecret.envVar', [name, key, options], this.where));
    return { name, valueFrom: { secretKeyRef: this.keyRef(key, options) } };
  }

  /** A `secretKeyRef` to one key of the Secret. */
  public keyRef(key: ExternalSecretKey<D, F, T>, options: SecretKeyRefOptions = {}): k8s.types.input.core.v1.SecretKeySelector {
    guard(this, () => checkArgs('pulumi.ExternalSecret.keyRef', [key, options], this.where));
    this.check(key, 'keyRef');
    return { name: this.secretName, key, ...(options.optional !== undefined ? { optional: options.optional } : {}) };
  }

  /** Every key of the Secret as environment variables. */
  public envFrom(options: SecretEnvFromOptions = {}): k8s.types.input.core.v1.EnvFromSource {
    guard(this, () => checkArgs('pulumi.ExternalSecret.envFrom', [options], this.where));
    return {
      ...(options.prefix !== undefined ? { prefix: options.prefix } : {}),
      secretRef: { name: this.secretName, ...(options.optional !== undefined ? { optional: options.optional } : {}) },
    };
  }

  /** A pod volume with the Secret's keys as files. */
  public volume(name: string, options: SecretVolumeOptions<ExternalSecretKey<D, F, T>> = {}): k8s.types.input.core.v1.Volume {
    guard(this, () => checkArgs('pulumi.ExternalSecret.volume', [name, options], this.where));
    const items = Object.entries(options.items ?? {}) as [string, string][];
    items.forEach(([key]) => this.check(key, 'volume items'));
    return {
      name,
      secret: {
        secretName: this.secretName,
        ...(items.length ? { items: items.map(([key, path]) => ({ key, path })) } : {}),
        ...(options.defaultMode !== undefined ? { defaultMode: options.defaultMode } : {}),
        ...(options.optional !== undefined ? { optional: options.optional } : {}),
      },
    };
  }

  /** The compiler checks keys; this catches JavaScript callers and casts. */
  private check(key: string, use: string): void {
    guard(this, () => checkRequestedKey(this.where, use, key, { keys: this.keys, open: this.openKeys }, 'before eso runs'));
  }
}

/** The stores an ExternalSecret reads through: its own, then those its references are bound to. */
function usedStores(own: StoreHandle, data: readonly DataEntry[], dataFrom: readonly DataFrom[]): StoreHandle[] {
  const handles = [own];
  for (const h of [...data.map((d) => d.ref._store), ...dataFrom.map((d) => d._store)]) {
    if (h && !handles.includes(h)) {
      handles.push(h);
    }
  }
  return handles;
}

/** A record of strings known now, else undefined (an Output, or a value that is one). */
function plainRecord(record: pulumi.Input<Record<string, pulumi.Input<string>>> | undefined): Record<string, string> | undefined {
  if (record === undefined || !isPlain(record)) {
    return undefined;
  }
  return Object.values(record).every((v) => typeof v === 'string') ? record as Record<string, string> : undefined;
}

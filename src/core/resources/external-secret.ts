import { DataFrom } from './data-from';
import { TemplateData } from './go-template/check';
import { RemoteReference } from './remote-ref';
import { checkSecretShape } from './secret-shape';
import { namespaceAllowed } from './store';
import { SecretTemplate, renderTemplate, templateOwnsKeys } from './template';
import { checkSpecForCredentials } from '../model/credentials';
import { GoDuration } from '../model/duration';
import { fail, listOf, Problems, quote } from '../model/errors';
import { StoreKind } from '../model/kinds';
import { checkName, checkSecretKey } from '../model/names';
import { compact } from '../model/selectors';
import { StoreHandle } from '../model/store-handle';

/**
 * When ESO refreshes an ExternalSecret.
 */
export enum RefreshPolicy {
  /** Fetch once, when the ExternalSecret is created. */
  CREATED_ONCE = 'CreatedOnce',
  /** Fetch every `refreshInterval` (ESO's behaviour when unset). */
  PERIODIC = 'Periodic',
  /** Fetch when the ExternalSecret's spec changes. */
  ON_CHANGE = 'OnChange',
}

/**
 * Whether ESO creates and owns the target Secret.
 */
export enum CreationPolicy {
  /** Create the Secret and own it (deleted with the ExternalSecret). */
  OWNER = 'Owner',
  /** Create the Secret without an owner reference. */
  ORPHAN = 'Orphan',
  /** Merge into a Secret that must already exist. */
  MERGE = 'Merge',
  /** Create or update nothing (the data is only available to templates). */
  NONE = 'None',
  /** Create the Secret when missing, otherwise merge into it; never owned. */
  CREATE_OR_MERGE = 'CreateOrMerge',
}

/**
 * What happens to the target Secret's keys when the remote secret is gone.
 */
export enum DeletionPolicy {
  /** Delete the Secret. */
  DELETE = 'Delete',
  /** Remove only the keys ESO manages. */
  MERGE = 'Merge',
  /** Keep the Secret as it is. */
  RETAIN = 'Retain',
}

/**
 * The Kubernetes Secret an ExternalSecret writes.
 *
 * @see https://external-secrets.io/latest/api/externalsecret/
 */
export interface ExternalSecretTarget {
  /**
   * Name of the Secret.
   *
   * @default - the ExternalSecret's name
   */
  readonly name?: string;

  /**
   * Whether ESO creates and owns the Secret.
   *
   * @default - unset (ESO creates and owns it: Owner)
   */
  readonly creationPolicy?: CreationPolicy;

  /**
   * What happens when the remote secret is gone.
   *
   * @default - unset (ESO retains the Secret: Retain)
   */
  readonly deletionPolicy?: DeletionPolicy;

  /**
   * Make the Secret immutable.
   *
   * @default false
   */
  readonly immutable?: boolean;

  /**
   * Shape the Secret with a template.
   *
   * @default - the fetched keys as they are
   */
  readonly template?: SecretTemplate;
}

/**
 * One `data` entry: a Secret key and the remote value it holds.
 *
 * @internal
 */
export interface DataEntry {
  readonly secretKey: string;
  readonly ref: RemoteReference;
}

/**
 * An ExternalSecret declaration, whichever front end made it.
 *
 * @internal
 */
export interface ExternalSecretDeclaration {
  readonly where: string;
  readonly name: string;
  /** The ExternalSecret's namespace, when known. */
  readonly namespace?: string;
  readonly store: StoreHandle;
  readonly refreshInterval?: GoDuration;
  readonly refreshPolicy?: RefreshPolicy;
  readonly target?: ExternalSecretTarget;
  readonly data: readonly DataEntry[];
  readonly dataFrom: readonly DataFrom[];
  /**
   * The keys `dataFrom` is declared to produce (`dataFromKeys`). Undefined when the front end
   * does not say: then templates' reads of keys are not checked while there is a dataFrom.
   */
  readonly dataFromKeys?: readonly string[];
  /** The ExternalSecret's own labels and annotations, as the user gave them. */
  readonly metadata?: {
    readonly labels?: { readonly [key: string]: string };
    readonly annotations?: { readonly [key: string]: string };
  };
}

/**
 * Labels and annotations that another controller reads on a Secret (not on an ExternalSecret), with
 * the program that reads them.
 */
const READ_ON_THE_SECRET: ReadonlyArray<[RegExp, string]> = [
  [/^argocd\.argoproj\.io\/secret-type$/, 'argo cd'],
  [/^reloader\.stakater\.com\/match$/, 'reloader'],
  [/^kubed\.appscode\.com\/sync$/, 'kubed'],
  [/^replicator\.v1\.mittwald\.de\//, 'kubernetes-replicator'],
  [/^reflector\.v1\.k8s\.emberstack\.com\//, 'reflector'],
  [/^tekton\.dev\/(git|docker)-\d+$/, 'tekton'],
];

/**
 * ESO copies an ExternalSecret's labels and annotations to its Secret only when there is no
 * template; with one, the Secret gets the template's (externalsecret_controller_template.go
 * setMetadata). A key another program reads on the Secret is lost there.
 */
function checkMetadataForTheSecret(decl: ExternalSecretDeclaration, problems: Problems): void {
  if (decl.target?.template === undefined) {
    return;
  }
  for (const section of ['labels', 'annotations'] as const) {
    for (const key of Object.keys(decl.metadata?.[section] ?? {})) {
      const reader = READ_ON_THE_SECRET.find(([pattern]) => pattern.test(key))?.[1];
      if (reader !== undefined && decl.target.template[section]?.[key] === undefined) {
        problems.check(() => fail(decl.where, 'external-secret.metadata.for-the-secret', `metadata.${section} ${quote(key)} is read by ${reader} on the Secret, but eso copies the ExternalSecret's labels and annotations to the Secret only when it has no template, and this one has a template; move it to target.template.${section}`));
      }
    }
  }
}

/** Name of the Secret an ExternalSecret writes. */
export function targetSecretName(decl: Pick<ExternalSecretDeclaration, 'name' | 'target'>): string {
  return decl.target?.name ?? decl.name;
}

/**
 * Validates an ExternalSecret declaration and renders its `spec`. Independent checks all run:
 * the error reports every problem of the declaration.
 */
export function renderExternalSecretSpec(decl: ExternalSecretDeclaration): Record<string, unknown> {
  const { where } = decl;
  const problems = new Problems();
  if (decl.data.length === 0 && decl.dataFrom.length === 0) {
    fail(where, 'external-secret.data.none', 'the ExternalSecret has neither data nor dataFrom, so eso would reject it; add data (e.g. { API_KEY: store.ref("/prod/api-key") }) or dataFrom');
  }
  problems.check(() => checkStoreUse(decl, decl.store));
  checkPolicies(decl, problems);
  problems.check(() => checkSecretShape(where, decl.target?.template, declaredKeys(decl)));
  checkMetadataForTheSecret(decl, problems);
  const seen = new Set<string>();
  const data = decl.data.map(({ secretKey, ref }, i) => problems.check(() => {
    checkSecretKey(where, `data[${i}].secretKey`, secretKey);
    if (seen.has(secretKey)) {
      fail(where, 'external-secret.data.duplicate', `data has the secret key ${quote(secretKey)} twice; each key of the Secret can hold one value, so rename one of them`);
    }
    seen.add(secretKey);
    const store = ref._store ?? decl.store;
    if (store !== decl.store) {
      checkStoreUse(decl, store);
    }
    return compact({
      secretKey,
      remoteRef: ref._render(where, `data[${i}].remoteRef`, store),
      sourceRef: sourceRefOf(decl.store, store),
    });
  }));
  const dataFrom = decl.dataFrom.map((entry, i) => problems.check(() => {
    const store = entry._store ?? decl.store;
    if (store !== decl.store) {
      checkStoreUse(decl, store);
    }
    const rendered = entry._render(where, `dataFrom[${i}]`, store);
    return compact({ ...rendered, sourceRef: sourceRefOf(decl.store, store) });
  }));
  const target = decl.target;
  const secretName = targetSecretName(decl);
  problems.check(() => checkName(where, 'target.name', secretName));
  const template = target?.template ? problems.check(() => renderTemplate(where, target.template!, templateData(decl))) : undefined;
  problems.throwIfAny();
  const spec = compact({
    refreshInterval: decl.refreshInterval?.toString(),
    refreshPolicy: decl.refreshPolicy,
    secretStoreRef: { name: decl.store.name, kind: decl.store.kind },
    target: compact({
      name: secretName,
      creationPolicy: target?.creationPolicy,
      deletionPolicy: target?.deletionPolicy,
      immutable: target?.immutable,
      template,
    }),
    data: data.length ? data : undefined,
    dataFrom: dataFrom.length ? dataFrom : undefined,
  });
  // Template data and literals, labels, annotations, keys: nothing of this may be a credential.
  checkSpecForCredentials(where, spec, 'keep the value in the backend and read it with a reference (store.ref), or in a kubernetes Secret the template reads through templateFrom');
  return spec;
}

/**
 * The keys the target Secret is known to hold, and whether it may hold more that are unknown at
 * synth (from `dataFrom` or `templateFrom`).
 */
export function declaredKeys(decl: Pick<ExternalSecretDeclaration, 'data' | 'dataFrom' | 'target'>): { keys: string[]; open: boolean } {
  const template = decl.target?.template;
  const templateKeys = Object.keys(template?.data ?? {});
  const fetched = decl.data.map((d) => d.secretKey);
  const keys = templateOwnsKeys(template) ? templateKeys : [...fetched, ...templateKeys];
  const fromTemplates = (template?.templateFrom?.length ?? 0) > 0;
  const open = templateOwnsKeys(template) ? fromTemplates : decl.dataFrom.length > 0 || fromTemplates;
  return { keys: [...new Set(keys)], open };
}

/**
 * Fails when a workload asks for a key the Secret does not declare, listing the declared ones.
 *
 * @param secretName named in the message when given
 * @param when when the keys of `dataFrom` become known, from the front end's point of view
 */
export function checkRequestedKey(
  where: string,
  use: string,
  key: string,
  declared: { keys: readonly string[]; open: boolean },
  when: string,
  secretName?: string,
): void {
  if (declared.keys.includes(key)) {
    return;
  }
  fail(where, 'external-secret.key.undeclared', `${use} asks for key ${quote(key)}, but the Secret ${secretName !== undefined ? `${quote(secretName)} ` : ''}declares only ${listOf(declared.keys)}; `
    + (declared.open
      ? `keys from dataFrom are unknown ${when}: add ${quote(key)} to dataFromKeys if dataFrom produces it`
      : 'use one of the declared keys or add it to data'));
}

/** What a template's data will hold: the fetched keys, known unless dataFrom's are undeclared. */
function templateData(decl: ExternalSecretDeclaration): TemplateData {
  const fetched = decl.data.map((d) => d.secretKey);
  if (decl.dataFrom.length === 0) {
    return { keys: fetched };
  }
  if (decl.dataFromKeys === undefined) {
    return {};
  }
  return { keys: [...new Set([...fetched, ...decl.dataFromKeys])], dataFrom: true };
}

function sourceRefOf(main: StoreHandle, store: StoreHandle): Record<string, unknown> | undefined {
  if (store === main || (store.name === main.name && store.kind === main.kind)) {
    return undefined;
  }
  return { storeRef: { name: store.name, kind: store.kind } };
}

function checkStoreUse(decl: ExternalSecretDeclaration, store: StoreHandle): void {
  const { where } = decl;
  if (store.kind === StoreKind.SECRET_STORE) {
    if (store.namespace !== decl.namespace) {
      const storeNs = store.namespace === undefined ? 'no namespace' : `namespace ${quote(store.namespace)}`;
      const esNs = decl.namespace === undefined ? 'no namespace' : `namespace ${quote(decl.namespace)}`;
      fail(where, 'external-secret.store.other-namespace', `uses SecretStore ${quote(store.name)} (${store.where}) in ${storeNs}, but the ExternalSecret is in ${esNs}; a SecretStore serves only its own namespace, so put both in one namespace or use a ClusterSecretStore`);
    }
    return;
  }
  if (decl.namespace !== undefined && namespaceAllowed(store.conditions, decl.namespace) === false) {
    const allowed = (store.conditions ?? []).flatMap((c) => [...(c.namespaces ?? []), ...(c.namespaceRegexes ?? []).map((r) => `/${r}/`)]);
    fail(where, 'external-secret.store.namespace-not-allowed', `uses ClusterSecretStore ${quote(store.name)} (${store.where}), which does not serve namespace ${quote(decl.namespace)}: its conditions allow only ${listOf(allowed)}; add the namespace to the store's conditions or move the ExternalSecret`);
  }
}

/** The policies' rules, each checked on its own: every broken one is reported. */
function checkPolicies(decl: ExternalSecretDeclaration, problems: Problems): void {
  const { where } = decl;
  const creation = decl.target?.creationPolicy;
  const deletion = decl.target?.deletionPolicy;
  const interval = decl.refreshInterval;
  const notOwned = [CreationPolicy.MERGE, CreationPolicy.NONE, CreationPolicy.CREATE_OR_MERGE];
  if (deletion === DeletionPolicy.DELETE && creation !== undefined && notOwned.includes(creation)) {
    problems.check(() => fail(where, 'external-secret.target.delete-not-owned', `target.deletionPolicy "Delete" cannot be combined with creationPolicy ${quote(creation)} (eso rejects it: it would delete a Secret it does not own); use deletionPolicy "Merge" or "Retain", or creationPolicy "Owner"`));
  }
  if (deletion === DeletionPolicy.MERGE && creation === CreationPolicy.NONE) {
    problems.check(() => fail(where, 'external-secret.target.merge-with-none', 'target.deletionPolicy "Merge" cannot be combined with creationPolicy "None" (eso rejects it); use deletionPolicy "Retain"'));
  }
  // pkg/controllers/externalsecret/externalsecret_controller.go shouldRefreshPeriodic: with an
  // interval of 0 a synced ExternalSecret is never fetched again, not even when its spec changes.
  if (decl.refreshPolicy === RefreshPolicy.PERIODIC && decl.refreshInterval !== undefined && decl.refreshInterval.milliseconds === 0) {
    problems.check(() => fail(where, 'external-secret.refresh-interval.zero-periodic', `refreshPolicy "Periodic" with refreshInterval ${quote(interval!.toString())} never refreshes: eso reads 0 as "do not refresh", `
      + 'and ignores later changes to the ExternalSecret too; for one fetch use refreshPolicy "CreatedOnce", otherwise give an interval such as "1h"'));
  }
  // The same file's mutationFunc: an immutable Secret that exists is never templated again, so a
  // periodic refresh keeps calling the backend for values that can no longer land.
  const periodic = decl.refreshPolicy === undefined || decl.refreshPolicy === RefreshPolicy.PERIODIC;
  if (decl.target?.immutable && periodic && (decl.refreshInterval === undefined || decl.refreshInterval.milliseconds > 0)) {
    problems.check(() => fail(where, 'external-secret.target.immutable-refresh', `target.immutable is set, but the ExternalSecret refreshes every ${decl.refreshInterval === undefined ? '1h (eso\'s default)' : quote(decl.refreshInterval.toString())}: `
      + 'eso writes an immutable Secret once and never updates it, so every later fetch is spent for nothing and rotated values never arrive; '
      + 'set refreshPolicy "CreatedOnce" (or refreshInterval "0s"), or drop immutable to get updates'));
  }
  if (decl.refreshInterval !== undefined && decl.refreshInterval.milliseconds > 0
    && (decl.refreshPolicy === RefreshPolicy.CREATED_ONCE || decl.refreshPolicy === RefreshPolicy.ON_CHANGE)) {
    problems.check(() => fail(where, 'external-secret.refresh-interval.no-effect', `refreshInterval ${quote(interval!.toString())} has no effect with refreshPolicy ${quote(decl.refreshPolicy)}; remove refreshInterval or use refreshPolicy "Periodic"`));
  }
}

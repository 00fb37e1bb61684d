import { EsoLogLevel, OperatorOptions, OperatorToleration } from './options';
import { checkNoCredentials } from '../model/credentials';
import { fail, quote } from '../model/errors';
import { ESO_IMAGE_REPOSITORY, ESO_VERSION } from '../model/eso';
import { IRSA_ROLE_ARN_ANNOTATION } from '../model/identity';
import { checkNamespace } from '../model/names';

/** Operator options with every default applied, validated. */
export interface ResolvedOperator {
  readonly where: string;
  readonly namespace: string;
  readonly releaseName: string;
  readonly replicas: number;
  readonly leaderElection: boolean;
  readonly concurrent: number;
  readonly scopedNamespace?: string;
  readonly scopedRbac: boolean;
  readonly process: {
    readonly clusterStore: boolean;
    readonly secretStore: boolean;
    readonly clusterExternalSecret: boolean;
    readonly pushSecret: boolean;
    readonly clusterPushSecret: boolean;
  };
  readonly webhook: boolean;
  readonly certController: boolean;
  readonly resources?: Record<string, Record<string, string>>;
  readonly nodeSelector?: Record<string, string>;
  readonly tolerations?: OperatorToleration[];
  readonly affinity?: Record<string, unknown>;
  readonly metricsService: boolean;
  readonly serviceMonitor: boolean;
  readonly podDisruptionBudget: boolean;
  readonly networkPolicy: boolean;
  readonly logLevel: EsoLogLevel;
  /** The ESO release: the chart version, and the image tag unless one is given. */
  readonly version: string;
  readonly image: string;
  readonly imageRepository: string;
  readonly imageTag: string;
  readonly extraArgs: Record<string, string>;
  readonly serviceAccountAnnotations: Record<string, string>;
  readonly containerSecurityContext: Record<string, unknown>;
  readonly podSecurityContext: Record<string, unknown>;
  readonly values: Record<string, unknown>;
}

/** The container security context of the Pod Security "restricted" profile, as ESO's chart sets it. */
export const RESTRICTED_CONTAINER_SECURITY_CONTEXT = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  runAsUser: 1000,
  seccompProfile: { type: 'RuntimeDefault' },
} as const;

/** The pod security context of the "restricted" profile. */
export const RESTRICTED_POD_SECURITY_CONTEXT = {
  runAsNonRoot: true,
  seccompProfile: { type: 'RuntimeDefault' },
} as const;

/** Controller flags esokit sets from options; extraArgs may not set them again. */
const MANAGED_FLAGS: Record<string, string> = {
  'namespace': 'scopedNamespace',
  'concurrent': 'concurrent',
  'enable-leader-election': 'leaderElection',
  'loglevel': 'logLevel',
  'metrics-addr': 'metricsService',
  'enable-cluster-store-reconciler': 'processClusterSecretStores',
  'enable-secret-store-reconciler': 'processSecretStores',
  'enable-cluster-external-secret-reconciler': 'processClusterExternalSecrets',
  'enable-push-secret-reconciler': 'processPushSecrets',
  'enable-cluster-push-secret-reconciler': 'processClusterPushSecrets',
};

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const QUANTITY = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;

/** Applies defaults and validates operator options. */
export function resolveOperator(where: string, o: OperatorOptions = {}): ResolvedOperator {
  const namespace = o.namespace ?? 'external-secrets';
  checkNamespace(where, 'namespace', namespace);
  const releaseName = o.releaseName ?? 'external-secrets';
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(releaseName) || releaseName.length > 53) {
    fail(where, 'install.release-name.invalid', `releaseName ${quote(releaseName)} is not a helm release name (at most 53 lowercase letters, digits and '-', starting and ending with a letter or digit); use e.g. "external-secrets"`);
  }
  const replicas = positiveInteger(where, 'replicas', o.replicas ?? 1);
  const concurrent = positiveInteger(where, 'concurrent', o.concurrent ?? 1);
  const leaderElection = o.leaderElection ?? replicas > 1;
  if (replicas > 1 && !leaderElection) {
    fail(where, 'install.replicas.invalid', `replicas is ${replicas} but leaderElection is off, so every replica would reconcile the same objects; turn leaderElection on or use one replica`);
  }
  if (o.scopedNamespace !== undefined) {
    checkNamespace(where, 'scopedNamespace', o.scopedNamespace);
  }
  if (o.scopedRbac && o.scopedNamespace === undefined) {
    fail(where, 'install.scoped-rbac.invalid', 'scopedRbac grants a Role in scopedNamespace, but scopedNamespace is not set; set scopedNamespace or remove scopedRbac');
  }
  const webhook = o.webhook ?? true;
  const certController = o.certController ?? true;
  if (webhook && !certController) {
    fail(where, 'operator.webhook.requires-cert-controller', 'the webhook needs the certificate the cert-controller issues, and certController is off; turn certController on, or turn the webhook off');
  }
  const quantities = { cpuRequest: o.cpuRequest, memoryRequest: o.memoryRequest, cpuLimit: o.cpuLimit, memoryLimit: o.memoryLimit };
  for (const [field, value] of Object.entries(quantities)) {
    if (value !== undefined && !QUANTITY.test(value)) {
      fail(where, 'operator.resources.quantity-invalid', `${field} ${quote(value)} is not a kubernetes quantity; use e.g. "100m" for cpu or "128Mi" for memory`);
    }
  }
  const requests = compactStrings({ cpu: o.cpuRequest, memory: o.memoryRequest });
  const limits = compactStrings({ cpu: o.cpuLimit, memory: o.memoryLimit });
  const resources = requests || limits ? { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) } : undefined;
  const version = checkVersion(where, o.version ?? ESO_VERSION);
  const imageRepository = o.imageRepository ?? ESO_IMAGE_REPOSITORY;
  const imageTag = o.imageTag ?? `v${version}`;
  // A port may follow the registry host; the last segment (the image) carries no tag or digest.
  if (!/^[a-z0-9]+([._\-/:][a-z0-9]+)*$/.test(imageRepository) || imageRepository.includes('@') || imageRepository.split('/').pop()!.includes(':')) {
    fail(where, 'install.image-repository.invalid', `imageRepository ${quote(imageRepository)} is not an image repository (no tag or digest); use e.g. "registry.example.com/mirror/external-secrets"`);
  }
  if (!/^[\w][\w.-]{0,127}$/.test(imageTag)) {
    fail(where, 'install.image-tag.invalid', `imageTag ${quote(imageTag)} is not an image tag; use e.g. "v2.9.0"`);
  }
  const extraArgs: Record<string, string> = {};
  for (const [flag, value] of Object.entries(o.extraArgs ?? {})) {
    const name = flag.replace(/^--/, '');
    if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) {
      fail(where, 'operator.extra-args.not-a-flag', `extraArgs flag ${quote(flag)} is not a flag name; give it without "--", e.g. "store-requeue-interval"`);
    }
    if (Object.hasOwn(MANAGED_FLAGS, name)) {
      fail(where, 'operator.extra-args.managed-flag', `extraArgs sets --${name}, which esokit sets from ${MANAGED_FLAGS[name]}; use that option instead`);
    }
    extraArgs[name] = value;
  }
  const serviceAccountAnnotations = { ...(o.serviceAccountAnnotations ?? {}) };
  if (o.controllerRoleArn !== undefined) {
    if (!ROLE_ARN.test(o.controllerRoleArn)) {
      fail(where, 'install.controller-role-arn.invalid', `controllerRoleArn ${quote(o.controllerRoleArn)} is not an iam role arn; use "arn:aws:iam::<12-digit account>:role/<name>"`);
    }
    serviceAccountAnnotations[IRSA_ROLE_ARN_ANNOTATION] = o.controllerRoleArn;
  }
  // Chart values land in the HelmRelease, the Argo CD Application or the Pulumi state as they are.
  const chartValuesInstead = 'chart values are stored in the release object in plain text: use the chart\'s secret references (e.g. an existing Secret\'s name) instead';
  checkNoCredentials(where, 'values', o.values ?? {}, chartValuesInstead);
  checkNoCredentials(where, 'extraArgs', o.extraArgs ?? {}, chartValuesInstead);
  checkNoCredentials(where, 'serviceAccountAnnotations', o.serviceAccountAnnotations ?? {}, chartValuesInstead);
  const metricsService = (o.metricsService ?? false) || (o.serviceMonitor ?? false);
  return {
    where,
    namespace,
    releaseName,
    replicas,
    leaderElection,
    concurrent,
    scopedNamespace: o.scopedNamespace,
    scopedRbac: o.scopedRbac ?? false,
    process: {
      clusterStore: o.processClusterSecretStores ?? true,
      secretStore: o.processSecretStores ?? true,
      clusterExternalSecret: o.processClusterExternalSecrets ?? true,
      pushSecret: o.processPushSecrets ?? true,
      clusterPushSecret: o.processClusterPushSecrets ?? true,
    },
    webhook,
    certController,
    resources,
    nodeSelector: o.nodeSelector,
    tolerations: o.tolerations,
    affinity: o.affinity,
    metricsService,
    serviceMonitor: o.serviceMonitor ?? false,
    podDisruptionBudget: o.podDisruptionBudget ?? replicas > 1,
    networkPolicy: o.networkPolicy ?? false,
    logLevel: o.logLevel ?? EsoLogLevel.INFO,
    version,
    image: `${imageRepository}:${imageTag}`,
    imageRepository,
    imageTag,
    extraArgs,
    serviceAccountAnnotations,
    containerSecurityContext: deepMerge(RESTRICTED_CONTAINER_SECURITY_CONTEXT, o.containerSecurityContext ?? {}),
    podSecurityContext: deepMerge(RESTRICTED_POD_SECURITY_CONTEXT, o.podSecurityContext ?? {}),
    values: o.values ?? {},
  };
}

/**
 * The values of ESO's chart for these options. User `values` are merged under the values esokit
 * controls, so they can add settings but not change the pinned image, the ServiceAccount and its
 * role, CRD installation or anything an option sets.
 */
export function operatorHelmValues(op: ResolvedOperator): Record<string, unknown> {
  const image = { repository: op.imageRepository, tag: op.imageTag };
  const placement = compact({ nodeSelector: op.nodeSelector, tolerations: op.tolerations, affinity: op.affinity, resources: op.resources });
  const securityContext = { enabled: true, ...op.containerSecurityContext };
  const podSecurityContext = { enabled: true, ...op.podSecurityContext };
  const controlled = {
    installCRDs: true,
    replicaCount: op.replicas,
    leaderElect: op.leaderElection,
    concurrent: op.concurrent,
    ...(op.scopedNamespace !== undefined ? { scopedNamespace: op.scopedNamespace } : {}),
    scopedRBAC: op.scopedRbac,
    processClusterStore: op.process.clusterStore,
    processSecretStore: op.process.secretStore,
    processClusterExternalSecret: op.process.clusterExternalSecret,
    processPushSecret: op.process.pushSecret,
    processClusterPushSecret: op.process.clusterPushSecret,
    log: { level: op.logLevel },
    image,
    extraArgs: op.extraArgs,
    serviceAccount: { create: true, name: op.releaseName, annotations: op.serviceAccountAnnotations },
    securityContext,
    podSecurityContext,
    ...placement,
    metrics: { service: { enabled: op.metricsService } },
    serviceMonitor: { enabled: op.serviceMonitor },
    podDisruptionBudget: { enabled: op.podDisruptionBudget, minAvailable: 1 },
    networkPolicy: { enabled: op.networkPolicy },
    webhook: { create: op.webhook, image, securityContext, podSecurityContext, ...placement },
    certController: { create: op.certController, image, securityContext, podSecurityContext, ...placement },
    ...registryValues(op.version),
  };
  return deepMerge(op.values, controlled);
}

/** The oldest release esokit installs: the one it validates against. */
const OLDEST_VERSION = ESO_VERSION;

/** A release of ESO 2 from the validated one on, as `X.Y.Z`. */
function checkVersion(where: string, version: string): string {
  const parsed = parseVersion(version);
  if (!parsed) {
    fail(where, 'install.version.invalid', `version ${quote(version)} is not an eso release; give one as "X.Y.Z", e.g. "${ESO_VERSION}" (without "v": the image tag gets it)`);
  }
  if (parsed[0] !== 2 || compareVersions(parsed, parseVersion(OLDEST_VERSION)!) < 0) {
    fail(where, 'install.version.unsupported', `version ${quote(version)} is not supported: esokit renders the external-secrets.io/v1 api of eso 2 and validates against ${ESO_VERSION}; use ${OLDEST_VERSION} or a later 2.x release`);
  }
  return version;
}

function parseVersion(version: string): [number, number, number] | undefined {
  const m = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/.exec(version);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

function compareVersions(a: readonly number[], b: readonly number[]): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/**
 * Chart values that changed meaning between releases. Chart 2.11 briefly prefixed every image
 * repository with `global.imageRegistry` (default "ghcr.io"), so the full repositories esokit
 * sets would have become "ghcr.io/ghcr.io/…" (external-secrets PR 6983, reverted in PR 6996):
 * from 2.11 on, the prefix is turned off; charts without the value ignore it.
 */
function registryValues(version: string): Record<string, unknown> {
  return compareVersions(parseVersion(version)!, [2, 11, 0]) >= 0 ? { global: { imageRegistry: '' } } : {};
}

/** Whether the release is the one esokit validates against (the Helm-less manifests are its own). */
export function isValidatedVersion(op: ResolvedOperator): boolean {
  return op.version === ESO_VERSION;
}

/**
 * Merges `over` into `under`: objects merge key by key, anything else in `over` replaces.
 */
export function deepMerge(under: Record<string, any>, over: Record<string, any>): Record<string, any> {
  const out: Record<string, any> = { ...under };
  for (const [key, value] of Object.entries(over)) {
    // Own keys only, and defined rather than assigned: "constructor" or "__proto__" is a key here.
    const base = Object.hasOwn(out, key) ? out[key] : undefined;
    const merged = isObject(base) && isObject(value) ? deepMerge(base, value) : clone(value);
    Object.defineProperty(out, key, { value: merged, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function clone<T>(v: T): T {
  return v === undefined ? v : JSON.parse(JSON.stringify(v));
}

function positiveInteger(where: string, field: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    fail(where, 'operator.count.invalid', `${field} ${quote(value)} is not a whole number of 1 or more; use e.g. 1`);
  }
  return value;
}

function compactStrings(o: Record<string, string | undefined>): Record<string, string> | undefined {
  const entries = Object.entries(o).filter(([, v]) => v !== undefined) as [string, string][];
  return entries.length ? Object.fromEntries(entries) : undefined;
}

function compact(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

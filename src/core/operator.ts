import { fail, quote } from './errors';
import { ESO_IMAGE_REPOSITORY, ESO_IMAGE_TAG } from './eso';
import { checkNamespace } from './names';

/**
 * The controller's log level (`--loglevel`).
 */
export enum EsoLogLevel {
  /** Every reconcile and backend call. */
  DEBUG = 'debug',
  /** The chart's default. */
  INFO = 'info',
  /** Warnings and errors. */
  WARN = 'warn',
  /** Errors only. */
  ERROR = 'error',
}

/**
 * A pod toleration, as in the Kubernetes API.
 *
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
 */
export interface OperatorToleration {
  /**
   * The taint key; empty with `Exists` tolerates every taint.
   *
   * @default - every key
   */
  readonly key?: string;

  /**
   * `Equal` or `Exists`.
   *
   * @default "Equal"
   */
  readonly operator?: string;

  /**
   * The taint value, for `Equal`.
   *
   * @default - none
   */
  readonly value?: string;

  /**
   * `NoSchedule`, `PreferNoSchedule` or `NoExecute`.
   *
   * @default - every effect
   */
  readonly effect?: string;

  /**
   * How long a `NoExecute` taint is tolerated, in seconds.
   *
   * @default - forever
   */
  readonly tolerationSeconds?: number;
}

/**
 * How the ESO controller is installed: what users of ESO's chart set, in one typed place. The
 * same options give the chart's values (Flux, Argo CD, Pulumi) and the rendered manifests.
 */
export interface OperatorOptions {
  /**
   * Namespace of the controller.
   *
   * @default "external-secrets"
   */
  readonly namespace?: string;

  /**
   * Helm release name, which also names the controller's objects (at most 53 characters).
   *
   * @default "external-secrets"
   */
  readonly releaseName?: string;

  /**
   * Controller replicas. More than one needs leader election.
   *
   * @default 1
   */
  readonly replicas?: number;

  /**
   * Leader election among the replicas (`--enable-leader-election`).
   *
   * @default - on when replicas > 1
   */
  readonly leaderElection?: boolean;

  /**
   * ExternalSecrets reconciled at once (`--concurrent`).
   *
   * @default 1
   */
  readonly concurrent?: number;

  /**
   * Watch only this namespace (`--namespace`).
   *
   * @default - every namespace
   */
  readonly scopedNamespace?: string;

  /**
   * Grant the controller a Role in `scopedNamespace` instead of a ClusterRole; cluster-wide
   * kinds are then not reconciled.
   *
   * @default false
   */
  readonly scopedRbac?: boolean;

  /**
   * Reconcile ClusterSecretStores.
   *
   * @default true
   */
  readonly processClusterSecretStores?: boolean;

  /**
   * Reconcile SecretStores.
   *
   * @default true
   */
  readonly processSecretStores?: boolean;

  /**
   * Reconcile ClusterExternalSecrets.
   *
   * @default true
   */
  readonly processClusterExternalSecrets?: boolean;

  /**
   * Reconcile PushSecrets.
   *
   * @default true
   */
  readonly processPushSecrets?: boolean;

  /**
   * Reconcile ClusterPushSecrets.
   *
   * @default true
   */
  readonly processClusterPushSecrets?: boolean;

  /**
   * Install ESO's validating admission webhook.
   *
   * @default true
   */
  readonly webhook?: boolean;

  /**
   * Install the cert-controller, which issues the webhook's certificate (needed with the webhook).
   *
   * @default true
   */
  readonly certController?: boolean;

  /**
   * CPU request of each ESO container.
   *
   * @default - none
   * @example "10m"
   */
  readonly cpuRequest?: string;

  /**
   * Memory request of each ESO container.
   *
   * @default - none
   * @example "64Mi"
   */
  readonly memoryRequest?: string;

  /**
   * CPU limit of each ESO container.
   *
   * @default - none
   */
  readonly cpuLimit?: string;

  /**
   * Memory limit of each ESO container.
   *
   * @default - none
   * @example "256Mi"
   */
  readonly memoryLimit?: string;

  /**
   * Node labels the ESO pods must run on.
   *
   * @default - any node
   */
  readonly nodeSelector?: { [label: string]: string };

  /**
   * Taints the ESO pods tolerate.
   *
   * @default - none
   */
  readonly tolerations?: OperatorToleration[];

  /**
   * Pod affinity of the ESO pods, as in the Kubernetes API.
   *
   * @default - none
   */
  readonly affinity?: { [key: string]: any };

  /**
   * A Service in front of the controller's metrics port (8080).
   *
   * @default false
   */
  readonly metricsService?: boolean;

  /**
   * A Prometheus Operator ServiceMonitor for the controller (Helm installs only; implies the
   * metrics Service).
   *
   * @default false
   */
  readonly serviceMonitor?: boolean;

  /**
   * A PodDisruptionBudget keeping one controller pod available.
   *
   * @default - on when replicas > 1
   */
  readonly podDisruptionBudget?: boolean;

  /**
   * NetworkPolicies admitting only the traffic ESO needs (Helm installs only).
   *
   * @default false
   */
  readonly networkPolicy?: boolean;

  /**
   * The controller's log level.
   *
   * @default EsoLogLevel.INFO
   */
  readonly logLevel?: EsoLogLevel;

  /**
   * Image repository, e.g. a registry mirror of ghcr.io/external-secrets/external-secrets.
   *
   * @default "ghcr.io/external-secrets/external-secrets"
   */
  readonly imageRepository?: string;

  /**
   * Image tag. Another tag than the pinned release's runs code esokit was not checked against.
   *
   * @default "v2.9.0"
   */
  readonly imageTag?: string;

  /**
   * More controller flags, without the leading `--` (an empty value gives a bare flag). Flags
   * esokit sets from other options are refused.
   *
   * @default - none
   * @example { 'store-requeue-interval': '10m' }
   */
  readonly extraArgs?: { [flag: string]: string };

  /**
   * Annotations of the controller's ServiceAccount.
   *
   * @default - none (plus the IRSA role, when there is one)
   */
  readonly serviceAccountAnnotations?: { [key: string]: string };

  /**
   * IAM role of the controller itself (IRSA), for stores that use the controller's identity.
   *
   * @default - the role of the stores' controller-wide IRSA identity, if any
   */
  readonly controllerRoleArn?: string;

  /**
   * Container security context merged over the Pod Security "restricted" defaults.
   *
   * @default - runAsNonRoot, readOnlyRootFilesystem, drop ALL, no privilege escalation, seccomp RuntimeDefault
   */
  readonly containerSecurityContext?: { [key: string]: any };

  /**
   * Pod security context merged over the restricted defaults.
   *
   * @default - runAsNonRoot, seccomp RuntimeDefault
   */
  readonly podSecurityContext?: { [key: string]: any };

  /**
   * More chart values (Helm installs). They are merged under the values esokit controls: the
   * image, the ServiceAccount and its role, CRD installation and every option above.
   *
   * @default - none
   */
  readonly values?: { [key: string]: any };
}

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
    fail(where, `releaseName ${quote(releaseName)} is not a helm release name (at most 53 lowercase letters, digits and '-', starting and ending with a letter or digit); use e.g. "external-secrets"`);
  }
  const replicas = positiveInteger(where, 'replicas', o.replicas ?? 1);
  const concurrent = positiveInteger(where, 'concurrent', o.concurrent ?? 1);
  const leaderElection = o.leaderElection ?? replicas > 1;
  if (replicas > 1 && !leaderElection) {
    fail(where, `replicas is ${replicas} but leaderElection is off, so every replica would reconcile the same objects; turn leaderElection on or use one replica`);
  }
  if (o.scopedNamespace !== undefined) {
    checkNamespace(where, 'scopedNamespace', o.scopedNamespace);
  }
  if (o.scopedRbac && o.scopedNamespace === undefined) {
    fail(where, 'scopedRbac grants a Role in scopedNamespace, but scopedNamespace is not set; set scopedNamespace or remove scopedRbac');
  }
  const webhook = o.webhook ?? true;
  const certController = o.certController ?? true;
  if (webhook && !certController) {
    fail(where, 'the webhook needs the certificate the cert-controller issues, and certController is off; turn certController on, or turn the webhook off');
  }
  const quantities = { cpuRequest: o.cpuRequest, memoryRequest: o.memoryRequest, cpuLimit: o.cpuLimit, memoryLimit: o.memoryLimit };
  for (const [field, value] of Object.entries(quantities)) {
    if (value !== undefined && !QUANTITY.test(value)) {
      fail(where, `${field} ${quote(value)} is not a kubernetes quantity; use e.g. "100m" for cpu or "128Mi" for memory`);
    }
  }
  const requests = compactStrings({ cpu: o.cpuRequest, memory: o.memoryRequest });
  const limits = compactStrings({ cpu: o.cpuLimit, memory: o.memoryLimit });
  const resources = requests || limits ? { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) } : undefined;
  const imageRepository = o.imageRepository ?? ESO_IMAGE_REPOSITORY;
  const imageTag = o.imageTag ?? ESO_IMAGE_TAG;
  // A port may follow the registry host; the last segment (the image) carries no tag or digest.
  if (!/^[a-z0-9]+([._\-/:][a-z0-9]+)*$/.test(imageRepository) || imageRepository.includes('@') || imageRepository.split('/').pop()!.includes(':')) {
    fail(where, `imageRepository ${quote(imageRepository)} is not an image repository (no tag or digest); use e.g. "registry.example.com/mirror/external-secrets"`);
  }
  if (!/^[\w][\w.-]{0,127}$/.test(imageTag)) {
    fail(where, `imageTag ${quote(imageTag)} is not an image tag; use e.g. "v2.9.0"`);
  }
  const extraArgs: Record<string, string> = {};
  for (const [flag, value] of Object.entries(o.extraArgs ?? {})) {
    const name = flag.replace(/^--/, '');
    if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) {
      fail(where, `extraArgs flag ${quote(flag)} is not a flag name; give it without "--", e.g. "store-requeue-interval"`);
    }
    if (MANAGED_FLAGS[name]) {
      fail(where, `extraArgs sets --${name}, which esokit sets from ${MANAGED_FLAGS[name]}; use that option instead`);
    }
    extraArgs[name] = value;
  }
  const serviceAccountAnnotations = { ...(o.serviceAccountAnnotations ?? {}) };
  if (o.controllerRoleArn !== undefined) {
    if (!ROLE_ARN.test(o.controllerRoleArn)) {
      fail(where, `controllerRoleArn ${quote(o.controllerRoleArn)} is not an iam role arn; use "arn:aws:iam::<12-digit account>:role/<name>"`);
    }
    serviceAccountAnnotations['eks.amazonaws.com/role-arn'] = o.controllerRoleArn;
  }
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
  };
  return deepMerge(op.values, controlled);
}

/**
 * Merges `over` into `under`: objects merge key by key, anything else in `over` replaces.
 */
export function deepMerge(under: Record<string, any>, over: Record<string, any>): Record<string, any> {
  const out: Record<string, any> = { ...under };
  for (const [key, value] of Object.entries(over)) {
    const base = out[key];
    out[key] = isObject(base) && isObject(value) ? deepMerge(base, value) : clone(value);
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
    fail(where, `${field} ${quote(value)} is not a whole number of 1 or more; use e.g. 1`);
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

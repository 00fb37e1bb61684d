/*
 * The options of the ESO controller install, shared by the cdk8s and Pulumi operators.
 */

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
   * The ESO release to install: chart version and image tag, for Helm installs (Flux, Argo CD,
   * Pulumi). esokit validates what it renders against ESO 2.9.0; a newer 2.x release keeps
   * serving the same `external-secrets.io/v1` API, and the chart values that changed between
   * releases are set so that they mean the same in each (image repositories are given in full).
   * The Helm-less manifests install is ESO 2.9.0's own and takes no other version.
   *
   * @default "2.9.0" (ESO_VERSION)
   */
  readonly version?: string;

  /**
   * Image repository, e.g. a registry mirror of ghcr.io/external-secrets/external-secrets.
   *
   * @default "ghcr.io/external-secrets/external-secrets"
   */
  readonly imageRepository?: string;

  /**
   * Image tag. Another tag than the release's runs code esokit was not checked against.
   *
   * @default - "v" and the version (e.g. "v2.9.0")
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

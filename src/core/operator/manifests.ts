/**
 * ESO's controller as plain Kubernetes manifests, without Helm: the objects and RBAC rules ESO's
 * chart 2.9.0 renders for the same options.
 */
// Types only (erased from the output): every object literal below is checked against the
// Kubernetes API's own types, so a misspelt or misplaced field does not compile.
import type { RuleWithOperations, ValidatingWebhook, ValidatingWebhookConfiguration } from 'kubernetes-types/admissionregistration/v1';
import type { Deployment } from 'kubernetes-types/apps/v1';
import type {
  Affinity,
  Container,
  Namespace,
  PodSecurityContext,
  PodTemplateSpec,
  Probe,
  Secret,
  SecurityContext,
  Service,
  ServiceAccount,
  Volume,
} from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from 'kubernetes-types/rbac/v1';
import { ResolvedOperator } from './install';
import { fail } from '../model/errors';

type Manifest = Record<string, any>;

/** A webhook rule: the types' RuleWithOperations lacks the fields of the Rule it embeds in the API. */
type WebhookWithRules = Omit<ValidatingWebhook, 'rules'> & { rules: Array<RuleWithOperations & { resources: string[]; scope: string }> };

/** An RBAC policy rule. */
export interface PolicyRule {
  readonly apiGroups: string[];
  readonly resources: string[];
  readonly verbs: string[];
  readonly resourceNames?: string[];
}

const ESO_KINDS = ['secretstores', 'clustersecretstores', 'externalsecrets', 'clusterexternalsecrets', 'pushsecrets', 'clusterpushsecrets'];

/** Generator kinds the controller reads (chart 2.9.0). */
export const GENERATOR_KINDS = [
  'acraccesstokens', 'cloudsmithaccesstokens', 'clustergenerators', 'ecrauthorizationtokens', 'fakes', 'gcraccesstokens',
  'githubaccesstokens', 'quayaccesstokens', 'passwords', 'sshkeys', 'stssessiontokens', 'uuids', 'vaultdynamicsecrets',
  'webhooks', 'grafanas', 'mfas',
];

/** The controller's rules: the chart's `<release>-controller` ClusterRole (or Role with scopedRbac). */
export function controllerRules(): PolicyRule[] {
  return [
    { apiGroups: ['external-secrets.io'], resources: [...ESO_KINDS], verbs: ['get', 'list', 'watch'] },
    {
      apiGroups: ['external-secrets.io'],
      resources: ESO_KINDS.flatMap((k) => [k, `${k}/status`, `${k}/finalizers`]),
      verbs: ['get', 'update', 'patch'],
    },
    {
      apiGroups: ['generators.external-secrets.io'],
      resources: ['generatorstates'],
      verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'],
    },
    { apiGroups: ['generators.external-secrets.io'], resources: [...GENERATOR_KINDS], verbs: ['get', 'list', 'watch'] },
    { apiGroups: [''], resources: ['serviceaccounts', 'namespaces'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: [''], resources: ['namespaces'], verbs: ['update', 'patch'] },
    { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch', 'create', 'update', 'delete', 'patch'] },
    { apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] },
    { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
    { apiGroups: ['external-secrets.io'], resources: ['externalsecrets'], verbs: ['create', 'update', 'delete'] },
    { apiGroups: ['external-secrets.io'], resources: ['pushsecrets'], verbs: ['create', 'update', 'delete'] },
  ];
}

/** The controller's default `--leader-election-id`, which names its lease whatever the release. */
export const LEADER_ELECTION_ID = 'external-secrets-controller';

/** The leader-election Role's rules (in the controller's namespace). */
export function leaderElectionRules(leaseName: string): PolicyRule[] {
  return [
    { apiGroups: [''], resources: ['configmaps'], resourceNames: [leaseName], verbs: ['get', 'update', 'patch'] },
    { apiGroups: [''], resources: ['configmaps'], verbs: ['create'] },
    { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update', 'patch'] },
  ];
}

/** The cert-controller's ClusterRole rules. */
export function certControllerRules(): PolicyRule[] {
  return [
    { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ['get', 'list', 'watch', 'update', 'patch'] },
    { apiGroups: ['admissionregistration.k8s.io'], resources: ['validatingwebhookconfigurations'], verbs: ['get', 'list', 'watch', 'update', 'patch'] },
    { apiGroups: [''], resources: ['endpoints'], verbs: ['list', 'get', 'watch'] },
    { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'get', 'watch'] },
    { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
    { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch', 'update', 'patch'] },
    { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update', 'patch'] },
  ];
}

const AGGREGATED_KINDS = ['externalsecrets', 'secretstores', 'clustersecretstores', 'pushsecrets', 'clusterpushsecrets'];

/** The aggregated `-view` and `-edit` ClusterRoles' rules (for the built-in view, edit and admin roles). */
export function aggregatedRules(verbs: 'view' | 'edit'): PolicyRule[] {
  const v = verbs === 'view' ? ['get', 'watch', 'list'] : ['create', 'delete', 'deletecollection', 'patch', 'update'];
  return [
    { apiGroups: ['external-secrets.io'], resources: [...AGGREGATED_KINDS], verbs: v },
    { apiGroups: ['generators.external-secrets.io'], resources: [...GENERATOR_KINDS], verbs: v },
  ];
}

/** The labels of the controller's namespace: it enforces the Pod Security "restricted" profile. */
export const OPERATOR_NAMESPACE_LABELS = { 'pod-security.kubernetes.io/enforce': 'restricted', 'app.kubernetes.io/managed-by': 'esokit' } as const;

/** The controller's Namespace, for every install mode that creates it. */
export function operatorNamespace(op: ResolvedOperator): Manifest {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: op.namespace, labels: { ...OPERATOR_NAMESPACE_LABELS } } } satisfies Namespace;
}

/** The `-servicebindings` ClusterRole's rules (Service Binding controllers read the Secrets' sources). */
export function serviceBindingRules(): PolicyRule[] {
  return [{ apiGroups: ['external-secrets.io'], resources: ['externalsecrets', 'pushsecrets'], verbs: ['get', 'list', 'watch'] }];
}

/** Every object of the install, CRDs first, in the order a cluster should receive them. */
export function operatorManifests(op: ResolvedOperator, crds: readonly Manifest[]): Manifest[] {
  if (op.serviceMonitor) {
    fail(op.where, 'manifests.service-monitor.requires', 'serviceMonitor needs the prometheus operator\'s crds and is rendered by eso\'s chart only; use a flux or argo cd install, or turn it off and scrape the metrics Service');
  }
  if (op.networkPolicy) {
    fail(op.where, 'manifests.network-policy.invalid', 'networkPolicy is rendered by eso\'s chart only; use a flux or argo cd install, or turn it off and add your own NetworkPolicy');
  }
  const ns = op.namespace;
  const name = op.releaseName;
  const labels = (component: string) => ({
    'app.kubernetes.io/name': component,
    'app.kubernetes.io/instance': name,
    'app.kubernetes.io/version': op.imageTag,
    'app.kubernetes.io/managed-by': 'esokit',
  });
  const selector = (component: string) => ({ 'app.kubernetes.io/name': component, 'app.kubernetes.io/instance': name });
  const meta = (n: string, component: string, namespaced = true) =>
    ({ name: n, ...(namespaced ? { namespace: ns } : {}), labels: labels(component) });

  const out: Manifest[] = [operatorNamespace(op), ...crds];

  const pod = (component: string, serviceAccountName: string, container: Container, volumes?: Volume[]): PodTemplateSpec => ({
    metadata: { labels: labels(component) },
    spec: {
      serviceAccountName,
      automountServiceAccountToken: true,
      securityContext: op.podSecurityContext as PodSecurityContext,
      containers: [{ imagePullPolicy: 'IfNotPresent', ...container, image: op.image, securityContext: op.containerSecurityContext as SecurityContext }],
      ...(volumes ? { volumes } : {}),
      ...(op.nodeSelector ? { nodeSelector: op.nodeSelector } : {}),
      ...(op.tolerations ? { tolerations: op.tolerations } : {}),
      ...(op.affinity ? { affinity: op.affinity as Affinity } : {}),
    },
  });
  const resources = op.resources ? { resources: op.resources } : {};
  const deployment = (component: string, replicas: number, container: Container, volumes?: Volume[]) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(component, component),
    spec: {
      replicas,
      selector: { matchLabels: selector(component) },
      template: pod(component, component, { ...container, ...resources }, volumes),
    },
  } satisfies Deployment);
  const readinessProbe: Probe = { httpGet: { port: 8081, path: '/readyz' }, initialDelaySeconds: 20, periodSeconds: 5 };

  // The controller.
  out.push({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { ...meta(name, name), ...(Object.keys(op.serviceAccountAnnotations).length ? { annotations: op.serviceAccountAnnotations } : {}) },
  } satisfies ServiceAccount);
  const rbacScoped = op.scopedRbac && op.scopedNamespace !== undefined;
  out.push({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: rbacScoped ? 'Role' : 'ClusterRole',
    metadata: rbacScoped ? { ...meta(`${name}-controller`, name), namespace: op.scopedNamespace } : meta(`${name}-controller`, name, false),
    rules: controllerRules(),
  } satisfies Role | ClusterRole);
  out.push({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: rbacScoped ? 'RoleBinding' : 'ClusterRoleBinding',
    metadata: rbacScoped ? { ...meta(`${name}-controller`, name), namespace: op.scopedNamespace } : meta(`${name}-controller`, name, false),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: rbacScoped ? 'Role' : 'ClusterRole', name: `${name}-controller` },
    subjects: [{ kind: 'ServiceAccount', name, namespace: ns }],
  } satisfies RoleBinding | ClusterRoleBinding);
  // Aggregated into the built-in view/edit/admin roles; Roles in the scoped namespace with scopedRbac.
  const aggregate = {
    view: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true', 'rbac.authorization.k8s.io/aggregate-to-edit': 'true', 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' },
    edit: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true', 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' },
  };
  for (const v of ['view', 'edit'] as const) {
    out.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: rbacScoped ? 'Role' : 'ClusterRole',
      metadata: {
        ...meta(`${name}-${v}`, name, false),
        ...(rbacScoped ? { namespace: op.scopedNamespace } : {}),
        labels: { ...labels(name), ...aggregate[v] },
      },
      rules: aggregatedRules(v),
    } satisfies Role | ClusterRole);
  }
  out.push({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { ...meta(`${name}-servicebindings`, name, false), labels: { ...labels(name), 'servicebinding.io/controller': 'true' } },
    rules: serviceBindingRules(),
  } satisfies ClusterRole);
  // The chart always grants leader election, so turning it on later needs no new RBAC.
  out.push({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: meta(`${name}-leaderelection`, name),
    rules: leaderElectionRules(LEADER_ELECTION_ID),
  } satisfies Role);
  out.push({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: meta(`${name}-leaderelection`, name),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: `${name}-leaderelection` },
    subjects: [{ kind: 'ServiceAccount', name, namespace: ns }],
  } satisfies RoleBinding);
  out.push(deployment(name, op.replicas, {
    name: 'external-secrets',
    args: controllerArgs(op),
    ports: [{ containerPort: 8080, protocol: 'TCP', name: 'metrics' }],
  }));
  if (op.metricsService) {
    out.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(`${name}-metrics`, name),
      spec: { type: 'ClusterIP', selector: selector(name), ports: [{ name: 'metrics', port: 8080, protocol: 'TCP', targetPort: 'metrics' }] },
    } satisfies Service);
  }
  if (op.podDisruptionBudget) {
    out.push({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta(`${name}-pdb`, name),
      spec: { minAvailable: 1, selector: { matchLabels: selector(name) } },
    } satisfies PodDisruptionBudget);
  }

  // The webhook and the cert-controller that issues its certificate.
  if (op.webhook) {
    const webhook = `${name}-webhook`;
    out.push({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(webhook, webhook) });
    out.push({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { ...meta(webhook, webhook), labels: { ...labels(webhook), 'external-secrets.io/component': 'webhook' } },
    } satisfies Secret);
    out.push(deployment(webhook, 1, {
      name: 'webhook',
      args: [
        'webhook',
        '--port=10250',
        `--dns-name=${webhook}.${ns}.svc`,
        '--cert-dir=/tmp/certs',
        '--check-interval=5m',
        '--metrics-addr=:8080',
        '--healthz-addr=:8081',
        `--loglevel=${op.logLevel}`,
      ],
      ports: [
        { containerPort: 8080, protocol: 'TCP', name: 'metrics' },
        { containerPort: 10250, protocol: 'TCP', name: 'webhook' },
      ],
      readinessProbe,
      volumeMounts: [{ name: 'certs', mountPath: '/tmp/certs', readOnly: true }],
    }, [{ name: 'certs', secret: { secretName: webhook } }]));
    out.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { ...meta(webhook, webhook), labels: { ...labels(webhook), 'external-secrets.io/component': 'webhook' } },
      spec: {
        type: 'ClusterIP',
        selector: selector(webhook),
        ports: [{ name: 'webhook', port: 443, protocol: 'TCP', targetPort: 10250 }],
      },
    } satisfies Service);
    const hook = (kind: string, scope: string): WebhookWithRules => ({
      name: `validate.${kind}.external-secrets.io`,
      rules: [{ apiGroups: ['external-secrets.io'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE', 'DELETE'], resources: [`${kind}s`], scope }],
      clientConfig: { service: { namespace: ns, name: webhook, path: `/validate-external-secrets-io-v1-${kind}` } },
      admissionReviewVersions: ['v1', 'v1beta1'],
      sideEffects: 'None',
      timeoutSeconds: 5,
      failurePolicy: 'Fail',
    });
    out.push({
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata: { name: 'secretstore-validate', labels: { ...labels(webhook), 'external-secrets.io/component': 'webhook' } },
      webhooks: [hook('secretstore', 'Namespaced'), hook('clustersecretstore', 'Cluster')],
    } satisfies ValidatingWebhookConfiguration);
    out.push({
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata: { name: 'externalsecret-validate', labels: { ...labels(webhook), 'external-secrets.io/component': 'webhook' } },
      webhooks: [hook('externalsecret', 'Namespaced')],
    } satisfies ValidatingWebhookConfiguration);
  }
  if (op.certController) {
    const cert = `${name}-cert-controller`;
    out.push({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(cert, cert) });
    out.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: meta(cert, cert, false),
      rules: certControllerRules(),
    } satisfies ClusterRole);
    out.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: meta(cert, cert, false),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: cert },
      subjects: [{ kind: 'ServiceAccount', name: cert, namespace: ns }],
    } satisfies ClusterRoleBinding);
    out.push(deployment(cert, 1, {
      name: 'cert-controller',
      args: [
        'certcontroller',
        '--crd-requeue-interval=5m',
        `--service-name=${name}-webhook`,
        `--service-namespace=${ns}`,
        `--secret-name=${name}-webhook`,
        `--secret-namespace=${ns}`,
        '--metrics-addr=:8080',
        '--healthz-addr=:8081',
        `--loglevel=${op.logLevel}`,
      ],
      ports: [{ containerPort: 8080, protocol: 'TCP', name: 'metrics' }],
      readinessProbe,
    }));
  }
  return out;
}

/** The controller container's arguments, as the chart builds them. */
export function controllerArgs(op: ResolvedOperator): string[] {
  const args: string[] = [];
  if (op.leaderElection) {
    args.push('--enable-leader-election=true');
  }
  if (op.scopedNamespace !== undefined) {
    args.push(`--namespace=${op.scopedNamespace}`);
  }
  const scoped = op.scopedNamespace !== undefined && op.scopedRbac;
  if (scoped || !op.process.clusterStore) {
    args.push('--enable-cluster-store-reconciler=false');
  }
  if (scoped || !op.process.clusterExternalSecret) {
    args.push('--enable-cluster-external-secret-reconciler=false');
  }
  if (scoped || !op.process.clusterPushSecret) {
    args.push('--enable-cluster-push-secret-reconciler=false');
  }
  if (!op.process.pushSecret) {
    args.push('--enable-push-secret-reconciler=false');
  }
  if (!op.process.secretStore) {
    args.push('--enable-secret-store-reconciler=false');
  }
  args.push(`--concurrent=${op.concurrent}`);
  args.push(`--loglevel=${op.logLevel}`);
  for (const [flag, value] of Object.entries(op.extraArgs)) {
    args.push(value ? `--${flag}=${value}` : `--${flag}`);
  }
  args.push('--metrics-addr=:8080');
  return args;
}

/**
 * The operator install model: pinned release, chart values (user values under esokit's), the
 * controller's arguments, the chart's RBAC rules and the restricted pod security defaults.
 */
import { ESO_CHART_VERSION, ESO_IMAGE_REPOSITORY, ESO_IMAGE_TAG } from '../../src/core/model/eso';
import { operatorHelmValues, resolveOperator } from '../../src/core/operator/install';
import { aggregatedRules, certControllerRules, controllerArgs, controllerRules, leaderElectionRules, operatorManifests, serviceBindingRules } from '../../src/core/operator/manifests';
import { EsoLogLevel } from '../../src/core/operator/options';

const resolve = (o: Parameters<typeof resolveOperator>[1] = {}) => resolveOperator('op', o);

test('one place pins ESO 2.9.0', () => {
  expect(ESO_CHART_VERSION).toBe('2.9.0');
  expect(`${ESO_IMAGE_REPOSITORY}:${ESO_IMAGE_TAG}`).toBe('ghcr.io/external-secrets/external-secrets:v2.9.0');
});

describe('chart values', () => {
  test('defaults: the pinned image everywhere, CRDs installed, restricted security contexts, one replica', () => {
    const values = operatorHelmValues(resolve()) as any;
    const image = { repository: 'ghcr.io/external-secrets/external-secrets', tag: 'v2.9.0' };
    expect(values).toMatchObject({
      installCRDs: true,
      replicaCount: 1,
      leaderElect: false,
      concurrent: 1,
      scopedRBAC: false,
      processClusterStore: true,
      processSecretStore: true,
      processClusterExternalSecret: true,
      processPushSecret: true,
      processClusterPushSecret: true,
      log: { level: 'info' },
      image,
      serviceAccount: { create: true, name: 'external-secrets', annotations: {} },
      metrics: { service: { enabled: false } },
      serviceMonitor: { enabled: false },
      podDisruptionBudget: { enabled: false, minAvailable: 1 },
      webhook: { create: true, image },
      certController: { create: true, image },
    });
    const restricted = {
      enabled: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: 1000,
      seccompProfile: { type: 'RuntimeDefault' },
    };
    for (const block of [values, values.webhook, values.certController]) {
      expect(block.securityContext).toEqual(restricted);
      expect(block.podSecurityContext).toEqual({ enabled: true, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    }
  });

  test('options map to the chart\'s keys', () => {
    const values = operatorHelmValues(resolve({
      replicas: 3,
      concurrent: 4,
      scopedNamespace: 'apps',
      scopedRbac: true,
      processPushSecrets: false,
      logLevel: EsoLogLevel.DEBUG,
      cpuRequest: '10m',
      memoryLimit: '256Mi',
      nodeSelector: { pool: 'system' },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'system', effect: 'NoSchedule' }],
      serviceMonitor: true,
      imageRepository: 'registry.example.com/mirror/external-secrets',
      extraArgs: { 'store-requeue-interval': '10m' },
      controllerRoleArn: 'arn:aws:iam::123456789012:role/eso',
    })) as any;
    expect(values).toMatchObject({
      replicaCount: 3,
      leaderElect: true,
      concurrent: 4,
      scopedNamespace: 'apps',
      scopedRBAC: true,
      processPushSecret: false,
      log: { level: 'debug' },
      resources: { requests: { cpu: '10m' }, limits: { memory: '256Mi' } },
      nodeSelector: { pool: 'system' },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'system', effect: 'NoSchedule' }],
      metrics: { service: { enabled: true } },
      serviceMonitor: { enabled: true },
      podDisruptionBudget: { enabled: true, minAvailable: 1 },
      image: { repository: 'registry.example.com/mirror/external-secrets', tag: 'v2.9.0' },
      extraArgs: { 'store-requeue-interval': '10m' },
      serviceAccount: { annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/eso' } },
    });
    expect(values.webhook.nodeSelector).toEqual({ pool: 'system' });
  });

  test('user values merge under the values esokit controls', () => {
    const values = operatorHelmValues(resolve({
      values: {
        extraEnv: [{ name: 'HTTPS_PROXY', value: 'http://proxy:3128' }],
        image: { tag: 'latest', pullPolicy: 'Always' },
        serviceAccount: { name: 'other', annotations: { team: 'platform' } },
        installCRDs: false,
        webhook: { replicaCount: 2 },
      },
    })) as any;
    expect(values.extraEnv).toEqual([{ name: 'HTTPS_PROXY', value: 'http://proxy:3128' }]);
    expect(values.image).toEqual({ repository: 'ghcr.io/external-secrets/external-secrets', tag: 'v2.9.0', pullPolicy: 'Always' });
    expect(values.serviceAccount).toEqual({ create: true, name: 'external-secrets', annotations: { team: 'platform' } });
    expect(values.installCRDs).toBe(true);
    expect(values.webhook.replicaCount).toBe(2);
    expect(values.webhook.create).toBe(true);
  });

  test('security contexts can be loosened or tightened on purpose', () => {
    const op = resolve({ containerSecurityContext: { runAsUser: 65532 }, podSecurityContext: { fsGroup: 65532 } });
    expect(op.containerSecurityContext).toMatchObject({ runAsUser: 65532, runAsNonRoot: true, readOnlyRootFilesystem: true });
    expect(op.podSecurityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, fsGroup: 65532 });
  });
});

describe('a chosen eso release', () => {
  test('the validated release by default: chart 2.9.0, image v2.9.0, no registry override', () => {
    const op = resolve();
    expect([op.version, op.image]).toEqual(['2.9.0', 'ghcr.io/external-secrets/external-secrets:v2.9.0']);
    expect(operatorHelmValues(op).global).toBeUndefined();
  });

  test('a newer release sets the image tag of every component, repositories in full', () => {
    const values = operatorHelmValues(resolve({ version: '2.14.0' }));
    const image = { repository: 'ghcr.io/external-secrets/external-secrets', tag: 'v2.14.0' };
    expect([values.image, (values.webhook as any).image, (values.certController as any).image]).toEqual([image, image, image]);
  });

  test.each([
    ['2.10.1', undefined],
    ['2.11.0', { imageRegistry: '' }],
    ['2.14.0', { imageRegistry: '' }],
  ])('%s: the registry prefix chart 2.11 introduced is turned off (else "ghcr.io/ghcr.io/...")', (version, global) => {
    expect(operatorHelmValues(resolve({ version })).global).toEqual(global);
  });

  test('a given image tag wins over the release\'s', () => {
    expect(resolve({ version: '2.14.0', imageTag: 'v2.14.0-ubi' }).image).toBe('ghcr.io/external-secrets/external-secrets:v2.14.0-ubi');
  });

  test('user values under global are kept beside the registry override', () => {
    expect(operatorHelmValues(resolve({ version: '2.14.0', values: { global: { podLabels: { team: 'platform' } } } })).global)
      .toEqual({ podLabels: { team: 'platform' }, imageRegistry: '' });
  });
});

describe('controller arguments', () => {
  test('defaults', () => {
    expect(controllerArgs(resolve())).toEqual(['--concurrent=1', '--loglevel=info', '--metrics-addr=:8080']);
  });

  test('leader election, scope, disabled kinds and extra flags, as the chart renders them', () => {
    expect(controllerArgs(resolve({
      replicas: 2,
      scopedNamespace: 'apps',
      scopedRbac: true,
      processPushSecrets: false,
      processSecretStores: false,
      extraArgs: { 'store-requeue-interval': '10m', 'enable-flood-gate': '' },
    }))).toEqual([
      '--enable-leader-election=true',
      '--namespace=apps',
      '--enable-cluster-store-reconciler=false',
      '--enable-cluster-external-secret-reconciler=false',
      '--enable-cluster-push-secret-reconciler=false',
      '--enable-push-secret-reconciler=false',
      '--enable-secret-store-reconciler=false',
      '--concurrent=1',
      '--loglevel=info',
      '--store-requeue-interval=10m',
      '--enable-flood-gate',
      '--metrics-addr=:8080',
    ]);
  });
});

describe('rbac rules equal the chart\'s', () => {
  const kinds = ['secretstores', 'clustersecretstores', 'externalsecrets', 'clusterexternalsecrets', 'pushsecrets', 'clusterpushsecrets'];

  test('controller', () => {
    expect(controllerRules()).toEqual([
      { apiGroups: ['external-secrets.io'], resources: kinds, verbs: ['get', 'list', 'watch'] },
      {
        apiGroups: ['external-secrets.io'],
        resources: kinds.flatMap((k) => [k, `${k}/status`, `${k}/finalizers`]),
        verbs: ['get', 'update', 'patch'],
      },
      {
        apiGroups: ['generators.external-secrets.io'],
        resources: ['generatorstates'],
        verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'],
      },
      {
        apiGroups: ['generators.external-secrets.io'],
        resources: ['acraccesstokens', 'cloudsmithaccesstokens', 'clustergenerators', 'ecrauthorizationtokens', 'fakes', 'gcraccesstokens',
          'githubaccesstokens', 'quayaccesstokens', 'passwords', 'sshkeys', 'stssessiontokens', 'uuids', 'vaultdynamicsecrets', 'webhooks',
          'grafanas', 'mfas'],
        verbs: ['get', 'list', 'watch'],
      },
      { apiGroups: [''], resources: ['serviceaccounts', 'namespaces'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['namespaces'], verbs: ['update', 'patch'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch', 'create', 'update', 'delete', 'patch'] },
      { apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] },
      { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
      { apiGroups: ['external-secrets.io'], resources: ['externalsecrets'], verbs: ['create', 'update', 'delete'] },
      { apiGroups: ['external-secrets.io'], resources: ['pushsecrets'], verbs: ['create', 'update', 'delete'] },
    ]);
  });

  test('leader election', () => {
    expect(leaderElectionRules('external-secrets-controller')).toEqual([
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['external-secrets-controller'], verbs: ['get', 'update', 'patch'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['create'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update', 'patch'] },
    ]);
  });

  test('cert-controller', () => {
    expect(certControllerRules()).toEqual([
      { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ['get', 'list', 'watch', 'update', 'patch'] },
      { apiGroups: ['admissionregistration.k8s.io'], resources: ['validatingwebhookconfigurations'], verbs: ['get', 'list', 'watch', 'update', 'patch'] },
      { apiGroups: [''], resources: ['endpoints'], verbs: ['list', 'get', 'watch'] },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'get', 'watch'] },
      { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
      { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch', 'update', 'patch'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update', 'patch'] },
    ]);
  });

  test('service bindings', () => {
    expect(serviceBindingRules()).toEqual([{ apiGroups: ['external-secrets.io'], resources: ['externalsecrets', 'pushsecrets'], verbs: ['get', 'list', 'watch'] }]);
  });

  test('the install carries every role, bound to the controller; with scopedRbac, Roles in the scoped namespace', () => {
    const roles = (o: Parameters<typeof resolveOperator>[1]) => operatorManifests(resolve(o), [])
      .filter((m) => /Role/.test(m.kind))
      .map((m) => `${m.kind} ${m.metadata.namespace ?? '-'}/${m.metadata.name}`);
    expect(roles({})).toEqual([
      'ClusterRole -/external-secrets-controller',
      'ClusterRoleBinding -/external-secrets-controller',
      'ClusterRole -/external-secrets-view',
      'ClusterRole -/external-secrets-edit',
      'ClusterRole -/external-secrets-servicebindings',
      'Role external-secrets/external-secrets-leaderelection',
      'RoleBinding external-secrets/external-secrets-leaderelection',
      'ClusterRole -/external-secrets-cert-controller',
      'ClusterRoleBinding -/external-secrets-cert-controller',
    ]);
    expect(roles({ scopedNamespace: 'apps', scopedRbac: true }).slice(0, 4)).toEqual([
      'Role apps/external-secrets-controller',
      'RoleBinding apps/external-secrets-controller',
      'Role apps/external-secrets-view',
      'Role apps/external-secrets-edit',
    ]);
  });

  test('aggregated view and edit roles', () => {
    expect(aggregatedRules('view')[0].verbs).toEqual(['get', 'watch', 'list']);
    expect(aggregatedRules('edit')[0].verbs).toEqual(['create', 'delete', 'deletecollection', 'patch', 'update']);
    expect(aggregatedRules('view')[0].resources).toEqual(['externalsecrets', 'secretstores', 'clustersecretstores', 'pushsecrets', 'clusterpushsecrets']);
  });
});

describe('pod security', () => {
  // Every pod the install can run, with every optional component on.
  const everything = operatorManifests(resolve({ replicas: 2, metricsService: true, podDisruptionBudget: true }), []);
  const pods = everything.filter((m) => m.kind === 'Deployment').map((d) => ({ name: d.metadata.name, spec: d.spec.template.spec }));

  test('three pods: controller, webhook, cert-controller', () => {
    expect(pods.map((p) => p.name)).toEqual(['external-secrets', 'external-secrets-webhook', 'external-secrets-cert-controller']);
  });

  test.each(['runAsNonRoot', 'seccompProfile'])('every pod sets %s for the restricted profile', (field) => {
    for (const pod of pods) {
      const expected = field === 'runAsNonRoot' ? true : { type: 'RuntimeDefault' };
      expect({ pod: pod.name, value: pod.spec.securityContext[field] }).toEqual({ pod: pod.name, value: expected });
    }
  });

  test('every container keeps every restricted setting', () => {
    for (const pod of pods) {
      for (const c of pod.spec.containers) {
        const sc = c.securityContext;
        expect({ pod: pod.name, allowPrivilegeEscalation: sc.allowPrivilegeEscalation }).toEqual({ pod: pod.name, allowPrivilegeEscalation: false });
        expect({ pod: pod.name, drop: sc.capabilities?.drop }).toEqual({ pod: pod.name, drop: ['ALL'] });
        expect({ pod: pod.name, readOnlyRootFilesystem: sc.readOnlyRootFilesystem }).toEqual({ pod: pod.name, readOnlyRootFilesystem: true });
        expect({ pod: pod.name, runAsNonRoot: sc.runAsNonRoot }).toEqual({ pod: pod.name, runAsNonRoot: true });
        expect({ pod: pod.name, seccomp: sc.seccompProfile }).toEqual({ pod: pod.name, seccomp: { type: 'RuntimeDefault' } });
        expect(c.image).toBe('ghcr.io/external-secrets/external-secrets:v2.9.0');
      }
    }
  });

  test('the namespace enforces the restricted profile', () => {
    expect(everything[0]).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'external-secrets', labels: { 'pod-security.kubernetes.io/enforce': 'restricted', 'app.kubernetes.io/managed-by': 'esokit' } },
    });
  });
});

describe('bad options', () => {
  test.each<[string, Parameters<typeof resolveOperator>[1], string]>([
    ['a namespace that is not rfc 1123', { namespace: 'ESO' }, 'op: namespace "ESO" is not a valid namespace'],
    ['a release name over 53 characters', { releaseName: 'x'.repeat(54) }, 'op: releaseName "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" is not a helm release name'],
    ['zero replicas', { replicas: 0 }, 'op: replicas 0 is not a whole number of 1 or more; use e.g. 1'],
    ['replicas without leader election', { replicas: 2, leaderElection: false },
      'op: replicas is 2 but leaderElection is off, so every replica would reconcile the same objects; turn leaderElection on or use one replica'],
    ['scoped rbac without a namespace', { scopedRbac: true },
      'op: scopedRbac grants a Role in scopedNamespace, but scopedNamespace is not set; set scopedNamespace or remove scopedRbac'],
    ['the webhook without the cert-controller', { certController: false },
      'op: the webhook needs the certificate the cert-controller issues, and certController is off; turn certController on, or turn the webhook off'],
    ['a cpu request that is not a quantity', { cpuRequest: 'one core' }, 'op: cpuRequest "one core" is not a kubernetes quantity'],
    ['an image repository with a tag', { imageRepository: 'ghcr.io/external-secrets/external-secrets:v2.9.0' },
      'op: imageRepository "ghcr.io/external-secrets/external-secrets:v2.9.0" is not an image repository (no tag or digest)'],
    ['a flag esokit sets', { extraArgs: { concurrent: '5' } }, 'op: extraArgs sets --concurrent, which esokit sets from concurrent; use that option instead'],
    ['a malformed controller role', { controllerRoleArn: 'eso-role' }, 'op: controllerRoleArn "eso-role" is not an iam role arn'],
    ['a version with the image tag\'s "v"', { version: 'v2.14.0' },
      'op: version "v2.14.0" is not an eso release; give one as "X.Y.Z", e.g. "2.9.0" (without "v": the image tag gets it)'],
    ['a version older than the validated one', { version: '2.8.0' },
      'op: version "2.8.0" is not supported: esokit renders the external-secrets.io/v1 api of eso 2 and validates against 2.9.0; use 2.9.0 or a later 2.x release'],
    ['a version of another major release', { version: '3.0.0' }, 'op: version "3.0.0" is not supported'],
  ])('%s', (_, options, message) => {
    expect(() => resolve(options)).toThrow(message);
  });

  test.each([
    [{ serviceMonitor: true }, 'op: serviceMonitor needs the prometheus operator\'s crds and is rendered by eso\'s chart only; use a flux or argo cd install, or turn it off and scrape the metrics Service'],
    [{ networkPolicy: true }, 'op: networkPolicy is rendered by eso\'s chart only; use a flux or argo cd install, or turn it off and add your own NetworkPolicy'],
  ])('a chart-only option in a manifests install: %j', (options, message) => {
    expect(() => operatorManifests(resolve(options), [])).toThrow(message);
  });
});

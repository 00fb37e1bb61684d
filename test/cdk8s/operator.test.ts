/**
 * The ESO operator construct: Flux, Argo CD and plain-manifest installs, validated against the
 * Kubernetes, Flux and Argo CD schemas; ordering before stores and ExternalSecrets; the
 * controller-wide IRSA role.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import {
  ClusterSecretStore,
  CrdSource,
  EsoOperator,
  ExternalSecret,
  IdentityServiceAccount,
  OperatorInstall,
  SecretStore,
  SecretStoreProvider,
  StoreIdentity,
} from '../../src';
import { esoBundlePath } from '../support/eso-crds';
import { schemaProblems } from '../support/models';
import { onlyOfKind, ofKind } from '../support/synth';

const OIDC = 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC123';
const sm = () => SecretStoreProvider.awsSecretsManager({ region: 'us-east-1' });

function chart(): Chart {
  return new Chart(Testing.app(), 'c', { namespace: 'payments' });
}

describe('flux', () => {
  test('a HelmRepository and a HelmRelease of the pinned chart that create and replace CRDs', () => {
    // GIVEN
    const c = chart();
    new EsoOperator(c, 'eso', { install: OperatorInstall.flux(), replicas: 2 });

    // WHEN
    const manifests = Testing.synth(c);

    // THEN
    expect(manifests.map((m) => m.kind)).toEqual(['Namespace', 'HelmRepository', 'HelmRelease']);
    expect(onlyOfKind(manifests, 'HelmRepository')).toEqual({
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'HelmRepository',
      metadata: { name: 'external-secrets', namespace: 'external-secrets' },
      spec: { url: 'https://charts.external-secrets.io', interval: '1h' },
    });
    const release = onlyOfKind(manifests, 'HelmRelease');
    expect(release.metadata).toEqual({ name: 'external-secrets', namespace: 'external-secrets' });
    expect(release.spec.chart.spec).toEqual({
      chart: 'external-secrets',
      version: '2.9.0',
      sourceRef: { kind: 'HelmRepository', name: 'external-secrets', namespace: 'external-secrets' },
      interval: '1h',
    });
    expect(release.spec.install).toEqual({ crds: 'CreateReplace' });
    expect(release.spec.upgrade).toEqual({ crds: 'CreateReplace' });
    expect(release.spec.values).toMatchObject({ replicaCount: 2, leaderElect: true, image: { tag: 'v2.9.0' } });
    expect(schemaProblems(manifests)).toEqual([]);
  });
});

test('chart-only options (ServiceMonitor, NetworkPolicy) go to the chart in a Flux install', () => {
  const c = chart();
  new EsoOperator(c, 'eso', { install: OperatorInstall.flux(), serviceMonitor: true, networkPolicy: true });
  const values = onlyOfKind(Testing.synth(c), 'HelmRelease').spec.values;
  expect(values.serviceMonitor).toEqual({ enabled: true });
  expect(values.networkPolicy).toEqual({ enabled: true });
  expect(values.metrics).toEqual({ service: { enabled: true } });
});

describe('a chosen eso release', () => {
  test('flux and argo cd install the chart and image of the release', () => {
    const c = chart();
    const flux = new EsoOperator(c, 'flux', { install: OperatorInstall.flux(), version: '2.14.0', releaseName: 'eso-flux' });
    const argo = new EsoOperator(c, 'argo', { install: OperatorInstall.argoCd(), version: '2.14.0', releaseName: 'eso-argo', namespace: 'eso-argo' });
    const manifests = Testing.synth(c);
    const release = onlyOfKind(manifests, 'HelmRelease');
    const application = onlyOfKind(manifests, 'Application');
    expect([flux.version, argo.version]).toEqual(['2.14.0', '2.14.0']);
    expect(release.spec.chart.spec.version).toBe('2.14.0');
    expect(release.spec.values.image.tag).toBe('v2.14.0');
    expect(release.spec.values.global).toEqual({ imageRegistry: '' });
    expect(application.spec.source.targetRevision).toBe('2.14.0');
    expect(application.spec.source.helm.valuesObject.certController.image).toEqual({ repository: 'ghcr.io/external-secrets/external-secrets', tag: 'v2.14.0' });
    expect(schemaProblems(manifests)).toEqual([]);
  });

  test('the manifests install is 2.9.0\'s own and takes no other version', () => {
    expect(() => new EsoOperator(chart(), 'eso', { install: OperatorInstall.manifests(), version: '2.14.0' })).toThrow(
      'c/eso: version "2.14.0" needs helm to render its chart, and the manifests install is eso 2.9.0\'s own; install it with OperatorInstall.flux() or OperatorInstall.argoCd(), or remove version');
  });
});

describe('argo cd', () => {
  test('an Application with server-side apply and namespace creation', () => {
    // GIVEN
    const c = chart();
    new EsoOperator(c, 'eso', { install: OperatorInstall.argoCd({ project: 'platform' }), namespace: 'eso' });

    // WHEN
    const manifests = Testing.synth(c);

    // THEN
    const app = onlyOfKind(manifests, 'Application');
    expect(manifests).toHaveLength(1);
    expect(app.metadata).toEqual({ name: 'external-secrets', namespace: 'argocd' });
    expect(app.spec.project).toBe('platform');
    expect(app.spec.source).toMatchObject({
      repoURL: 'https://charts.external-secrets.io',
      chart: 'external-secrets',
      targetRevision: '2.9.0',
      helm: { releaseName: 'external-secrets' },
    });
    expect(app.spec.source.helm.valuesObject.installCRDs).toBe(true);
    expect(app.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'eso' });
    expect(app.spec.syncPolicy).toEqual({
      automated: { prune: true, selfHeal: true },
      syncOptions: ['ServerSideApply=true', 'CreateNamespace=true'],
      managedNamespaceMetadata: { labels: { 'pod-security.kubernetes.io/enforce': 'restricted', 'app.kubernetes.io/managed-by': 'esokit' } },
    });
    expect(schemaProblems(manifests)).toEqual([]);
  });
});

test('an Argo CD namespace that is not rfc 1123 fails', () => {
  expect(() => new EsoOperator(chart(), 'eso', { install: OperatorInstall.argoCd({ argoCdNamespace: 'Argo_CD' }) }))
    .toThrow('c/eso: argoCdNamespace "Argo_CD" is not a valid namespace');
});

describe('manifests without helm', () => {
  const bundle = esoBundlePath()!;

  test('namespace, the pinned CRDs, RBAC, deployments, services and the webhook, valid against the Kubernetes API', () => {
    // GIVEN
    const c = chart();
    const op = new EsoOperator(c, 'eso', { install: OperatorInstall.manifests({ crds: CrdSource.fromFile(bundle) }), metricsService: true });

    // WHEN
    const manifests = Testing.synth(c);

    // THEN
    expect(op.apiObjects.length).toBe(manifests.length);
    const crds = ofKind(manifests, 'CustomResourceDefinition');
    expect(crds.map((d) => d.metadata.name)).toEqual(expect.arrayContaining([
      'externalsecrets.external-secrets.io',
      'secretstores.external-secrets.io',
      'clustersecretstores.external-secrets.io',
    ]));
    for (const crd of crds) {
      expect(crd.metadata.namespace).toBeUndefined();
    }
    expect(manifests[0].kind).toBe('Namespace');
    const kinds = new Set(manifests.map((m) => m.kind));
    expect([...kinds].sort()).toEqual([
      'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'Deployment', 'Namespace', 'Role', 'RoleBinding', 'Secret', 'Service',
      'ServiceAccount', 'ValidatingWebhookConfiguration',
    ]);
    expect(ofKind(manifests, 'Deployment').map((d) => d.metadata.name)).toEqual([
      'external-secrets', 'external-secrets-webhook', 'external-secrets-cert-controller',
    ]);
    const controller = ofKind(manifests, 'Deployment')[0];
    expect(controller.spec.template.spec.serviceAccountName).toBe('external-secrets');
    expect(controller.spec.template.spec.containers[0].image).toBe('ghcr.io/external-secrets/external-secrets:v2.9.0');
    const hooks = ofKind(manifests, 'ValidatingWebhookConfiguration');
    expect(hooks.flatMap((h) => h.webhooks.map((w: any) => w.clientConfig.service))).toEqual([
      { namespace: 'external-secrets', name: 'external-secrets-webhook', path: '/validate-external-secrets-io-v1-secretstore' },
      { namespace: 'external-secrets', name: 'external-secrets-webhook', path: '/validate-external-secrets-io-v1-clustersecretstore' },
      { namespace: 'external-secrets', name: 'external-secrets-webhook', path: '/validate-external-secrets-io-v1-externalsecret' },
    ]);
    expect(schemaProblems(manifests.filter((m) => m.kind !== 'CustomResourceDefinition'))).toEqual([]);
  });

  test('a CRD file that is not the pinned bundle fails', () => {
    // GIVEN
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'esokit-crds-')), 'bundle.yaml');
    fs.writeFileSync(file, `${fs.readFileSync(bundle, 'utf-8')}\n# edited\n`);

    // THEN
    expect(() => new EsoOperator(chart(), 'eso', { install: OperatorInstall.manifests({ crds: CrdSource.fromFile(file) }) }))
      .toThrow(/^c\/eso: crds from ".*bundle\.yaml" have sha256 [0-9a-f]{64}, not the pinned eso v2\.9\.0 bundle's 08b08d88e9522436698d6c90510b530d491081fbf92015faa7a571bb8b50bc5b; use the bundle of the pinned release$/);
  });

  test('the bundle can come from a url (here a server on 127.0.0.1 standing in for a mirror)', async () => {
    // GIVEN a server in a process of its own (the synth reads the url synchronously).
    const server = spawn(process.execPath, ['-e', `
      const http = require('http'); const fs = require('fs');
      const s = http.createServer((req, res) => { if (req.url === '/bundle.yaml') { res.end(fs.readFileSync(${JSON.stringify(bundle)})); } else { res.statusCode = 404; res.end(); } });
      s.listen(0, '127.0.0.1', () => console.log(s.address().port));`]);
    try {
      const port = await new Promise<string>((resolve) => server.stdout.once('data', (d) => resolve(String(d).trim())));
      const c = chart();

      // WHEN
      new EsoOperator(c, 'eso', { install: OperatorInstall.manifests({ crds: CrdSource.fromUrl(`http://127.0.0.1:${port}/bundle.yaml`) }) });

      // THEN
      expect(ofKind(Testing.synth(c), 'CustomResourceDefinition').length).toBeGreaterThan(20);
      expect(() => new EsoOperator(chart(), 'eso', { install: OperatorInstall.manifests({ crds: CrdSource.fromUrl(`http://127.0.0.1:${port}/missing.yaml`) }) }))
        .toThrow(`c/eso: the crds could not be downloaded from http://127.0.0.1:${port}/missing.yaml (http 404); download the file and use CrdSource.fromFile(path)`);
    } finally {
      server.kill();
    }
  }, 60_000);

  test('a CRD url that is not http(s) fails at once', () => {
    expect(() => CrdSource.fromUrl('ftp://mirror/bundle.yaml'))
      .toThrow('crds url "ftp://mirror/bundle.yaml" is not an http(s) url; use e.g. https://raw.githubusercontent.com/external-secrets/external-secrets/v2.9.0/deploy/crds/bundle.yaml');
  });

  test('a CRD file that does not exist fails with where to get it', () => {
    expect(() => new EsoOperator(chart(), 'eso', { install: OperatorInstall.manifests({ crds: CrdSource.fromFile('/nonexistent/bundle.yaml') }) }))
      .toThrow('c/eso: crds file "/nonexistent/bundle.yaml" does not exist; download https://raw.githubusercontent.com/external-secrets/external-secrets/v2.9.0/deploy/crds/bundle.yaml there, or use CrdSource.pinnedRelease()');
  });
});

describe('ordering', () => {
  test('stores and ExternalSecrets of the chart come after the operator, declared before or after it', () => {
    // GIVEN
    const c = chart();
    const early = new SecretStore(c, 'early', { provider: sm() });
    new EsoOperator(c, 'eso', { install: OperatorInstall.flux() });
    new ExternalSecret(c, 'late', { store: early, data: { a: early.ref('a') } });

    // WHEN
    const kinds = Testing.synth(c).map((m) => m.kind);

    // THEN
    expect(kinds.indexOf('HelmRelease')).toBeLessThan(kinds.indexOf('SecretStore'));
    expect(kinds.indexOf('HelmRelease')).toBeLessThan(kinds.indexOf('ExternalSecret'));
  });

  test('an operator in its own chart makes the stores\' charts depend on it', () => {
    // GIVEN
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'esokit-order-'));
    const app = new App({ outdir });
    const apps = new Chart(app, 'apps', { namespace: 'payments' });
    new ClusterSecretStore(apps, 'aws', { provider: sm() });
    const platform = new Chart(app, 'platform');
    new EsoOperator(platform, 'eso', { install: OperatorInstall.flux() });

    // WHEN
    app.synth();

    // THEN the operator's chart is written first.
    expect(fs.readdirSync(outdir).sort()).toEqual(['0000-platform.k8s.yaml', '0001-apps.k8s.yaml']);
  });
});

describe('controller identity', () => {
  test('a store\'s controller-wide IRSA identity annotates the operator\'s ServiceAccount', () => {
    // GIVEN
    const c = chart();
    new ClusterSecretStore(c, 'aws', {
      provider: sm(),
      identity: StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'eso-controller', serviceAccount: IdentityServiceAccount.controller() }),
    });
    const flux = new EsoOperator(c, 'eso', { install: OperatorInstall.flux() });

    // WHEN
    const release = onlyOfKind(Testing.synth(c), 'HelmRelease');

    // THEN
    expect(release.spec.values.serviceAccount).toEqual({
      create: true,
      name: 'external-secrets',
      annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/eso-controller' },
    });
    expect(flux.helmValues.serviceAccount.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/eso-controller' });
  });

  test('in the manifests, the controller ServiceAccount carries the role', () => {
    // GIVEN
    const c = chart();
    new EsoOperator(c, 'eso', { install: OperatorInstall.manifests({ crds: CrdSource.fromFile(esoBundlePath()!) }) });
    new SecretStore(c, 'aws', {
      provider: sm(),
      identity: StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'eso-controller', serviceAccount: IdentityServiceAccount.controller() }),
    });

    // WHEN
    const accounts = ofKind(Testing.synth(c), 'ServiceAccount').filter((sa) => sa.metadata.name === 'external-secrets');

    // THEN
    expect(accounts).toHaveLength(1);
    expect(accounts[0].metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/eso-controller' });
  });

  test('two controller-wide roles, or a store naming another controller ServiceAccount, fail the synth', () => {
    // GIVEN
    const c = chart();
    new EsoOperator(c, 'eso', { install: OperatorInstall.flux(), controllerRoleArn: 'arn:aws:iam::123456789012:role/given' });
    new ClusterSecretStore(c, 'aws', {
      provider: sm(),
      identity: StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'other', serviceAccount: IdentityServiceAccount.controller() }),
    });
    const d = chart();
    new EsoOperator(d, 'eso', { install: OperatorInstall.flux(), namespace: 'eso' });
    new ClusterSecretStore(d, 'aws', {
      provider: sm(),
      identity: StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'r', serviceAccount: IdentityServiceAccount.controller() }),
    });

    // THEN
    expect(() => Testing.synth(c)).toThrow('c/eso: the controller\'s ServiceAccount can carry one iam role, but "arn:aws:iam::123456789012:role/given" and '
      + '"arn:aws:iam::123456789012:role/other" are asked for (by controllerRoleArn or stores\' controller-wide identities); give those stores one identity, or their own ServiceAccounts');
    expect(() => Testing.synth(d)).toThrow('c/eso: store c/aws uses the controller ServiceAccount external-secrets/external-secrets, but this operator runs as eso/external-secrets; '
      + 'give IdentityServiceAccount.controller() the operator\'s name and namespace');
  });

  test('a Pod Identity association naming another controller ServiceAccount than the app\'s operator fails the synth', () => {
    // GIVEN: EKS would associate the role with external-secrets/external-secrets, which no pod runs as
    const c = chart();
    new EsoOperator(c, 'eso', { install: OperatorInstall.flux(), namespace: 'eso' });
    new ClusterSecretStore(c, 'aws', {
      provider: sm(),
      identity: StoreIdentity.podIdentity({ clusterName: 'prod', account: '123456789012', roleName: 'eso' }),
    });

    // THEN
    expect(() => Testing.synth(c)).toThrow('c/eso: store c/aws uses the controller ServiceAccount external-secrets/external-secrets, but this operator runs as eso/external-secrets; '
      + 'give IdentityServiceAccount.controller() the operator\'s name and namespace');
  });

  test.each([
    ['created', () => IdentityServiceAccount.create({ name: 'external-secrets', namespace: 'external-secrets' }),
      'creating it for the store would collide with the one the operator\'s chart creates'],
    ['existing', () => IdentityServiceAccount.existing('external-secrets', 'external-secrets'),
      'its annotations belong to the operator, and every store would share its rights'],
  ])('a store ServiceAccount (%s) that is the controller\'s own fails the synth', (_, serviceAccount, clash) => {
    // GIVEN
    const c = chart();
    new EsoOperator(c, 'eso', { install: OperatorInstall.flux() });
    new ClusterSecretStore(c, 'aws', {
      provider: sm(),
      identity: StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'store', serviceAccount: serviceAccount() }),
    });

    // THEN
    expect(() => Testing.synth(c)).toThrow(`c/aws: identity.serviceAccount "external-secrets/external-secrets" is the ESO controller's own ServiceAccount (c/eso); ${clash}; `
      + 'for a controller-wide identity use IdentityServiceAccount.controller(), otherwise give the store\'s ServiceAccount another name');
  });

  test('a store ServiceAccount of the same name in another namespace is fine', () => {
    const c = chart();
    new EsoOperator(c, 'eso', { install: OperatorInstall.flux() });
    new SecretStore(c, 'aws', {
      metadata: { name: 'external-secrets' },
      provider: sm(),
      identity: StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'store' }),
    });
    expect(ofKind(Testing.synth(c), 'ServiceAccount').map((sa) => `${sa.metadata.namespace}/${sa.metadata.name}`)).toContain('payments/external-secrets');
  });
});

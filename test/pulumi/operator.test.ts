/**
 * The Pulumi operator under mocks: the pinned chart as a Helm release with core's values, its
 * namespace, a controller-wide IAM role derived from every store that uses it, and ordering.
 */
import type * as pulumi from '@pulumi/pulumi';
import { ACCOUNT, Recorded, ofType, recordResources, valueOf } from './mocks';
import { expectValidEso } from '../support/eso-schema';

const recorded = recordResources();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const esokit: typeof import('../../src/pulumi') = require('../../src/pulumi');

const OIDC = `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/OPERATOR`;
const ISSUER = 'oidc.eks.us-east-1.amazonaws.com/id/OPERATOR';
const sm = () => esokit.SecretStoreProvider.awsSecretsManager({ region: 'us-east-1' });

function only(type: string, name: string): Recorded {
  const found = ofType(recorded, type).filter((r) => r.name === name);
  expect(found).toHaveLength(1);
  return found[0];
}

async function settled(...components: Array<{ resource: pulumi.CustomResource } | { release: pulumi.CustomResource }>): Promise<void> {
  await Promise.all(components.map((c) => valueOf(('resource' in c ? c.resource : c.release).id)));
}

test('installs the pinned chart with core\'s values into its restricted namespace', async () => {
  // GIVEN
  const operator = new esokit.EsoOperator('eso', { replicas: 2, memoryLimit: '256Mi', values: { extraEnv: [{ name: 'A', value: 'b' }] } });

  // WHEN
  await settled(operator);

  // THEN
  expect(only('kubernetes:core/v1:Namespace', 'eso-namespace').inputs.metadata).toEqual({
    name: 'external-secrets',
    labels: { 'pod-security.kubernetes.io/enforce': 'restricted', 'app.kubernetes.io/managed-by': 'esokit' },
  });
  const release = only('kubernetes:helm.sh/v3:Release', 'eso-release').inputs;
  expect(release).toMatchObject({
    name: 'external-secrets',
    chart: 'external-secrets',
    version: '2.9.0',
    repositoryOpts: { repo: 'https://charts.external-secrets.io' },
    namespace: 'external-secrets',
    createNamespace: false,
  });
  expect(release.values).toMatchObject({
    installCRDs: true,
    replicaCount: 2,
    leaderElect: true,
    image: { repository: 'ghcr.io/external-secrets/external-secrets', tag: 'v2.9.0' },
    resources: { limits: { memory: '256Mi' } },
    extraEnv: [{ name: 'A', value: 'b' }],
    securityContext: { runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
  });
  expect(await valueOf(operator.namespace)).toBe('external-secrets');
});

test('a chosen eso release: the chart version and image of that release, repositories in full', async () => {
  // GIVEN
  const operator = new esokit.EsoOperator('newer', { version: '2.14.0', releaseName: 'eso-newer', namespace: 'eso-newer' });

  // WHEN
  await settled(operator);

  // THEN
  const release = only('kubernetes:helm.sh/v3:Release', 'newer-release').inputs;
  expect(operator.version).toBe('2.14.0');
  expect(release.version).toBe('2.14.0');
  expect(release.values.image).toEqual({ repository: 'ghcr.io/external-secrets/external-secrets', tag: 'v2.14.0' });
  expect(release.values.global).toEqual({ imageRegistry: '' });
});

test('a controller-wide IRSA identity: one role for every store that uses it, on the controller\'s ServiceAccount', async () => {
  // GIVEN
  const operator = new esokit.EsoOperator('ctl', {
    namespace: 'eso',
    controllerIdentity: esokit.StoreIdentity.irsa({
      oidcProviderArn: OIDC,
      roleName: 'eso-controller',
      serviceAccount: esokit.IdentityServiceAccount.controller({ namespace: 'eso' }),
    }),
  });
  const a = new esokit.ClusterSecretStore('ctl-a', { provider: sm(), identity: operator.controllerIdentity });
  const b = new esokit.SecretStore('ctl-b', { namespace: 'team', provider: sm(), identity: operator.controllerIdentity });
  const es = new esokit.ExternalSecret('ctl-es', { store: a, namespace: 'team', data: { one: a.ref('shared/one'), two: b.ref('team/two') } });
  operator.seal();

  // WHEN
  await settled(operator, es, b);

  // THEN
  expect(JSON.parse(only('aws:iam/role:Role', 'ctl-role').inputs.assumeRolePolicy).Statement[0].Condition).toEqual({
    StringEquals: { [`${ISSUER}:aud`]: 'sts.amazonaws.com', [`${ISSUER}:sub`]: 'system:serviceaccount:eso:external-secrets' },
  });
  expect(JSON.parse(only('aws:iam/rolePolicy:RolePolicy', 'ctl-policy').inputs.policy).Statement).toEqual([{
    Sid: 'ReadSecrets',
    Effect: 'Allow',
    Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
    Resource: [
      `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:shared/one-??????`,
      `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:team/two-??????`,
    ],
  }]);
  expect(only('kubernetes:helm.sh/v3:Release', 'ctl-release').inputs.values.serviceAccount).toEqual({
    create: true,
    name: 'external-secrets',
    annotations: { 'eks.amazonaws.com/role-arn': `arn:aws:iam::${ACCOUNT}:role/eso-controller` },
  });
  // The stores use the controller's own identity (no auth block) and create nothing of their own.
  const stores = [only('kubernetes:external-secrets.io/v1:ClusterSecretStore', 'ctl-a-cluster-secret-store'), only('kubernetes:external-secrets.io/v1:SecretStore', 'ctl-b-secret-store')];
  stores.forEach((s) => expect(s.inputs.spec.provider.aws.auth).toBeUndefined());
  expectValidEso(stores.map((s) => s.inputs));
  expect(recorded.filter((r) => /^ctl-[ab]-/.test(r.name) && r.type.startsWith('aws:'))).toEqual([]);
  expect(await valueOf(operator.roleArn!)).toBe(`arn:aws:iam::${ACCOUNT}:role/eso-controller`);
  // Release after the role; stores after the release.
  const order = recorded.map((r) => r.name);
  expect(order.indexOf('ctl-policy')).toBeLessThan(order.indexOf('ctl-release'));
  expect(order.indexOf('ctl-release')).toBeLessThan(order.indexOf('ctl-a-cluster-secret-store'));
  expect(order.indexOf('ctl-release')).toBeLessThan(order.indexOf('ctl-b-secret-store'));
});

test('a controller-wide Pod Identity is associated with the controller\'s ServiceAccount', async () => {
  // GIVEN
  const operator = new esokit.EsoOperator('pod', {
    controllerIdentity: esokit.StoreIdentity.podIdentity({ clusterName: 'prod', account: ACCOUNT, roleName: 'eso-pod' }),
  });
  const store = new esokit.ClusterSecretStore('pod-store', { provider: sm(), identity: operator.controllerIdentity });
  const es = new esokit.ExternalSecret('pod-es', { store, namespace: 'x', data: { a: store.ref('x/a') } });
  operator.seal();

  // WHEN
  await settled(operator, es);

  // THEN
  expect(only('aws:eks/podIdentityAssociation:PodIdentityAssociation', 'pod-pod-identity').inputs).toEqual({
    clusterName: 'prod',
    namespace: 'external-secrets',
    serviceAccount: 'external-secrets',
    roleArn: `arn:aws:iam::${ACCOUNT}:role/eso-pod`,
  });
  expect(only('kubernetes:helm.sh/v3:Release', 'pod-release').inputs.values.serviceAccount.annotations).toEqual({});
});

test('stores and ExternalSecrets given the operator as a dependency register after its release', async () => {
  // GIVEN
  const operator = new esokit.EsoOperator('dep');
  const store = new esokit.SecretStore('dep-store', { namespace: 'p', provider: sm() }, { dependsOn: [operator] });
  const es = new esokit.ExternalSecret('dep-es', { store, data: { a: store.ref('a') } }, { dependsOn: [operator] });

  // WHEN
  await settled(es);

  // THEN
  const order = recorded.map((r) => r.name);
  expect(order.indexOf('dep-release')).toBeLessThan(order.indexOf('dep-store-secret-store'));
  expect(order.indexOf('dep-release')).toBeLessThan(order.indexOf('dep-es-external-secret'));
});

describe('errors', () => {
  test.each<[string, () => unknown, string]>([
    ['a vault identity as the controller identity',
      () => new esokit.EsoOperator('e1', { controllerIdentity: esokit.StoreIdentity.vaultKubernetes({ role: 'r', serviceAccount: esokit.IdentityServiceAccount.controller() }) }),
      'e1: controllerIdentity is a vault kubernetes identity, but the operator creates iam roles only; give stores their own vault identities'],
    ['an identity with its own ServiceAccount',
      () => new esokit.EsoOperator('e2', { controllerIdentity: esokit.StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'r' }) }),
      'e2: controllerIdentity must use the controller\'s ServiceAccount; give it serviceAccount: IdentityServiceAccount.controller()'],
    ['an identity naming another controller ServiceAccount',
      () => new esokit.EsoOperator('e3', {
        namespace: 'eso',
        controllerIdentity: esokit.StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'r', serviceAccount: esokit.IdentityServiceAccount.controller() }),
      }),
      'e3: controllerIdentity names the controller ServiceAccount external-secrets/external-secrets, but the operator runs as eso/external-secrets; '
      + 'give IdentityServiceAccount.controller() the operator\'s name and namespace'],
    ['an option core rejects', () => new esokit.EsoOperator('e4', { replicas: 0 }), 'e4: replicas 0 is not a whole number of 1 or more; use e.g. 1'],
    ['a store of that operator whose Pod Identity association names another controller ServiceAccount',
      () => new esokit.ClusterSecretStore('e6-store', {
        provider: sm(),
        identity: esokit.StoreIdentity.podIdentity({ clusterName: 'prod', account: '123456789012', roleName: 'r' }),
      }, { dependsOn: [new esokit.EsoOperator('e6', { namespace: 'eso' })] }),
      'e6: store e6-store uses the controller ServiceAccount external-secrets/external-secrets, but this operator runs as eso/external-secrets; '
      + 'give IdentityServiceAccount.controller() the operator\'s name and namespace'],
    ['a store of that operator creating the controller\'s own ServiceAccount',
      () => new esokit.SecretStore('e7-store', {
        namespace: 'external-secrets',
        name: 'external-secrets',
        provider: sm(),
        identity: esokit.StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'r' }),
      }, { dependsOn: [new esokit.EsoOperator('e7')] }),
      'e7-store: identity.serviceAccount "external-secrets/external-secrets" is the ESO controller\'s own ServiceAccount (e7); '
      + 'creating it for the store would collide with the one the operator\'s chart creates; '
      + 'for a controller-wide identity use IdentityServiceAccount.controller(), otherwise give the store\'s ServiceAccount another name'],
  ])('%s', (_, fn, message) => {
    expect(fn).toThrow(message);
  });

  test('an identity a store already created its role for', async () => {
    const identity = esokit.StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'taken', serviceAccount: esokit.IdentityServiceAccount.controller() });
    const store = new esokit.ClusterSecretStore('taken-store', { provider: sm(), identity });
    const es = new esokit.ExternalSecret('taken-es', { store, namespace: 'x', data: { a: store.ref('x/a') } });
    expect(() => new esokit.EsoOperator('e5', { controllerIdentity: identity }))
      .toThrow('e5: the identity is already used by a store, which created its role; give the operator its own StoreIdentity');
    store.seal();
    await settled(es);
  });
});

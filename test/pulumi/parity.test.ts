/**
 * Parity: the same declarations given to the cdk8s constructs and to the Pulumi components give
 * identical ESO specs, IAM policy and trust documents, and Vault policies and roles.
 */
import { Chart, Duration, Testing } from 'cdk8s';
import { Recorded, ofType, recordResources, valueOf } from './mocks';
import * as cdk8s from '../../src';
import { onlyOfKind, synthValid } from '../support/synth';

const recorded = recordResources();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pulumi: typeof import('../../src/pulumi') = require('../../src/pulumi');

const OIDC = 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/PARITY';
const KMS = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** The one recorded resource of a type whose name starts with `prefix`. */
function only(type: string, prefix: string): Recorded {
  const found = ofType(recorded, type).filter((r) => r.name.startsWith(prefix));
  expect(found).toHaveLength(1);
  return found[0];
}

function chart(): Chart {
  return new Chart(Testing.app(), 'parity', { namespace: 'payments' });
}

test('aws secrets manager with irsa: refs, versions, a path find and a kms key', async () => {
  // The shared declaration.
  const provider = () => cdk8s.SecretStoreProvider.awsSecretsManager({ region: 'eu-west-1', kmsKeyArns: [KMS] });
  const role = { oidcProviderArn: OIDC, roleName: 'payments-eso', tags: { team: 'payments' } };
  const data = (store: { ref: typeof cdk8s.SecretStore.prototype.ref }) => ({
    DB_PASSWORD: store.ref('payments/db', { property: 'password' }),
    API_KEY: store.ref('payments/api', { version: 'AWSPREVIOUS' }),
  });
  const find = { path: 'payments/flags/', nameRegexp: '^flag-' };

  // cdk8s
  const c = chart();
  const cStore = new cdk8s.SecretStore(c, 'aws', { metadata: { name: 'aws' }, provider: provider(), identity: cdk8s.StoreIdentity.irsa(role) });
  new cdk8s.ExternalSecret(c, 'app', {
    metadata: { name: 'app' },
    store: cStore,
    refreshInterval: Duration.hours(1),
    data: data(cStore),
    dataFrom: [cStore.find(find)],
  });
  const manifests = synthValid(c);

  // Pulumi
  const pStore = new pulumi.SecretStore('aws', { namespace: 'payments', provider: provider(), identity: pulumi.StoreIdentity.irsa(role) });
  const pApp = new pulumi.ExternalSecret('app', { store: pStore, refreshInterval: '1h', data: data(pStore), dataFrom: [pStore.find(find)] });
  pStore.seal();
  await valueOf(pApp.resource.id);

  // THEN
  expect(only('kubernetes:external-secrets.io/v1:SecretStore', 'aws').inputs.spec).toEqual(onlyOfKind(manifests, 'SecretStore').spec);
  expect(only('kubernetes:external-secrets.io/v1:ExternalSecret', 'app').inputs.spec).toEqual(onlyOfKind(manifests, 'ExternalSecret').spec);
  expect(JSON.parse(only('aws:iam/rolePolicy:RolePolicy', 'aws').inputs.policy)).toEqual(cStore.identity.policyDocument);
  expect(JSON.parse(only('aws:iam/role:Role', 'aws').inputs.assumeRolePolicy)).toEqual(cStore.identity.trustPolicyDocument);
  expect(await valueOf(pStore.policyJson!)).toBe(cStore.identity.policyJson);
  expect(await valueOf(pStore.trustPolicyJson!)).toBe(cStore.identity.trustPolicyJson);
  expect(await valueOf(pStore.roleArn!)).toBe(cStore.identity.roleArn);
  expect(only('kubernetes:core/v1:ServiceAccount', 'aws').inputs.metadata).toEqual({
    ...onlyOfKind(manifests, 'ServiceAccount').metadata,
  });
});

test('vault kv v2 with kubernetes auth: refs, metadata fetch and a path find', async () => {
  const provider = () => cdk8s.SecretStoreProvider.vault({ server: 'https://vault.example.com:8200', path: 'kv', version: cdk8s.VaultKvVersion.V2 });
  const identity = { role: 'payments-eso', mountPath: 'k8s', tokenTtl: 900, audience: 'vault-prod' };
  const data = (store: { ref: typeof cdk8s.SecretStore.prototype.ref }) => ({
    password: store.ref('payments/db', { property: 'password' }),
    owner: store.ref('payments/db', { metadataPolicy: cdk8s.MetadataPolicy.FETCH, property: 'owner' }),
  });
  const find = { path: 'payments/shared', nameRegexp: '.*' };

  // cdk8s
  const c = chart();
  const cStore = new cdk8s.SecretStore(c, 'vault', {
    metadata: { name: 'vault' },
    provider: provider(),
    identity: cdk8s.StoreIdentity.vaultKubernetes({ ...identity, tokenTtl: Duration.seconds(identity.tokenTtl) }),
  });
  new cdk8s.ExternalSecret(c, 'db', { metadata: { name: 'db' }, store: cStore, data: data(cStore), dataFrom: [cStore.find(find)] });
  const manifests = synthValid(c);

  // Pulumi
  const pStore = new pulumi.SecretStore('vault', { namespace: 'payments', provider: provider(), identity: pulumi.StoreIdentity.vaultKubernetes(identity) });
  const pDb = new pulumi.ExternalSecret('db', { store: pStore, data: data(pStore), dataFrom: [pStore.find(find)] });
  pStore.seal();
  await valueOf(pDb.resource.id);

  // THEN
  expect(only('kubernetes:external-secrets.io/v1:SecretStore', 'vault').inputs.spec).toEqual(onlyOfKind(manifests, 'SecretStore').spec);
  expect(only('kubernetes:external-secrets.io/v1:ExternalSecret', 'db').inputs.spec).toEqual(onlyOfKind(manifests, 'ExternalSecret').spec);
  expect(only('vault:index/policy:Policy', 'vault').inputs).toEqual({ name: cStore.identity.vaultPolicyName, policy: cStore.identity.vaultPolicyHcl });
  const r = cStore.identity.vaultRole;
  expect(only('vault:kubernetes/authBackendRole:AuthBackendRole', 'vault').inputs).toEqual({
    backend: r.mountPath,
    roleName: r.name,
    boundServiceAccountNames: r.boundServiceAccountNames,
    boundServiceAccountNamespaces: r.boundServiceAccountNamespaces,
    tokenPolicies: r.tokenPolicies,
    audience: r.audience,
    tokenTtl: r.tokenTtl,
  });
});

test('parameter store ClusterSecretStore with eks pod identity and conditions', async () => {
  const provider = () => cdk8s.SecretStoreProvider.awsParameterStore({ region: 'eu-west-1' });
  const identity = { clusterName: 'prod', account: '123456789012', roleName: 'shared-ps' };
  const conditions = [{ namespaces: ['payments'] }, { namespaceRegexes: ['^team-'] }];

  // cdk8s
  const c = chart();
  const cStore = new cdk8s.ClusterSecretStore(c, 'ps', { metadata: { name: 'ps' }, provider: provider(), conditions, identity: cdk8s.StoreIdentity.podIdentity(identity) });
  new cdk8s.ExternalSecret(c, 'cfg', {
    metadata: { name: 'cfg' },
    store: cStore,
    data: { URL: cStore.ref('/payments/url') },
    dataFrom: [cStore.find({ path: '/payments/flags' })],
  });
  const manifests = synthValid(c);

  // Pulumi
  const pStore = new pulumi.ClusterSecretStore('ps', { provider: provider(), conditions, identity: pulumi.StoreIdentity.podIdentity(identity) });
  const pCfg = new pulumi.ExternalSecret('cfg', {
    store: pStore,
    namespace: 'payments',
    data: { URL: pStore.ref('/payments/url') },
    dataFrom: [pStore.find({ path: '/payments/flags' })],
  });
  pStore.seal();
  await valueOf(pCfg.resource.id);

  // THEN
  expect(only('kubernetes:external-secrets.io/v1:ClusterSecretStore', 'ps').inputs.spec).toEqual(onlyOfKind(manifests, 'ClusterSecretStore').spec);
  expect(only('kubernetes:external-secrets.io/v1:ExternalSecret', 'cfg').inputs.spec).toEqual(onlyOfKind(manifests, 'ExternalSecret').spec);
  expect(JSON.parse(only('aws:iam/rolePolicy:RolePolicy', 'ps').inputs.policy)).toEqual(cStore.identity.policyDocument);
  expect(JSON.parse(only('aws:iam/role:Role', 'ps').inputs.assumeRolePolicy)).toEqual(cStore.identity.trustPolicyDocument);
});

test('the controller install: the Flux HelmRelease, the Argo CD Application and the Pulumi Helm release get the same chart values', async () => {
  const options = {
    replicas: 2,
    scopedNamespace: 'payments',
    logLevel: cdk8s.EsoLogLevel.DEBUG,
    memoryLimit: '256Mi',
    tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'platform', effect: 'NoSchedule' }],
    controllerRoleArn: 'arn:aws:iam::123456789012:role/eso-controller',
    values: { extraEnv: [{ name: 'HTTPS_PROXY', value: 'http://proxy:3128' }] },
  };

  // cdk8s
  const flux = chart();
  new cdk8s.EsoOperator(flux, 'eso', { install: cdk8s.OperatorInstall.flux(), ...options });
  const argo = chart();
  new cdk8s.EsoOperator(argo, 'eso', { install: cdk8s.OperatorInstall.argoCd(), ...options });

  // Pulumi
  const operator = new pulumi.EsoOperator('parity-eso', options);
  await valueOf(operator.release.id);

  // THEN
  const released = only('kubernetes:helm.sh/v3:Release', 'parity-eso').inputs;
  expect(released.values).toEqual(onlyOfKind(synthValid(flux), 'HelmRelease').spec.values);
  expect(released.values).toEqual(onlyOfKind(synthValid(argo), 'Application').spec.source.helm.valuesObject);
  expect(released.values.serviceAccount.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/eso-controller' });
});

test('kubernetes provider with a kubernetes service account identity: the same store spec, ServiceAccount, Role rules and RoleBinding', async () => {
  const provider = () => cdk8s.SecretStoreProvider.kubernetes({
    server: 'https://kubernetes.default.svc',
    remoteNamespace: 'shared',
    caProvider: { type: cdk8s.CaProviderType.CONFIG_MAP, name: 'kube-root-ca.crt', key: 'ca.crt' },
  });
  const data = (store: { ref: typeof cdk8s.SecretStore.prototype.ref }) => ({
    PASSWORD: store.ref('db', { property: 'password' }),
    CA: store.ref('tls', { property: 'ca.crt' }),
  });
  const find = { tags: { team: 'payments' } };

  // cdk8s
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  const c = chart();
  const cStore = new cdk8s.SecretStore(c, 'k8s', {
    metadata: { name: 'k8s' },
    provider: provider(),
    identity: cdk8s.StoreIdentity.kubernetesServiceAccount({ roleName: 'payments-reader', allowUnscopedFind: true }),
  });
  new cdk8s.ExternalSecret(c, 'kube', { metadata: { name: 'kube' }, store: cStore, data: data(cStore), dataFrom: [cStore.find(find)] });
  const manifests = synthValid(c);

  // Pulumi
  const pStore = new pulumi.SecretStore('k8s', {
    namespace: 'payments',
    provider: provider(),
    identity: pulumi.StoreIdentity.kubernetesServiceAccount({ roleName: 'payments-reader', allowUnscopedFind: true }),
  });
  const pKube = new pulumi.ExternalSecret('kube', { store: pStore, data: data(pStore), dataFrom: [pStore.find(find)] });
  pStore.seal();
  await valueOf(pKube.resource.id);
  warn.mockRestore();

  // THEN
  expect(only('kubernetes:external-secrets.io/v1:SecretStore', 'k8s').inputs.spec).toEqual(onlyOfKind(manifests, 'SecretStore').spec);
  expect(only('kubernetes:external-secrets.io/v1:ExternalSecret', 'kube').inputs.spec).toEqual(onlyOfKind(manifests, 'ExternalSecret').spec);
  // Pulumi's ServiceAccount carries an empty annotations map; nothing else differs.
  const { annotations, ...saMetadata } = only('kubernetes:core/v1:ServiceAccount', 'k8s').inputs.metadata;
  expect(annotations).toEqual({});
  expect({ ...only('kubernetes:core/v1:ServiceAccount', 'k8s').inputs, metadata: saMetadata }).toEqual(onlyOfKind(manifests, 'ServiceAccount'));
  expect(only('kubernetes:rbac.authorization.k8s.io/v1:Role', 'k8s').inputs).toEqual(onlyOfKind(manifests, 'Role'));
  expect(only('kubernetes:rbac.authorization.k8s.io/v1:RoleBinding', 'k8s').inputs).toEqual(onlyOfKind(manifests, 'RoleBinding'));
  expect(await valueOf(pStore.rbacRules!)).toEqual(cStore.identity.rbacRules);
  expect(cStore.identity.rbacRules).toEqual([
    { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] },
  ]);
});

test('fake provider: the same store spec', async () => {
  const provider = () => cdk8s.SecretStoreProvider.fakeWithValuesInManifest({
    acknowledgeValuesInManifest: true,
    data: [{ key: 'db', value: '{"password":"demo"}' }, { key: 'token', value: 't2', version: '2' }],
    validationResult: cdk8s.FakeValidationResult.ERROR,
  });

  // cdk8s
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  const c = chart();
  const cStore = new cdk8s.ClusterSecretStore(c, 'fake', { metadata: { name: 'fake' }, provider: provider() });
  new cdk8s.ExternalSecret(c, 'demo', { metadata: { name: 'demo' }, store: cStore, data: { P: cStore.ref('db', { property: 'password' }), T: cStore.ref('token', { version: '2' }) } });
  const manifests = synthValid(c);

  // Pulumi
  const pStore = new pulumi.ClusterSecretStore('fake', { provider: provider() });
  const pDemo = new pulumi.ExternalSecret('demo', { store: pStore, namespace: 'payments', data: { P: pStore.ref('db', { property: 'password' }), T: pStore.ref('token', { version: '2' }) } });
  await valueOf(pDemo.resource.id);
  warn.mockRestore();

  // THEN
  expect(only('kubernetes:external-secrets.io/v1:ClusterSecretStore', 'fake').inputs.spec).toEqual(onlyOfKind(manifests, 'ClusterSecretStore').spec);
  expect(only('kubernetes:external-secrets.io/v1:ExternalSecret', 'demo').inputs.spec).toEqual(onlyOfKind(manifests, 'ExternalSecret').spec);
});

test('store.identity on a store without one: the same esokit error in both, and hasIdentity to ask first', async () => {
  // GIVEN
  const provider = () => cdk8s.SecretStoreProvider.awsSecretsManager({ region: 'eu-west-1' });
  const cStore = new cdk8s.SecretStore(chart(), 'plain', { provider: provider() });
  const pStore = new pulumi.SecretStore('plain', { namespace: 'payments', provider: provider() });
  const cWith = new cdk8s.SecretStore(chart(), 'with', { provider: provider(), identity: cdk8s.StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'r' }) });
  const pIdentity = pulumi.StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'r' });
  const pWith = new pulumi.SecretStore('with', { namespace: 'payments', provider: provider(), identity: pIdentity });
  const pApp = new pulumi.ExternalSecret('with-app', { store: pWith, data: { A: pWith.ref('a') } });
  pWith.seal();
  await valueOf(pApp.resource.id);

  // THEN
  const message = 'the store has no identity; give it one with the identity prop (e.g. StoreIdentity.irsa({...})) to derive its permissions';
  expect(() => cStore.identity).toThrow(`parity/plain: ${message}`);
  expect(() => pStore.identity).toThrow(`plain: ${message}`);
  expect([cStore.hasIdentity, pStore.hasIdentity, cWith.hasIdentity, pWith.hasIdentity]).toEqual([false, false, true, true]);
  expect(pWith.identity).toBe(pIdentity);
  expect(cWith.identity.roleArn).toBe('arn:aws:iam::123456789012:role/r');
});

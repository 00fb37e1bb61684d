/**
 * esokit/pulumi under mocks: the resources each component registers, asserted by type token, with
 * exact trust policies, policy statements and Vault role bindings, and their dependency order.
 */
import type * as pulumi from '@pulumi/pulumi';
import { ACCOUNT, AUTONAME_SUFFIX, Recorded, ofType, recordResources, valueOf } from './mocks';
import { expectValidEso } from '../support/eso-schema';

const recorded = recordResources();
/* eslint-disable @typescript-eslint/no-require-imports -- loaded after the mocks are set, as Pulumi requires */
const aws: typeof import('@pulumi/aws') = require('@pulumi/aws');
const k8s: typeof import('@pulumi/kubernetes') = require('@pulumi/kubernetes');
const sdk: typeof import('@pulumi/pulumi') = require('@pulumi/pulumi');
const esokit: typeof import('../../src/pulumi') = require('../../src/pulumi');
/* eslint-enable @typescript-eslint/no-require-imports */

const OIDC = `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC123`;
const ISSUER = 'oidc.eks.us-east-1.amazonaws.com/id/ABC123';
const sm = () => esokit.SecretStoreProvider.awsSecretsManager({ region: 'us-east-1' });
const kv = () => esokit.SecretStoreProvider.vault({ server: 'https://vault.example.com:8200', path: 'secret' });

/** Waits until the ESO objects (and so everything they depend on) of these components are registered. */
async function settled(...components: Array<{ resource: pulumi.CustomResource }>): Promise<Recorded[]> {
  await Promise.all(components.map((s) => valueOf(s.resource.id)));
  return recorded;
}

/** The one recorded resource of a type whose name starts with `prefix`. */
function only(type: string, prefix: string): Recorded {
  const found = ofType(recorded, type).filter((r) => r.name.startsWith(prefix));
  expect(found).toHaveLength(1);
  return found[0];
}

describe('SecretStore with an IRSA identity', () => {
  test('registers ServiceAccount, role, inline policy, store and ExternalSecret with exact documents', async () => {
    // GIVEN
    const store = new esokit.SecretStore('irsa', {
      namespace: 'payments',
      provider: sm(),
      identity: esokit.StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'payments-eso', tags: { team: 'platform' } }),
    });
    const db = new esokit.ExternalSecret('irsa-db', {
      store,
      refreshInterval: '1h',
      data: {
        password: store.ref('/production/db', { property: 'password' }),
        username: store.ref('/production/db', { property: 'username' }),
      },
    });
    store.seal();

    // WHEN
    await settled(db);

    // THEN
    expect(only('kubernetes:core/v1:ServiceAccount', 'irsa').inputs).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'irsa', namespace: 'payments', annotations: { 'eks.amazonaws.com/role-arn': `arn:aws:iam::${ACCOUNT}:role/payments-eso` } },
      automountServiceAccountToken: false,
    });
    const role = only('aws:iam/role:Role', 'irsa').inputs;
    expect(role.name).toBe('payments-eso');
    expect(role.path).toBe('/');
    expect(role.tags).toEqual({ team: 'platform' });
    expect(JSON.parse(role.assumeRolePolicy)).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Principal: { Federated: OIDC },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${ISSUER}:aud`]: 'sts.amazonaws.com', [`${ISSUER}:sub`]: 'system:serviceaccount:payments:irsa' } },
      }],
    });
    const policy = only('aws:iam/rolePolicy:RolePolicy', 'irsa').inputs;
    expect(policy.role).toBe('payments-eso');
    expect(policy.name).toBe('external-secrets-read');
    expect(JSON.parse(policy.policy)).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Sid: 'ReadSecrets',
        Effect: 'Allow',
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
        Resource: [`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:/production/db-??????`],
      }],
    });
    const storeObject = only('kubernetes:external-secrets.io/v1:SecretStore', 'irsa').inputs;
    expect(storeObject.metadata).toEqual({ name: 'irsa', namespace: 'payments' });
    expect(storeObject.spec.provider.aws.auth).toEqual({ jwt: { serviceAccountRef: { name: 'irsa' } } });
    const es = only('kubernetes:external-secrets.io/v1:ExternalSecret', 'irsa-db').inputs;
    expect(es.metadata).toEqual({ name: 'irsa-db', namespace: 'payments' });
    expect(es.spec.secretStoreRef).toEqual({ kind: 'SecretStore', name: 'irsa' });
    expectValidEso([storeObject, es]);

    // The outputs are the created resources' and the derived documents.
    expect(await valueOf(store.roleArn!)).toBe(`arn:aws:iam::${ACCOUNT}:role/payments-eso`);
    expect(JSON.parse(await valueOf(store.policyJson!))).toEqual(JSON.parse(policy.policy));
    expect(JSON.parse(await valueOf(store.trustPolicyJson!))).toEqual(JSON.parse(role.assumeRolePolicy));
    expect(await valueOf(store.serviceAccountName!)).toBe('irsa');
    expect(await valueOf(db.secretName)).toBe('irsa-db');
    expect(store.vaultPolicyHcl).toBeUndefined();
  });

  test('a ClusterSecretStore names its ServiceAccount\'s namespace; an ExternalSecret gives its own', async () => {
    // GIVEN
    const store = new esokit.ClusterSecretStore('shared', {
      name: 'shared-aws',
      provider: sm(),
      conditions: [{ namespaces: ['orders'] }],
      identity: esokit.StoreIdentity.irsa({
        oidcProviderArn: OIDC,
        roleName: 'shared-eso',
        serviceAccount: esokit.IdentityServiceAccount.create({ name: 'shared-eso', namespace: 'external-secrets' }),
      }),
    });
    const api = new esokit.ExternalSecret('shared-api', {
      store,
      namespace: 'orders',
      data: { token: store.ref('orders/api-token') },
    });
    store.seal();

    // WHEN
    await settled(api);

    // THEN
    const storeObject = only('kubernetes:external-secrets.io/v1:ClusterSecretStore', 'shared').inputs;
    expect(storeObject.metadata).toEqual({ name: 'shared-aws' });
    expect(storeObject.spec.provider.aws.auth).toEqual({ jwt: { serviceAccountRef: { name: 'shared-eso', namespace: 'external-secrets' } } });
    expect(storeObject.spec.conditions).toEqual([{ namespaces: ['orders'] }]);
    expect(JSON.parse(only('aws:iam/role:Role', 'shared').inputs.assumeRolePolicy).Statement[0].Condition.StringEquals[`${ISSUER}:sub`])
      .toBe('system:serviceaccount:external-secrets:shared-eso');
    const es = only('kubernetes:external-secrets.io/v1:ExternalSecret', 'shared-api').inputs;
    expect(es.metadata.namespace).toBe('orders');
    expect(es.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'shared-aws' });
    expectValidEso([storeObject, es]);
  });

  test('inputs may be Outputs: the OIDC provider ARN and the namespace resolve before derivation', async () => {
    // GIVEN
    const oidc = Promise.resolve(OIDC);
    const namespace = Promise.resolve('late');
    const store = new esokit.SecretStore('outputs', {
      namespace,
      provider: sm(),
      identity: esokit.StoreIdentity.irsa({ oidcProviderArn: oidc, roleName: 'late-eso' }),
    });
    const es = new esokit.ExternalSecret('outputs-es', { store, data: { key: store.ref('late/key') } });
    store.seal();

    // WHEN
    await settled(es);

    // THEN
    expect(JSON.parse(only('aws:iam/role:Role', 'outputs').inputs.assumeRolePolicy).Statement[0].Condition.StringEquals[`${ISSUER}:sub`])
      .toBe('system:serviceaccount:late:outputs');
    expect(only('kubernetes:external-secrets.io/v1:ExternalSecret', 'outputs-es').inputs.metadata.namespace).toBe('late');
  });

  test('only the ExternalSecrets reading through a store shape its policy', async () => {
    // GIVEN
    const a = new esokit.SecretStore('only-a', {
      namespace: 'x',
      provider: sm(),
      identity: esokit.StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'only-a' }),
    });
    const b = new esokit.SecretStore('only-b', {
      namespace: 'x',
      provider: sm(),
      identity: esokit.StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'only-b' }),
    });
    const es = new esokit.ExternalSecret('only-es', {
      store: a,
      data: { one: a.ref('a/one'), two: b.ref('b/two') },
    });
    a.seal();
    b.seal();

    // WHEN
    await settled(es, b);

    // THEN
    const resources = (prefix: string) => JSON.parse(only('aws:iam/rolePolicy:RolePolicy', prefix).inputs.policy).Statement[0].Resource;
    expect(resources('only-a')).toEqual([`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:a/one-??????`]);
    expect(resources('only-b')).toEqual([`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:b/two-??????`]);
    const spec = only('kubernetes:external-secrets.io/v1:ExternalSecret', 'only-es').inputs.spec;
    expect(spec.data[1].sourceRef).toEqual({ storeRef: { kind: 'SecretStore', name: 'only-b' } });
  });
});

describe('physical names', () => {
  test('without roleName the role is auto-named by Pulumi, and the ServiceAccount and outputs take its ARN', async () => {
    // GIVEN
    const store = new esokit.SecretStore('auto', { namespace: 'payments', provider: sm(), identity: esokit.StoreIdentity.irsa({ oidcProviderArn: OIDC }) });
    const es = new esokit.ExternalSecret('auto-es', { store, data: { a: store.ref('auto/a') } });
    store.seal();

    // WHEN
    await settled(es);

    // THEN
    const arn = `arn:aws:iam::${ACCOUNT}:role/auto-role-${AUTONAME_SUFFIX}`;
    const role = only('aws:iam/role:Role', 'auto').inputs;
    expect(role.name).toBeUndefined();
    expect(only('aws:iam/rolePolicy:RolePolicy', 'auto').inputs.role).toBe(`auto-role-${AUTONAME_SUFFIX}`);
    expect(only('kubernetes:core/v1:ServiceAccount', 'auto').inputs.metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': arn });
    expect(await valueOf(store.roleArn!)).toBe(arn);
    // The policies stay exact.
    expect(JSON.parse(only('aws:iam/rolePolicy:RolePolicy', 'auto').inputs.policy).Statement[0].Resource)
      .toEqual([`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:auto/a-??????`]);
    expect(JSON.parse(role.assumeRolePolicy).Statement[0].Condition.StringEquals[`${ISSUER}:sub`]).toBe('system:serviceaccount:payments:auto');
  });

  test('the role path and tags may be Outputs of other resources', async () => {
    // GIVEN
    const store = new esokit.SecretStore('tagged', {
      namespace: 'payments',
      provider: sm(),
      identity: esokit.StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'tagged', rolePath: sdk.output('/eso/'), tags: sdk.output({ team: sdk.output('platform') }) }),
    });
    const es = new esokit.ExternalSecret('tagged-es', { store, data: { a: store.ref('tagged/a') } });
    store.seal();

    // WHEN
    await settled(es);

    // THEN
    const role = only('aws:iam/role:Role', 'tagged').inputs;
    expect(role.path).toBe('/eso/');
    expect(role.tags).toEqual({ team: 'platform' });
    expect(only('kubernetes:core/v1:ServiceAccount', 'tagged').inputs.metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': `arn:aws:iam::${ACCOUNT}:role/eso/tagged` });
  });

  test('a Pod Identity role without roleName is auto-named and associated by its ARN', async () => {
    // GIVEN
    const store = new esokit.ClusterSecretStore('auto-pod', {
      provider: sm(),
      identity: esokit.StoreIdentity.podIdentity({ clusterName: 'prod', account: ACCOUNT }),
    });
    const es = new esokit.ExternalSecret('auto-pod-es', { store, namespace: 'x', data: { a: store.ref('x/a') } });
    store.seal();

    // WHEN
    await settled(es);

    // THEN
    expect(only('aws:iam/role:Role', 'auto-pod').inputs.name).toBeUndefined();
    expect(only('aws:eks/podIdentityAssociation:PodIdentityAssociation', 'auto-pod').inputs.roleArn).toBe(`arn:aws:iam::${ACCOUNT}:role/auto-pod-role-${AUTONAME_SUFFIX}`);
  });
});

describe('SecretStore with an EKS Pod Identity identity', () => {
  test('the role trusts pods.eks.amazonaws.com and is associated with the controller ServiceAccount', async () => {
    // GIVEN
    const store = new esokit.SecretStore('pod', {
      namespace: 'payments',
      provider: esokit.SecretStoreProvider.awsParameterStore({ region: 'eu-west-1' }),
      identity: esokit.StoreIdentity.podIdentity({ clusterName: Promise.resolve('prod'), account: ACCOUNT, roleName: 'pod-eso' }),
    });
    const es = new esokit.ExternalSecret('pod-es', { store, data: { url: store.ref('/payments/url') } });
    store.seal();

    // WHEN
    await settled(es);

    // THEN
    expect(ofType(recorded, 'kubernetes:core/v1:ServiceAccount').filter((r) => r.name.startsWith('pod'))).toEqual([]);
    expect(JSON.parse(only('aws:iam/role:Role', 'pod').inputs.assumeRolePolicy)).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Principal: { Service: 'pods.eks.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: {
          StringEquals: {
            'aws:RequestTag/eks-cluster-name': 'prod',
            'aws:RequestTag/kubernetes-namespace': 'external-secrets',
            'aws:RequestTag/kubernetes-service-account': 'external-secrets',
          },
        },
      }],
    });
    expect(JSON.parse(only('aws:iam/rolePolicy:RolePolicy', 'pod').inputs.policy).Statement).toEqual([{
      Sid: 'ReadParameters',
      Effect: 'Allow',
      Action: ['ssm:GetParameter'],
      Resource: [`arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/payments/url`],
    }]);
    expect(only('aws:eks/podIdentityAssociation:PodIdentityAssociation', 'pod').inputs).toEqual({
      clusterName: 'prod',
      namespace: 'external-secrets',
      serviceAccount: 'external-secrets',
      roleArn: `arn:aws:iam::${ACCOUNT}:role/pod-eso`,
    });
    expect(only('kubernetes:external-secrets.io/v1:SecretStore', 'pod').inputs.spec.provider.aws.auth).toBeUndefined();
  });
});

describe('SecretStore with a Vault Kubernetes-auth identity', () => {
  test('registers the derived policy and a role bound to exactly the store\'s ServiceAccount', async () => {
    // GIVEN
    const mount = Promise.resolve('k8s-prod');
    const store = new esokit.SecretStore('vault', {
      namespace: 'payments',
      provider: kv(),
      identity: esokit.StoreIdentity.vaultKubernetes({ role: 'payments-eso', mountPath: mount, tokenTtl: 600, tokenReviewerBinding: true }),
    });
    const es = new esokit.ExternalSecret('vault-es', {
      store,
      data: { password: store.ref('payments/db', { property: 'password' }) },
    });
    store.seal();

    // WHEN
    await settled(es);

    // THEN
    expect(only('vault:index/policy:Policy', 'vault').inputs).toEqual({
      name: 'payments-eso',
      policy: 'path "secret/data/payments/db" {\n  capabilities = ["read"]\n}\n',
    });
    expect(only('vault:kubernetes/authBackendRole:AuthBackendRole', 'vault').inputs).toEqual({
      backend: 'k8s-prod',
      roleName: 'payments-eso',
      boundServiceAccountNames: ['vault'],
      boundServiceAccountNamespaces: ['payments'],
      tokenPolicies: ['payments-eso'],
      audience: 'vault',
      tokenTtl: 600,
    });
    expect(only('kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding', 'vault').inputs).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:auth-delegator' },
      subjects: [{ kind: 'ServiceAccount', name: 'vault', namespace: 'payments' }],
    });
    const storeObject = only('kubernetes:external-secrets.io/v1:SecretStore', 'vault').inputs;
    expect(storeObject.spec.provider.vault.auth).toEqual({
      kubernetes: { mountPath: 'k8s-prod', role: 'payments-eso', serviceAccountRef: { name: 'vault', audiences: ['vault'] } },
    });
    expectValidEso([storeObject]);
    expect(await valueOf(store.vaultPolicyHcl!)).toBe('path "secret/data/payments/db" {\n  capabilities = ["read"]\n}\n');
    expect(await valueOf(store.vaultRoleName!)).toBe('payments-eso');
    expect(store.roleArn).toBeUndefined();
  });
});

describe('stores without identity and existing stores', () => {
  test('a store with its provider\'s own auth creates only the ESO object', async () => {
    // GIVEN
    const store = new esokit.ClusterSecretStore('plain', {
      provider: esokit.SecretStoreProvider.vault({
        server: 'https://vault.example.com:8200',
        auth: esokit.VaultAuth.token({ name: 'vault-token', key: 'token', namespace: 'ops' }),
      }),
      refreshInterval: '10m',
    });
    const existing = esokit.SecretStore.existing('legacy', 'payments');
    const es = new esokit.ExternalSecret('plain-es', {
      store,
      namespace: 'payments',
      data: { a: store.ref('app/a'), b: existing.ref('app/b') },
    });

    // WHEN
    await settled(es);

    // THEN
    expect(recorded.filter((r) => r.name.startsWith('plain')).map((r) => r.type).sort()).toEqual([
      'esokit:eso:ClusterSecretStore',
      'esokit:eso:ExternalSecret',
      'kubernetes:external-secrets.io/v1:ClusterSecretStore',
      'kubernetes:external-secrets.io/v1:ExternalSecret',
    ]);
    const spec = only('kubernetes:external-secrets.io/v1:ExternalSecret', 'plain-es').inputs.spec;
    expect(spec.data[1].sourceRef).toEqual({ storeRef: { kind: 'SecretStore', name: 'legacy' } });
    expect(only('kubernetes:external-secrets.io/v1:ClusterSecretStore', 'plain').inputs.spec.refreshInterval).toBe('10m');
  });
});

describe('resource graph', () => {
  test('children have the component as parent and depend role and policy -> ServiceAccount (annotated with the role\'s ARN) -> store -> ExternalSecret', async () => {
    // GIVEN
    const seen = new Map<string, { parent?: pulumi.Resource; dependsOn: pulumi.Resource[] }>();
    const record: pulumi.ResourceTransformation = (args) => {
      const dependsOn = args.opts.dependsOn;
      seen.set(args.name, { parent: args.opts.parent, dependsOn: Array.isArray(dependsOn) ? dependsOn as pulumi.Resource[] : [] });
      return undefined;
    };
    const store = new esokit.SecretStore('graph', {
      namespace: 'payments',
      provider: sm(),
      identity: esokit.StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'graph-eso' }),
    }, { transformations: [record] });
    const es = new esokit.ExternalSecret('graph-es', { store, data: { k: store.ref('graph/k') } }, { transformations: [record] });
    store.seal();

    // WHEN
    await settled(es);
    const names = async (resources: pulumi.Resource[]) => (await Promise.all(resources.map((r) => valueOf(r.urn)))).map((u) => u.split('::').pop()).sort();

    // THEN
    for (const child of ['graph-service-account', 'graph-role', 'graph-policy', 'graph-secret-store']) {
      expect(seen.get(child)?.parent).toBe(store);
    }
    expect(seen.get('graph-es-external-secret')?.parent).toBe(es);
    expect(await names(seen.get('graph-role')!.dependsOn)).toEqual([]);
    expect(await names(seen.get('graph-secret-store')!.dependsOn)).toEqual(['graph-policy', 'graph-role', 'graph-service-account']);
    expect(await names(seen.get('graph-es-external-secret')!.dependsOn)).toEqual(['graph']);
    // The registration order follows.
    const order = recorded.map((r) => r.name);
    expect(order.indexOf('graph-role')).toBeLessThan(order.indexOf('graph-service-account'));
    expect(order.indexOf('graph-service-account')).toBeLessThan(order.indexOf('graph-secret-store'));
    expect(order.indexOf('graph-policy')).toBeLessThan(order.indexOf('graph-secret-store'));
    expect(order.indexOf('graph-secret-store')).toBeLessThan(order.indexOf('graph-es-external-secret'));
  });
});

describe('a provider from another resource', () => {
  test('a vault store whose kv mount path is an Output derives its policy once the path resolves', async () => {
    // GIVEN
    const mountPath = sdk.output(Promise.resolve('apps'));
    const store = new esokit.SecretStore('mount', {
      namespace: 'p',
      provider: mountPath.apply((path) => esokit.SecretStoreProvider.vault({ server: 'https://vault.example.com:8200', path })),
      identity: esokit.StoreIdentity.vaultKubernetes({ role: 'mount-eso' }),
    });
    const es = new esokit.ExternalSecret('mount-es', {
      store,
      data: { owner: store.ref('team/db', { property: 'owner', metadataPolicy: esokit.MetadataPolicy.FETCH }) },
    });
    store.seal();

    // WHEN
    await settled(es);

    // THEN
    expect(only('kubernetes:external-secrets.io/v1:SecretStore', 'mount').inputs.spec.provider.vault.path).toBe('apps');
    expect(only('vault:index/policy:Policy', 'mount').inputs.policy).toBe('path "apps/metadata/team/db" {\n  capabilities = ["read"]\n}\n');
  });
});

describe('references whose keys come from other resources', () => {
  test('a key, a property and a find path may be Outputs: the ExternalSecret and the policy wait for them', async () => {
    // GIVEN
    const store = new esokit.SecretStore('inputs', {
      namespace: 'p',
      provider: sm(),
      identity: esokit.StoreIdentity.irsa({ oidcProviderArn: OIDC }),
    });
    const key = sdk.output(new Promise<string>((resolve) => setTimeout(() => resolve('created/db'), 30)));
    const es = new esokit.ExternalSecret('inputs-es', {
      store,
      data: { password: store.ref(key, { property: Promise.resolve('password') }), plain: store.ref('plain/key') },
      dataFrom: [store.find({ path: sdk.output('created/flags/') })],
    });
    store.seal();

    // WHEN
    await settled(es);

    // THEN
    const spec = only('kubernetes:external-secrets.io/v1:ExternalSecret', 'inputs-es').inputs.spec;
    expect(spec.data).toEqual([
      { secretKey: 'password', remoteRef: { key: 'created/db', property: 'password' } },
      { secretKey: 'plain', remoteRef: { key: 'plain/key' } },
    ]);
    expect(spec.dataFrom[0].find.path).toBe('created/flags/');
    const statements = JSON.parse(only('aws:iam/rolePolicy:RolePolicy', 'inputs').inputs.policy).Statement;
    expect(statements.flatMap((s: any) => s.Resource)).toEqual(expect.arrayContaining([
      `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:created/db-??????`,
      `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:plain/key-??????`,
    ]));
    expect(JSON.stringify(statements)).not.toContain('pending');
  });
});

describe('providers and warnings', () => {
  test('children use the providers given to the component (a cluster\'s kubernetes provider, an account\'s aws provider)', async () => {
    // GIVEN
    const cluster = new k8s.Provider('cluster', { kubeconfig: '{}' });
    const account = new aws.Provider('account', { region: 'us-east-1' });
    const store = new esokit.SecretStore('prov', {
      namespace: 'p',
      provider: sm(),
      identity: esokit.StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'prov' }),
    }, { providers: [cluster, account] });
    const es = new esokit.ExternalSecret('prov-es', { store, data: { a: store.ref('prov/a') } }, { provider: cluster });
    store.seal();

    // WHEN
    await settled(es);

    // THEN
    const clusterUrn = await valueOf(cluster.urn);
    const accountUrn = await valueOf(account.urn);
    for (const name of ['prov-service-account', 'prov-secret-store', 'prov-es-external-secret']) {
      expect(recorded.find((r) => r.name === name)?.provider).toMatch(new RegExp(`^${clusterUrn.replace(/[$]/g, '\\$')}::`));
    }
    for (const name of ['prov-role', 'prov-policy']) {
      expect(recorded.find((r) => r.name === name)?.provider).toMatch(new RegExp(`^${accountUrn.replace(/[$]/g, '\\$')}::`));
    }
  });

  test('an ExternalSecret uses its store\'s kubernetes provider unless it is given one', async () => {
    // GIVEN
    const cluster = new k8s.Provider('store-cluster', { kubeconfig: '{}' });
    const other = new k8s.Provider('other-cluster', { kubeconfig: '{}' });
    const store = new esokit.SecretStore('inherit', { namespace: 'p', provider: sm() }, { provider: cluster });
    const es = new esokit.ExternalSecret('inherit-es', { store, data: { a: store.ref('inherit/a') } });
    const own = new esokit.ExternalSecret('inherit-own', { store, data: { a: store.ref('inherit/a') } }, { provider: other });

    // WHEN
    await settled(es, own);

    // THEN
    const providerOf = (name: string) => recorded.find((r) => r.name === name)?.provider?.split('::').slice(0, -1).join('::');
    expect(providerOf('inherit-es-external-secret')).toBe(await valueOf(cluster.urn));
    expect(providerOf('inherit-own-external-secret')).toBe(await valueOf(other.urn));
  });

  test('a refresh interval under a minute on a paid backend logs the cost as a warning of the ExternalSecret', async () => {
    // GIVEN
    const warn = jest.spyOn(sdk.log, 'warn').mockImplementation(() => Promise.resolve());
    const store = new esokit.SecretStore('cost', { namespace: 'p', provider: sm() });
    const es = new esokit.ExternalSecret('cost-es', { store, refreshInterval: '10s', data: { a: store.ref('cost/a') } });

    // WHEN
    await settled(es);

    // THEN
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(/^cost-es: refreshInterval "10s" /);
    expect(warn.mock.calls[0][1]).toBe(es);
    warn.mockRestore();
  });
});

describe('consumption helpers', () => {
  test('env, envFrom, keyRef and volume name the Secret through an Output of the ExternalSecret', async () => {
    // GIVEN
    const store = esokit.ClusterSecretStore.existing('shared');
    const db = new esokit.ExternalSecret('use-db', {
      store,
      namespace: 'app',
      target: { name: 'db-credentials' },
      data: { password: store.ref('db', { property: 'password' }), username: store.ref('db', { property: 'username' }) },
    });

    // WHEN
    const env = db.envVar('DB_PASSWORD', 'password', { optional: true });
    const from = db.envFrom({ prefix: 'DB_' });
    const volume = db.volume('creds', { items: { username: 'user.txt' }, defaultMode: 0o400 });
    await settled(db);

    // THEN
    expect(db.keys).toEqual(['password', 'username']);
    expect(await valueOf(db.secretName)).toBe('db-credentials');
    expect(env.name).toBe('DB_PASSWORD');
    const ref = (env.valueFrom as any).secretKeyRef;
    expect(ref.key).toBe('password');
    expect(ref.optional).toBe(true);
    expect(await valueOf(ref.name)).toBe('db-credentials');
    expect(from.prefix).toBe('DB_');
    expect(await valueOf((from.secretRef as any).name)).toBe('db-credentials');
    const secret = (volume as any).secret;
    expect(secret.items).toEqual([{ key: 'username', path: 'user.txt' }]);
    expect(secret.defaultMode).toBe(0o400);
    expect(await valueOf(secret.secretName)).toBe('db-credentials');
  });

  test('dataFromKeys and template keys are declared keys', async () => {
    // GIVEN
    const store = esokit.ClusterSecretStore.existing('shared');
    const cfg = new esokit.ExternalSecret('use-cfg', {
      store,
      namespace: 'app',
      dataFrom: [store.find({ path: 'app/' })],
      dataFromKeys: ['API_URL'],
      target: { template: { data: { 'config.yaml': 'url: {{ .API_URL }}' } } },
    });
    await settled(cfg);

    // THEN
    expect([...cfg.keys].sort()).toEqual(['API_URL', 'config.yaml']);
    expect(cfg.keyRef('config.yaml').key).toBe('config.yaml');
  });
});

/**
 * examples/pulumi runs under mocks with its stack config: every resource it declares, the ESO
 * objects valid against the CRDs, the derived documents exact, the Deployment wired to the Secrets.
 */
import { AUTONAME_SUFFIX, Recorded, ofType, recordResources, valueOf } from './mocks';
import { expectValidEso } from '../support/eso-schema';

const OIDC = 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE';
const recorded = recordResources();
/* eslint-disable @typescript-eslint/no-require-imports -- loaded after the mocks and config are set */
const pulumi: typeof import('@pulumi/pulumi') = require('@pulumi/pulumi');
pulumi.runtime.setAllConfig({ 'esokit-test:oidcProviderArn': OIDC, 'esokit-test:region': 'eu-central-1' });
const program = require('../../examples/pulumi/index');
/* eslint-enable @typescript-eslint/no-require-imports */

const only = (type: string, name: string): Recorded => {
  const found = ofType(recorded, type).filter((r) => r.name === name);
  expect(found).toHaveLength(1);
  return found[0];
};

let exported: { awsRoleArn: string; awsPolicy: string; vaultPolicy: string; secretNames: string[] };

beforeAll(async () => {
  exported = {
    awsRoleArn: await valueOf(program.awsRoleArn),
    awsPolicy: await valueOf(program.awsPolicy),
    vaultPolicy: await valueOf(program.vaultPolicy),
    secretNames: await valueOf(pulumi.all(program.secretNames as any[])) as string[],
  };
  // The Deployment waits on the Secrets' names, so it is the last to register.
  for (let i = 0; i < 100 && !recorded.some((r) => r.type === 'kubernetes:apps/v1:Deployment'); i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
});

test('declares the stores\' identities, the stores, the ExternalSecrets and the Deployment', () => {
  expect(recorded.map((r) => `${r.type} ${r.name}`).sort()).toEqual([
    'aws:iam/role:Role aws-role',
    'aws:iam/rolePolicy:RolePolicy aws-policy',
    'esokit:eso:EsoOperator eso',
    'esokit:eso:ExternalSecret db-credentials',
    'esokit:eso:ExternalSecret payments-api',
    'esokit:eso:SecretStore aws',
    'esokit:eso:SecretStore vault',
    'kubernetes:apps/v1:Deployment payments',
    'kubernetes:core/v1:Namespace eso-namespace',
    'kubernetes:core/v1:Namespace payments',
    'kubernetes:core/v1:ServiceAccount aws-service-account',
    'kubernetes:core/v1:ServiceAccount vault-service-account',
    'kubernetes:external-secrets.io/v1:ExternalSecret db-credentials-external-secret',
    'kubernetes:external-secrets.io/v1:ExternalSecret payments-api-external-secret',
    'kubernetes:external-secrets.io/v1:SecretStore aws-secret-store',
    'kubernetes:external-secrets.io/v1:SecretStore vault-secret-store',
    'kubernetes:helm.sh/v3:Release eso-release',
    'kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding vault-token-reviewer',
    'vault:index/policy:Policy vault-vault-policy',
    'vault:kubernetes/authBackendRole:AuthBackendRole vault-vault-role',
  ]);
  expectValidEso(recorded.filter((r) => r.type.startsWith('kubernetes:external-secrets.io/')).map((r) => r.inputs));
});

test('the ESO controller is installed first, at the pinned chart', () => {
  const release = only('kubernetes:helm.sh/v3:Release', 'eso-release').inputs;
  expect(release).toMatchObject({ chart: 'external-secrets', version: '2.9.0', values: { replicaCount: 2, leaderElect: true } });
  const order = recorded.map((r) => r.name);
  expect(order.indexOf('eso-release')).toBeLessThan(order.indexOf('aws-secret-store'));
  expect(order.indexOf('eso-release')).toBeLessThan(order.indexOf('vault-secret-store'));
});

test('the IAM role reads exactly the referenced secret in the configured region', () => {
  expect(exported.awsRoleArn).toBe(`arn:aws:iam::123456789012:role/aws-role-${AUTONAME_SUFFIX}`);
  expect(JSON.parse(exported.awsPolicy).Statement).toEqual([{
    Sid: 'ReadSecrets',
    Effect: 'Allow',
    Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
    Resource: ['arn:aws:secretsmanager:eu-central-1:123456789012:secret:payments/db-??????'],
  }]);
  expect(JSON.parse(only('aws:iam/role:Role', 'aws-role').inputs.assumeRolePolicy).Statement[0].Condition).toEqual({
    StringEquals: {
      'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE:aud': 'sts.amazonaws.com',
      'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE:sub': 'system:serviceaccount:payments:aws',
    },
  });
});

test('the Vault policy and role cover exactly the referenced path and ServiceAccount', () => {
  expect(exported.vaultPolicy).toBe('path "secret/data/payments/api" {\n  capabilities = ["read"]\n}\n');
  expect(only('vault:kubernetes/authBackendRole:AuthBackendRole', 'vault-vault-role').inputs).toEqual({
    backend: 'kubernetes',
    roleName: 'payments-eso',
    boundServiceAccountNames: ['vault'],
    boundServiceAccountNamespaces: ['payments'],
    tokenPolicies: ['payments-eso'],
    audience: 'vault',
  });
});

test('the Deployment takes its env and volume from the Secrets ESO writes', () => {
  expect(exported.secretNames).toEqual(['db-credentials', 'payments-api']);
  const pod = only('kubernetes:apps/v1:Deployment', 'payments').inputs.spec.template.spec;
  expect(pod.containers[0].env).toEqual([
    { name: 'DB_USERNAME', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'username' } } },
    { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'password' } } },
    { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'payments-api', key: 'API_TOKEN' } } },
  ]);
  expect(pod.volumes).toEqual([{ name: 'db', secret: { secretName: 'db-credentials', items: [{ key: 'password', path: 'password' }] } }]);
});

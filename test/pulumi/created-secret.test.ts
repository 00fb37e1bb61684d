/**
 * examples/pulumi-created-secret runs under mocks: references take the names of secrets created
 * in the same program (Outputs), and the ExternalSecrets and derived policies wait for them.
 */
import { ACCOUNT, AUTONAME_SUFFIX, Recorded, ofType, recordResources, valueOf } from './mocks';
import { expectValidEso } from '../support/eso-schema';

const OIDC = `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE`;
const recorded = recordResources();
/* eslint-disable @typescript-eslint/no-require-imports -- loaded after the mocks and config are set */
const pulumi: typeof import('@pulumi/pulumi') = require('@pulumi/pulumi');
pulumi.runtime.setAllConfig({ 'esokit-test:oidcProviderArn': OIDC, 'esokit-test:apiToken': 'not-a-real-token' }, ['esokit-test:apiToken']);
const program = require('../../examples/pulumi-created-secret/index');
/* eslint-enable @typescript-eslint/no-require-imports */

const only = (type: string, name: string): Recorded => {
  const found = ofType(recorded, type).filter((r) => r.name === name);
  expect(found).toHaveLength(1);
  return found[0];
};

const SECRET_NAME = `reports-db-${AUTONAME_SUFFIX}`;
let exported: { awsPolicy: string; vaultPolicy: string };

beforeAll(async () => {
  exported = { awsPolicy: await valueOf(program.awsPolicy), vaultPolicy: await valueOf(program.vaultPolicy) };
  for (let i = 0; i < 100 && !recorded.some((r) => r.type === 'kubernetes:apps/v1:Deployment'); i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
});

test('the IAM policy grants exactly the created Secrets Manager secret, by the name Pulumi gave it', () => {
  expect(only('aws:secretsmanager/secret:Secret', 'reports-db').inputs.name).toBeUndefined();
  expect(JSON.parse(exported.awsPolicy).Statement).toEqual([{
    Sid: 'ReadSecrets',
    Effect: 'Allow',
    Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
    Resource: [`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:${SECRET_NAME}-??????`],
  }]);
});

test('the ExternalSecrets reference the created secrets and wait for them', () => {
  const db = only('kubernetes:external-secrets.io/v1:ExternalSecret', 'db-credentials-external-secret').inputs;
  expect(db.spec.data).toEqual([
    { secretKey: 'username', remoteRef: { key: SECRET_NAME, property: 'username' } },
    { secretKey: 'password', remoteRef: { key: SECRET_NAME, property: 'password' } },
  ]);
  const api = only('kubernetes:external-secrets.io/v1:ExternalSecret', 'api-token-external-secret').inputs;
  expect(api.spec.data).toEqual([{ secretKey: 'API_TOKEN', remoteRef: { key: 'api', property: 'token' } }]);
  expectValidEso(recorded.filter((r) => r.type.startsWith('kubernetes:external-secrets.io/')).map((r) => r.inputs));
  const order = recorded.map((r) => r.name);
  expect(order.indexOf('reports-db')).toBeLessThan(order.indexOf('db-credentials-external-secret'));
  expect(order.indexOf('reports-api')).toBeLessThan(order.indexOf('api-token-external-secret'));
});

test('the Vault policy reads exactly the created KV v2 secret in the created mount', () => {
  expect(exported.vaultPolicy).toBe('path "reports/data/api" {\n  capabilities = ["read"]\n}\n');
  expect(only('kubernetes:external-secrets.io/v1:SecretStore', 'vault-secret-store').inputs.spec.provider.vault.path).toBe('reports');
});

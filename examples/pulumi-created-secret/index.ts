/**
 * A reports service whose secrets are created in the same program that syncs them: an AWS
 * Secrets Manager secret (its value is set and rotated outside Pulumi) and a Vault KV v2 secret
 * holding an API token from the stack's secret config. The references take the created secrets'
 * names, so nothing is written twice: the Secrets Manager secret keeps Pulumi's auto-name, and
 * the IAM policy and the Vault policy wait for those names and grant exactly them.
 */
import * as aws from '@pulumi/aws';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import * as vault from '@pulumi/vault';
import { ExternalSecret, SecretStore, SecretStoreProvider, StoreIdentity } from 'esokit/pulumi';

const config = new pulumi.Config();
const oidcProviderArn = config.require('oidcProviderArn');
const region = config.get('region') ?? 'us-east-1';
const vaultAddress = config.get('vaultAddress') ?? 'https://vault.example.com:8200';

const namespace = new k8s.core.v1.Namespace('reports', { metadata: { name: 'reports' } }).metadata.name;

// AWS Secrets Manager: the secret is Pulumi's (auto-named); its value is put by the database team.
const db = new aws.secretsmanager.Secret('reports-db', { description: 'Credentials of the reports database' });
const awsStore = new SecretStore('aws', {
  namespace,
  provider: SecretStoreProvider.awsSecretsManager({ region }),
  identity: StoreIdentity.irsa({ oidcProviderArn }),
});
const dbCredentials = new ExternalSecret('db-credentials', {
  store: awsStore,
  data: {
    username: awsStore.ref(db.name, { property: 'username' }),
    password: awsStore.ref(db.name, { property: 'password' }),
  },
});
awsStore.seal();

// Vault KV v2: the mount and the secret are created here, the token comes from the stack's config.
const kv = new vault.Mount('reports-kv', { path: 'reports', type: 'kv', options: { version: '2' } });
const api = new vault.kv.SecretV2('reports-api', {
  mount: kv.path,
  name: 'api',
  dataJson: pulumi.jsonStringify({ token: config.requireSecret('apiToken') }),
});
const vaultStore = new SecretStore('vault', {
  namespace,
  provider: kv.path.apply((path) => SecretStoreProvider.vault({ server: vaultAddress, path })),
  identity: StoreIdentity.vaultKubernetes({ role: 'reports-eso' }),
});
const apiToken = new ExternalSecret('api-token', {
  store: vaultStore,
  data: { API_TOKEN: vaultStore.ref(api.name, { property: 'token' }) },
});
vaultStore.seal();

const labels = { app: 'reports' };
new k8s.apps.v1.Deployment('reports', {
  metadata: { namespace, labels },
  spec: {
    selector: { matchLabels: labels },
    template: {
      metadata: { labels },
      spec: {
        containers: [{
          name: 'reports',
          image: 'ghcr.io/example/reports:2.0.1',
          env: [
            dbCredentials.envVar('DB_USERNAME', 'username'),
            dbCredentials.envVar('DB_PASSWORD', 'password'),
            apiToken.envVar('API_TOKEN', 'API_TOKEN'),
          ],
        }],
      },
    },
  },
});

export const awsPolicy = awsStore.policyJson;
export const vaultPolicy = vaultStore.vaultPolicyHcl;
export const secretArn = db.arn;

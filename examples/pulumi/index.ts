/**
 * A payments service on EKS that reads its database credentials from AWS Secrets Manager and its
 * API token from Vault. esokit/pulumi creates, in one program:
 *
 * - an IAM role for IRSA whose policy reads exactly the two referenced secrets, and the
 *   ServiceAccount the Secrets Manager store authenticates as;
 * - a Vault policy reading exactly the referenced KV v2 path, a Kubernetes-auth role bound to the
 *   Vault store's ServiceAccount, and that ServiceAccount;
 * - the ESO controller itself (pinned chart 2.9.0, as a Helm release), which the stores wait for;
 * - both SecretStores, the ExternalSecrets, and a Deployment consuming the Secrets ESO writes,
 *   with key names the compiler checks.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { EsoOperator, ExternalSecret, SecretStore, SecretStoreProvider, StoreIdentity } from 'esokit/pulumi';

const config = new pulumi.Config();
// From the cluster's stack, e.g. new pulumi.StackReference('org/cluster/prod').getOutput('oidcProviderArn').
const oidcProviderArn = config.require('oidcProviderArn');
const region = config.get('region') ?? 'us-east-1';
const vaultAddress = config.get('vaultAddress') ?? 'https://vault.example.com:8200';
const vaultAuthMount = config.get('vaultAuthMount') ?? 'kubernetes';

const namespace = new k8s.core.v1.Namespace('payments', { metadata: { name: 'payments' } }).metadata.name;

// The ESO controller at the pinned release (chart 2.9.0), from ESO's Helm repository.
const eso = new EsoOperator('eso', { replicas: 2, cpuRequest: '10m', memoryRequest: '64Mi', memoryLimit: '256Mi' });
const afterEso = { dependsOn: [eso] };

// AWS Secrets Manager through IRSA.
const aws = new SecretStore('aws', {
  namespace,
  provider: SecretStoreProvider.awsSecretsManager({ region }),
  identity: StoreIdentity.irsa({ oidcProviderArn, tags: { team: 'payments' } }),
}, afterEso);
const db = new ExternalSecret('db-credentials', {
  store: aws,
  refreshInterval: '1h',
  data: {
    username: aws.ref('payments/db', { property: 'username' }),
    password: aws.ref('payments/db', { property: 'password' }),
  },
});
// Every ExternalSecret reading through the store is declared: its role's policy is derived from them.
aws.seal();

// Vault KV v2 through Kubernetes auth.
const vault = new SecretStore('vault', {
  namespace,
  provider: SecretStoreProvider.vault({ server: vaultAddress, path: 'secret' }),
  identity: StoreIdentity.vaultKubernetes({ role: 'payments-eso', mountPath: vaultAuthMount, tokenReviewerBinding: true }),
}, afterEso);
const api = new ExternalSecret('payments-api', {
  store: vault,
  refreshInterval: '15m',
  data: { API_TOKEN: vault.ref('payments/api', { property: 'token' }) },
});
vault.seal();

const labels = { app: 'payments' };
new k8s.apps.v1.Deployment('payments', {
  metadata: { namespace, labels },
  spec: {
    replicas: 2,
    selector: { matchLabels: labels },
    template: {
      metadata: { labels },
      spec: {
        containers: [{
          name: 'payments',
          image: 'ghcr.io/example/payments:1.4.2',
          env: [
            db.envVar('DB_USERNAME', 'username'),
            db.envVar('DB_PASSWORD', 'password'),
            api.envVar('API_TOKEN', 'API_TOKEN'),
          ],
          volumeMounts: [{ name: 'db', mountPath: '/etc/payments/db', readOnly: true }],
        }],
        volumes: [db.volume('db', { items: { password: 'password' } })],
      },
    },
  },
});

export const awsRoleArn = aws.roleArn;
export const awsPolicy = aws.policyJson;
export const vaultPolicy = vault.vaultPolicyHcl;
export const secretNames = [db.secretName, api.secretName];

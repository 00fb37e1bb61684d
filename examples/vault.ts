/**
 * HashiCorp Vault: a SecretStore on a KV v2 mount whose identity is a Kubernetes-auth role bound
 * to exactly the store's own ServiceAccount, with an ACL policy derived from the paths its
 * ExternalSecrets read (emitted as vault-config-operator resources), and a Deployment consuming a
 * username and password. Argo CD installs the ESO controller itself (pinned chart 2.9.0).
 */
import { App, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  EsoOperator,
  ExternalSecret,
  IdentityServiceAccount,
  OperatorInstall,
  SecretStore,
  SecretStoreProvider,
  StoreIdentity,
  VaultConfigOperatorRole,
  VaultKvVersion,
} from '../src';

export function vaultApp(app: App): Chart {
  const chart = new Chart(app, 'orders', { namespace: 'orders' });

  // The ESO controller at the pinned release, installed by Argo CD with server-side apply.
  new EsoOperator(chart, 'eso', { install: OperatorInstall.argoCd({ project: 'platform' }) });

  const vault = new SecretStore(chart, 'vault', {
    metadata: { name: 'vault-orders' },
    provider: SecretStoreProvider.vault({
      server: 'https://vault.example.com:8200',
      path: 'secret',
      version: VaultKvVersion.V2,
    }),
    identity: StoreIdentity.vaultKubernetes({
      role: 'orders-reader',
      mountPath: 'kubernetes',
      audience: 'vault',
      tokenTtl: Duration.minutes(20),
      serviceAccount: IdentityServiceAccount.create({ name: 'orders-secrets-reader' }),
      tokenReviewerBinding: true,
    }),
  });

  const credentials = new ExternalSecret(chart, 'db-credentials', {
    store: vault,
    refreshInterval: Duration.minutes(30),
    target: { name: 'orders-db' },
    data: {
      username: vault.ref('orders/db', { property: 'username' }),
      password: vault.ref('orders/db', { property: 'password' }),
    },
  });

  // The Vault policy and role, reconciled in-cluster by the vault-config-operator.
  new VaultConfigOperatorRole(chart, 'vault-role', {
    identity: vault.identity,
    authentication: { role: 'vault-config-operator', serviceAccount: 'vault-config-operator' },
  });

  new kplus.Deployment(chart, 'worker', {
    containers: [{
      image: 'ghcr.io/example/orders-worker:2.0.1',
      envVariables: {
        DB_USER: credentials.envValue('username'),
        DB_PASSWORD: credentials.envValue('password'),
      },
      securityContext: { user: 1000, group: 1000 },
    }],
  });
  return chart;
}

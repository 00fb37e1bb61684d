/**
 * HashiCorp Vault: a SecretStore with Kubernetes auth on a KV v2 mount and an ExternalSecret of a
 * username and password.
 */
import { App, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { ExternalSecret, SecretStore, SecretStoreProvider, VaultAuth, VaultKvVersion } from '../src';

export function vaultApp(app: App): Chart {
  const chart = new Chart(app, 'orders', { namespace: 'orders' });

  const vault = new SecretStore(chart, 'vault', {
    metadata: { name: 'vault-orders' },
    provider: SecretStoreProvider.vault({
      server: 'https://vault.example.com:8200',
      path: 'secret',
      version: VaultKvVersion.V2,
      auth: VaultAuth.kubernetes({
        mountPath: 'kubernetes',
        role: 'orders-reader',
        serviceAccount: { name: 'orders-secrets-reader', audiences: ['vault'] },
      }),
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

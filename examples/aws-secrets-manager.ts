/**
 * AWS Secrets Manager: a ClusterSecretStore for shared secrets, a namespaced SecretStore for the
 * team's own, ExternalSecrets for a plain-string secret and for properties of a JSON secret, and
 * a Deployment that consumes them through typed references.
 */
import { App, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { AwsAuth, ClusterSecretStore, ExternalSecret, SecretStore, SecretStoreProvider } from '../src';

export function awsSecretsManagerApp(app: App): Chart {
  const chart = new Chart(app, 'payments', { namespace: 'payments' });

  // Shared secrets, read with a role only the ESO ServiceAccount in external-secrets can assume.
  const shared = new ClusterSecretStore(chart, 'shared', {
    metadata: { name: 'aws-shared' },
    provider: SecretStoreProvider.awsSecretsManager({
      region: 'us-east-1',
      auth: AwsAuth.serviceAccount({ name: 'eso-shared', namespace: 'external-secrets' }),
    }),
    conditions: [{ namespaces: ['payments', 'checkout'] }],
  });

  // The team's own secrets, through a ServiceAccount in the team's namespace.
  const team = new SecretStore(chart, 'team', {
    metadata: { name: 'aws-payments' },
    provider: SecretStoreProvider.awsSecretsManager({
      region: 'us-east-1',
      auth: AwsAuth.serviceAccount({ name: 'payments-secrets-reader' }),
    }),
  });

  // A plain-string secret: the whole value becomes one key.
  const stripe = new ExternalSecret(chart, 'stripe', {
    store: shared,
    refreshInterval: Duration.hours(1),
    target: { name: 'stripe-api-key' },
    data: { STRIPE_API_KEY: shared.ref('/shared/stripe/api-key') },
  });

  // Properties of a JSON secret {"username": …, "password": …, "connection": {"host.name": …}}.
  const db = new ExternalSecret(chart, 'db', {
    store: team,
    refreshInterval: Duration.minutes(15),
    target: { name: 'payments-db' },
    data: {
      username: team.ref('/payments/prod/db', { property: 'username' }),
      password: team.ref('/payments/prod/db', { property: 'password' }),
      host: team.ref('/payments/prod/db', { propertyPath: ['connection', 'host.name'] }),
    },
  });

  const deployment = new kplus.Deployment(chart, 'api', {
    replicas: 2,
    containers: [{
      image: 'ghcr.io/example/payments-api:1.4.2',
      portNumber: 8080,
      envVariables: {
        STRIPE_API_KEY: stripe.envValue('STRIPE_API_KEY'),
        DB_USER: db.envValue('username'),
        DB_PASSWORD: db.envValue('password'),
        DB_HOST: db.envValue('host'),
      },
      securityContext: { user: 1000, group: 1000 },
    }],
  });
  deployment.addVolume(db.asVolume('db-files', { items: { password: { path: 'db-password' } } }));
  return chart;
}

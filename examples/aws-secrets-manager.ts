/**
 * AWS Secrets Manager: a ClusterSecretStore for shared secrets and a namespaced SecretStore for the
 * team's own, each with its own IRSA role that can read exactly the secrets referenced through it
 * (emitted as AWS Controllers for Kubernetes `Role`s), ExternalSecrets for a plain-string secret,
 * properties of a JSON secret and a path of secrets, and a Deployment that consumes them through
 * typed references. Flux installs the ESO controller itself (pinned chart 2.9.0).
 */
import { App, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  AckIamRole,
  ClusterSecretStore,
  ExternalSecret,
  IdentityServiceAccount,
  SecretStore,
  SecretStoreProvider,
  EsoOperator,
  OperatorInstall,
  StoreIdentity,
} from '../src';

/** The EKS cluster's IAM OIDC provider (from `aws eks describe-cluster`). */
const OIDC_PROVIDER_ARN = 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';

export function awsSecretsManagerApp(app: App): Chart {
  const chart = new Chart(app, 'payments', { namespace: 'payments' });

  // The ESO controller at the pinned release, installed by Flux; the stores below come after it.
  new EsoOperator(chart, 'eso', {
    install: OperatorInstall.flux(),
    replicas: 2,
    cpuRequest: '10m',
    memoryRequest: '64Mi',
    memoryLimit: '256Mi',
  });

  // Shared secrets, through a ServiceAccount created in external-secrets for this store alone.
  const shared = new ClusterSecretStore(chart, 'shared', {
    metadata: { name: 'aws-shared' },
    provider: SecretStoreProvider.awsSecretsManager({ region: 'us-east-1' }),
    identity: StoreIdentity.irsa({
      oidcProviderArn: OIDC_PROVIDER_ARN,
      roleName: 'eso-aws-shared',
      serviceAccount: IdentityServiceAccount.create({ name: 'eso-shared', namespace: 'external-secrets' }),
    }),
    conditions: [{ namespaces: ['payments', 'checkout'] }],
  });

  // The team's own secrets, encrypted with the team's KMS key, through a ServiceAccount in the
  // team's namespace.
  const team = new SecretStore(chart, 'team', {
    metadata: { name: 'aws-payments' },
    provider: SecretStoreProvider.awsSecretsManager({
      region: 'us-east-1',
      kmsKeyArns: ['arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
    }),
    identity: StoreIdentity.irsa({
      oidcProviderArn: OIDC_PROVIDER_ARN,
      roleName: 'eso-payments',
      rolePath: '/eso/',
      serviceAccount: IdentityServiceAccount.create({ name: 'payments-secrets-reader' }),
      tags: { team: 'payments' },
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

  // Every secret under a path, each becoming keys of one Secret.
  const flags = new ExternalSecret(chart, 'flags', {
    store: team,
    refreshInterval: Duration.hours(6),
    target: { name: 'payments-flags' },
    dataFrom: [team.find({ path: '/payments/prod/flags/', nameRegexp: '.*' })],
    dataFromKeys: ['checkout_v2'],
  });

  // The stores' IAM roles, reconciled in-cluster by the ACK IAM controller.
  new AckIamRole(chart, 'shared-role', { identity: shared.identity, metadata: { name: 'eso-aws-shared' } });
  new AckIamRole(chart, 'team-role', { identity: team.identity, metadata: { name: 'eso-payments' } });

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
        CHECKOUT_V2: flags.envValue('checkout_v2'),
      },
      securityContext: { user: 1000, group: 1000 },
    }],
  });
  deployment.addVolume(db.asVolume('db-files', { items: { password: { path: 'db-password' } } }));
  return chart;
}

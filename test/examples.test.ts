import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { awsSecretsManagerApp } from '../examples/aws-secrets-manager';
import { EXAMPLES, synthExamples } from '../examples/main';
import { vaultApp } from '../examples/vault';
import { expectValidEso } from './support/eso-schema';
import { schemaProblems } from './support/models';
import { onlyOfKind } from './support/synth';

describe('examples', () => {
  test('every example writes manifests whose ESO objects validate against the CRDs', () => {
    // GIVEN
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'esokit-examples-'));

    // WHEN
    const dirs = synthExamples(outdir);

    // THEN
    expect(dirs.map((d) => path.basename(d))).toEqual(Object.keys(EXAMPLES));
    for (const dir of dirs) {
      const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml'));
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) {
        const docs = YAML.parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8')).map((d) => d.toJSON());
        expect(expectValidEso(docs).length).toBeGreaterThan(0);
      }
    }
  });

  test('each example installs the ESO controller before its stores, valid against the Flux and Argo CD schemas', () => {
    for (const [build, kind] of [[awsSecretsManagerApp, 'HelmRelease'], [vaultApp, 'Application']] as const) {
      const manifests = Testing.synth(build(Testing.app()) as Chart);
      const kinds = manifests.map((m) => m.kind);
      expect(kinds.indexOf(kind)).toBeGreaterThanOrEqual(0);
      expect(kinds.indexOf(kind)).toBeLessThan(kinds.indexOf('SecretStore'));
      const install = manifests.filter((m) => /fluxcd\.io|argoproj\.io/.test(m.apiVersion));
      expect(schemaProblems(install)).toEqual([]);
    }
  });

  test('aws secrets manager example', () => {
    const chart = awsSecretsManagerApp(Testing.app()) as Chart;
    const manifests = Testing.synth(chart);
    expectValidEso(manifests);
    expect(manifests).toMatchSnapshot();

    const css = onlyOfKind(manifests, 'ClusterSecretStore');
    expect(css.metadata).toEqual({ name: 'aws-shared' });
    expect(css.spec.conditions).toEqual([{ namespaces: ['payments', 'checkout'] }]);
    const deployment = onlyOfKind(manifests, 'Deployment');
    const env = deployment.spec.template.spec.containers[0].env;
    expect(env).toEqual([
      { name: 'STRIPE_API_KEY', valueFrom: { secretKeyRef: { name: 'stripe-api-key', key: 'STRIPE_API_KEY' } } },
      { name: 'DB_USER', valueFrom: { secretKeyRef: { name: 'payments-db', key: 'username' } } },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'payments-db', key: 'password' } } },
      { name: 'DB_HOST', valueFrom: { secretKeyRef: { name: 'payments-db', key: 'host' } } },
      { name: 'CHECKOUT_V2', valueFrom: { secretKeyRef: { name: 'payments-flags', key: 'checkout_v2' } } },
    ]);
    expect(onlyOfKind(manifests, 'SecretStore').spec.provider.aws.auth).toEqual({ jwt: { serviceAccountRef: { name: 'payments-secrets-reader' } } });
    const roles = manifests.filter((m) => m.kind === 'Role' && m.apiVersion === 'iam.services.k8s.aws/v1alpha1');
    expect(roles.map((r) => r.spec.name)).toEqual(['eso-aws-shared', 'eso-payments']);
    expect(JSON.parse(roles[1].spec.inlinePolicies['external-secrets-read']).Statement).toEqual([
      {
        Sid: 'DecryptSecrets',
        Effect: 'Allow',
        Action: ['kms:Decrypt'],
        Resource: ['arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
        Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } },
      },
      {
        Sid: 'FindSecrets',
        Effect: 'Allow',
        Action: ['secretsmanager:BatchGetSecretValue', 'secretsmanager:ListSecrets'],
        Resource: ['*'],
      },
      {
        Sid: 'ReadSecrets',
        Effect: 'Allow',
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
        Resource: [
          'arn:aws:secretsmanager:us-east-1:123456789012:secret:/payments/prod/db-??????',
          'arn:aws:secretsmanager:us-east-1:123456789012:secret:/payments/prod/flags/*',
        ],
      },
    ]);
    expect(JSON.parse(roles[0].spec.assumeRolePolicyDocument).Statement[0].Condition.StringEquals).toEqual({
      'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud': 'sts.amazonaws.com',
      'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub': 'system:serviceaccount:external-secrets:eso-shared',
    });
    expect(deployment.spec.template.spec.volumes).toEqual([
      { name: 'secret-payments-db', secret: { secretName: 'payments-db', items: [{ key: 'password', path: 'db-password' }] } },
    ]);
  });

  test('vault example', () => {
    const chart = vaultApp(new App()) as Chart;
    const manifests = Testing.synth(chart);
    expectValidEso(manifests);
    expect(manifests).toMatchSnapshot();
    expect(onlyOfKind(manifests, 'SecretStore').spec.provider.vault.auth).toEqual({
      kubernetes: {
        mountPath: 'kubernetes',
        role: 'orders-reader',
        serviceAccountRef: { name: 'orders-secrets-reader', audiences: ['vault'] },
      },
    });
    expect(onlyOfKind(manifests, 'Policy').spec.policy).toBe('path "secret/data/orders/db" {\n  capabilities = ["read"]\n}\n');
    expect(onlyOfKind(manifests, 'KubernetesAuthEngineRole').spec).toMatchObject({
      name: 'orders-reader',
      policies: ['orders-reader'],
      targetServiceAccounts: ['orders-secrets-reader'],
      targetNamespaces: { targetNamespaces: ['orders'] },
      audience: 'vault',
      tokenTTL: 1200,
    });
  });
});

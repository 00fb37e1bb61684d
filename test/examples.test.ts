import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { awsSecretsManagerApp } from '../examples/aws-secrets-manager';
import { EXAMPLES, synthExamples } from '../examples/main';
import { vaultApp } from '../examples/vault';
import { expectValidEso } from './support/eso-schema';
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
    ]);
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
  });
});

/**
 * PULUMI-API.md is the reference of esokit/pulumi as the sources document it today.
 */
import * as fs from 'fs';
import * as path from 'path';
import { pulumiApiMarkdown } from '../../projenrc/pulumi-api';

test('PULUMI-API.md is up to date (regenerate with `npx projen docgen`)', () => {
  const committed = fs.readFileSync(path.join(__dirname, '..', '..', 'PULUMI-API.md'), 'utf-8');
  expect(pulumiApiMarkdown()).toBe(committed);
}, 120_000);

test('every component and argument type is documented, and nothing internal', () => {
  const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'PULUMI-API.md'), 'utf-8');
  for (const name of ['SecretStore', 'ClusterSecretStore', 'ExternalSecret', 'StoreIdentity', 'IrsaIdentityArgs', 'PodIdentityArgs', 'VaultKubernetesIdentityArgs']) {
    expect(doc).toContain(`\n## ${name}\n`);
  }
  expect(doc).not.toMatch(/`_[a-zA-Z]+`|ResolvedIdentityInputs|BoundIdentity/);
});

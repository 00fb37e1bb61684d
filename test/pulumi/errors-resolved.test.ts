/**
 * esokit/pulumi errors found once Outputs resolve, as a Pulumi program reports them: the
 * registrations of the resources that need the value fail with one ResourceError of the
 * component, whose message is esokit's alone.
 * The program runs in its own process (see programs/resolved-errors.ts), as failed
 * registrations without an engine are unhandled rejections.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

let messages: string[];

beforeAll(() => {
  // The exit status is Pulumi's complaint about the failed registrations left pending; the
  // program prints what it collected first.
  const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'programs', 'resolved-errors.ts')], {
    cwd: path.join(__dirname, '..', '..'),
    encoding: 'utf-8',
  });
  messages = JSON.parse(run.stdout.trim().split('\n')[0]);
}, 60_000);

/**
 * The one error naming `component`, which must be a ResourceError of `owner` (the component, or
 * the store whose identity cannot grant what an ExternalSecret reads) with esokit's message alone:
 * no "error serializing property" prefixes.
 */
function failureOf(component: string, owner: string = component): string {
  const found = messages.filter((m) => m.includes(`${component}: `));
  expect(found).toHaveLength(1);
  expect(found[0].startsWith(`ResourceError of ${owner}: ${component}: `)).toBe(true);
  return found[0].slice(`ResourceError of ${owner}: `.length);
}

test('each failure is one error, a ResourceError of the component it concerns', () => {
  expect(messages.map((m) => m.split(' ')[0])).toEqual(messages.map(() => 'ResourceError'));
  expect(messages.map((m) => m.split(':')[0])).toEqual([
    'ResourceError of bad-key-es',
    'ResourceError of idle-op',
    'ResourceError of late-es-ns',
    'ResourceError of late-ns',
    'ResourceError of late-oidc',
    'ResourceError of unused',
    'ResourceError of wild',
  ]);
});

test('a store namespace from an Output that is not rfc 1123', () => {
  expect(failureOf('late-ns')).toBe('late-ns: namespace "Not_A_Namespace" is not a valid namespace (RFC 1123 label: at most 63 lowercase letters, '
    + 'digits and \'-\', starting and ending with a letter or digit); use e.g. "not-a-namespace"');
});

test('an ExternalSecret namespace from an Output that is not rfc 1123', () => {
  expect(failureOf('late-es-ns')).toContain('late-es-ns: namespace "Bad_Namespace" is not a valid namespace');
});

test('an oidc provider arn from an Output that is the issuer url', () => {
  expect(failureOf('late-oidc')).toContain('late-oidc: identity.oidcProviderArn "https://oidc.eks.us-east-1.amazonaws.com/id/X" is not an iam oidc provider arn '
    + '(that is the issuer url;');
});

test('an identity with nothing read through its store (its ExternalSecret reads through another store only)', () => {
  expect(failureOf('unused')).toBe('unused: no ExternalSecret reads through the store, so its iam role would have no permissions; '
    + 'declare ExternalSecrets that read through it before store.seal(), or remove the identity');
});

test('a reference key from an Output that resolves empty', () => {
  expect(failureOf('bad-key-es')).toBe('bad-key-es: data[0].remoteRef.key is empty; give the name or path of the secret in the backend, e.g. "/production/db"');
});

test('a read the identity cannot grant names the ExternalSecret', () => {
  expect(failureOf('wild-es', 'wild')).toBe('wild-es: dataFrom[0].find has no path, so the store\'s role would need every secret in us-east-1 of account 123456789012; '
    + 'give the find a path, or set allowUnscopedFind on the store\'s identity to accept that');
});

test('a controller identity whose stores read nothing (their ExternalSecrets read through other stores only)', () => {
  expect(failureOf('idle-op')).toBe('idle-op: no ExternalSecret reads through the stores that use the controller identity, so its iam role would have no permissions; '
    + 'declare their ExternalSecrets before operator.seal(), or remove controllerIdentity');
});

/**
 * The AWS provider module (Secrets Manager and Parameter Store): what ESO's aws provider does with a
 * reference or a find, held against esokit's checks and derived policies. Each rule cites the ESO
 * behaviour it protects against (providers/v1/aws/ at ESO v2.9.0).
 */
import { Chart, Testing } from 'cdk8s';
import { AwsProviderOptions, ExternalSecret, MetadataPolicy, RemoteReferenceOptions, SecretStore, SecretStoreProvider, StoreIdentity } from '../../src';
import { ValidationError } from '../../src/core/model/errors';
import { esokitMessage } from '../support/errors';
import { onlyOfKind, synthValid } from '../support/synth';

const OIDC = 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC123';

type Service = 'awsSecretsManager' | 'awsParameterStore';

function app(service: Service, options: Partial<AwsProviderOptions> = {}, identity = true) {
  const chart = new Chart(Testing.app(), 'c', { namespace: 'app' });
  const store = new SecretStore(chart, 's', {
    provider: SecretStoreProvider[service]({ region: 'us-east-1', ...options }),
    identity: identity ? StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'eso' }) : undefined,
  });
  return { chart, store };
}

/** The message of the ValidationError `fn` throws (directly or wrapped by cdk8s at synth). */
function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return esokitMessage((e as Error).message);
  }
  throw new Error('expected an error, none was thrown');
}

function readKey(service: Service, key: string, ref: RemoteReferenceOptions = {}, options: Partial<AwsProviderOptions> = {}) {
  const { chart, store } = app(service, options);
  new ExternalSecret(chart, 'es', { store, data: { v: store.ref(key, ref) } });
  synthValid(chart);
  return store.identity.policyDocument.Statement;
}

describe('aws finds render what GetAllSecrets accepts', () => {
  test.each<Service>(['awsSecretsManager', 'awsParameterStore'])('%s: a find with only a path means everything under it', (service) => {
    // GIVEN the README's find: a path and nothing else, which eso rejects ("unexpected find operator")
    const { chart, store } = app(service);
    new ExternalSecret(chart, 'es', { store, dataFrom: [store.find({ path: '/payments/flags/' })] });
    // WHEN
    const manifests = synthValid(chart);
    // THEN the find carries a name regexp that matches every name under the path
    expect(onlyOfKind(manifests, 'ExternalSecret').spec.dataFrom).toEqual([{ find: { path: '/payments/flags/', name: { regexp: '.*' } } }]);
    // and the policy stays scoped to the path
    const resources = store.identity.policyDocument.Statement.flatMap((s: any) => s.Resource).filter((r: string) => r !== '*');
    expect(resources.length).toBeGreaterThan(0);
    expect(resources.every((r: string) => r.includes('payments/flags'))).toBe(true);
  });

  test('secrets manager: a path find is read with BatchGetSecretValue and GetSecretValue under the path only', () => {
    const { chart, store } = app('awsSecretsManager');
    new ExternalSecret(chart, 'es', { store, dataFrom: [store.find({ path: '/payments/flags/' })] });
    synthValid(chart);
    expect(store.identity.policyDocument.Statement).toEqual([
      { Sid: 'FindSecrets', Effect: 'Allow', Action: ['secretsmanager:BatchGetSecretValue', 'secretsmanager:ListSecrets'], Resource: ['*'] },
      {
        Sid: 'ReadSecrets',
        Effect: 'Allow',
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
        Resource: ['arn:aws:secretsmanager:us-east-1:123456789012:secret:/payments/flags/*'],
      },
    ]);
  });

  test('parameter store: a path find lists the path recursively', () => {
    const { chart, store } = app('awsParameterStore');
    new ExternalSecret(chart, 'es', { store, dataFrom: [store.find({ path: '/payments/flags' })] });
    synthValid(chart);
    expect(store.identity.policyDocument.Statement).toEqual([{
      Sid: 'ReadParametersByPath',
      Effect: 'Allow',
      Action: ['ssm:GetParametersByPath'],
      Resource: ['arn:aws:ssm:us-east-1:123456789012:parameter/payments/flags', 'arn:aws:ssm:us-east-1:123456789012:parameter/payments/flags/*'],
    }]);
  });

  test('parameter store: fails for a name regexp with tags, whose tags eso drops', () => {
    // parameterstore.go GetAllSecrets: `if ref.Name != nil` wins; tags are never read.
    const { chart, store } = app('awsParameterStore', {}, false);
    expect(errorOf(() => new ExternalSecret(chart, 'es', { store, dataFrom: [store.find({ path: '/a', nameRegexp: 'x', tags: { team: 'a' } })] })))
      .toBe('c/es: dataFrom[0].find has both nameRegexp and tags, but eso\'s parameter store find uses the name and silently drops the tags; give one of them (two finds for both)');
  });

  test('parameter store: fails for a relative path', () => {
    const { chart, store } = app('awsParameterStore', {}, false);
    expect(errorOf(() => new ExternalSecret(chart, 'es', { store, dataFrom: [store.find({ path: 'payments', nameRegexp: 'x' })] })))
      .toBe('c/es: dataFrom[0].find.path "payments" does not start with "/"; parameter paths are absolute, e.g. "/payments"');
  });

  test('secrets manager: fails for a name find without path through a store with a prefix', () => {
    // secretsmanager.go findByName lists names, then fetch() reads prefix + name: another secret.
    const { chart, store } = app('awsSecretsManager', { prefix: '/team/' }, false);
    expect(errorOf(() => new ExternalSecret(chart, 'es', { store, dataFrom: [store.find({ nameRegexp: '^db' })] })))
      .toBe('c/es: dataFrom[0].find has a name regexp but no path through a store with prefix "/team/"; eso would read each found secret as prefix + name, which does not exist, so give the find a path (e.g. "/team/")');
  });

  test('secrets manager: fails for a tag that cannot be a filter value', () => {
    const { chart, store } = app('awsSecretsManager', {}, false);
    expect(errorOf(() => new ExternalSecret(chart, 'es', { store, dataFrom: [store.find({ path: '/a/', tags: { team: '!a' } })] })))
      .toBe('c/es: dataFrom[0].find.tags "team": "!a" cannot be a secrets manager filter (letters, digits, spaces and :_@/+=.- only; a leading "!" would negate it); use the tag as it is written in aws');
  });
});

describe('aws references that cannot work', () => {
  test('a partial secrets manager arn is granted with the random suffix, a full one as given', () => {
    // GetSecretValue accepts an arn without its 6-character suffix; iam matches the full arn.
    const partial = 'arn:aws:secretsmanager:us-east-1:210987654321:secret:shared/db';
    expect(readKey('awsSecretsManager', partial)[0].Resource).toEqual([`${partial}-??????`]);
    const full = `${partial}-AbC123`;
    expect(readKey('awsSecretsManager', full)[0].Resource).toEqual([full]);
  });

  test('fails for an arn in another region than the store', () => {
    // The client calls the store's regional endpoint with the arn as is.
    expect(errorOf(() => readKey('awsSecretsManager', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db')))
      .toBe('c/es: data[0].remoteRef.key "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db" is in aws/eu-west-1, but the store reads from aws/us-east-1 and eso calls only that region\'s endpoint; read it through a store in eu-west-1');
  });

  test('fails for an arn of another service', () => {
    expect(errorOf(() => readKey('awsSecretsManager', 'arn:aws:ssm:us-east-1:123456789012:parameter/db')))
      .toBe('c/es: data[0].remoteRef.key "arn:aws:ssm:us-east-1:123456789012:parameter/db" is not a secretsmanager arn; give the name, or the arn "arn:aws:secretsmanager:us-east-1:<account>:secret:<name>"');
  });

  test('fails for an arn key through a store with a prefix', () => {
    // fetch(): SecretId = prefix + key, so the prefix would be put in front of the arn.
    expect(errorOf(() => readKey('awsSecretsManager', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbC123', {}, { prefix: '/team/' })))
      .toBe('c/es: data[0].remoteRef.key "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbC123" is an arn, but the store has prefix "/team/", which eso would put in front of it; give the name without the prefix, or use a store without prefix');
  });

  test('a parameter name ending in "/" or with an empty sub-path is refused; secrets manager names may have them', () => {
    // GetParameter: "each sub-path can be formed as a mix of letters, numbers and .-_".
    expect(errorOf(() => readKey('awsParameterStore', '/app/db/')))
      .toBe('c/es: data[0].remoteRef.key "/app/db/" ends with "/", so it names a path, not a parameter; parameter store refuses it ("ValidationException: Parameter name …"); to read every parameter under a path, use store.find({ path: "/app/db" })');
    expect(errorOf(() => readKey('awsParameterStore', '/db', {}, { prefix: '/app/' })))
      .toBe('c/es: data[0].remoteRef.key "/db" makes a parameter name with an empty sub-path ("//") (with the store\'s prefix it reads "/app//db"), which parameter store refuses ("ValidationException: Parameter name …"); write it as "db"');
    expect(errorOf(() => readKey('awsParameterStore', '/app//db')))
      .toBe('c/es: data[0].remoteRef.key "/app//db" makes a parameter name with an empty sub-path ("//"), which parameter store refuses ("ValidationException: Parameter name …"); write it as "/app/db"');
    expect(readKey('awsParameterStore', 'db', {}, { prefix: '/app/' })[0].Resource).toEqual(['arn:aws:ssm:us-east-1:123456789012:parameter/app/db']);
    expect(() => readKey('awsSecretsManager', 'app/db/')).not.toThrow();
  });

  test('a find path outside a path prefix is refused; a name prefix, the root and the prefix itself are not', () => {
    const find = (service: Service, prefix: string, path: string) => {
      const { chart, store } = app(service, { prefix }, false);
      new ExternalSecret(chart, 'es', { store, dataFrom: [store.find({ path, nameRegexp: '.*' })] });
      return synthValid(chart);
    };
    expect(errorOf(() => find('awsSecretsManager', '/team/', 'db')))
      .toBe('c/es: dataFrom[0].find.path "db" does not start with the store\'s prefix "/team/"; eso puts the prefix before the keys of references but lists find paths as written, so this would list "db"; write the whole path, e.g. "/team/db"');
    expect(() => find('awsParameterStore', '/team/', '/team/db')).not.toThrow();
    expect(() => find('awsParameterStore', '/team/', '/team')).not.toThrow();
    expect(() => find('awsParameterStore', '/team/', '/')).not.toThrow();
    expect(() => find('awsSecretsManager', 'team-', 'other')).not.toThrow();
  });

  test('an arn in another account is kept (cross-account reads need the secret\'s resource policy)', () => {
    const arn = 'arn:aws:secretsmanager:us-east-1:210987654321:secret:shared/db-AbC123';
    expect(readKey('awsSecretsManager', arn)[0].Resource).toEqual([arn]);
  });

  test('fails for an unknown region, with a suggestion', () => {
    // provider.go validateRegion accepts nearly any string; the sdk fails on the first call.
    const chart = new Chart(Testing.app(), 'c', { namespace: 'app' });
    expect(errorOf(() => new SecretStore(chart, 's', { provider: SecretStoreProvider.awsSecretsManager({ region: 'us_east_1' }) })))
      .toBe('c/s: provider.aws.region "us_east_1" is not an aws region; did you mean "us-east-1"? use a region code such as "us-east-1" or "eu-west-2"');
    expect(errorOf(() => new SecretStore(chart, 's2', { provider: SecretStoreProvider.awsSecretsManager({ region: 'us-east-9' }) })))
      .toBe('c/s2: provider.aws.region "us-east-9" is not an aws region; use a region code such as "us-east-1" or "eu-west-2"');
  });

  test('fails for a region of another partition than the identity\'s role', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'app' });
    const store = new SecretStore(chart, 's', {
      provider: SecretStoreProvider.awsSecretsManager({ region: 'cn-north-1' }),
      identity: StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'eso' }),
    });
    new ExternalSecret(chart, 'es', { store, data: { v: store.ref('db') } });
    expect(errorOf(() => Testing.synth(chart)))
      .toBe('c/s: provider.aws.region "cn-north-1" is in partition "aws-cn", but the role that reads is in "aws"; roles cannot read across partitions, so use a role (or OIDC provider) of "aws-cn"');
  });

  test('fails for a provider role that is the identity\'s own role', () => {
    // auth.go: the identity's credentials assume `role`; assuming itself needs a self-trust nobody means.
    expect(errorOf(() => readKey('awsSecretsManager', 'db', {}, { role: 'arn:aws:iam::123456789012:role/eso' })))
      .toBe('c/s: provider.aws role names "arn:aws:iam::123456789012:role/eso", the store identity\'s own role, which would assume itself; remove it from the provider (the identity already is that role)');
  });

  test('secrets manager: fails for a bare version id, which eso sends as a stage', () => {
    // secretsmanager.go: only "uuid/<id>" becomes VersionId.
    expect(errorOf(() => readKey('awsSecretsManager', 'db', { version: '0123abcd-0123-4567-89ab-0123456789ab' })))
      .toBe('c/es: data[0].remoteRef.version "0123abcd-0123-4567-89ab-0123456789ab" is a version id, which eso would send as a version stage; write it as "uuid/0123abcd-0123-4567-89ab-0123456789ab"');
  });

  test.each<Service>(['awsSecretsManager', 'awsParameterStore'])('%s: fails for a version with metadataPolicy Fetch', (service) => {
    expect(errorOf(() => readKey(service, '/db', { version: '3', metadataPolicy: MetadataPolicy.FETCH }))).toMatch(/^c\/es: data\[0\]\.remoteRef\.version "3" (is ignored with|cannot be combined with) metadataPolicy "Fetch"/);
  });

  test('parameter store: versions are numbers or labels, given once', () => {
    // parameterstore.go parameterNameWithVersion: GetParameter("<name>:<version>").
    expect(readKey('awsParameterStore', '/db', { version: '3' })[0].Resource).toEqual(['arn:aws:ssm:us-east-1:123456789012:parameter/db']);
    expect(errorOf(() => readKey('awsParameterStore', '/db', { version: 'uuid/0123456789abcdef0123456789abcdef' })))
      .toBe('c/es: data[0].remoteRef.version "uuid/0123456789abcdef0123456789abcdef" is neither a parameter version number (e.g. "3") nor a label; eso reads "<name>:<version>"');
    expect(errorOf(() => readKey('awsParameterStore', '/db:2', { version: '3' })))
      .toBe('c/es: data[0].remoteRef.key "/db:2" already selects a version with ":" and version "3" adds another; give the version in one place');
  });

  test('errors are ValidationErrors with stable codes', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'app' });
    let code: string | undefined;
    try {
      new SecretStore(chart, 's', { provider: SecretStoreProvider.awsSecretsManager({ region: 'nowhere-1' }) });
    } catch (e) {
      code = (e as ValidationError).code;
    }
    expect(code).toBe('aws.region.invalid');
    expect(ValidationError.isValidationError(new ValidationError('w', 'c', 'm'))).toBe(true);
  });
});

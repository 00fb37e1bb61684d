/**
 * Every problem once, where the user wrote it: a construct's independent problems in one error at
 * construction, every construct's synth-time problems in one `app.synth()`, an undeclared key
 * named at the container and variable that asked for it.
 */
import { App, Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { CreationPolicy, DeletionPolicy, ExternalSecret, SecretStore, SecretStoreProvider } from '../../src';
import { ValidationError } from '../../src/core/model/errors';

const sm = () => SecretStoreProvider.awsSecretsManager({ region: 'eu-west-1' });

function setup(): { app: App; c: Chart; s: SecretStore } {
  const app = Testing.app();
  const c = new Chart(app, 'app', { namespace: 'payments' });
  return { app, c, s: new SecretStore(c, 'aws', { metadata: { name: 'aws' }, provider: sm() }) };
}

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('construction reports all of a construct\'s problems in one error', () => {
  test('an ExternalSecret with a bad label, a bad target name and a bad key', () => {
    const { c, s } = setup();
    const e = thrown(() => new ExternalSecret(c, 'es', {
      store: s,
      metadata: { labels: { team: 'payments team' } },
      target: { name: 'Payments_DB' },
      data: { 'db password': s.ref('/db'), 'user': s.ref('/user') },
    }));
    expect(e.message).toBe([
      'app/es: 3 problems:',
      '  - metadata.labels["team"] "payments team" is not a valid label value: it must be letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit; put longer or free-form text in an annotation',
      '  - target.name "Payments_DB" is not a valid kubernetes name (RFC 1123 subdomain: at most 253 lowercase letters, digits, \'-\' and \'.\', starting and ending with a letter or digit); use e.g. "payments-db"',
      '  - data "db password" is not a valid secret key (1 to 253 characters of letters, digits, \'-\', \'_\' and \'.\'); use e.g. "db_password"',
    ].join('\n'));
    // Each problem stays an esokit error of its own, with its field.
    expect(ValidationError.isValidationError(e)).toBe(true);
    expect((e as ValidationError).problems.map((p) => p.field)).toEqual(['metadata.labels["team"]', 'target.name', 'data']);
  });

  test('each broken rule of the policies: a Delete of a merged Secret and an immutable Secret refreshed hourly', () => {
    const { c, s } = setup();
    const e = thrown(() => new ExternalSecret(c, 'es', {
      store: s,
      refreshInterval: Duration.hours(1),
      target: { creationPolicy: CreationPolicy.MERGE, deletionPolicy: DeletionPolicy.DELETE, immutable: true },
      data: { a: s.ref('/a') },
    }));
    expect((e as ValidationError).problems.map((p) => p.code)).toEqual(['external-secret.target.delete-not-owned', 'external-secret.target.immutable-refresh']);
  });

  test('one problem keeps its own message, with no count', () => {
    const { c, s } = setup();
    expect(thrown(() => new ExternalSecret(c, 'es', { store: s, target: { name: 'Payments_DB' }, data: { a: s.ref('/a') } })).message)
      .toMatch(/^app\/es: target\.name "Payments_DB" is not a valid kubernetes name/);
  });

  test('a SecretStore with bad metadata and a bad retry interval', () => {
    const { c } = setup();
    const e = thrown(() => new SecretStore(c, 'vault', {
      metadata: { annotations: { 'a/b/c': 'x' } },
      provider: sm(),
      retryInterval: Duration.millis(0.5),
    }));
    expect(e.message.split('\n')[0]).toBe('app/vault: 2 problems:');
    expect(e.message).toContain('  - metadata.annotations key "a/b/c" is not a valid annotation key');
    expect(e.message).toContain('  - retryInterval');
  });
});

describe('synth names the workload, container and variable that asked for an undeclared key', () => {
  test('two containers asking for two undeclared keys: both reported, at the Deployment', () => {
    const { app, c, s } = setup();
    const db = new ExternalSecret(c, 'db', { store: s, target: { name: 'db' }, data: { password: s.ref('/db', { property: 'password' }) } });
    new kplus.Deployment(c, 'web', {
      containers: [
        { name: 'api', image: 'api', envVariables: { DB_PASSWORD: db.envValue('pasword') } },
        { name: 'worker', image: 'worker', envVariables: { DB_USER: db.envValue('user') } },
      ],
    });
    const lines = thrown(() => app.synth()).message.split('\n');
    expect(lines).toEqual([
      'Validation failed with the following errors:',
      '  [app/db] app/web: container "api" env var "DB_PASSWORD" asks for key "pasword", but the Secret "db" declares only "password"; use one of the declared keys or add it to data',
      '  [app/db] app/web: container "worker" env var "DB_USER" asks for key "user", but the Secret "db" declares only "password"; use one of the declared keys or add it to data',
    ]);
  });

  test('a key asked for but never put in a container is named at the ExternalSecret', () => {
    const { app, c, s } = setup();
    new ExternalSecret(c, 'db', { store: s, data: { password: s.ref('/db') } }).envValue('user');
    expect(thrown(() => app.synth()).message).toContain('[app/db] app/db: envValue asks for key "user"');
  });

  test('an init container is found too', () => {
    const { app, c, s } = setup();
    const db = new ExternalSecret(c, 'db', { store: s, target: { name: 'db' }, data: { password: s.ref('/db') } });
    const pod = new kplus.Pod(c, 'migrate', { containers: [{ image: 'app' }] });
    pod.addInitContainer({ name: 'schema', image: 'migrate', envVariables: { PW: db.envValue('pw') } });
    expect(thrown(() => app.synth()).message).toContain('[app/db] app/migrate: container "schema" env var "PW" asks for key "pw"');
  });

  test('an ExternalSecret whose data is added after construction reports each undeclared key at synth', () => {
    const { app, c, s } = setup();
    const es = new ExternalSecret(c, 'late', { store: s, target: { name: 'late' } });
    es.addData('a', s.ref('/a'));
    es.envValue('b');
    es.envValue('c');
    const lines = thrown(() => app.synth()).message.split('\n').slice(1);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^ {2}\[app\/late\] app\/late: envValue asks for key "b"/);
    expect(lines[1]).toMatch(/^ {2}\[app\/late\] app\/late: envValue asks for key "c"/);
  });
});

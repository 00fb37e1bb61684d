/**
 * What the Kubernetes API server and ESO's controller do with objects the CRD schema accepts:
 * metadata the API server refuses, Secret types without their keys, ExternalSecrets of one app
 * that fight over a Secret, refresh settings that never refresh, and a controller that does not
 * reconcile what the app declares. Each case names the mistake it comes from.
 */
import { ApiObject, Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  ClusterSecretStore,
  CreationPolicy,
  EsoOperator,
  ExternalSecret,
  OperatorInstall,
  RefreshPolicy,
  SecretStore,
  SecretStoreProvider,
} from '../../src';
import { esokitMessage } from '../support/errors';
import { synthValid } from '../support/synth';


const sm = () => SecretStoreProvider.awsSecretsManager({ region: 'eu-west-1' });

function chart(): Chart {
  return new Chart(Testing.app(), 'app', { namespace: 'payments' });
}

function store(c: Chart): SecretStore {
  return new SecretStore(c, 'aws', { metadata: { name: 'aws' }, provider: sm() });
}

/** The message a declaration is refused with, at construction or at synth. */
function refused(build: (c: Chart, s: SecretStore) => void): string {
  const c = chart();
  try {
    build(c, store(c));
    Testing.synth(c);
  } catch (e) {
    return esokitMessage((e as Error).message);
  }
  throw new Error('expected the declaration to be refused');
}

describe('metadata the api server refuses', () => {
  test.each<[string, Record<string, unknown>, string]>([
    ['a label value with spaces (labels are not free text)', { labels: { team: 'payments team' } },
      'app/es: metadata.labels["team"] "payments team" is not a valid label value: it must be letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit; put longer or free-form text in an annotation'],
    ['a label value over 63 characters', { labels: { commit: 'x'.repeat(64) } },
      'app/es: metadata.labels["commit"] "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" is not a valid label value: it is 64 characters, over 63; put longer or free-form text in an annotation'],
    ['a label key with an uppercase prefix', { labels: { 'Example.com/team': 'a' } },
      'app/es: metadata.labels key "Example.com/team" is not a valid label key: its prefix "Example.com" is not a dns subdomain (lowercase letters, digits, \'-\' and \'.\', at most 253); use e.g. "app.kubernetes.io/name"'],
    ['an annotation key with two slashes', { annotations: { 'a/b/c': 'x' } },
      'app/es: metadata.annotations key "a/b/c" is not a valid annotation key: it has more than one "/"; use e.g. "example.com/owner"'],
    ['a boolean label value from YAML habits', { labels: { enabled: true } },
      'app/es: props.metadata.labels["enabled"] is boolean true; expected a string (quote it: "true")'],
  ])('%s', (_, metadata, message) => {
    expect(refused((c, s) => new ExternalSecret(c, 'es', { metadata: metadata as any, store: s, data: { a: s.ref('a') } }))).toBe(message);
  });

  test('an explicit name: undefined is the generated name, not "undefined"', () => {
    const c = chart();
    const s = store(c);
    new ExternalSecret(c, 'es', { metadata: { name: undefined, labels: { 'app.kubernetes.io/name': 'payments', 'empty': '' } }, store: s, data: { a: s.ref('a') } });
    const es = synthValid(c).find((m) => m.kind === 'ExternalSecret');
    expect(es.metadata.name).toMatch(/^app-es-c8[0-9a-f]+$/);
  });

  test('annotations over 256 KiB in total', () => {
    expect(refused((c, s) => new ExternalSecret(c, 'es', { metadata: { annotations: { 'example.com/big': 'x'.repeat(256 * 1024) } }, store: s, data: { a: s.ref('a') } })))
      .toBe('app/es: metadata.annotations total 262159 bytes, over the api server\'s limit of 262144 bytes for an object\'s annotations; move the large values into a ConfigMap');
  });

  test('store metadata is checked the same way', () => {
    const c = chart();
    expect(() => new SecretStore(c, 's', { metadata: { labels: { 'team/': 'x' } }, provider: sm() })).toThrow(
      'app/s: metadata.labels key "team/" is not a valid label key: its name part is empty; use e.g. "app.kubernetes.io/name"');
  });
});

describe('secret keys and types', () => {
  test.each([
    ['..data', 'is not a valid secret key (it must not be "." or start with "..", as it becomes a file name when the Secret is mounted); use e.g. "data"'],
    ['.', 'is not a valid secret key (it must not be "." or start with "..", as it becomes a file name when the Secret is mounted); use e.g. "value"'],
  ])('the key %j, which the api server refuses', (key, problem) => {
    expect(refused((c, s) => new ExternalSecret(c, 'es', { store: s, data: { [key]: s.ref('a') } }))).toBe(`app/es: data ${JSON.stringify(key)} ${problem}`);
  });

  test('a kubernetes.io/tls Secret without tls.key (the keys were named cert and key)', () => {
    expect(refused((c, s) => new ExternalSecret(c, 'es', {
      store: s,
      data: { cert: s.ref('tls', { property: 'crt' }), key: s.ref('tls', { property: 'key' }) },
      target: { template: { type: 'kubernetes.io/tls', mergePolicy: undefined } },
    }))).toBe('app/es: target.template.type "kubernetes.io/tls" needs the keys "tls.crt", "tls.key", but the Secret declares "cert", "key" '
      + '(missing "tls.crt", "tls.key"; the api server refuses such a Secret, so eso never writes it); name the keys that way in data or target.template.data');
  });

  test('a dockerconfigjson Secret whose template names the key config.json', () => {
    expect(refused((c, s) => new ExternalSecret(c, 'es', {
      store: s,
      data: { auth: s.ref('registry') },
      target: { template: { type: 'kubernetes.io/dockerconfigjson', data: { 'config.json': '{{ .auth }}' } } },
    }))).toContain('target.template.type "kubernetes.io/dockerconfigjson" needs the keys ".dockerconfigjson", but the Secret declares "config.json"');
  });

  test('basic-auth needs username or password', () => {
    expect(refused((c, s) => new ExternalSecret(c, 'es', { store: s, data: { user: s.ref('db') }, target: { template: { type: 'kubernetes.io/basic-auth', mergePolicy: undefined } } })))
      .toContain('target.template.type "kubernetes.io/basic-auth" needs the key "username" or "password", but the Secret declares "user"');
  });

  test('a type whose keys come from dataFrom cannot be judged, and is accepted', () => {
    const c = chart();
    const s = store(c);
    new ExternalSecret(c, 'es', { store: s, dataFrom: [s.find({ path: 'tls/' })], target: { template: { type: 'kubernetes.io/tls' } } });
    expect(() => synthValid(c)).not.toThrow();
  });

  test('a tls Secret with its keys is accepted', () => {
    const c = chart();
    const s = store(c);
    new ExternalSecret(c, 'es', { store: s, data: { 'tls.crt': s.ref('tls', { property: 'crt' }), 'tls.key': s.ref('tls', { property: 'key' }) }, target: { template: { type: 'kubernetes.io/tls' } } });
    expect(() => synthValid(c)).not.toThrow();
  });
});

describe('refresh settings that do not do what they say', () => {
  test('Periodic with a zero interval never refreshes', () => {
    expect(refused((c, s) => new ExternalSecret(c, 'es', { store: s, data: { a: s.ref('a') }, refreshPolicy: RefreshPolicy.PERIODIC, refreshInterval: Duration.seconds(0) })))
      .toBe('app/es: refreshPolicy "Periodic" with refreshInterval "0s" never refreshes: eso reads 0 as "do not refresh", and ignores later changes to the ExternalSecret too; '
        + 'for one fetch use refreshPolicy "CreatedOnce", otherwise give an interval such as "1h"');
  });

  test('a zero interval without a policy is eso\'s documented "fetch once", and accepted', () => {
    const c = chart();
    const s = store(c);
    new ExternalSecret(c, 'es', { store: s, data: { a: s.ref('a') }, refreshInterval: Duration.seconds(0) });
    expect(() => synthValid(c)).not.toThrow();
  });

  test('an immutable Secret with the default hourly refresh', () => {
    expect(refused((c, s) => new ExternalSecret(c, 'es', { store: s, data: { a: s.ref('a') }, target: { immutable: true } })))
      .toBe('app/es: target.immutable is set, but the ExternalSecret refreshes every 1h (eso\'s default): eso writes an immutable Secret once and never updates it, '
        + 'so every later fetch is spent for nothing and rotated values never arrive; set refreshPolicy "CreatedOnce" (or refreshInterval "0s"), or drop immutable to get updates');
  });

  test('an immutable Secret fetched once is accepted', () => {
    const c = chart();
    const s = store(c);
    new ExternalSecret(c, 'es', { store: s, data: { a: s.ref('a') }, target: { immutable: true }, refreshPolicy: RefreshPolicy.CREATED_ONCE });
    expect(() => synthValid(c)).not.toThrow();
  });
});

describe('ExternalSecrets of one app writing one Secret', () => {
  test('two owners of one Secret', () => {
    expect(refused((c, s) => {
      new ExternalSecret(c, 'a', { store: s, data: { x: s.ref('x') }, target: { name: 'shared' } });
      new ExternalSecret(c, 'b', { store: s, data: { y: s.ref('y') }, target: { name: 'shared' } });
    })).toBe('app/a: target Secret "payments/shared" is also written by app/b; app/a owns it (creationPolicy "Owner"), and eso refuses every other ExternalSecret that writes a Secret one owns '
      + '(app/b would fail with "secret is owned by another ExternalSecret"); give one of them another target.name, or let both merge (creationPolicy "Merge" or "CreateOrMerge") with different keys');
  });

  test('an owner and a merger', () => {
    expect(refused((c, s) => {
      new ExternalSecret(c, 'a', { store: s, data: { x: s.ref('x') }, target: { name: 'shared' } });
      new ExternalSecret(c, 'b', { store: s, data: { y: s.ref('y') }, target: { name: 'shared', creationPolicy: CreationPolicy.MERGE } });
    })).toContain('app/a owns it (creationPolicy "Owner"), and eso refuses every other ExternalSecret that writes a Secret one owns (app/b would fail');
  });

  test('an orphan next to a merger removes its keys', () => {
    expect(refused((c, s) => {
      new ExternalSecret(c, 'a', { store: s, data: { x: s.ref('x') }, target: { name: 'shared', creationPolicy: CreationPolicy.ORPHAN } });
      new ExternalSecret(c, 'b', { store: s, data: { y: s.ref('y') }, target: { name: 'shared', creationPolicy: CreationPolicy.MERGE } });
    })).toContain('creationPolicy "Orphan" replaces the Secret\'s keys with its own on every refresh, so the two would keep removing each other\'s keys');
  });

  test('two mergers setting the same key', () => {
    expect(refused((c, s) => {
      new ExternalSecret(c, 'a', { store: s, data: { x: s.ref('x') }, target: { name: 'shared', creationPolicy: CreationPolicy.CREATE_OR_MERGE } });
      new ExternalSecret(c, 'b', { store: s, data: { x: s.ref('y') }, target: { name: 'shared', creationPolicy: CreationPolicy.MERGE } });
    })).toBe('app/a: target Secret "payments/shared" is also written by app/b, and both set "x"; the value would flip with whichever refreshed last, so let one ExternalSecret own each key');
  });

  test('a creator and a merger of different keys, and the same name in another namespace, are fine', () => {
    const c = chart();
    const s = store(c);
    new ExternalSecret(c, 'a', { store: s, data: { x: s.ref('x') }, target: { name: 'shared', creationPolicy: CreationPolicy.CREATE_OR_MERGE } });
    new ExternalSecret(c, 'b', { store: s, data: { y: s.ref('y') }, target: { name: 'shared', creationPolicy: CreationPolicy.MERGE } });
    const other = new Chart(c, 'orders', { namespace: 'orders' });
    const os = new SecretStore(other, 'aws', { provider: sm() });
    new ExternalSecret(other, 'a', { store: os, data: { x: os.ref('x') }, target: { name: 'shared' } });
    expect(() => synthValid(c)).not.toThrow();
  });
});

describe('an ExternalSecret writing a Secret the app declares itself', () => {
  const declared = (c: Chart) => new kplus.Secret(c, 'creds', { metadata: { name: 'creds' }, stringData: { a: 'b' } });

  test('an orphan replaces its keys too; the policy is named', () => {
    expect(refused((c, s) => {
      declared(c);
      new ExternalSecret(c, 'es', { store: s, data: { x: s.ref('x') }, target: { name: 'creds', creationPolicy: CreationPolicy.ORPHAN } });
    })).toMatch(/^app\/es: target Secret "payments\/creds" is also declared by app\/creds; with creationPolicy "Orphan" eso takes it over/);
  });

  test('a raw v1 Secret ApiObject counts; CreateOrMerge and one in another namespace do not conflict', () => {
    expect(refused((c, s) => {
      new ApiObject(c, 'raw', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds' } });
      new ExternalSecret(c, 'es', { store: s, data: { x: s.ref('x') }, target: { name: 'creds' } });
    })).toMatch(/is also declared by app\/raw; with creationPolicy "Owner"/);
    const c = chart();
    const s = store(c);
    declared(c);
    new ExternalSecret(c, 'es', { store: s, data: { x: s.ref('x') }, target: { name: 'creds', creationPolicy: CreationPolicy.CREATE_OR_MERGE } });
    const other = new Chart(c, 'orders', { namespace: 'orders' });
    const os = new SecretStore(other, 'aws', { provider: sm() });
    new ExternalSecret(other, 'es', { store: os, data: { x: os.ref('x') }, target: { name: 'creds' } });
    expect(() => synthValid(c)).not.toThrow();
  });
});

describe('a workload reading a Secret nothing creates', () => {
  test('creationPolicy None: eso never writes it', () => {
    expect(refused((c, s) => {
      const es = new ExternalSecret(c, 'es', { metadata: { name: 'es' }, store: s, data: { token: s.ref('t') }, target: { creationPolicy: CreationPolicy.NONE } });
      new kplus.Deployment(c, 'web', { containers: [{ image: 'nginx', envVariables: { TOKEN: es.envValue('token') } }] });
    })).toBe('app/es: a workload (envValue) reads Secret "payments/es", but the ExternalSecret has creationPolicy "None", so eso never writes it and no other ExternalSecret of the app does; '
      + 'use creationPolicy "Owner" (the default) to have eso create it, or read the Secret that exists');
  });

  test('creationPolicy Merge without a creator: a warning, the Secret may come from elsewhere', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const c = chart();
      const s = store(c);
      const es = new ExternalSecret(c, 'es', { metadata: { name: 'es' }, store: s, data: { token: s.ref('t') }, target: { creationPolicy: CreationPolicy.MERGE } });
      new kplus.Deployment(c, 'web', { containers: [{ image: 'nginx', volumes: [], envVariables: { TOKEN: es.envValue('token') } }] });
      synthValid(c);
      expect(warn).toHaveBeenCalledWith('warning: app/es: a workload (envValue) reads Secret "payments/es", which the ExternalSecret only merges into (creationPolicy "Merge") and no ExternalSecret of the app creates; '
        + 'eso waits (SecretMissing) until something else creates it, and the pod cannot start before; use "CreateOrMerge" to have eso create it when missing');
    } finally {
      warn.mockRestore();
    }
  });
});

describe('a controller that does not reconcile what the app declares', () => {
  test('a ClusterSecretStore next to a scoped-RBAC controller', () => {
    expect(refused((c) => {
      new EsoOperator(c, 'eso', { install: OperatorInstall.flux(), scopedNamespace: 'payments', scopedRbac: true });
      new ClusterSecretStore(c, 'global', { metadata: { name: 'global' }, provider: sm() });
    })).toContain('app/global: ClusterSecretStore "global" is not reconciled by the app\'s eso controller (app/eso), which runs with its cluster store reconciler off (scopedRbac or processClusterSecretStores: false)');
  });

  test('an ExternalSecret outside the single namespace the controller watches', () => {
    expect(refused((c, s) => {
      new EsoOperator(c, 'eso', { install: OperatorInstall.flux(), scopedNamespace: 'platform' });
      new ExternalSecret(c, 'es', { store: s, data: { a: s.ref('a') } });
    })).toBe('app/es: the ExternalSecret is in namespace "payments", but the app\'s eso controller (app/eso) watches only namespace "platform" (scopedNamespace), so eso never reconciles it; '
      + 'move it into "platform", or unscope the controller');
  });
});

describe('every problem of the app, once, under the construct the user wrote', () => {
  test('app.synth() reports the synth-time problems of every construct together (construction still fails at once for what is known then)', () => {
    const app = Testing.app();
    const c = new Chart(app, 'app', { namespace: 'payments' });
    const s = store(c);
    // Data added after construction: the problem is found at synth.
    new ExternalSecret(c, 'a', { store: s, refreshPolicy: RefreshPolicy.PERIODIC, refreshInterval: Duration.seconds(0) }).addData('x', s.ref('x'));
    new ExternalSecret(c, 'b', { store: s, data: { x: s.ref('x') } }).envValue('missing');
    new EsoOperator(c, 'eso', { install: OperatorInstall.flux(), scopedNamespace: 'platform' });
    let message = '';
    try {
      app.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    const lines = message.split('\n');
    expect(lines[0]).toBe('Validation failed with the following errors:');
    expect(lines.slice(1).map((l) => l.trim().replace(/\] .*/, ']'))).toEqual(['[app/a]', '[app/b]', '[app/eso]']);
    expect(lines[1]).toContain('[app/a] app/a: refreshPolicy "Periodic" with refreshInterval "0s" never refreshes');
    expect(lines[2]).toContain('[app/b] app/b: envValue asks for key "missing"');
    expect(lines[3]).toContain('[app/eso] app/a: the ExternalSecret is in namespace "payments"');
    expect(message).not.toContain('Failed serializing');
  });
});

describe('workload objects esokit names', () => {
  test('a volume of a Secret whose name has dots gets a DNS-label name (the API server refuses dots there)', () => {
    const c = chart();
    const s = store(c);
    const es = new ExternalSecret(c, 'es', { store: s, data: { a: s.ref('a') }, target: { name: 'payments.db.credentials' } });
    const volume = es.asVolume('creds');
    new kplus.Deployment(c, 'web', { containers: [{ image: 'nginx', volumeMounts: [{ path: '/creds', volume }] }] });
    const deployment = synthValid(c).find((m) => m.kind === 'Deployment');
    expect(deployment.spec.template.spec.volumes).toEqual([{ name: 'secret-payments-db-credentials', secret: { secretName: 'payments.db.credentials' } }]);
  });

  test('a volume name given by the user is checked as a DNS label', () => {
    const c = chart();
    const s = store(c);
    const es = new ExternalSecret(c, 'es', { store: s, data: { a: s.ref('a') } });
    expect(() => es.asVolume('creds', { name: 'db.creds' })).toThrow('app/es: asVolume name "db.creds" is not a valid name here (RFC 1123 label: at most 63 lowercase letters, digits and \'-\', no dots); use e.g. "db-creds"');
  });
});

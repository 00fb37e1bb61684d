/**
 * What JavaScript (and jsii) callers can pass that TypeScript would refuse: numbers for Durations,
 * strings for objects, arrays for records, null, `__proto__` keys, values outside an enum. Each is
 * esokit's message naming the field, never a TypeError from inside; valid keys that happen to be
 * Object's own names (`constructor`, `toString`) work like any other.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  DataFrom,
  EsoOperator,
  ExternalSecret,
  OperatorInstall,
  RemoteReference,
  SecretStore,
  SecretStoreProvider,
} from '../../src';
import { ENTRY_POINTS } from '../../src/core/model/shapes.generated';
import { recordResources } from '../pulumi/mocks';
import { esokitMessage } from '../support/errors';
import { synthValid } from '../support/synth';

recordResources();
/* eslint-disable @typescript-eslint/no-require-imports -- loaded after the mocks are set, as Pulumi requires */
const pulumi: typeof import('@pulumi/pulumi') = require('@pulumi/pulumi');
const esokitPulumi: typeof import('../../src/pulumi') = require('../../src/pulumi');
/* eslint-enable @typescript-eslint/no-require-imports */

const sm = () => SecretStoreProvider.awsSecretsManager({ region: 'eu-west-1' });

function chart(): Chart {
  return new Chart(Testing.app(), 'app', { namespace: 'payments' });
}

function store(c: Chart): SecretStore {
  return new SecretStore(c, 'db', { metadata: { name: 'db' }, provider: sm() });
}

/** The message a declaration is refused with (at construction or synth); it must be esokit's. */
function refused(build: (c: Chart, s: SecretStore) => void): string {
  const c = chart();
  const s = store(c);
  try {
    build(c, s);
    Testing.synth(c);
  } catch (e) {
    expect(e).not.toBeInstanceOf(TypeError);
    return esokitMessage((e as Error).message);
  }
  throw new Error('expected the declaration to be refused');
}

/** An object with `key` as an own property, as JSON.parse makes it (a literal cannot for `__proto__`). */
function withOwnKey<T>(key: string, value: T): Record<string, T> {
  const obj: Record<string, T> = {};
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  return obj;
}

describe('wrong types are refused with esokit messages', () => {
  test.each<[string, (c: Chart, s: SecretStore) => unknown, string]>([
    ['fails for a number where a Duration belongs',
      (c, s) => new ExternalSecret(c, 'es', { store: s, refreshInterval: 3600 as any, data: { a: s.ref('a') } }),
      'app/es: props.refreshInterval is number 3600; expected a Duration (e.g. Duration.hours(1))'],
    ['fails for a string where a RemoteReference belongs',
      (c, s) => new ExternalSecret(c, 'es', { store: s, data: { password: '/prod/db' as any } }),
      'app/es: props.data["password"] is string "/prod/db"; expected a RemoteReference from store.ref(...)'],
    ['fails for a string where an object belongs',
      (c, s) => new ExternalSecret(c, 'es', { store: s, target: 'db-credentials' as any, data: { a: s.ref('a') } }),
      'app/es: props.target is string "db-credentials"; expected an ExternalSecretTarget object'],
    ['fails for an array where a record belongs',
      (c, s) => new ExternalSecret(c, 'es', { store: s, data: { a: s.ref('a') }, metadata: { labels: ['team=payments'] as any } }),
      'app/es: props.metadata.labels is array ["team=payments"]; expected an object mapping each key to a string'],
    ['fails for null props',
      (c) => new ExternalSecret(c, 'es', null as any),
      'app/es: props is null; expected an ExternalSecretProps object'],
    ['fails for null where an optional field belongs',
      (c, s) => new ExternalSecret(c, 'es', { store: s, target: null as any, data: { a: s.ref('a') } }),
      'app/es: props.target is null; expected an ExternalSecretTarget object, or leave it out'],
    ['fails for a missing required field',
      (c) => new SecretStore(c, 'aws', {} as any),
      'app/aws: props.provider is missing; expected a SecretStoreProvider (e.g. SecretStoreProvider.awsSecretsManager(...))'],
    ['fails for a "__proto__" secret key (JSON.parse makes it an own key)',
      (c, s) => new ExternalSecret(c, 'es', { store: s, data: JSON.parse('{"__proto__": "x"}') }),
      'app/es: props.data has the key "__proto__", which javascript reads as an object\'s prototype, not as a key; rename it'],
    ['fails for a "__proto__" label key (Object.defineProperty makes it an own key)',
      (c, s) => new ExternalSecret(c, 'es', { store: s, data: { a: s.ref('a') }, metadata: { labels: withOwnKey('__proto__', 'x') } }),
      'app/es: props.metadata.labels has the key "__proto__", which javascript reads as an object\'s prototype, not as a key; rename it'],
    ['fails for a number where a Secret key name belongs',
      (c, s) => new ExternalSecret(c, 'es', { store: s, data: { a: s.ref('a') }, dataFromKeys: [5 as any] }),
      'app/es: props.dataFromKeys[0] is number 5; expected a string (quote it: "5")'],
    ['fails for a number given to addData as the Secret key',
      (c, s) => new ExternalSecret(c, 'es', { store: s, data: { a: s.ref('a') } }).addData(5 as any, s.ref('b')),
      'app/es: addData secretKey is number 5; expected a string (quote it: "5")'],
    ['fails for a number given to envValue as the key',
      (c, s) => new ExternalSecret(c, 'es', { store: s, data: { a: s.ref('a') } }).envValue(5 as any),
      'app/es: envValue key is number 5; expected a string (quote it: "5")'],
    ['fails for an enum value that is not one',
      (c, s) => new ExternalSecret(c, 'es', { store: s, refreshPolicy: 'Sometimes' as any, data: { a: s.ref('a') } }),
      'app/es: props.refreshPolicy is string "Sometimes"; expected one of "CreatedOnce", "Periodic", "OnChange" (RefreshPolicy)'],
    ['fails for a number as the remote key of store.ref',
      (_, s) => s.ref(42 as any),
      'app/db: ref key is number 42; expected a string (quote it: "42")'],
    ['fails for a NaN retry count',
      (c) => new SecretStore(c, 'aws', { provider: sm(), retryMaxRetries: NaN }),
      'app/aws: props.retryMaxRetries is number NaN; expected a finite number'],
    ['fails for a plain object posing as a RemoteReference',
      (c, s) => new ExternalSecret(c, 'es', { store: s, dataFrom: [DataFrom.extract({ key: '/prod/db' } as any)] }),
      'DataFrom.extract: ref is object {"key":"/prod/db"}; expected a RemoteReference from store.ref(...)'],
    ['fails for a class instance of the wrong kind',
      (c, s) => new ExternalSecret(c, 'es', { store: s, dataFrom: [s.ref('a') as any] }),
      'app/es: props.dataFrom[0] is a RemoteReference; expected a DataFrom (e.g. DataFrom.extract(...))'],
    ['fails for a wrong type in a static factory, naming the factory',
      () => SecretStoreProvider.awsSecretsManager({ region: ['eu-west-1'] } as any),
      'SecretStoreProvider.awsSecretsManager: options.region is array ["eu-west-1"]; expected a string'],
    ['fails for a misspelt field, naming the one meant',
      (c, s) => new ExternalSecret(c, 'es', { store: s, data: { a: s.ref('a') }, metadata: { lables: { team: 'payments' } } as any }),
      'app/es: props.metadata has the field "lables", which ApiObjectMetadata does not have; did you mean "labels"?'],
    ['fails for a class instance where a struct belongs',
      (c, s) => new ExternalSecret(c, 'es', { store: s, data: { a: s.ref('a') }, target: Duration.hours(1) as any }),
      'app/es: props.target is a Duration; expected an ExternalSecretTarget object'],
    ['fails for a value that is not json data inside helm values',
      (c) => new EsoOperator(c, 'eso', { install: OperatorInstall.flux(), values: { podAnnotations: { since: new Date(0) } } }),
      'app/eso: props.values["podAnnotations"]["since"] is a Date; expected json data (strings, finite numbers, booleans, null, arrays and plain objects)'],
    ['fails for an empty construct id',
      (c, s) => new ExternalSecret(c, '', { store: s, data: { a: s.ref('a') } }),
      'app/: id is empty; only the app has an empty id, so give one (e.g. "db")'],
    ['fails for a string where the install belongs',
      (c) => new EsoOperator(c, 'eso', { install: 'flux' as any }),
      'app/eso: props.install is string "flux"; expected an OperatorInstall (e.g. OperatorInstall.flux(...))'],
  ])('%s', (_, build, message) => {
    expect(refused(build)).toBe(message);
  });

  test('fails with every problem of one call in one error, the first line naming where', () => {
    expect(refused((c, s) => new ExternalSecret(c, 'es', {
      store: s,
      refreshInterval: '1h' as any,
      data: [s.ref('a')] as any,
      dataFrom: {} as any,
      target: { creationPolicy: 'Always' as any, template: { data: { 'config.json': 1 as any } } },
    }))).toBe([
      'app/es: 5 problems:',
      '  - props.refreshInterval is string "1h"; expected a Duration (e.g. Duration.hours(1))',
      '  - props.target.creationPolicy is string "Always"; expected one of "Owner", "Orphan", "Merge", "None", "CreateOrMerge" (CreationPolicy)',
      '  - props.target.template.data["config.json"] is number 1; expected a string (quote it: "1")',
      '  - props.data is array ["<RemoteReference>"]; expected an object mapping each key to a RemoteReference from store.ref(...)',
      '  - props.dataFrom is object {}; expected an array, each item a DataFrom (e.g. DataFrom.extract(...))',
    ].join('\n'));
  });

  test('fails for a chart whose namespace is not a string (the chart is cdk8s\'s, not esokit\'s)', () => {
    const c = new Chart(Testing.app(), 'x', { namespace: 5 as any });
    expect(() => new SecretStore(c, 's', { provider: SecretStoreProvider.awsSecretsManager({ region: 'us-east-1' }) }))
      .toThrow('x/s: metadata.namespace is number 5; expected a string (a namespace)');
  });

  test('fails with an error that carries each problem and the brand', () => {
    const c = chart();
    const s = store(c);
    try {
      new ExternalSecret(c, 'es', { store: s, refreshInterval: 1 as any, refreshPolicy: 2 as any, data: { a: s.ref('a') } });
      throw new Error('expected an error');
    } catch (e: any) {
      expect((e as { problems: unknown[] }).problems.map((p: any) => [p.code, p.field])).toEqual([
        ['shape.type', 'props.refreshInterval'],
        ['shape.type', 'props.refreshPolicy'],
      ]);
      expect(e.where).toBe('app/es');
    }
  });
});

describe('keys that are names of Object\'s own members are ordinary keys', () => {
  test('constructor, toString and hasOwnProperty as Secret keys, labels, template keys and find tags', () => {
    // GIVEN
    const c = chart();
    const s = store(c);
    const es = new ExternalSecret(c, 'es', {
      store: s,
      metadata: { labels: { constructor: 'a' } },
      data: { constructor: s.ref('/prod/a'), toString: s.ref('/prod/b') },
      dataFrom: [s.find({ path: '/prod/', tags: { hasOwnProperty: 'yes' } })],
      dataFromKeys: ['hasOwnProperty'],
      target: { template: { data: { valueOf: '{{ .constructor }}' } } },
    });

    // WHEN
    new kplus.Deployment(c, 'app', { containers: [{ image: 'app', envVariables: { A: es.envValue('valueOf'), B: es.envValue('hasOwnProperty') } }] });
    const manifests = synthValid(c);

    // THEN
    const spec = manifests.find((m) => m.kind === 'ExternalSecret').spec;
    expect(spec.data.map((d: any) => d.secretKey)).toEqual(['constructor', 'toString']);
    expect(spec.dataFrom[0].find.tags).toEqual({ hasOwnProperty: 'yes' });
    expect(spec.target.template.data).toEqual({ valueOf: '{{ .constructor }}' });
    expect(manifests.find((m) => m.kind === 'ExternalSecret').metadata.labels).toEqual({ constructor: 'a' });
    expect(es.keys).toEqual(['valueOf', 'hasOwnProperty']);
  });

  test('a key the Secret does not declare is refused even when Object has a member of that name', () => {
    expect(refused((c, s) => {
      const es = new ExternalSecret(c, 'es', { store: s, data: { a: s.ref('a') } });
      new kplus.Deployment(c, 'app', { containers: [{ image: 'app', envVariables: { A: es.envValue('constructor') } }] });
    })).toContain('"constructor"');
  });

  test('a duration unit named like an Object member is unknown, and an operator flag named so is not managed', () => {
    const c = chart();
    new EsoOperator(c, 'eso', { install: OperatorInstall.flux({ interval: Duration.hours(1) }), extraArgs: { constructor: 'x' } });
    expect(JSON.stringify(Testing.synth(c))).toContain('"constructor":"x"');
    expect(() => new esokitPulumi.SecretStore('s-unit', { namespace: 'p', provider: sm(), refreshInterval: '1constructor' }))
      .toThrow('s-unit: refreshInterval "1constructor"');
  });
});

describe('the pulumi components', () => {
  test('fails with a ResourceError of the component listing every problem', () => {
    let error: unknown;
    try {
      new esokitPulumi.SecretStore('s1', { namespace: 5 as any, provider: 'aws' as any });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(pulumi.ResourceError);
    expect((error as Error).message).toBe([
      's1: 2 problems:',
      '  - args.namespace is number 5; expected a string (quote it: "5") or an Output of one',
      '  - args.provider is string "aws"; expected a SecretStoreProvider (e.g. SecretStoreProvider.awsSecretsManager(...)) or an Output of one',
    ].join('\n'));
  });

  test('fails for null args and for a wrong type in a method', () => {
    expect(() => new esokitPulumi.ClusterSecretStore('s2', null as any)).toThrow('s2: args is null; expected a ClusterSecretStoreArgs object');
    const es = new esokitPulumi.ExternalSecret('e1', { store: esokitPulumi.SecretStore.existing('s', 'p'), data: { a: RemoteReference.of('a') } });
    expect(() => es.keyRef(7 as any)).toThrow('e1: keyRef key is number 7; expected a string (quote it: "7")');
  });

  test('accepts an Output where an Input belongs', () => {
    expect(() => new esokitPulumi.SecretStore('s3', { namespace: pulumi.output('p'), provider: pulumi.output(sm()) })).not.toThrow();
  });
});

describe('every public entry point checks its arguments', () => {
  const sources = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const file = path.join(dir, d.name);
    return d.isDirectory() ? sources(file) : d.name.endsWith('.ts') ? [fs.readFileSync(file, 'utf8')] : [];
  });
  const text = sources(path.join(__dirname, '..', '..', 'src')).join('\n');

  test.each(Object.keys(ENTRY_POINTS))('%s', (entry) => {
    expect(text).toMatch(new RegExp(`check(Construct)?Args\\([^;]*'${entry.replace(/\./g, '\\.')}'`));
  });
});

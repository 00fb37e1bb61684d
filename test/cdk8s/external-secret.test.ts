import { ApiObject, Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  ClusterSecretStore,
  ConversionStrategy,
  CreationPolicy,
  DataFrom,
  DecodingStrategy,
  DeletionPolicy,
  ExternalSecret,
  MetadataPolicy,
  NullBytePolicy,
  RefreshPolicy,
  RemoteReference,
  Rewrite,
  SecretStore,
  SecretStoreProvider,
  TemplateFrom,
  TemplateMergePolicy,
  TemplateScope,
  TemplateTarget,
  VaultAuth,
} from '../../src';
import { onlyOfKind, synthValid } from '../support/synth';

function setup(namespace = 'app') {
  const chart = new Chart(Testing.app(), 'test', { namespace });
  const aws = new SecretStore(chart, 'aws', {
    metadata: { name: 'aws' },
    provider: SecretStoreProvider.awsSecretsManager({ region: 'us-east-1' }),
  });
  return { chart, aws };
}

describe('ExternalSecret', () => {
  test('defaultChild is the ESO object', () => {
    const { chart, aws } = setup();
    const es = new ExternalSecret(chart, 'es', { store: aws, data: { A: aws.ref('a') } });
    expect(es.node.defaultChild).toBe(es.apiObject);
    expect(ApiObject.of(es)).toBe(es.apiObject);
  });

  test('minimal: only the fields the user set', () => {
    // GIVEN
    const { chart, aws } = setup();

    // WHEN
    const es = new ExternalSecret(chart, 'api', { store: aws, data: { API_TOKEN: aws.ref('/production/api-key', { property: 'api_token_value' }) } });

    // THEN
    const manifests = synthValid(chart);
    expect(manifests).toMatchSnapshot();
    const obj = onlyOfKind(manifests, 'ExternalSecret');
    expect(obj.apiVersion).toBe('external-secrets.io/v1');
    expect(obj.metadata.namespace).toBe('app');
    expect(obj.spec).toEqual({
      secretStoreRef: { name: 'aws', kind: 'SecretStore' },
      target: { name: obj.metadata.name },
      data: [{ secretKey: 'API_TOKEN', remoteRef: { key: '/production/api-key', property: 'api_token_value' } }],
    });
    expect(es.name).toBe(obj.metadata.name);
    expect(es.externalSecretName).toBe(obj.metadata.name);
    expect([es.apiVersion, es.kind, es.resourceType, es.resourceName]).toEqual(['v1', 'Secret', 'secrets', obj.metadata.name]);
  });

  test('every field', () => {
    // GIVEN
    const { chart, aws } = setup();

    // WHEN
    new ExternalSecret(chart, 'full', {
      store: aws,
      metadata: { name: 'full', labels: { team: 'a' } },
      refreshInterval: Duration.minutes(5),
      refreshPolicy: RefreshPolicy.PERIODIC,
      target: {
        name: 'full-secret',
        creationPolicy: CreationPolicy.ORPHAN,
        deletionPolicy: DeletionPolicy.RETAIN,
        immutable: false,
        template: {
          type: 'kubernetes.io/basic-auth',
          mergePolicy: TemplateMergePolicy.MERGE,
          labels: { app: 'x' },
          annotations: { owner: 'team-a' },
          data: { username: '{{ .user }}', password: '{{ .pass }}' },
          templateFrom: [
            TemplateFrom.configMap('tpl', [{ key: 'config.yaml', templateAs: TemplateScope.KEYS_AND_VALUES }], TemplateTarget.DATA),
            TemplateFrom.secret('tpl-secret', [{ key: 'extra' }]),
            TemplateFrom.literal('foo: "{{ .user }}"', TemplateTarget.ANNOTATIONS),
          ],
        },
      },
      data: {
        user: aws.ref('/db', {
          property: 'user',
          version: 'AWSPREVIOUS',
          metadataPolicy: MetadataPolicy.NONE,
          conversionStrategy: ConversionStrategy.DEFAULT,
          decodingStrategy: DecodingStrategy.NONE,
          nullBytePolicy: NullBytePolicy.FAIL,
        }),
        pass: aws.ref('/db', { property: 'pass' }),
      },
      dataFrom: [
        DataFrom.extract(aws.ref('/db-extra', { decodingStrategy: DecodingStrategy.AUTO }), { rewrite: [Rewrite.regexp('^', 'extra_')] }),
        aws.find({ path: '/app/', nameRegexp: '^app-', tags: { env: 'prod' }, conversionStrategy: ConversionStrategy.UNICODE }),
        aws.find({ path: '/lower/', rewrite: [Rewrite.regexp('^/lower/', ''), Rewrite.transform('{{ .value | lower }}')] }),
      ],
    });

    // THEN
    const manifests = synthValid(chart);
    expect(manifests).toMatchSnapshot();
    const spec = onlyOfKind(manifests, 'ExternalSecret').spec;
    expect(spec.refreshInterval).toBe('5m');
    expect(spec.refreshPolicy).toBe('Periodic');
    expect(spec.target.template.engineVersion).toBe('v2');
    expect(spec.target.template.metadata).toEqual({ annotations: { owner: 'team-a' }, labels: { app: 'x' } });
    expect(spec.data[0].remoteRef).toEqual({
      key: '/db', property: 'user', version: 'AWSPREVIOUS', metadataPolicy: 'None', conversionStrategy: 'Default', decodingStrategy: 'None', nullBytePolicy: 'Fail',
    });
    expect(spec.dataFrom).toEqual([
      { extract: { key: '/db-extra', decodingStrategy: 'Auto' }, rewrite: [{ regexp: { source: '^', target: 'extra_' } }] },
      {
        find: { path: '/app/', name: { regexp: '^app-' }, tags: { env: 'prod' }, conversionStrategy: 'Unicode' },
      },
      {
        find: { path: '/lower/', name: { regexp: '.*' } },
        rewrite: [{ regexp: { source: '^/lower/', target: '' } }, { transform: { template: '{{ .value | lower }}' } }],
      },
    ]);
  });

  test('optional strategy fields stay unset', () => {
    const { chart, aws } = setup();
    new ExternalSecret(chart, 'es', { store: aws, data: { A: aws.ref('a') }, dataFrom: [DataFrom.find({ path: '/x/' })] });
    const spec = onlyOfKind(synthValid(chart), 'ExternalSecret').spec;
    expect(spec.data[0].remoteRef).toEqual({ key: 'a' });
    // A path alone is "everything under it": secrets manager's find needs a name or tags.
    expect(spec.dataFrom[0]).toEqual({ find: { path: '/x/', name: { regexp: '.*' } } });
    expect(JSON.stringify(spec)).not.toMatch(/Strategy|metadataPolicy|nullBytePolicy/);
  });

  test('propertyPath escapes dots so users need not know gjson', () => {
    const { chart, aws } = setup();
    new ExternalSecret(chart, 'es', {
      store: aws,
      data: {
        ca: aws.ref('/tls', { propertyPath: ['tls', 'ca.crt'] }),
        star: aws.ref('/tls', { propertyPath: ['a*b?c'] }),
        raw: RemoteReference.of('/tls', { property: `config.${RemoteReference.escapeProperty('key.json')}` }),
      },
    });
    const data = onlyOfKind(synthValid(chart), 'ExternalSecret').spec.data;
    expect(data.map((d: any) => d.remoteRef.property)).toEqual(['tls.ca\\.crt', 'a\\*b\\?c', 'config.key\\.json']);
  });

  test('references through another store render a sourceRef', () => {
    // GIVEN
    const { chart, aws } = setup();
    const shared = new ClusterSecretStore(chart, 'shared', {
      metadata: { name: 'shared' },
      provider: SecretStoreProvider.vault({ server: 'https://vault:8200', path: 'secret', auth: VaultAuth.token({ name: 't', key: 't', namespace: 'vault' }) }),
    });

    // WHEN
    new ExternalSecret(chart, 'es', {
      store: aws,
      data: { A: aws.ref('a'), B: shared.ref('b', { property: 'x' }) },
      dataFrom: [shared.find({ path: 'team' })],
    });

    // THEN
    const spec = onlyOfKind(synthValid(chart), 'ExternalSecret').spec;
    expect(spec.data[0].sourceRef).toBeUndefined();
    expect(spec.data[1].sourceRef).toEqual({ storeRef: { name: 'shared', kind: 'ClusterSecretStore' } });
    expect(spec.dataFrom[0].sourceRef).toEqual({ storeRef: { name: 'shared', kind: 'ClusterSecretStore' } });
  });

  test('addData and addDataFrom after construction', () => {
    const { chart, aws } = setup();
    const es = new ExternalSecret(chart, 'es', { store: aws });
    es.addData('A', aws.ref('a'));
    es.addDataFrom(DataFrom.extract(RemoteReference.of('b')));
    const spec = onlyOfKind(synthValid(chart), 'ExternalSecret').spec;
    expect(spec.data).toHaveLength(1);
    expect(spec.dataFrom).toEqual([{ extract: { key: 'b' } }]);
    expect(es.keys).toEqual(['A']);
  });

  test('refreshInterval zero renders 0s', () => {
    const { chart, aws } = setup();
    new ExternalSecret(chart, 'es', { store: aws, refreshInterval: Duration.seconds(0), data: { A: aws.ref('a') } });
    expect(onlyOfKind(synthValid(chart), 'ExternalSecret').spec.refreshInterval).toBe('0s');
  });

  test('output is deterministic', () => {
    const build = () => {
      const { chart, aws } = setup();
      new ExternalSecret(chart, 'es', { store: aws, data: { B: aws.ref('b'), A: aws.ref('a', { property: 'p' }) } });
      return JSON.stringify(synthValid(chart));
    };
    expect(build()).toEqual(build());
  });
});

describe('ExternalSecret as a cdk8s-plus ISecret', () => {
  test('env values, envFrom and volumes', () => {
    // GIVEN
    const { chart, aws } = setup();
    const db = new ExternalSecret(chart, 'db', {
      store: aws,
      target: { name: 'db' },
      data: { username: aws.ref('/db', { property: 'username' }), password: aws.ref('/db', { property: 'password' }) },
    });

    // WHEN
    const deployment = new kplus.Deployment(chart, 'app', {
      containers: [{
        image: 'app',
        envVariables: { DB_USER: db.envValue('username'), DB_PASSWORD: db.envValue('password', { optional: false }) },
        envFrom: [kplus.Env.fromSecret(db)],
      }],
    });
    deployment.addVolume(db.asVolume('files', { items: { password: { path: 'pw' } } }));
    deployment.addVolume(kplus.Volume.fromSecret(chart, 'plain', db, { name: 'plain' }));

    // THEN
    const spec = onlyOfKind(synthValid(chart), 'Deployment').spec.template.spec;
    expect(spec.containers[0].env).toEqual([
      { name: 'DB_USER', valueFrom: { secretKeyRef: { name: 'db', key: 'username' } } },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password', optional: false } } },
    ]);
    expect(spec.containers[0].envFrom).toEqual([{ secretRef: { name: 'db' } }]);
    expect(spec.volumes).toEqual([
      { name: 'secret-db', secret: { secretName: 'db', items: [{ key: 'password', path: 'pw' }] } },
      { name: 'plain', secret: { secretName: 'db' } },
    ]);
  });

  test('keys from a template replace the fetched keys', () => {
    const { chart, aws } = setup();
    const es = new ExternalSecret(chart, 'es', {
      store: aws,
      target: { template: { data: { DSN: 'postgres://{{ .user }}:{{ .pass }}@db' } } },
      data: { user: aws.ref('/db', { property: 'u' }), pass: aws.ref('/db', { property: 'p' }) },
    });
    expect(es.keys).toEqual(['DSN']);
    new kplus.Deployment(chart, 'app', { containers: [{ image: 'x', envVariables: { DSN: es.envValue('DSN') } }] });
    expect(() => synthValid(chart)).not.toThrow();
  });

  test('dataFrom keys are usable once declared', () => {
    const { chart, aws } = setup();
    const es = new ExternalSecret(chart, 'es', { store: aws, dataFrom: [aws.find({ path: '/app/' })], dataFromKeys: ['DB_URL'] });
    new kplus.Deployment(chart, 'app', { containers: [{ image: 'x', envVariables: { DB_URL: es.envValue('DB_URL') } }] });
    expect(onlyOfKind(synthValid(chart), 'Deployment').spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.key).toBe('DB_URL');
  });

  test('fails at synth for a key that was never declared, listing the declared keys', () => {
    // GIVEN
    const { chart, aws } = setup();
    const es = new ExternalSecret(chart, 'api', { store: aws, target: { name: 'api' }, data: { API_TOKEN: aws.ref('/api') } });

    // WHEN
    new kplus.Deployment(chart, 'app', { containers: [{ image: 'x', envVariables: { K: es.envValue('API_KEY') } }] });

    // THEN
    expect(() => Testing.synth(chart)).toThrow('test/app: container "main" env var "K" asks for key "API_KEY", but the Secret "api" declares only "API_TOKEN"; use one of the declared keys or add it to data');
  });

  test('fails at synth for an undeclared dataFrom key, saying how to declare it', () => {
    const { chart, aws } = setup();
    const es = new ExternalSecret(chart, 'bulk', { store: aws, target: { name: 'bulk' }, dataFrom: [aws.find({ path: '/app/' })] });
    es.asVolume('v', { items: { 'config.json': { path: 'config.json' } } });
    expect(() => Testing.synth(chart)).toThrow('test/bulk: asVolume items asks for key "config.json", but the Secret "bulk" declares only (none); keys from dataFrom are unknown at synth: add "config.json" to dataFromKeys if dataFrom produces it');
  });
});

describe('refresh cost warnings', () => {
  test('a refresh under a minute against AWS Secrets Manager states the monthly cost', () => {
    const { chart, aws } = setup();
    const es = new ExternalSecret(chart, 'fast', {
      store: aws,
      refreshInterval: Duration.seconds(10),
      data: { A: aws.ref('/a'), B: aws.ref('/a', { property: 'b' }), C: aws.ref('/c') },
    });
    expect(es.warnings).toEqual([
      'test/fast: refreshInterval "10s" against AWS Secrets Manager makes about 518,400 api calls a month (2 remote secrets every 10s), about $2.59 a month at $0.05 per 10,000 calls; use 1m or more (eso\'s default is 1h) unless the secret really changes that fast',
    ]);
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    synthValid(chart);
    synthValid(chart);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toBe(`warning: ${es.warnings[0]}`);
    warn.mockRestore();
  });

  test('no warning at one minute, against Vault, or when fetched once', () => {
    const { chart, aws } = setup();
    const vault = new SecretStore(chart, 'vault', { provider: SecretStoreProvider.vault({ server: 'https://v:8200', path: 'secret', auth: VaultAuth.token({ name: 't', key: 't' }) }) });
    const a = new ExternalSecret(chart, 'a', { store: aws, refreshInterval: Duration.minutes(1), data: { A: aws.ref('/a') } });
    const b = new ExternalSecret(chart, 'b', { store: vault, refreshInterval: Duration.seconds(5), data: { A: vault.ref('a') } });
    const c = new ExternalSecret(chart, 'c', { store: aws, refreshInterval: Duration.seconds(0), refreshPolicy: RefreshPolicy.CREATED_ONCE, data: { A: aws.ref('/a') } });
    expect([...a.warnings, ...b.warnings, ...c.warnings]).toEqual([]);
  });
});

/**
 * Compile-time key checks of esokit/pulumi, compiled (not run) by typed-keys.test.ts. Every line
 * under `@ts-expect-error` must fail to compile because of the key it names; if a check stops
 * working, the directive is unused and the compile fails.
 */
import * as k8s from '@pulumi/kubernetes';
import { ClusterSecretStore, ExternalSecret, RemoteReference } from '../../../src/pulumi';

const store = ClusterSecretStore.existing('shared');

const db = new ExternalSecret('db', {
  store,
  namespace: 'app',
  data: {
    password: store.ref('prod/db', { property: 'password' }),
    username: store.ref('prod/db', { property: 'username' }),
  },
});

const config = new ExternalSecret('config', {
  store,
  namespace: 'app',
  dataFrom: [store.find({ path: 'app/' })],
  dataFromKeys: ['API_URL'],
  target: { template: { data: { 'config.yaml': 'url: {{ .API_URL }}' } } },
});

export const env: k8s.types.input.core.v1.EnvVar[] = [
  db.envVar('DB_PASSWORD', 'password'),
  db.envVar('DB_USER', 'username', { optional: true }),
  config.envVar('API_URL', 'API_URL'),
  // @ts-expect-error "pasword" is not a key of db
  db.envVar('DB_PASSWORD', 'pasword'),
  // @ts-expect-error "API_URL" is a key of config, not of db
  db.envVar('API_URL', 'API_URL'),
];

export const refs: k8s.types.input.core.v1.SecretKeySelector[] = [
  db.keyRef('username'),
  config.keyRef('config.yaml'),
  // @ts-expect-error "pasword" is not a key of db
  db.keyRef('pasword'),
  // @ts-expect-error "config.yml" is not a key of config
  config.keyRef('config.yml'),
];

export const volumes: k8s.types.input.core.v1.Volume[] = [
  db.volume('creds', { items: { password: 'password.txt' } }),
  // @ts-expect-error "secret" is not a key of db
  db.volume('creds', { items: { secret: 'secret.txt' } }),
];

export const envFrom: k8s.types.input.core.v1.EnvFromSource = db.envFrom({ prefix: 'DB_' });

// Without type arguments, ExternalSecret is the type of any ExternalSecret, and its helpers take
// any key (checked at run time only).
export const all: ExternalSecret[] = [db, config];
const annotated: ExternalSecret = db;
export const annotatedEnv: k8s.types.input.core.v1.EnvVar = annotated.envVar('DB_PASSWORD', 'password');
export function envOf(es: ExternalSecret, key: string): k8s.types.input.core.v1.EnvVar {
  return es.envVar(key, key);
}

// A widened data record: any key compiles, and the run-time check remains.
const records: Record<string, RemoteReference> = { password: store.ref('prod/db', { property: 'password' }) };
const wide = new ExternalSecret('wide', { store, namespace: 'app', data: records });
export const wideEnv: k8s.types.input.core.v1.EnvVar = wide.envVar('PASSWORD', 'password');

/**
 * The raw escape hatch `SecretStoreProvider.custom(key, block)`: the block is checked against that
 * provider's schema in ESO's CRDs (derived from the pinned bundle at build time). The API server
 * prunes a field its structural schema does not know, so a misspelt field would reach ESO as
 * missing; here it is refused with the field it meant.
 */
import { Chart, Testing } from 'cdk8s';
import { ClusterSecretStore, SecretStore, SecretStoreProvider } from '../../src';
import { evaluateCel } from '../../src/core/providers/custom/schema';
import { PROVIDER_SCHEMAS } from '../../src/core/providers/custom/schemas.generated';
import { esoSchemaErrors } from '../support/eso-schema';
import { onlyOfKind, synthValid } from '../support/synth';

function chart(): Chart {
  return new Chart(Testing.app(), 'test', { namespace: 'demo' });
}

function store(key: string, block: Record<string, unknown>): Chart {
  const c = chart();
  new SecretStore(c, 's', { metadata: { name: 's' }, provider: SecretStoreProvider.custom(key, block) });
  return c;
}

function refused(key: string, block: Record<string, unknown>): string {
  try {
    store(key, block);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the block to be refused');
}

const SCHEMA_NOTE = (key: string) => ` (checked against eso v2.9's ${key} provider schema)`;

describe('custom provider blocks are checked against the provider schema in ESO\'s CRDs', () => {
  test('a valid block renders exactly as given, and the CRD schema agrees', () => {
    const block = {
      projectID: 'my-project',
      location: 'europe-west1',
      auth: { workloadIdentity: { clusterLocation: 'europe-west1', clusterName: 'c1', serviceAccountRef: { name: 'eso-gcp' } } },
    };
    const spec = onlyOfKind(synthValid(store('gcpsm', block)), 'SecretStore').spec;
    expect(spec.provider).toEqual({ gcpsm: block });
  });

  test('a misspelt field (which the API server would prune) names the field it meant', () => {
    expect(refused('gcpsm', { projectId: 'my-project' })).toBe(
      'test/s: provider.gcpsm.projectId is not a field of provider.gcpsm (the api server would drop it silently); did you mean "projectID"?' + SCHEMA_NOTE('gcpsm'),
    );
  });

  test('an unknown field with nothing near lists the fields there are', () => {
    expect(refused('gcpsm', { auth: { iam: true } })).toBe(
      'test/s: provider.gcpsm.auth.iam is not a field of provider.gcpsm.auth (the api server would drop it silently); its fields are secretRef, workloadIdentity, workloadIdentityFederation' + SCHEMA_NOTE('gcpsm'),
    );
  });

  test('a required field left out', () => {
    expect(refused('azurekv', { tenantId: 't' })).toBe('test/s: provider.azurekv.vaultUrl is required' + SCHEMA_NOTE('azurekv'));
  });

  test('a value of the wrong type', () => {
    expect(refused('gcpsm', { projectID: 42 })).toBe('test/s: provider.gcpsm.projectID must be a string, got 42' + SCHEMA_NOTE('gcpsm'));
    expect(refused('webhook', { url: 'https://hooks.example.com', timeout: 30 })).toBe(
      'test/s: provider.webhook.timeout must be a string, got 30' + SCHEMA_NOTE('webhook'),
    );
  });

  test('an enum value ESO does not have', () => {
    expect(refused('webhook', { url: 'https://x.example.com', caProvider: { type: 'Secrets', name: 'ca', key: 'ca.crt' } })).toBe(
      'test/s: provider.webhook.caProvider.type must be one of "Secret", "ConfigMap", got "Secrets"' + SCHEMA_NOTE('webhook'),
    );
  });

  test('a Secret reference whose name the API server refuses (its pattern)', () => {
    expect(refused('gcpsm', { auth: { secretRef: { secretAccessKeySecretRef: { name: 'GCP_Creds', key: 'key.json' } } } })).toBe(
      'test/s: provider.gcpsm.auth.secretRef.secretAccessKeySecretRef.name "GCP_Creds" does not match ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$' + SCHEMA_NOTE('gcpsm'),
    );
  });

  test('a caBundle that is not base64 (format: byte, which the API server decodes)', () => {
    expect(refused('webhook', { url: 'https://x.example.com', caBundle: '-----BEGIN CERTIFICATE-----' })).toBe(
      'test/s: provider.webhook.caBundle must be base64 (the api server decodes it); encode the value, e.g. Buffer.from(pem).toString("base64")' + SCHEMA_NOTE('webhook'),
    );
  });

  test('an auth block with two methods where the schema allows exactly one', () => {
    expect(refused('kubernetes', {
      server: { url: 'https://k8s.example.com' },
      auth: { serviceAccount: { name: 'reader' }, token: { bearerToken: { name: 't', key: 'token' } } },
    })).toBe('test/s: provider.kubernetes.auth must set exactly one of cert, serviceAccount, token, got serviceAccount, token' + SCHEMA_NOTE('kubernetes'));
  });

  test('the CRD\'s CEL validation rules are evaluated (which ajv and kubernetes-models cannot)', () => {
    expect(refused('doppler', { auth: { secretRef: { dopplerToken: { name: 'doppler', key: 'token' } }, oidcConfig: { identity: 'i', serviceAccountRef: { name: 'sa' } } } })).toBe(
      'test/s: provider.doppler.auth Exactly one of \'secretRef\' or \'oidcConfig\' must be specified' + SCHEMA_NOTE('doppler'),
    );
    expect(refused('aws', { service: 'SecretsManager', region: 'eu-west-1', customSessionTags: { esoNamespace: 'x' } })).toBe(
      'test/s: provider.aws.customSessionTags customSessionTags cannot contain automatically injected reserved keys: esoNamespace, esoStoreName, esoStoreKind' + SCHEMA_NOTE('aws'),
    );
  });

  test('every problem of a block is reported at once', () => {
    expect(refused('azurekv', { vaultURL: 'https://v.vault.azure.net', authType: 'Workload' })).toBe(
      'test/s: provider.azurekv.vaultURL is not a field of provider.azurekv (the api server would drop it silently); did you mean "vaultUrl"?; '
      + 'provider.azurekv.authType must be one of "ServicePrincipal", "ManagedIdentity", "WorkloadIdentity", got "Workload"; '
      + 'provider.azurekv.vaultUrl is required' + SCHEMA_NOTE('azurekv'),
    );
  });

  test('a key that is not an ESO provider still says which are', () => {
    expect(refused('onePassword', {})).toContain('provider "onePassword" is not an eso v2.9 provider; did you mean "onepassword"?');
  });
});

describe('references without a namespace on a ClusterSecretStore, as each provider\'s code treats them', () => {
  function cluster(key: string, block: Record<string, unknown>): Chart {
    const c = chart();
    new ClusterSecretStore(c, 's', { metadata: { name: 's' }, provider: SecretStoreProvider.custom(key, block) });
    return c;
  }

  test('refused where the provider refuses them, naming the field and the Secret', () => {
    expect(() => cluster('keepersecurity', { authRef: { name: 'ksm', key: 'config' }, folderID: 'f' }))
      .toThrow('test/s: provider.keepersecurity.authRef ("ksm") has no namespace; on a ClusterSecretStore eso fails the store, as it cannot tell which namespace to read it from; give the namespace the object is in');
    expect(() => cluster('webhook', { url: 'https://h/{{ .remoteRef.key }}', result: { jsonPath: '$.v' }, secrets: [{ name: 'a', secretRef: { name: 'a', namespace: 'ops' } }, { name: 'b', secretRef: { name: 'b' } }] }))
      .toThrow('test/s: provider.webhook.secrets[1].secretRef ("b") has no namespace;');
  });

  test('each reference without a namespace is reported, in one error', () => {
    // external-secrets#2727: both of the oracle store's key Secrets lack a namespace.
    expect(() => cluster('oracle', { vault: 'ocid1.vault.oc1..x', region: 'eu-frankfurt-1', auth: { user: 'ocid1.user.oc1..x', tenancy: 'ocid1.tenancy.oc1..x', secretRef: { privatekey: { name: 'oracle', key: 'privateKey' }, fingerprint: { name: 'oracle', key: 'fingerprint' } } } }))
      .toThrow(/^test\/s: 2 problems:\n {2}- provider\.oracle\.auth\.secretRef\.privatekey \("oracle"\) has no namespace;.*\n {2}- provider\.oracle\.auth\.secretRef\.fingerprint \("oracle"\) has no namespace;/);
  });

  test('accepted with their namespaces, on a SecretStore, and for providers whose code is not judged', () => {
    // external-secrets#2246: a scaleway ClusterSecretStore with namespaced Secret references.
    expect(() => synthValid(cluster('scaleway', { region: 'fr-par', projectId: '11111111-2222-3333-4444-555555555555', accessKey: { value: 'SCWXXXXXXXXXXXXXXXXX' }, secretKey: { secretRef: { name: 'scaleway-api', key: 'secretKey', namespace: 'external-secrets' } } }))).not.toThrow();
    expect(() => synthValid(store('keepersecurity', { authRef: { name: 'ksm', key: 'config' }, folderID: 'f' }))).not.toThrow();
    expect(() => synthValid(cluster('doppler', { auth: { secretRef: { dopplerToken: { name: 'doppler', key: 'token', namespace: 'ops' } } } }))).not.toThrow();
  });
});

describe('the generated schemas agree with ESO\'s CRDs', () => {
  test('one schema per provider key of ESO v2.9.0, with the keys the modelled providers use', () => {
    expect(Object.keys(PROVIDER_SCHEMAS)).toEqual(expect.arrayContaining(['aws', 'vault', 'kubernetes', 'fake', 'gcpsm', 'azurekv']));
    expect(Object.keys(PROVIDER_SCHEMAS).length).toBeGreaterThanOrEqual(40);
  });

  // For every provider: an empty block and a block with one unknown field are judged the same way
  // by this check and by the CRD schema itself (ajv over the bundle), apart from the CEL rules ajv
  // cannot run and the unknown fields the API server prunes.
  test.each(Object.keys(PROVIDER_SCHEMAS))('%s: required fields match the CRD schema', (key) => {
    const manifest = {
      apiVersion: 'external-secrets.io/v1',
      kind: 'SecretStore',
      metadata: { name: 's', namespace: 'demo' },
      spec: { provider: { [key]: {} } },
    };
    const crdSaysMissing = esoSchemaErrors(manifest).filter((e) => e.includes('required'));
    let ours: string[] = [];
    try {
      store(key, {});
    } catch (e) {
      ours = (e as Error).message.split('; ').filter((m) => /^(?:test\/s: )?provider\.\S+ is required/.test(m));
    }
    expect(ours.length).toBe(crdSaysMissing.length);
  });
});

describe('the CEL subset', () => {
  test.each([
    ['has(self.a) || has(self.b)', { a: 1 }, true],
    ['has(self.a) || has(self.b)', {}, false],
    ['has(self.value) != has(self.secretRef)', { value: 'x', secretRef: {} }, false],
    ['[has(self.a),has(self.b),has(self.c)].filter(x,x==true).size() == 1', { b: 1 }, true],
    ['[has(self.a),has(self.b),has(self.c)].filter(x,x==true).size() == 1', { a: 1, c: 2 }, false],
    ['[has(self.a),has(self.b)].filter(x,x==true).size() <= 1', {}, true],
    ['!(\'k\' in self) && !(\'j\' in self)', { j: 'v' }, false],
    ['(has(self.a) && !has(self.b)) || (!has(self.a) && has(self.b))', { b: 1 }, true],
  ])('%s over %j is %s', (rule, self, expected) => {
    expect(evaluateCel(rule, self)).toBe(expected);
  });
});

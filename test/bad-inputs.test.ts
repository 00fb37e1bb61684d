/**
 * The catalogue of bad inputs: each is caught at construction or synth with its exact message.
 */
import { Chart, Duration, Testing } from 'cdk8s';
import {
  AwsAuth,
  ClusterSecretStore,
  CreationPolicy,
  DataFrom,
  DeletionPolicy,
  ExternalSecret,
  MetadataPolicy,
  RefreshPolicy,
  Rewrite,
  IdentityServiceAccount,
  SecretStore,
  SecretStoreProvider,
  StoreIdentity,
  VaultAuth,
  VaultKvVersion,
} from '../src';
import { esokitMessage } from './support/errors';

const OIDC = 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC123';
const irsa = (options: Partial<Parameters<typeof StoreIdentity.irsa>[0]> = {}) =>
  StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'eso', ...options });
const smNoAuth = () => SecretStoreProvider.awsSecretsManager({ region: 'us-east-1' });
const vaultNoAuth = () => SecretStoreProvider.vault({ server: 'https://vault:8200', path: 'secret' });

function chart(): Chart {
  return new Chart(Testing.app(), 'c', { namespace: 'app' });
}

const sm = (options: Partial<Parameters<typeof SecretStoreProvider.awsSecretsManager>[0]> = {}) =>
  SecretStoreProvider.awsSecretsManager({ region: 'us-east-1', ...options });
const vault = (options: Partial<Parameters<typeof SecretStoreProvider.vault>[0]> = {}) =>
  SecretStoreProvider.vault({ server: 'https://vault:8200', path: 'secret', auth: VaultAuth.token({ name: 't', key: 'token' }), ...options });

/** Builds a chart and synthesizes it, so construction and synth errors are both caught. */
function run(build: (c: Chart) => void): void {
  const c = chart();
  build(c);
  Testing.synth(c);
}

/** The message of the error `fn` throws, without the reporting cdk8s adds at synth. */
function errorOf(fn: () => void): string {
  try {
    fn();
  } catch (e) {
    return esokitMessage((e as Error).message);
  }
  throw new Error('expected an error, none was thrown');
}

const CASES: Array<[string, (c: Chart) => void, string]> = [
  ['an ExternalSecret with neither data nor dataFrom',
    (c) => new ExternalSecret(c, 'es', { store: new SecretStore(c, 's', { provider: sm() }) }),
    'c/es: the ExternalSecret has neither data nor dataFrom, so eso would reject it; add data (e.g. { API_KEY: store.ref("/prod/api-key") }) or dataFrom'],
  ['a duplicate secret key',
    (c) => {
      const s = new SecretStore(c, 's', { provider: sm() });
      new ExternalSecret(c, 'es', { store: s, data: { A: s.ref('a') } }).addData('A', s.ref('b'));
    },
    'c/es: data has the secret key "A" twice; each key of the Secret can hold one value, so rename one of them'],
  ['a secret key with a space',
    (c) => { const s = new SecretStore(c, 's', { provider: sm() }); new ExternalSecret(c, 'es', { store: s, data: { 'API KEY': s.ref('a') } }); },
    'c/es: data "API KEY" is not a valid secret key (1 to 253 characters of letters, digits, \'-\', \'_\' and \'.\'); use e.g. "API_KEY"'],
  ['a target name with capitals',
    (c) => { const s = new SecretStore(c, 's', { provider: sm() }); new ExternalSecret(c, 'es', { store: s, target: { name: 'My_Secret' }, data: { A: s.ref('a') } }); },
    'c/es: target.name "My_Secret" is not a valid kubernetes name (RFC 1123 subdomain: at most 253 lowercase letters, digits, \'-\' and \'.\', starting and ending with a letter or digit); use e.g. "my-secret"'],
  ['deletionPolicy Delete with creationPolicy Merge',
    (c) => {
      const s = new SecretStore(c, 's', { provider: sm() });
      new ExternalSecret(c, 'es', { store: s, target: { creationPolicy: CreationPolicy.MERGE, deletionPolicy: DeletionPolicy.DELETE }, data: { A: s.ref('a') } });
    },
    'c/es: target.deletionPolicy "Delete" cannot be combined with creationPolicy "Merge" (eso rejects it: it would delete a Secret it does not own); use deletionPolicy "Merge" or "Retain", or creationPolicy "Owner"'],
  ['deletionPolicy Merge with creationPolicy None',
    (c) => {
      const s = new SecretStore(c, 's', { provider: sm() });
      new ExternalSecret(c, 'es', { store: s, target: { creationPolicy: CreationPolicy.NONE, deletionPolicy: DeletionPolicy.MERGE }, data: { A: s.ref('a') } });
    },
    'c/es: target.deletionPolicy "Merge" cannot be combined with creationPolicy "None" (eso rejects it); use deletionPolicy "Retain"'],
  ['an ExternalSecret using a namespaced store from another namespace',
    (c) => {
      const s = new SecretStore(c, 's', { metadata: { name: 'team-b-store', namespace: 'team-b' }, provider: sm() });
      new ExternalSecret(c, 'es', { store: s, data: { A: s.ref('a') } });
    },
    'c/es: uses SecretStore "team-b-store" (c/s) in namespace "team-b", but the ExternalSecret is in namespace "app"; a SecretStore serves only its own namespace, so put both in one namespace or use a ClusterSecretStore'],
  ['an ExternalSecret in a namespace the ClusterSecretStore excludes',
    (c) => {
      const s = new ClusterSecretStore(c, 's', { metadata: { name: 'shared' }, provider: sm(), conditions: [{ namespaces: ['payments'], namespaceRegexes: ['^team-'] }] });
      new ExternalSecret(c, 'es', { store: s, data: { A: s.ref('a') } });
    },
    'c/es: uses ClusterSecretStore "shared" (c/s), which does not serve namespace "app": its conditions allow only "payments", "/^team-/"; add the namespace to the store\'s conditions or move the ExternalSecret'],
  ['a namespaced SecretStore whose service account is in another namespace',
    (c) => new SecretStore(c, 's', { provider: sm({ auth: AwsAuth.serviceAccount({ name: 'eso', namespace: 'external-secrets' }) }) }),
    'c/s: provider auth.jwt.serviceAccountRef.namespace "external-secrets" differs from the SecretStore\'s namespace "app"; a namespaced SecretStore can only use objects in its own namespace, so remove the namespace or use a ClusterSecretStore'],
  ['a namespaced SecretStore without namespace whose secret ref names one',
    () => new SecretStore(new Chart(Testing.app(), 'c'), 's', { provider: vault({ auth: VaultAuth.token({ name: 't', key: 'token', namespace: 'vault' }) }) }),
    'c/s: provider auth.tokenSecretRef.namespace is "vault" but the SecretStore has no namespace; set the store\'s (or its chart\'s) namespace to "vault", or remove the namespace from the reference'],
  ['a Vault path that is an auth mount',
    (c) => new SecretStore(c, 's', { provider: vault({ path: 'auth/kubernetes' }) }),
    'c/s: provider.vault.path "auth/kubernetes" looks like an auth mount; path is the kv secrets engine mount, e.g. "secret" (auth methods are set under auth)'],
  ['a Vault KV v2 path ending in /data',
    (c) => new SecretStore(c, 's', { provider: vault({ path: 'secret/data' }) }),
    'c/s: provider.vault.path "secret/data" ends in "/data" or "/metadata"; for kv v2 give only the mount (e.g. "secret"): eso adds data/ itself'],
  ['a Vault kubernetes mountPath that is a token file',
    (c) => new SecretStore(c, 's', { provider: vault({ auth: VaultAuth.kubernetes({ role: 'r', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount/token' }) }) }),
    'c/s: auth.kubernetes.mountPath "/var/run/secrets/kubernetes.io/serviceaccount/token" looks like a token file path; mountPath is where the kubernetes auth method is mounted in vault, e.g. "kubernetes" (from "vault auth enable -path=kubernetes kubernetes")'],
  ['a KV v2 property starting with data.',
    (c) => { const s = new SecretStore(c, 's', { provider: vault() }); new ExternalSecret(c, 'es', { store: s, data: { p: s.ref('app/db', { property: 'data.password' }) } }); },
    'c/es: data[0].remoteRef.property "data.password" starts with "data"; eso already unwraps the kv v2 "data" envelope, so use "password"'],
  ['metadataPolicy Fetch on KV v1',
    (c) => {
      const s = new SecretStore(c, 's', { metadata: { name: 'kv1' }, provider: vault({ version: VaultKvVersion.V1 }) });
      new ExternalSecret(c, 'es', { store: s, data: { m: s.ref('app/db', { metadataPolicy: MetadataPolicy.FETCH }) } });
    },
    'c/es: data[0].remoteRef.metadataPolicy "Fetch" needs vault kv v2, but store "kv1" uses kv v1; remove metadataPolicy or use a kv v2 store'],
  ['find by tags on KV v1',
    (c) => {
      const s = new SecretStore(c, 's', { metadata: { name: 'kv1' }, provider: vault({ version: VaultKvVersion.V1 }) });
      new ExternalSecret(c, 'es', { store: s, dataFrom: [s.find({ tags: { team: 'a' } })] });
    },
    'c/es: dataFrom[0].find.tags cannot be used with vault kv v1 (store "kv1"); use path or nameRegexp, or a kv v2 store'],
  ['a malformed AWS region',
    (c) => new SecretStore(c, 's', { provider: sm({ region: 'US East' }) }),
    'c/s: provider.aws.region "US East" is not an aws region; use a region code such as "us-east-1" or "eu-west-2"'],
  ['a role that is not a role ARN',
    (c) => new SecretStore(c, 's', { provider: sm({ role: 'eso-reader' }) }),
    'c/s: provider.aws.role "eso-reader" is not an iam role arn; use "arn:aws:iam::<12-digit account>:role/<name>"'],
  ['an external ID without a role',
    (c) => new SecretStore(c, 's', { provider: sm({ externalId: 'abc123' }) }),
    'c/s: provider.aws.externalID is set but no role is assumed; set role to the arn that expects this external id, or remove externalId'],
  ['a transitive tag key that is not a session tag',
    (c) => new SecretStore(c, 's', { provider: sm({ role: 'arn:aws:iam::123456789012:role/r', sessionTags: [{ key: 'team', value: 'a' }], transitiveTagKeys: ['env'] }) }),
    'c/s: provider.aws.transitiveTagKeys names "env", which is not a key of sessionTags; add it to sessionTags or remove it'],
  ['a session tag key given twice',
    (c) => new SecretStore(c, 's', { provider: sm({ role: 'arn:aws:iam::123456789012:role/r', sessionTags: [{ key: 'team', value: 'a' }, { key: 'team', value: 'b' }] }) }),
    'c/s: provider.aws.sessionTags has the key "team" twice; give each tag key once'],
  ['an unknown custom provider',
    (c) => new SecretStore(c, 's', { provider: SecretStoreProvider.custom('onePassword', {}) }),
    'c/s: provider "onePassword" is not an eso v2.9 provider; did you mean "onepassword"? use one of akeyless, aws, azurekv, barbican, beyondtrust, beyondtrustworkloadcredentials, bitwardensecretsmanager, chef, cloudrusm, conjur, crd, delinea, doppler, dvls, fake, fortanix, gcpsm, github, gitlab, ibm, infisical, keepersecurity, kubernetes, nebiusmysterybox, ngrok, onboardbase, onepassword, onepasswordSDK, openBao, oracle, ovh, passbolt, passworddepot, previder, pulumi, scaleway, secretserver, senhasegura, vault, volcengine, webhook, yandexcertificatemanager, yandexlockbox'],
  ['a custom provider naming another namespace from a namespaced store',
    (c) => new SecretStore(c, 's', { provider: SecretStoreProvider.custom('gcpsm', { auth: { secretRef: { secretAccessKeySecretRef: { name: 'gcp', key: 'k', namespace: 'other' } } } }) }),
    'c/s: provider auth.secretRef.secretAccessKeySecretRef.namespace "other" differs from the SecretStore\'s namespace "app"; a namespaced SecretStore can only use objects in its own namespace, so remove the namespace or use a ClusterSecretStore'],
  ['a Vault server that is not a URL',
    (c) => new SecretStore(c, 's', { provider: vault({ server: 'vault:8200' }) }),
    'c/s: provider.vault.server "vault:8200" is not an http(s) url; use e.g. "https://vault.example.com:8200"'],
  ['an AppRole without a role id',
    (c) => new SecretStore(c, 's', { provider: vault({ auth: VaultAuth.appRole({ secretId: { name: 'ar', key: 'secret-id' } }) }) }),
    'c/s: auth.appRole needs exactly one of roleId and roleIdSecret; give the role id in the clear or as a secret key'],
  ['a JWT auth with both a service account and a token secret',
    (c) => new SecretStore(c, 's', { provider: vault({ auth: VaultAuth.jwt({ serviceAccount: { name: 'a' }, tokenSecret: { name: 'b', key: 'jwt' } }) }) }),
    'c/s: auth.jwt needs exactly one of serviceAccount and tokenSecret; give the service account whose token is sent, or the secret key holding the jwt'],
  ['a CA bundle that is not PEM',
    (c) => new SecretStore(c, 's', { provider: vault({ caBundle: 'not a certificate' }) }),
    'c/s: provider.vault.caBundle is neither pem text nor base64-encoded pem; give the certificate starting with "-----BEGIN CERTIFICATE-----"'],
  ['a service account name that is not RFC 1123',
    (c) => new ClusterSecretStore(c, 's', { provider: sm({ auth: AwsAuth.serviceAccount({ name: 'ESO_Reader' }) }) }),
    'c/s: auth.jwt.serviceAccountRef.name "ESO_Reader" is not a valid kubernetes name (RFC 1123 subdomain: at most 253 lowercase letters, digits, \'-\' and \'.\', starting and ending with a letter or digit); use e.g. "eso-reader"'],
  ['an empty audiences list',
    (c) => new ClusterSecretStore(c, 's', { provider: vault({ auth: VaultAuth.kubernetes({ role: 'r', serviceAccount: { name: 'a', audiences: [] } }) }) }),
    'c/s: auth.kubernetes.serviceAccountRef.audiences is an empty list; omit it to use the backend\'s default audience, or give e.g. ["vault"]'],
  ['both property and propertyPath',
    (c) => { const s = new SecretStore(c, 's', { provider: sm() }); s.ref('/db', { property: 'a', propertyPath: ['a'] }); },
    'c/s: reference to "/db" has both property and propertyPath; give one (propertyPath escapes keys for you)'],
  ['an empty remote key',
    (c) => { const s = new SecretStore(c, 's', { provider: sm() }); new ExternalSecret(c, 'es', { store: s, data: { A: s.ref('') } }); },
    'c/es: data[0].remoteRef.key is empty; give the name or path of the secret in the backend, e.g. "/production/db"'],
  ['an AWS version that is neither a stage nor a uuid',
    (c) => { const s = new SecretStore(c, 's', { provider: sm() }); new ExternalSecret(c, 'es', { store: s, data: { A: s.ref('/a', { version: 'v1 beta' }) } }); },
    'c/es: data[0].remoteRef.version "v1 beta" is neither a version stage (e.g. "AWSPREVIOUS") nor "uuid/<version id>"'],
  ['a find that selects nothing',
    (c) => { const s = new SecretStore(c, 's', { provider: sm() }); new ExternalSecret(c, 'es', { store: s, dataFrom: [DataFrom.find({})] }); },
    'c/es: dataFrom[0].find selects nothing; give path, nameRegexp or tags'],
  ['a find with an invalid name regexp',
    (c) => { const s = new SecretStore(c, 's', { provider: sm() }); new ExternalSecret(c, 'es', { store: s, dataFrom: [s.find({ nameRegexp: '(' })] }); },
    'c/es: dataFrom[0].find.nameRegexp "(" is not a go regular expression (missing closing ): `(`); close the group with ")", or escape a literal "(" as "\\\\("'],
  ['an empty rewrite transform',
    (c) => { const s = new SecretStore(c, 's', { provider: sm() }); new ExternalSecret(c, 'es', { store: s, dataFrom: [s.find({ path: '/a', rewrite: [Rewrite.transform(' ')] })] }); },
    'c/es: dataFrom[0].rewrite[0].transform.template is empty; give a go template such as "{{ .value | upper }}"'],
  ['an empty ClusterSecretStore condition',
    (c) => new ClusterSecretStore(c, 's', { provider: sm(), conditions: [{}] }),
    'c/s: conditions[0] is empty and matches no namespace; give namespaces, namespaceRegexes or a namespace label selector'],
  ['a namespace regex that does not compile',
    (c) => new ClusterSecretStore(c, 's', { provider: sm(), conditions: [{ namespaceRegexes: ['team-[a'] }] }),
    'c/s: conditions[0].namespaceRegexes "team-[a" is not a go regular expression (missing closing ]: `[a`); close the character class with "]", or escape a literal "[" as "\\\\["'],
  ['a refreshInterval that CreatedOnce ignores',
    (c) => {
      const s = new SecretStore(c, 's', { provider: sm() });
      new ExternalSecret(c, 'es', { store: s, refreshPolicy: RefreshPolicy.CREATED_ONCE, refreshInterval: Duration.hours(1), data: { A: s.ref('a') } });
    },
    'c/es: refreshInterval "1h" has no effect with refreshPolicy "CreatedOnce"; remove refreshInterval or use refreshPolicy "Periodic"'],
  ['a bootstrap token template type',
    (c) => {
      const s = new SecretStore(c, 's', { provider: sm() });
      new ExternalSecret(c, 'es', { store: s, target: { template: { type: 'bootstrap.kubernetes.io/token' } }, data: { A: s.ref('a') } });
    },
    'c/es: target.template.type "bootstrap.kubernetes.io/token" is rejected by eso; use a kubeadm bootstrap token outside eso, or another type'],
  ['a store name that is not RFC 1123',
    (c) => new SecretStore(c, 's', { metadata: { name: 'AWS Store' }, provider: sm() }),
    'c/s: metadata.name "AWS Store" is not a valid kubernetes name (RFC 1123 subdomain: at most 253 lowercase letters, digits, \'-\' and \'.\', starting and ending with a letter or digit); use e.g. "aws-store"'],
  ['a retry interval in fractions of a millisecond',
    (c) => new SecretStore(c, 's', { provider: sm(), retryInterval: Duration.millis(0.5) }),
    'c/s: retryInterval 0.5ms is not a whole number of milliseconds; round it to milliseconds'],
  ['negative retries',
    (c) => new SecretStore(c, 's', { provider: sm(), retryMaxRetries: -1 }),
    'c/s: retryMaxRetries -1 must be a whole number from 0; use e.g. 3'],
  ['a malformed oidc provider arn',
    (c) => new SecretStore(c, 's', { provider: smNoAuth(), identity: irsa({ oidcProviderArn: 'arn:aws:iam::123456789012:role/oidc' }) }),
    'c/s: identity.oidcProviderArn "arn:aws:iam::123456789012:role/oidc" is not an iam oidc provider arn; use "arn:aws:iam::<12-digit account>:oidc-provider/oidc.eks.<region>.amazonaws.com/id/<id>"'],
  ['the issuer url where the oidc provider arn belongs',
    (c) => new SecretStore(c, 's', { provider: smNoAuth(), identity: irsa({ oidcProviderArn: 'https://oidc.eks.us-east-1.amazonaws.com/id/ABC123' }) }),
    'c/s: identity.oidcProviderArn "https://oidc.eks.us-east-1.amazonaws.com/id/ABC123" is not an iam oidc provider arn (that is the issuer url; the provider arn is "arn:aws:iam::<account>:oidc-provider/" followed by the url without https://); use "arn:aws:iam::<12-digit account>:oidc-provider/oidc.eks.<region>.amazonaws.com/id/<id>"'],
  ['a role name longer than 64 characters',
    (c) => new SecretStore(c, 's', { provider: smNoAuth(), identity: irsa({ roleName: 'r'.repeat(65) }) }),
    `c/s: identity.roleName "${'r'.repeat(65)}" is 65 characters long; an iam role name is 1 to 64 letters, digits and +=,.@_-, e.g. "${'r'.repeat(64)}"`],
  ['a role name with a slash',
    (c) => new SecretStore(c, 's', { provider: smNoAuth(), identity: irsa({ roleName: 'eso/reader' }) }),
    'c/s: identity.roleName "eso/reader" has characters iam does not allow; an iam role name is 1 to 64 letters, digits and +=,.@_-, e.g. "eso-reader"'],
  ['a role path without the closing slash',
    (c) => new SecretStore(c, 's', { provider: smNoAuth(), identity: irsa({ rolePath: '/eso' }) }),
    'c/s: identity.rolePath "/eso" is not an iam path; it starts and ends with "/", e.g. "/eso/"'],
  ['a max session duration over 12 hours',
    (c) => new SecretStore(c, 's', { provider: smNoAuth(), identity: irsa({ maxSessionDuration: Duration.hours(13) }) }),
    'c/s: identity.maxSessionDuration 46800 seconds is outside iam\'s range; give 1 to 12 hours (3600 to 43200 seconds)'],
  ['a service account name that is not RFC 1123',
    (c) => new SecretStore(c, 's', { provider: smNoAuth(), identity: irsa({ serviceAccount: IdentityServiceAccount.create({ name: 'ESO_Reader' }) }) }),
    'c/s: identity.serviceAccount.name "ESO_Reader" is not a valid kubernetes name (RFC 1123 subdomain: at most 253 lowercase letters, digits, \'-\' and \'.\', starting and ending with a letter or digit); use e.g. "eso-reader"'],
  ['a * bound service account name',
    (c) => new SecretStore(c, 's', { provider: vaultNoAuth(), identity: StoreIdentity.vaultKubernetes({ role: 'r', serviceAccount: IdentityServiceAccount.existing('*') }) }),
    'c/s: identity.serviceAccount.name "*" is not a valid kubernetes name (RFC 1123 subdomain: at most 253 lowercase letters, digits, \'-\' and \'.\', starting and ending with a letter or digit); use e.g. "my-name"'],
  ['a * bound service account namespace',
    (c) => new ClusterSecretStore(c, 's', { provider: vaultNoAuth(), identity: StoreIdentity.vaultKubernetes({ role: 'r', serviceAccount: IdentityServiceAccount.existing('eso', '*') }) }),
    'c/s: identity.serviceAccount.namespace "*" is not a valid namespace (RFC 1123 label: at most 63 lowercase letters, digits and \'-\', starting and ending with a letter or digit); use e.g. "my-name"'],
  ['a * vault role name',
    (c) => new SecretStore(c, 's', { provider: vaultNoAuth(), identity: StoreIdentity.vaultKubernetes({ role: '*' }) }),
    'c/s: identity.role "*" is not a vault role name; give the exact name without spaces, "/" or "*"'],
  ['a service account in another namespace than its SecretStore',
    (c) => new SecretStore(c, 's', { provider: smNoAuth(), identity: irsa({ serviceAccount: IdentityServiceAccount.existing('eso', 'other') }) }),
    'c/s: identity.serviceAccount.namespace "other" differs from the SecretStore\'s namespace "app"; a SecretStore can only use a ServiceAccount in its own namespace, so remove the namespace'],
  ['an iam policy over the size limit',
    (c) => {
      const s = new SecretStore(c, 's', { provider: smNoAuth(), identity: irsa() });
      const data: Record<string, any> = {};
      for (let i = 0; i < 150; i++) {
        data[`k${i}`] = s.ref(`/production/payments/service-${i}/database-credentials`);
      }
      new ExternalSecret(c, 'es', { store: s, data });
    },
    'c/s identity: the derived iam policy is 17455 characters, over iam\'s limit of 10240; reference fewer distinct secrets through this store (a find with a path grants a whole prefix in one statement) or split them over more stores'],
  ['a kms alias arn',
    (c) => new SecretStore(c, 's', { provider: SecretStoreProvider.awsSecretsManager({ region: 'us-east-1', kmsKeyArns: ['arn:aws:kms:us-east-1:123456789012:alias/secrets'] }) }),
    'c/s: provider.aws.kmsKeyArns has the alias arn "arn:aws:kms:us-east-1:123456789012:alias/secrets"; iam matches kms:Decrypt against key arns only, so give "arn:aws:kms:<region>:<account>:key/<key id>"'],
  ['an uppercase vault policy name',
    (c) => new SecretStore(c, 's', { provider: vaultNoAuth(), identity: StoreIdentity.vaultKubernetes({ role: 'r', policyName: 'Orders' }) }),
    'c/s: identity.policyName "Orders" is not a vault policy name esokit can use; give 1 to 128 lowercase letters, digits and ._- (vault lowercases policy names), e.g. "orders"'],
  ['a token ttl longer than the max ttl',
    (c) => new SecretStore(c, 's', { provider: vaultNoAuth(), identity: StoreIdentity.vaultKubernetes({ role: 'r', tokenTtl: Duration.hours(2), tokenMaxTtl: Duration.hours(1) }) }),
    'c/s: identity.tokenTtl (7200s) is longer than identity.tokenMaxTtl (3600s); make tokenTtl at most tokenMaxTtl'],
  ['a token ttl in fractions of a second',
    (c) => new SecretStore(c, 's', { provider: vaultNoAuth(), identity: StoreIdentity.vaultKubernetes({ role: 'r', tokenTtl: Duration.millis(1500) }) }),
    'c/s: identity.tokenTtl 1.5 seconds must be a whole number of seconds above 0'],
  ['an identity auth mount given as a file path',
    (c) => new SecretStore(c, 's', { provider: vaultNoAuth(), identity: StoreIdentity.vaultKubernetes({ role: 'r', mountPath: '/kubernetes/' }) }),
    'c/s: identity.mountPath "/kubernetes/" is not a vault mount path; use a relative path without leading or trailing slashes, e.g. "kubernetes" or "secret"'],
  ['a vault store with neither auth nor identity',
    (c) => new SecretStore(c, 's', { provider: vaultNoAuth() }),
    'c/s: provider.vault.auth is missing; give auth (e.g. VaultAuth.kubernetes({ role: "eso" })) or give the store an identity'],
  ['a vault identity on a custom provider',
    (c) => new SecretStore(c, 's', { provider: SecretStoreProvider.custom('gcpsm', { projectID: 'p' }), identity: StoreIdentity.vaultKubernetes({ role: 'r' }) }),
    'c/s: identity is vault kubernetes auth but the provider is "gcpsm"; use the vault provider, or an identity for that backend'],
  ['a wildcard in a secret name read through an identity',
    (c) => {
      const s = new SecretStore(c, 's', { provider: smNoAuth(), identity: irsa() });
      new ExternalSecret(c, 'es', { store: s, data: { a: s.ref('prod/*') } });
    },
    'c/es: data[0].remoteRef "prod/*" contains "*" or "?", which iam would read as a wildcard and grant more than this secret; use the exact name, or a find with a path for many secrets'],
  ['a pod identity account that is not 12 digits',
    (c) => new SecretStore(c, 's', { provider: smNoAuth(), identity: StoreIdentity.podIdentity({ clusterName: 'prod', account: '1234', roleName: 'eso' }) }),
    'c/s: identity.account "1234" is not an aws account id; give the 12 digits, e.g. "123456789012"'],
];

describe('bad inputs', () => {
  test('the catalogue has at least 25 entries', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(25);
  });

  test.each(CASES)('fails for %s', (_name, build, message) => {
    expect(errorOf(() => run(build))).toBe(message);
  });

  test('every message names the construct path and starts lowercase, with no trailing period', () => {
    for (const [, build] of CASES) {
      const message = errorOf(() => run(build));
      expect(message).toMatch(/^c\/(s|es)( identity)?: [a-z]/);
      expect(message).not.toMatch(/\.$/);
    }
  });
});

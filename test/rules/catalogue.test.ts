/**
 * A catalogue of mistakes real ESO users made, taken from the issue tracker of
 * external-secrets/external-secrets (the number is in each title), written the way a user of
 * esokit would write them, each with the exact message esokit refuses it with (or, where ESO runs
 * the declaration but not as the thread expected, the exact warning). Then declarations from the
 * same threads that look wrong but are valid for ESO v2.9 (the bug was elsewhere, or was fixed
 * since), which esokit must accept and render as schema-valid objects.
 *
 * Rules with tests of their own (test/core, test/providers, test/rules) are repeated here only
 * with the upstream user's own input.
 */
import { Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  AwsAuth,
  CaProviderType,
  ClusterSecretStore,
  ConversionStrategy,
  CreationPolicy,
  DataFrom,
  DecodingStrategy,
  DeletionPolicy,
  EsoOperator,
  ExternalSecret,
  IdentityServiceAccount,
  KubernetesAuth,
  OperatorInstall,
  RefreshPolicy,
  Rewrite,
  SecretStore,
  SecretStoreProvider,
  StoreIdentity,
  TemplateFrom,
  TemplateMergePolicy,
  TemplateTarget,
  VaultAuth,
  VaultKvVersion,
  VaultProviderOptions,
} from '../../src';
import { esokitMessage } from '../support/errors';
import { synthValid } from '../support/synth';

type Build = (c: Chart, s: SecretStore) => void;

const OIDC = 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const CERT = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUY2VydGlmaWNhdGUtZm9yLXRlc3RzMAoGCCqGSM49BAMC\n-----END CERTIFICATE-----';

const sm = () => SecretStoreProvider.awsSecretsManager({ region: 'eu-west-1' });
const ps = (region = 'us-east-1', prefix?: string) => SecretStoreProvider.awsParameterStore({ region, prefix });
const vault = (options: Partial<VaultProviderOptions> = {}) => SecretStoreProvider.vault({
  server: 'https://vault.example.com:8200',
  path: 'secret',
  auth: VaultAuth.token({ name: 'vault-token', key: 'token' }),
  ...options,
});

function chart(namespace = 'payments'): Chart {
  return new Chart(Testing.app(), 'app', { namespace });
}

/** Every declaration starts from a chart in "payments" with an AWS Secrets Manager store "aws". */
function declare(build: Build, namespace?: string): Chart {
  const c = chart(namespace);
  build(c, new SecretStore(c, 'aws', { metadata: { name: 'aws' }, provider: sm() }));
  return c;
}

/** The message a declaration is refused with, at construction or at synth. */
function refused(build: Build): string {
  try {
    Testing.synth(declare(build));
  } catch (e) {
    return esokitMessage((e as Error).message);
  }
  throw new Error('expected the declaration to be refused');
}

let warn: jest.SpyInstance;
beforeEach(() => {
  // Referent-auth and refresh-cost warnings are not what this file is about.
  warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => warn.mockRestore());

describe('templates', () => {
  test.each<[string, Build, string]>([
    ['external-secrets#3210: a key with "-" read as {{ .some-data }}',
      (c, s) => new ExternalSecret(c, 'es', {
        store: s,
        data: { 'some-data': s.ref('/path/to/secret', { property: 'some-data' }) },
        target: { template: { data: { 'some-data.json': '{\n  "password": "{{ .some-data }}"\n}\n' } } },
      }),
      'app/es: target.template.data["some-data.json"] does not parse as a go template: bad character U+002D \'-\' (line 2, column 19, in "\\"password\\": \\"{{ .some-data }}\\""); a key with "-" in its name is read with index: {{ index . "some-data" }}'],
    ['external-secrets#1053: {{ .my-secret | toString }} in a dockerconfigjson',
      (c, s) => new ExternalSecret(c, 'es', {
        metadata: { name: 'dk-cfg-example' },
        store: s,
        data: { 'my-secret': s.ref('lle/docker/credentials') },
        target: { name: 'secret-to-be-created', template: { type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': '{{ .my-secret | toString }}' } } },
      }),
      'app/es: target.template.data[".dockerconfigjson"] does not parse as a go template: bad character U+002D \'-\' (line 1, column 4, in "{{ .my-secret | toString }}"); a key with "-" in its name is read with index: {{ index . "my-secret" }}'],
    ['external-secrets#3035: "{{ .elastic-users }}" once helm has rendered its escape',
      (c, s) => new ExternalSecret(c, 'es', {
        metadata: { name: 'file-realm-secret' },
        store: s,
        refreshInterval: Duration.minutes(5),
        data: { 'elastic-users': s.ref('eck-stack', { property: 'users' }) },
        target: { template: { annotations: { 'reloader.stakater.com/match': 'true' }, data: { users: '"{{ .elastic-users }}"' } } },
      }),
      'app/es: target.template.data["users"] does not parse as a go template: bad character U+002D \'-\' (line 1, column 5, in "\\"{{ .elastic-users }}\\""); a key with "-" in its name is read with index: {{ index . "elastic-users" }}'],
    ['external-secrets#701: the v1 engine\'s pemCertificate in a v2 template',
      (c, s) => new ExternalSecret(c, 'es', {
        store: s,
        data: { tls: s.ref('kubernetes/tls-wc') },
        target: { name: 'tsl', template: { type: 'kubernetes.io/tls', data: { 'tls.crt': '{{ .tls | pemCertificate }}', 'tls.key': '{{ .tls | pkcs12key }}' } } },
      }),
      'app/es: target.template.data["tls.crt"] calls "pemCertificate" (line 1, column 11, in "{{ .tls | pemCertificate }}"), which eso\'s template engine v2 does not provide; it is the v1 engine\'s and was removed: pkcs12cert and pkcs12certPass already return PEM, so drop it'],
    ['external-secrets#701: the v1 engine\'s pemPrivateKey in a v2 template',
      (c, s) => new ExternalSecret(c, 'es', {
        store: s,
        data: { tls: s.ref('kubernetes/tls-wc') },
        target: { name: 'tsl', template: { type: 'kubernetes.io/tls', data: { 'tls.crt': '{{ .tls | pkcs12cert }}', 'tls.key': '{{ .tls | pemPrivateKey }}' } } },
      }),
      'app/es: target.template.data["tls.key"] calls "pemPrivateKey" (line 1, column 11, in "{{ .tls | pemPrivateKey }}"), which eso\'s template engine v2 does not provide; it is the v1 engine\'s and was removed: pkcs12key and pkcs12keyPass already return PEM, so drop it'],
    ['external-secrets#2607: pkcs12cert | pemCertificate from the v1 docs example',
      (c, s) => new ExternalSecret(c, 'es', {
        store: s,
        data: { mysecret: s.ref('ssl-certificate-p12-example') },
        target: { name: 'secret-to-be-created', template: { type: 'kubernetes.io/tls', data: { 'tls.crt': '{{ .mysecret | pkcs12cert | pemCertificate }}', 'tls.key': '{{ .mysecret | pkcs12key }}' } } },
      }),
      'app/es: target.template.data["tls.crt"] calls "pemCertificate" (line 1, column 29, in "{{ .mysecret | pkcs12cert | pemCertificate }}"), which eso\'s template engine v2 does not provide; it is the v1 engine\'s and was removed: pkcs12cert and pkcs12certPass already return PEM, so drop it'],
    ['external-secrets#3034: a regexp with \\d in a double-quoted string (the sync failed silently)',
      (c, s) => new ExternalSecret(c, 'es', {
        store: s,
        data: { myExample: s.ref('example', { version: 'AWSCURRENT' }) },
        target: { name: 'abourn-test', template: { templateFrom: [TemplateFrom.literal('{{ range $key, $value := . }}\n{{ range $skey, $svalue := fromJson $value }}\n{{$key}}_{{regexReplaceAllLiteral "[^a-zA-Z\\d\\s_]" $skey "_"}}: {{$svalue}}\n{{ end }}\n{{ end }}\n', TemplateTarget.DATA)] } },
      }),
      'app/es: target.template.templateFrom[0].literal does not parse as a go template: invalid syntax (line 3, column 35, in "{{$key}}_{{regexReplaceAllLiteral \\"[^a-zA-Z\\\\d\\\\s_]\\" $skey \\"_\\"}}: {{$sva..."); a double-quoted string takes only go escapes (\\n, \\t, \\", \\\\ …): write a regular expression or a path with backslashes as a raw string in backquotes, e.g. `\\d+`'],
    ['external-secrets#4332: {{ .gradle.properties }} for the key "gradle.properties"',
      (c, s) => new ExternalSecret(c, 'es', {
        store: s,
        data: { 'gradle.properties': s.ref('secret_store_gradle_properties') },
        target: { name: 'gradle-settings', template: { data: { 'gradle.properties': '{{ .gradle.properties }}' } } },
      }),
      'app/es: target.template.data["gradle.properties"] reads .gradle.properties (line 1, column 4, in "{{ .gradle.properties }}"), which go reads as field "properties" of key "gradle", not as key "gradle.properties"; read a key with a dot with index: {{ index . "gradle.properties" }}'],
    ['external-secrets#919: a nested field of a json value read without parsing it',
      (c, s) => new ExternalSecret(c, 'es', {
        store: s,
        data: { data: s.ref('secrets/test') },
        target: { template: { data: { 'config.ini': 'auth_key = {{ .data.keys.key1  | toString }}\nadmin_pw = {{ .data.users.admin.password | toString }}\n' } } },
      }),
      'app/es: target.template.data["config.ini"] reads .data.keys.key1 (line 1, column 15, in "auth_key = {{ .data.keys.key1  | toString }}"), but the value of key "data" is a string (eso passes every key as a string) and has no field "keys"; if it holds json, parse it first: {{ (.data | fromJson).keys.key1 }}'],
    ['external-secrets#2076: .data.username of a whole json secret in a registry auth',
      (c, s) => new ExternalSecret(c, 'es', {
        store: s,
        data: { data: s.ref('my-aws-secret') },
        target: { template: { type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': '{"auths":{"{{ (.data | fromYaml).registry_domain_name }}":{"auth":"{{ printf "%s:%s" .data.username .data.password | b64enc }}"}}}' } } },
      }),
      'app/es: target.template.data[".dockerconfigjson"] reads .data.username (line 1, column 86, in "…:\\"{{ printf \\"%s:%s\\" .data.username .data.password | b64enc }}\\"}}}"), but the value of key "data" is a string (eso passes every key as a string) and has no field "username"; if it holds json, parse it first: {{ (.data | fromJson).username }}'],
    ['external-secrets#1445: alertmanager\'s toUpper evaluated by eso',
      (c, s) => new ExternalSecret(c, 'es', {
        store: s,
        data: { eswebhook: s.ref('alertmanager/slack-webhook') },
        target: { template: { data: { 'alertmanager.yml': 'receivers:\n- name: slack-critical\n  slack_configs:\n  - api_url: "{{ .eswebhook }}"\n    title: |-\n      [{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonLabels.alertname }}\n' } } },
      }),
      'app/es: target.template.data["alertmanager.yml"] calls "toUpper" (line 6, column 21, in "[{{ .Status | toUpper }}{{ if eq .Status \\"firing\\" }}:{{ .Alerts.Firing | l..."), which eso\'s template engine v2 does not provide; sprig calls it upper'],
    ['external-secrets#1445: alertmanager\'s own .Status read from eso\'s data',
      (c, s) => new ExternalSecret(c, 'es', {
        store: s,
        data: { eswebhook: s.ref('alertmanager/slack-webhook') },
        target: { template: { data: { 'alertmanager.yml': 'receivers:\n- name: slack-critical\n  slack_configs:\n  - api_url: "{{ .eswebhook }}"\n    icon_emoji: \'{{ if eq .Status "firing" }}:exclamation:{{ else }}:green_heart:{{ end }}\'\n' } } },
      }),
      'app/es: target.template.data["alertmanager.yml"] reads .Status (line 5, column 27, in "icon_emoji: \'{{ if eq .Status \\"firing\\" }}:exclamation:{{ else }}:green_hea..."), but the template\'s data has no key "Status": eso fails the sync on a missing key (missingkey=error); its keys are "eswebhook"; read one of them, or add "Status" to data'],
    ['external-secrets#255: alertmanager\'s {{ template "slack.rancher.text" . }} evaluated by eso',
      (c, s) => new ExternalSecret(c, 'es', {
        store: s,
        data: { slack: s.ref('rancher/cluster_data/receivers', { property: 'slack' }), xmatters: s.ref('rancher/cluster_data/receivers', { property: 'xmatters' }) },
        target: { name: 'containerservices-alertmanager-test', template: { type: 'Opaque', data: { 'alertmanager.yaml': 'receivers:\n- slack_configs:\n  - api_url: >-\n      {{ .slack | toString }}\n    text: \'{{ template "slack.rancher.text" . }}\'\n' } } },
      }),
      'app/es: target.template.data["alertmanager.yaml"] invokes template "slack.rancher.text" (line 5, column 24, in "text: \'{{ template \\"slack.rancher.text\\" . }}\'"), which it does not define, so go fails the sync (template "slack.rancher.text" not defined); define it in the same template: {{ define "slack.rancher.text" }}…{{ end }} (each key of template.data is a template of its own)'],
    ['external-secrets#3825: a literal with one {{ end }} too many',
      (c, s) => new ExternalSecret(c, 'es', {
        store: s,
        dataFrom: [s.find({ nameRegexp: '/path/to/secrets', rewrite: [Rewrite.regexp('/path/to/secrets/(.*)', '$1')] })],
        target: { name: 'my-secret', template: { templateFrom: [TemplateFrom.literal('{{- range $key, $val := . }}\n    {{ $key }}: {{ $val.secret_key | quote }}\n  {{- end }}\n{{- end }}', TemplateTarget.DATA)] } },
      }),
      'app/es: target.template.templateFrom[0].literal does not parse as a go template: unexpected {{end}} (line 4, column 9, in "{{- end }}"); remove this {{end}}, or open the {{if}}, {{range}} or {{with}} it should end'],
    ['external-secrets#3843: a key that may be missing read with .key | default',
      (c, s) => new ExternalSecret(c, 'es', {
        store: s,
        data: { LANGFUSE_PUBLIC_KEY: s.ref('langfuse', { property: 'public_key' }) },
        target: { name: 'trigger-engine-secrets', template: { data: { LANGFUSE_HOST: '{{ .langfuse | default "https://cloud.langfuse.com" }}' } } },
      }),
      'app/es: target.template.data["LANGFUSE_HOST"] reads .langfuse (line 1, column 4, in "{{ .langfuse | default \\"https://cloud.langfuse.com\\" }}"), but the template\'s data has no key "langfuse": eso fails the sync on a missing key (missingkey=error); its keys are "LANGFUSE_PUBLIC_KEY"; read one of them, or add "langfuse" to data'],
    ['external-secrets#2497: a json key the extracted secret does not have',
      (c, s) => new ExternalSecret(c, 'es', {
        store: s,
        dataFrom: [DataFrom.extract(s.ref('some-secret-that-exists'))],
        dataFromKeys: ['FOO_VALUE'],
        target: { name: 'testing-secret', template: { data: { FOO: '{{ .I_DONT_EXIST }}' } } },
      }),
      'app/es: target.template.data["FOO"] reads .I_DONT_EXIST (line 1, column 4, in "{{ .I_DONT_EXIST }}"), but the template\'s data has no key "I_DONT_EXIST": eso fails the sync on a missing key (missingkey=error); its keys are "FOO_VALUE" (from data and dataFromKeys); if dataFrom produces "I_DONT_EXIST", add it to dataFromKeys; otherwise read one of the keys above (for a key that may be missing: {{ index . "I_DONT_EXIST" | default "…" }})'],
    ['external-secrets#126: {{ .nonexistent_key | toString }}',
      (c, s) => new ExternalSecret(c, 'es', {
        metadata: { name: 'foo-es' },
        store: s,
        refreshInterval: Duration.hours(4),
        data: { foo: s.ref('projects/foo-project/conf', { property: 'foo' }) },
        target: { name: 'foo-secret', template: { type: 'Opaque', data: { bar: '{{ .nonexistent_key | toString }}' } } },
      }),
      'app/es: target.template.data["bar"] reads .nonexistent_key (line 1, column 4, in "{{ .nonexistent_key | toString }}"), but the template\'s data has no key "nonexistent_key": eso fails the sync on a missing key (missingkey=error); its keys are "foo"; read one of them, or add "nonexistent_key" to data'],
    ['external-secrets#6176: htpasswd with two arguments, as the docs showed',
      (c, s) => new ExternalSecret(c, 'es', {
        store: s,
        data: { REGISTRY_USERNAME: s.ref('harbor', { property: 'username' }), REGISTRY_PASSWD: s.ref('harbor', { property: 'password' }) },
        target: { name: 'harbor-registry', template: { data: { REGISTRY_HTPASSWD: '{{ htpasswd .REGISTRY_USERNAME .REGISTRY_PASSWD }}' } } },
      }),
      'app/es: target.template.data["REGISTRY_HTPASSWD"] calls htpasswd with 2 arguments (line 1, column 4, in "{{ htpasswd .REGISTRY_USERNAME .REGISTRY_PASSWD }}"), but htpasswd takes 3; go fails the sync with "wrong number of args"; eso\'s htpasswd takes the hash too: htpasswd .user .password "bcrypt" (or "sha")'],
    ['external-secrets#1664: helm\'s {{ printf "{{ .password }}" }} escape kept in an esokit template',
      (c, s) => new ExternalSecret(c, 'es', { store: s, data: { password: s.ref('projects/my-project/secrets/db-password') }, target: { template: { data: { 'config.yaml': 'password: {{ printf "{{ .password }}" }}\n' } } } }),
      'app/es: target.template.data["config.yaml"] prints "{{" and "}}" as text (line 1, column 11, in "password: {{ printf \\"{{ .password }}\\" }}"), so the Secret would hold "password: {{ .password }}" instead of the value of key "password": that is helm\'s escape, and esokit gives templates to eso as written (no helm renders them); write the template itself: password: {{ .password }}'],
    ['external-secrets#1664: helm\'s {{ "{{" }} .value {{ "}}" }} escape kept in an esokit template',
      (c, s) => new ExternalSecret(c, 'es', { store: s, data: { value: s.ref('projects/my-project/secrets/api-token') }, target: { template: { data: { token: '{{ "{{" }} .value {{ "}}" }}' } } } }),
      'app/es: target.template.data["token"] prints "{{" and "}}" as text (line 1, column 1, in "{{ \\"{{\\" }} .value {{ \\"}}\\" }}"), so the Secret would hold "{{ .value }}" instead of the value of key "value": that is helm\'s escape, and esokit gives templates to eso as written (no helm renders them); write the template itself: {{ .value }}'],
    ['external-secrets/kubernetes-external-secrets#650: a lodash <%= … %> dockerconfigjson carried over from kubernetes-external-secrets',
      (c, s) => new ExternalSecret(c, 'es', { metadata: { name: 'ips-test-imagepullsecret' }, store: s, data: { crid: s.ref('ips-test-cr-id'), crsecret: s.ref('ips-test-cr-secret'), crserver: s.ref('ips-test-server') }, target: { template: { type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': '<%= Buffer.from("{\\"auths\\":{\\"" + data.crserver + "\\":{\\"auth\\":\\"" + Buffer.from(data.crid + ":" + data.crsecret).toString("Base64") + "\\"}}}").toString("Base64") %>' } } } }),
      'app/es: target.template.data[".dockerconfigjson"] has a kubernetes-external-secrets (lodash) template (line 1, column 1, in "<%= Buffer.from(\\"{\\\\\\"auths\\\\\\":{\\\\\\"\\" + data.crserver + \\"\\\\\\":{\\\\\\"auth\\..."), which eso does not evaluate, so the Secret would hold it as text; eso\'s templates are go templates, which read key "crserver" as {{ .crserver }}'],
    ['external-secrets#3825: $val.secret_key of a value in a range over the data',
      (c, s) => new ExternalSecret(c, 'es', { store: s, dataFrom: [s.find({ nameRegexp: '^path-to-secrets-' })], target: { name: 'my-secret', template: { templateFrom: [TemplateFrom.literal('{{- range $key, $val := . }}\n    {{ $key }}: {{ $val.secret_key | quote }}\n{{- end }}', TemplateTarget.DATA)] } } }),
      'app/es: target.template.templateFrom[0].literal reads $val.secret_key (line 2, column 20, in "{{ $key }}: {{ $val.secret_key | quote }}"), but $val is a value of the template\'s data in a range over it, and every value is a string (eso passes every key as a string), which has no field "secret_key"; go fails the sync ("can\'t evaluate field secret_key in type string"); if the values hold json, parse each first: ($val | fromJson).secret_key'],
  ])('%s', (_, build, message) => {
    expect(refused(build)).toBe(message);
  });
});

describe('regexps and rewrite', () => {
  test.each<[string, Build, string]>([
    ['external-secrets#1713: target "$1_MONITOR" (Go reads the group named "1_MONITOR")',
      (c, s) => new ExternalSecret(c, 'es', { store: s, dataFrom: [DataFrom.extract(s.ref('secret-monitor-mattermost-webhookurl'), { rewrite: [Rewrite.regexp('(.*)', '$1_MONITOR')] })] }),
      'app/es: dataFrom[0].rewrite[0].regexp.target "$1_MONITOR" refers to the group named "1_MONITOR" with "$1_MONITOR", but the source has only group 1, so go expands it to nothing; use ${1}_MONITOR to put group 1 before "_MONITOR"'],
    ['external-secrets#1713: target "TEXT_$1_" (Go reads the group named "1_")',
      (c, s) => new ExternalSecret(c, 'es', { store: s, dataFrom: [DataFrom.extract(s.ref('secret-monitor-mattermost-webhookurl'), { rewrite: [Rewrite.regexp('(.*)', 'TEXT_$1_')] })] }),
      'app/es: dataFrom[0].rewrite[0].regexp.target "TEXT_$1_" refers to the group named "1_" with "$1_", but the source has only group 1, so go expands it to nothing; use ${1}_ to put group 1 before "_"'],
    ['external-secrets#1488: a source matching converted keys ("_path_to_…"), which eso no longer converts before a rewrite',
      (c) => {
        const p = new SecretStore(c, 'ps', { provider: ps() });
        new ExternalSecret(c, 'es', { store: p, dataFrom: [p.find({ path: '/path/to/my/secret/', nameRegexp: '/path/to/my/secret/.*', rewrite: [Rewrite.regexp('_path_to_my_secret_(.*)', '$1')] })] });
      },
      'app/es: dataFrom[0].rewrite turns a key such as "/path/to/my/secret/db-password" into "/path/to/my/secret/db-password", which is not a Secret key (it has "/"); eso converts keys only when there is no rewrite, so it fails the sync ("key has invalid character"); make the rewrite remove the whole path, e.g. Rewrite.regexp("^.*/", "") or Rewrite.regexp("/", "_")'],
    ['external-secrets#1447: a source without the leading "/" leaves "/" in every key',
      (c) => {
        const p = new SecretStore(c, 'ps', { provider: ps() });
        new ExternalSecret(c, 'es', { store: p, dataFrom: [p.find({ path: '/path/to/my/secrets/', nameRegexp: '.*', rewrite: [Rewrite.regexp('path/to/my/secrets/(.*)', '$1')] })] });
      },
      'app/es: dataFrom[0].rewrite turns a key such as "/path/to/my/secrets/db-password" into "/db-password", which is not a Secret key (it has "/"); eso converts keys only when there is no rewrite, so it fails the sync ("key has invalid character"); make the rewrite remove the whole path, e.g. Rewrite.regexp("^.*/", "") or Rewrite.regexp("/", "_")'],
  ])('%s', (_, build, message) => {
    expect(refused(build)).toBe(message);
  });
});

describe('keys, names and enums', () => {
  test.each<[string, Build, string]>([
    ['external-secrets#1910: a label key put in template data',
      (c, s) => new ExternalSecret(c, 'es', {
        store: s,
        data: { password: s.ref('git-password') },
        target: { name: 'repo-git', template: { data: { 'argocd.argoproj.io/secret-type': 'repository', 'password': '{{ .password }}' } } },
      }),
      'app/es: target.template.data "argocd.argoproj.io/secret-type" is not a valid secret key (1 to 253 characters of letters, digits, \'-\', \'_\' and \'.\'); use e.g. "argocd.argoproj.io_secret-type"'],
    ['external-secrets#2921: the secret key SERVICE_NAME given twice (the last one silently won)',
      (c, s) => {
        const es = new ExternalSecret(c, 'es', {
          store: s,
          data: { SERVICE_NAME: s.ref('/dev/shared_env_vars', { property: 'TEST_URL' }), KAFKA_BROKER_0: s.ref('/dev/shared_env_vars', { property: 'KAFKA_BROKER_0' }) },
          target: { name: 'test-env' },
        });
        es.addData('SERVICE_NAME', s.ref('/dev/project_env_vars', { property: 'SERVICE_NAME' }));
      },
      'app/es: data has the secret key "SERVICE_NAME" twice; each key of the Secret can hold one value, so rename one of them'],
    ['external-secrets#3478: an ExternalSecret with empty data, expected to create an empty Secret',
      (c, s) => new ExternalSecret(c, 'es', { metadata: { name: 'foo' }, store: s, refreshInterval: Duration.minutes(1), target: { name: 'foo' }, data: {} }),
      'app/es: the ExternalSecret has neither data nor dataFrom, so eso would reject it; add data (e.g. { API_KEY: store.ref("/prod/api-key") }) or dataFrom'],
    ['external-secrets#3817: creationPolicy "Oprhan"',
      (c, s) => new ExternalSecret(c, 'es', {
        store: s,
        data: { password: s.ref('pg/pguser', { property: 'password' }) },
        target: { creationPolicy: 'Oprhan' as unknown as CreationPolicy, deletionPolicy: DeletionPolicy.RETAIN, template: { mergePolicy: TemplateMergePolicy.REPLACE, type: 'Opaque' } },
      }),
      'app/es: props.target.creationPolicy is string "Oprhan"; expected one of "Owner", "Orphan", "Merge", "None", "CreateOrMerge" (CreationPolicy)'],
  ])('%s', (_, build, message) => {
    expect(refused(build)).toBe(message);
  });
});

describe('conflicts, refresh and immutability', () => {
  test.each<[string, Build, string]>([
    ['external-secrets#4225: an owner and a merger of one Secret ("secret is owned by another ExternalSecret")',
      (c, s) => {
        const v = new SecretStore(c, 'vault', { metadata: { name: 'vault' }, provider: vault() });
        new ExternalSecret(c, 'credentials-init', {
          metadata: { name: 'credentials-init' },
          store: v,
          refreshInterval: Duration.minutes(5),
          data: { username: v.ref('kv/secret', { property: 'username' }), password: v.ref('kv/secret', { property: 'password' }) },
          target: { name: 'credentials', creationPolicy: CreationPolicy.OWNER, deletionPolicy: DeletionPolicy.RETAIN, template: { type: 'Opaque', data: { username: '{{ .username }}', password: '{{ .password }}' } } },
        });
        new ExternalSecret(c, 'credentials-ca', {
          metadata: { name: 'credentials-ca' },
          store: s,
          data: { 'ca.crt': s.ref('ca-bundle', { property: 'ca.crt' }) },
          target: { name: 'credentials', creationPolicy: CreationPolicy.MERGE },
        });
      },
      'app/credentials-init: target Secret "payments/credentials" is also written by app/credentials-ca; app/credentials-init owns it (creationPolicy "Owner"), and eso refuses every other ExternalSecret that writes a Secret one owns '
        + '(app/credentials-ca would fail with "secret is owned by another ExternalSecret"); give one of them another target.name, or let both merge (creationPolicy "Merge" or "CreateOrMerge") with different keys'],
    ['external-secrets#3604: an immutable Secret refreshed every 10s ("field is immutable when `immutable` is set")',
      (c, s) => new ExternalSecret(c, 'es', { metadata: { name: 'es-5-test' }, store: s, refreshInterval: Duration.seconds(10), data: { password: s.ref('generated/password') }, target: { name: 'es-5-test', immutable: true } }),
      'app/es: target.immutable is set, but the ExternalSecret refreshes every "10s": eso writes an immutable Secret once and never updates it, so every later fetch is spent for nothing and rotated values never arrive; '
        + 'set refreshPolicy "CreatedOnce" (or refreshInterval "0s"), or drop immutable to get updates'],
    ['external-secrets#3920: an immutable Secret expected to come back on the next refresh',
      (c, s) => new ExternalSecret(c, 'es', { store: s, refreshInterval: Duration.seconds(10), data: { password: s.ref('example-password') }, target: { name: 'example-secret', immutable: true } }),
      'app/es: target.immutable is set, but the ExternalSecret refreshes every "10s": eso writes an immutable Secret once and never updates it, so every later fetch is spent for nothing and rotated values never arrive; '
        + 'set refreshPolicy "CreatedOnce" (or refreshInterval "0s"), or drop immutable to get updates'],
  ])('%s', (_, build, message) => {
    expect(refused(build)).toBe(message);
  });
});

describe('stores: vault', () => {
  test.each<[string, Build, string]>([
    ['external-secrets#1633: a kv path with a leading "/"',
      (c) => new ClusterSecretStore(c, 'vault', { metadata: { name: 'private-vault-store' }, provider: vault({ path: '/public/devops', auth: VaultAuth.token({ name: 'vault-devops-token', key: 'token', namespace: 'external-secrets' }) }) }),
      'app/vault: provider.vault.path "/public/devops" is not a vault mount path; use a relative path without leading or trailing slashes, e.g. "kubernetes" or "secret"'],
    ['external-secrets#1333: property "data.password" on kv v2, where eso already unwraps "data"',
      (c) => {
        const v = new ClusterSecretStore(c, 'vault', { metadata: { name: 'vault-backend' }, provider: vault({ server: 'https://dev.vault.example.com:8200', path: 'secret', version: VaultKvVersion.V2, auth: VaultAuth.token({ name: 'vault-token', key: 'token', namespace: 'vault' }) }) });
        new ExternalSecret(c, 'es', { store: v, data: { password: v.ref('k8s/mycluster/mynamespace/secret_name', { property: 'data.password' }) } });
      },
      'app/es: data[0].remoteRef.property "data.password" starts with "data"; eso already unwraps the kv v2 "data" envelope, so use "password"'],
    ['external-secrets#1333: the kv v2 api path secret/data/k8s/mycluster as the store\'s path',
      (c) => { new ClusterSecretStore(c, 'vault', { metadata: { name: 'vault-backend' }, provider: SecretStoreProvider.vault({ server: 'https://dev.vault.example.com:8200', path: 'secret/data/k8s/mycluster', version: VaultKvVersion.V2, auth: VaultAuth.token({ name: 'vault-token', key: 'token', namespace: 'vault' }) }) }); },
      'app/vault: provider.vault.path "secret/data/k8s/mycluster" is a kv v2 api path, not a mount: eso adds "data" after the whole path, so it would read "secret/data/k8s/mycluster/data/<key>"; set path to the mount "secret" and start the keys with "k8s/mycluster/"'],
  ])('%s', (_, build, message) => {
    expect(refused(build)).toBe(message);
  });
});

describe('stores: objects of another namespace on a namespaced store', () => {
  const OTHER = 'differs from the SecretStore\'s namespace "payments"; a namespaced SecretStore can only use objects in its own namespace, so remove the namespace or use a ClusterSecretStore';
  test.each<[string, Build, string]>([
    ['external-secrets#4278: a vault ca Secret in the vault namespace',
      (c) => new SecretStore(c, 'vault', { provider: vault({ server: 'https://kvault.vault.svc.cluster.local:8200', caProvider: { type: CaProviderType.SECRET, name: 'vault-ca', key: 'ca.crt', namespace: 'vault' } }) }),
      `app/vault: provider caProvider.namespace "vault" ${OTHER}`],
    ['external-secrets#509: a vault ca Secret in the external-secrets namespace',
      (c) => new SecretStore(c, 'vault', { provider: vault({ caProvider: { type: CaProviderType.SECRET, namespace: 'external-secrets', name: 'vault-cert', key: 'ca.cert' } }) }),
      `app/vault: provider caProvider.namespace "external-secrets" ${OTHER}`],
    ['external-secrets#1280: a shared ca Secret for every tenant\'s SecretStore',
      (c) => new SecretStore(c, 'vault', { provider: vault({ caProvider: { type: CaProviderType.SECRET, name: 'ca-example.org', key: 'ca.crt', namespace: 'eso-shared' } }) }),
      `app/vault: provider caProvider.namespace "eso-shared" ${OTHER}`],
    ['external-secrets#2617: a namespace left on the kubernetes auth serviceAccountRef',
      (c) => new SecretStore(c, 'vault', { metadata: { name: 'vault-remote-secretstore' }, provider: vault({ auth: VaultAuth.kubernetes({ role: 'eso', mountPath: 'kubernetes', serviceAccount: { name: 'vault-auth', namespace: 'vault' } }), caProvider: { type: CaProviderType.CONFIG_MAP, name: 'vault-ca', key: 'ca.crt' } }) }),
      `app/vault: provider auth.kubernetes.serviceAccountRef.namespace "vault" ${OTHER}`],
    ['external-secrets#3520: a kubernetes provider caProvider namespace, even the store\'s own',
      (c) => new SecretStore(c, 'k8s', {
        provider: SecretStoreProvider.kubernetes({
          server: 'https://kubernetes.default',
          remoteNamespace: 'shared',
          auth: KubernetesAuth.serviceAccount({ name: 'external-secrets-sa', namespace: 'payments' }),
          caProvider: { type: CaProviderType.CONFIG_MAP, name: 'kube-root-ca.crt', key: 'ca.crt', namespace: 'payments' },
        }),
      }),
      'app/k8s: provider.kubernetes.caProvider.namespace "payments" is set on a SecretStore; eso rejects it even when it is the store\'s own ("CAProvider.namespace must be empty with SecretStore") and reads the ConfigMap from the store\'s namespace, so remove it'],
  ])('%s', (_, build, message) => {
    expect(refused(build)).toBe(message);
  });
});

describe('stores: aws and identities', () => {
  test.each<[string, Build, string]>([
    ['external-secrets#720: region "sa-esat-1"',
      (c) => new ClusterSecretStore(c, 'css', {
        metadata: { name: 'saccarclusterstore' },
        provider: SecretStoreProvider.awsSecretsManager({
          region: 'sa-esat-1',
          auth: AwsAuth.accessKeys({ accessKeyId: { name: 'awssm-secret', key: 'access-key', namespace: 'kube-system' }, secretAccessKey: { name: 'awssm-secret', key: 'secret-access-key', namespace: 'kube-system' } }),
        }),
      }),
      'app/css: provider.aws.region "sa-esat-1" is not an aws region; did you mean "sa-east-1"? use a region code such as "us-east-1" or "eu-west-2"'],
    ['external-secrets#1860: the provider role is the IRSA role of the store\'s own ServiceAccount',
      (c) => new ClusterSecretStore(c, 'css', {
        metadata: { name: 'secret-store' },
        provider: SecretStoreProvider.awsSecretsManager({ region: 'us-east-1', role: 'arn:aws:iam::123456789012:role/vu-prod-secret-manager-operator' }),
        identity: StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'vu-prod-secret-manager-operator', serviceAccount: IdentityServiceAccount.existing('vu-prod-secret-manager-operator', 'kube-system') }),
      }),
      'app/css: provider.aws role names "arn:aws:iam::123456789012:role/vu-prod-secret-manager-operator", the store identity\'s own role, which would assume itself; remove it from the provider (the identity already is that role)'],
    ['external-secrets#669: the same role on the ServiceAccount annotation and in the store',
      (c) => new ClusterSecretStore(c, 'css', {
        metadata: { name: 'cluster-store' },
        provider: SecretStoreProvider.awsSecretsManager({ region: 'us-east-1', role: 'arn:aws:iam::123456789012:role/cluster-store' }),
        identity: StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'cluster-store', serviceAccount: IdentityServiceAccount.existing('cluster-store', 'external-secrets') }),
      }),
      'app/css: provider.aws role names "arn:aws:iam::123456789012:role/cluster-store", the store identity\'s own role, which would assume itself; remove it from the provider (the identity already is that role)'],
    ['external-secrets#4526: a parameter store extract of the path "/xyz/" to read every parameter under it',
      (c) => { const p = new ClusterSecretStore(c, 'ps', { metadata: { name: 'parameter-store' }, provider: ps() }); new ExternalSecret(c, 'es', { store: p, dataFrom: [DataFrom.extract(p.ref('/xyz/'))] }); },
      'app/es: dataFrom[0].extract.key "/xyz/" ends with "/", so it names a path, not a parameter; parameter store refuses it ("ValidationException: Parameter name …"); to read every parameter under a path, use store.find({ path: "/xyz" })'],
    ['external-secrets#431: dataFrom of the key "/testing/" to read both parameters under it',
      (c) => { const p = new SecretStore(c, 'ps', { metadata: { name: 'secretstore-parameter-store' }, provider: ps() }); new ExternalSecret(c, 'es', { metadata: { name: 'externalsecret-parameter-store' }, store: p, refreshInterval: Duration.hours(1), target: { name: 'my-new-secret-from-aws', creationPolicy: CreationPolicy.OWNER }, dataFrom: [DataFrom.extract(p.ref('/testing/'))] }); },
      'app/es: dataFrom[0].extract.key "/testing/" ends with "/", so it names a path, not a parameter; parameter store refuses it ("ValidationException: Parameter name …"); to read every parameter under a path, use store.find({ path: "/testing" })'],
    ['external-secrets#4702: a find path expected to get the store\'s prefix in front',
      (c) => { const p = new SecretStore(c, 'ps', { provider: ps('us-east-1', '/myapp/prod/') }); new ExternalSecret(c, 'es', { store: p, dataFrom: [p.find({ path: '/database' })] }); },
      'app/es: dataFrom[0].find.path "/database" does not start with the store\'s prefix "/myapp/prod/"; eso puts the prefix before the keys of references but lists find paths as written, so this would list "/database"; write the whole path, e.g. "/myapp/prod/database"'],
    ['external-secrets#1036: a secrets manager version id given as version',
      (c, s) => new ExternalSecret(c, 'es', { store: s, data: { password: s.ref('prod/db', { property: 'password', version: 'a1b2c3d4-5678-90ab-cdef-111122223333' }) } }),
      'app/es: data[0].remoteRef.version "a1b2c3d4-5678-90ab-cdef-111122223333" is a version id, which eso would send as a version stage; write it as "uuid/a1b2c3d4-5678-90ab-cdef-111122223333"'],
  ])('%s', (_, build, message) => {
    expect(refused(build)).toBe(message);
  });
});

describe('the Secret eso writes', () => {
  test.each<[string, Build, string]>([
    ['external-secrets#2790: argo cd\'s secret-type label on the ExternalSecret of a templated Secret',
      (c, s) => new ExternalSecret(c, 'es', { metadata: { name: 'argocd-monorepo', labels: { 'argocd.argoproj.io/secret-type': 'repository' } }, store: s, refreshInterval: Duration.minutes(15), dataFrom: [DataFrom.extract(s.ref('development/argocd/gitlab'))], dataFromKeys: ['username', 'password'], target: { template: { data: { type: 'git', url: 'https://gitlab.example.com/group/monorepo.git', username: '{{ .username }}', password: '{{ .password }}' } } } }),
      'app/es: metadata.labels "argocd.argoproj.io/secret-type" is read by argo cd on the Secret, but eso copies the ExternalSecret\'s labels and annotations to the Secret only when it has no template, and this one has a template; move it to target.template.labels'],
    ['external-secrets#1836: kubed\'s sync annotation on the ExternalSecret of a templated Secret',
      (c, s) => new ExternalSecret(c, 'es', { metadata: { name: 'my-test-secret', annotations: { 'kubed.appscode.com/sync': 'myfunny=sunny' } }, store: s, refreshInterval: Duration.hours(1), data: { the_Certificate: s.ref('certs/my-test', { property: 'certificate' }), the_PrivateKey: s.ref('certs/my-test', { property: 'private_key' }) }, target: { name: 'my-test-secret', template: { type: 'Opaque', data: { 'tls.crt': '{{ .the_Certificate }}', 'tls.key': '{{ .the_PrivateKey }}' } } } }),
      'app/es: metadata.annotations "kubed.appscode.com/sync" is read by kubed on the Secret, but eso copies the ExternalSecret\'s labels and annotations to the Secret only when it has no template, and this one has a template; move it to target.template.annotations'],
    ['external-secrets#755: tekton\'s git annotation on the ExternalSecret of an ssh-auth template',
      (c, s) => new ExternalSecret(c, 'es', { metadata: { name: 'github-ssh-key', annotations: { 'tekton.dev/git-0': 'github.com' } }, store: s, refreshInterval: Duration.seconds(60), data: { sshprivatekey: s.ref('path-to/github-ssh-key', { property: 'private_key' }), knownhosts: s.ref('path-to/github-ssh-key', { property: 'known_hosts' }) }, target: { name: 'github-ssh-key', template: { type: 'kubernetes.io/ssh-auth', data: { 'ssh-privatekey': '{{ .sshprivatekey | toString }}', 'known_hosts': '{{ .knownhosts | toString }}' } } } }),
      'app/es: metadata.annotations "tekton.dev/git-0" is read by tekton on the Secret, but eso copies the ExternalSecret\'s labels and annotations to the Secret only when it has no template, and this one has a template; move it to target.template.annotations'],
    ['external-secrets#4548: an Owner ExternalSecret whose target Secret the app also creates (its keys were lost)',
      (c, s) => { new kplus.Secret(c, 'existing', { metadata: { name: 'jitli-secret-be-created' }, stringData: { 'access-key': 'jitli', 'username': 'jitli' } }); new ExternalSecret(c, 'es', { metadata: { name: 'jitli-secret' }, store: s, target: { name: 'jitli-secret-be-created', creationPolicy: CreationPolicy.OWNER }, dataFrom: [DataFrom.extract(s.ref('jitliSecret'))] }); },
      'app/es: target Secret "payments/jitli-secret-be-created" is also declared by app/existing; with creationPolicy "Owner" eso takes it over and replaces its keys with the ExternalSecret\'s, and applying the app puts them back, so the two keep rewriting it; to add keys to that Secret use creationPolicy "Merge", otherwise remove the Secret from the app or give target.name another name'],
    ['external-secrets#2416: an Owner ExternalSecret onto argocd-secret, which the app\'s Argo CD install also declares',
      (c, s) => { new kplus.Secret(c, 'argocd-secret', { metadata: { name: 'argocd-secret' }, stringData: { 'server.secretkey': 'generated-at-install' } }); new ExternalSecret(c, 'es', { metadata: { name: 'argocd-azure-ad-sso' }, store: s, refreshInterval: Duration.hours(1), target: { name: 'argocd-secret', creationPolicy: CreationPolicy.OWNER }, data: { 'oidc.azure.clientSecret': s.ref('argocd-azure-ad-secret') } }); },
      'app/es: target Secret "payments/argocd-secret" is also declared by app/argocd-secret; with creationPolicy "Owner" eso takes it over and replaces its keys with the ExternalSecret\'s, and applying the app puts them back, so the two keep rewriting it; to add keys to that Secret use creationPolicy "Merge", otherwise remove the Secret from the app or give target.name another name'],
  ])('%s', (_, build, message) => {
    expect(refused(build)).toBe(message);
  });
});

describe('stores: other providers\' references on a ClusterSecretStore', () => {
  test.each<[string, Build, string]>([
    ['external-secrets#2727: an oracle ClusterSecretStore whose key Secret has no namespace ("cluster scope requires namespace")',
      (c) => { new ClusterSecretStore(c, 'oracle', { metadata: { name: 'oracle-vault-store-pessoal' }, provider: SecretStoreProvider.custom('oracle', { vault: 'ocid1.vault.oc1.sa-saopaulo-1.example', region: 'sa-saopaulo-1', auth: { user: 'ocid1.user.oc1..example', tenancy: 'ocid1.tenancy.oc1..example', secretRef: { privatekey: { name: 'oracle-secret', key: 'privateKey' }, fingerprint: { name: 'oracle-secret', key: 'fingerprint' } } } }) }); },
      'app/oracle: 2 problems:\n  - provider.oracle.auth.secretRef.privatekey ("oracle-secret") has no namespace; on a ClusterSecretStore eso fails the store, as it cannot tell which namespace to read it from; give the namespace the object is in\n  - provider.oracle.auth.secretRef.fingerprint ("oracle-secret") has no namespace; on a ClusterSecretStore eso fails the store, as it cannot tell which namespace to read it from; give the namespace the object is in'],
    ['external-secrets#2769: a keepersecurity ClusterSecretStore whose authRef has no namespace',
      (c) => { new ClusterSecretStore(c, 'keeper', { metadata: { name: 'clustersecretstore' }, provider: SecretStoreProvider.custom('keepersecurity', { authRef: { name: 'ksm-config-secret', key: 'ksm_config' }, folderID: 'ABCDEFG' }) }); },
      'app/keeper: provider.keepersecurity.authRef ("ksm-config-secret") has no namespace; on a ClusterSecretStore eso fails the store, as it cannot tell which namespace to read it from; give the namespace the object is in'],
    ['external-secrets#2892: a 1password ClusterSecretStore whose connect token has no namespace',
      (c) => { new ClusterSecretStore(c, 'op', { metadata: { name: 'secretstore' }, provider: SecretStoreProvider.custom('onepassword', { connectHost: 'http://onepassword-connect.1password:8080', vaults: { myvaultname: 1 }, auth: { secretRef: { connectTokenSecretRef: { name: 'onepassword-connect-token-staging', key: 'token' } } } }) }); },
      'app/op: provider.onepassword.auth.secretRef.connectTokenSecretRef ("onepassword-connect-token-staging") has no namespace; on a ClusterSecretStore eso fails the store, as it cannot tell which namespace to read it from; give the namespace the object is in'],
    ['external-secrets#4823: a scaleway ClusterSecretStore whose key Secrets have no namespace ("namespaces must be explicitly set")',
      (c) => { new ClusterSecretStore(c, 'scw', { metadata: { name: 'secret-store' }, provider: SecretStoreProvider.custom('scaleway', { region: 'fr-par', projectId: '11111111-2222-3333-4444-555555555555', accessKey: { secretRef: { name: 'scwsm-secret', key: 'access-key' } }, secretKey: { secretRef: { name: 'scwsm-secret', key: 'secret-access-key' } } }) }); },
      'app/scw: 2 problems:\n  - provider.scaleway.accessKey.secretRef ("scwsm-secret") has no namespace; on a ClusterSecretStore eso fails the store, as it cannot tell which namespace to read it from; give the namespace the object is in\n  - provider.scaleway.secretKey.secretRef ("scwsm-secret") has no namespace; on a ClusterSecretStore eso fails the store, as it cannot tell which namespace to read it from; give the namespace the object is in'],
    ['external-secrets#3963: a webhook ClusterSecretStore expected to read its Secret in each ExternalSecret\'s namespace',
      (c) => { new ClusterSecretStore(c, 'webhook', { metadata: { name: 'webhook-cluster-store' }, provider: SecretStoreProvider.custom('webhook', { headers: { 'Authorization': '{{ .saauth.token }}', 'Content-Type': 'application/json' }, result: { jsonPath: '$.data.secret' }, secrets: [{ name: 'saauth', secretRef: { name: 'eso-creds-managed' } }], url: 'https://webhook.url/secrets?name={{ .remoteRef.key }}&env=test' }) }); },
      'app/webhook: provider.webhook.secrets[0].secretRef ("eso-creds-managed") has no namespace; on a ClusterSecretStore eso fails the store, as it cannot tell which namespace to read it from; give the namespace the object is in'],
  ])('%s', (_, build, message) => {
    expect(refused(build)).toBe(message);
  });
});

describe('a controller that does not reconcile what the app declares', () => {
  test('external-secrets#1970: a ClusterSecretStore next to a controller started without the cluster store reconciler', () => {
    expect(refused((c) => {
      new EsoOperator(c, 'eso', { install: OperatorInstall.flux(), processClusterSecretStores: false });
      new ClusterSecretStore(c, 'css', {
        metadata: { name: 'eks-default' },
        provider: SecretStoreProvider.awsSecretsManager({ region: 'us-east-1', role: 'arn:aws:iam::123456789012:role/dev-dev-external-secrets', auth: AwsAuth.serviceAccount({ name: 'external-secrets', namespace: 'external-secrets' }) }),
      });
    })).toBe('app/css: ClusterSecretStore "eks-default" is not reconciled by the app\'s eso controller (app/eso), which runs with its cluster store reconciler off (scopedRbac or processClusterSecretStores: false), so the store never becomes ready; use a SecretStore in the namespace, or turn scopedRbac off');
  });
});

describe('declarations eso runs, but not as the thread expected: warned', () => {
  /** The warnings a declaration synthesizes with (it must be accepted). */
  function warned(build: Build): string[] {
    synthValid(declare(build));
    return warn.mock.calls.map((args) => String(args[0]));
  }

  test.each<[string, Build, string]>([
    ['external-secrets#4167: refreshInterval "0" with a pinned version, expected to sync when the version is bumped',
      (c, s) => new ExternalSecret(c, 'es', { metadata: { name: 'worker-dropbox-gcp-secrets' }, store: s, refreshInterval: Duration.seconds(0), data: { Some_secret: s.ref('Some_secret', { version: '1' }) } }),
      'warning: app/es: refreshInterval "0s" without a refreshPolicy fetches once: eso reads 0 as "do not refresh" and then ignores changes to the ExternalSecret too (a new version, key or template is never synced); set refreshPolicy "CreatedOnce" if that is meant, or "OnChange" to sync each change of the ExternalSecret'],
    ['external-secrets#4447: refreshInterval 0s, expected to refresh when the ExternalSecret is annotated',
      (c, s) => new ExternalSecret(c, 'es', { metadata: { name: 'example-external-secret' }, store: s, refreshInterval: Duration.seconds(0), data: { 'example-secret': s.ref('EXAMPLE_SECRET_KEY') }, target: { name: 'example-secret-target', creationPolicy: CreationPolicy.MERGE, deletionPolicy: DeletionPolicy.RETAIN } }),
      'warning: app/es: refreshInterval "0s" without a refreshPolicy fetches once: eso reads 0 as "do not refresh" and then ignores changes to the ExternalSecret too (a new version, key or template is never synced); set refreshPolicy "CreatedOnce" if that is meant, or "OnChange" to sync each change of the ExternalSecret'],
  ])('%s', (_, build, message) => {
    expect(warned(build)).toEqual([message]);
  });
});

describe('valid inputs from the same threads that look suspicious', () => {
  test.each<[string, Build]>([
    ['external-secrets#4723: a template label key with a dotted prefix (konghq.com/credential)',
      (c, s) => new ExternalSecret(c, 'es', { store: s, data: { xxx: s.ref('xxx', { version: 'AWSCURRENT' }) }, target: { name: 'crawler-scheduler-auth-token', template: { mergePolicy: TemplateMergePolicy.REPLACE, labels: { 'konghq.com/credential': 'key-auth' } } } })],
    ['external-secrets#1910: argocd\'s secret-type label in template labels, next to literal template data',
      (c, s) => new ExternalSecret(c, 'es', {
        metadata: { name: 'repo-git', labels: { 'app.kubernetes.io/instance': 'argocd' } },
        store: s,
        refreshInterval: Duration.hours(24),
        data: { username: s.ref('git-username'), password: s.ref('git-password') },
        target: { name: 'repo-git', template: { data: { name: 'Git Repo', password: '{{ .password | toString }}', type: 'git', url: 'https://the-git.git', username: '{{ .username | toString }}' }, labels: { 'argocd.argoproj.io/secret-type': 'repository' } } },
      })],
    ['external-secrets#2586: the then-new region il-central-1',
      (c) => new ClusterSecretStore(c, 'css', { metadata: { name: 'my-secret-store' }, provider: SecretStoreProvider.awsParameterStore({ region: 'il-central-1', auth: AwsAuth.serviceAccount({ name: 'my-service-account', namespace: 'external-secrets' }) }) })],
    ['external-secrets#4206: a China region with static keys from outside AWS',
      (c) => new ClusterSecretStore(c, 'css', {
        metadata: { name: 'cluster-secrets-store' },
        provider: SecretStoreProvider.awsSecretsManager({ region: 'cn-northwest-1', auth: AwsAuth.accessKeys({ accessKeyId: { name: 'awssm-secret', key: 'access-key-id', namespace: 'kube-system' }, secretAccessKey: { name: 'awssm-secret', key: 'secret-access-key', namespace: 'kube-system' } }) }),
      })],
    ['external-secrets#5222: a role arn with a path (role/es/…)',
      (c) => new SecretStore(c, 'ssm', { provider: SecretStoreProvider.awsParameterStore({ region: 'us-east-2', role: 'arn:aws:iam::049306942178:role/es/role-eks-beta-222262-cq-workflow-scheduler-us-east-2' }) })],
    ['external-secrets#1794: a role in another account than the cluster',
      (c) => new SecretStore(c, 'sm', { metadata: { name: 'secretsmanager' }, provider: SecretStoreProvider.awsSecretsManager({ region: 'us-east-1', role: 'arn:aws:iam::035242701100:role/eso-meks-test-us' }) })],
    ['external-secrets#1024: a vault ca ConfigMap without namespace on a SecretStore',
      (c) => new SecretStore(c, 'vault', {
        metadata: { name: 'vault-secret-store' },
        provider: vault({ server: 'https://myvault:8200', path: 'dev-operators', auth: VaultAuth.kubernetes({ role: 'dev-operators', mountPath: 'kubernetes', serviceAccount: { name: 'secret-store' } }), caProvider: { type: CaProviderType.CONFIG_MAP, name: 'vault-ca-bundle', key: 'ca-bundle.crt' } }),
      })],
    ['external-secrets#558: an AppRole RoleID in the clear (not a credential on its own)',
      (c) => new SecretStore(c, 'vault', { provider: vault({ server: 'http://vault.vault.svc.cluster.local:8200', auth: VaultAuth.appRole({ path: 'approle', roleId: 'db02de05-fa39-4855-059b-67221c5c2f63', secretId: { name: 'secret-id', key: 'secret-id' } }) }) })],
    ['external-secrets#2008: a base64-encoded caBundle and an AppRole on a ClusterSecretStore',
      (c) => new ClusterSecretStore(c, 'vault', {
        metadata: { name: 'vault-backend' },
        provider: vault({ server: 'https://vault-us.example.com', path: 'pwclabs', version: VaultKvVersion.V2, auth: VaultAuth.appRole({ path: 'approle', roleId: 'db02de05-fa39-4855-059b-67221c5c2f63', secretId: { name: 'infra-vault-approle-secret', namespace: 'infra', key: 'secret-id' } }), caBundle: Buffer.from(`${CERT}\n`).toString('base64') }),
      })],
    ['external-secrets#3978: a caBundle given as PEM text (esokit encodes it)',
      (c) => new SecretStore(c, 'vault', { metadata: { name: 'sealed-secrets' }, provider: vault({ caBundle: CERT }) })],
    ['external-secrets#3520: a kubernetes provider ServiceAccount in the store\'s own namespace (allowed since #3555)',
      (c) => new SecretStore(c, 'k8s', {
        provider: SecretStoreProvider.kubernetes({ server: 'https://kubernetes.default', remoteNamespace: 'shared', auth: KubernetesAuth.serviceAccount({ name: 'external-secrets-sa', namespace: 'payments' }), caProvider: { type: CaProviderType.CONFIG_MAP, name: 'kube-root-ca.crt', key: 'ca.crt' } }),
      })],
    ['external-secrets#5259: namespace regexes such as ".*-system"',
      (c) => new ClusterSecretStore(c, 'vault', {
        metadata: { name: 'vault' },
        provider: vault({ server: 'https://vault.shared-services.local', auth: VaultAuth.kubernetes({ role: 'external-secrets', mountPath: 'kubernetes', serviceAccount: { name: 'external-secrets', namespace: 'external-secrets' } }), caProvider: { type: CaProviderType.SECRET, name: 'ca-certificate-secret', key: 'ca.crt', namespace: 'vault-system' } }),
        conditions: [{ namespaceRegexes: ['.*-system', '.*-bootstrap'] }],
      })],
    ['external-secrets#1534: a vault key that repeats the store\'s own mount ("secret/foo", eso strips it)',
      (c) => {
        const v = new ClusterSecretStore(c, 'vault', { metadata: { name: 'vault-backend' }, provider: vault({ server: 'http://10.100.128.5:8200', version: VaultKvVersion.V2, auth: VaultAuth.token({ name: 'vault-token', key: 'token', namespace: 'vault' }) }) });
        new ExternalSecret(c, 'es', { store: v, refreshInterval: Duration.seconds(15), data: { foobar: v.ref('secret/foo', { property: 'my-value' }) }, target: { name: 'example-sync' } });
      }],
    ['external-secrets#725: a vault property that is a key with a dot ("key.json", eso tries the key first)',
      (c) => {
        const v = new SecretStore(c, 'vault', { provider: vault() });
        new ExternalSecret(c, 'es', { store: v, data: { 'key.json': v.ref('path/to/secret', { property: 'key.json' }) } });
      }],
    ['external-secrets#963: a secrets manager property with a dot ("foo.bar", eso escapes it when the key exists)',
      (c, s) => new ExternalSecret(c, 'es', { store: s, data: { 'secret-key-to-be-managed': s.ref('provider-key', { property: 'foo.bar' }) } })],
    ['external-secrets#3363: extracting a secret whose name has an underscore',
      (c, s) => new ExternalSecret(c, 'es', { store: s, refreshInterval: Duration.seconds(15), dataFrom: [DataFrom.extract(s.ref('staging/TEST_SECRET'))], target: { name: 'k8s-secret' } })],
    ['external-secrets#1337: an upper-case secret key with dashes (AZURE-CONTAINER-NAME)',
      (c, s) => new ExternalSecret(c, 'es', { metadata: { name: 'hello-world-es' }, store: s, data: { 'AZURE-CONTAINER-NAME': s.ref('AZURE-CONTAINER-NAME') } })],
    ['external-secrets#1488: the rewrite that removes the path as the keys really are',
      (c) => {
        const p = new SecretStore(c, 'ps', { provider: ps() });
        new ExternalSecret(c, 'es', { store: p, dataFrom: [p.find({ path: '/path/to/my/secret/', nameRegexp: '/path/to/my/secret/.*', rewrite: [Rewrite.regexp('/path/to/my/secret/(.*)', '$1')] })] });
      }],
    ['external-secrets#915: a parameter store find with a path and no name (esokit adds name ".*")',
      (c) => {
        const p = new SecretStore(c, 'ps', { provider: ps() });
        new ExternalSecret(c, 'es', { store: p, dataFrom: [p.find({ path: '/service-name/', conversionStrategy: ConversionStrategy.DEFAULT, decodingStrategy: DecodingStrategy.NONE })] });
      }],
    ['external-secrets#2330: a parameter store extract pinned to version "1"',
      (c) => {
        const p = new SecretStore(c, 'ps', { metadata: { name: 'secretstore-test' }, provider: ps('eu-west-1') });
        new ExternalSecret(c, 'es', { store: p, refreshInterval: Duration.minutes(30), dataFrom: [DataFrom.extract(p.ref('/kubernetes/test', { version: '1' }))], target: { name: 'test' } });
      }],
    ['external-secrets#1036: a secrets manager version id written as "uuid/<id>"',
      (c, s) => new ExternalSecret(c, 'es', { store: s, data: { 'secret-key-to-be-managed': s.ref('my-aws-secret', { version: 'uuid/123e4567-e89b-12d3-a456-426614174000' }) } })],
    ['external-secrets#4167: a version bump picked up with refreshPolicy OnChange instead of refreshInterval "0"',
      (c, s) => new ExternalSecret(c, 'es', { metadata: { name: 'worker-dropbox-gcp-secrets' }, store: s, refreshPolicy: RefreshPolicy.ON_CHANGE, data: { Some_secret: s.ref('Some_secret', { version: 'AWSPREVIOUS' }) } })],
    ['external-secrets#2371: an ssh-auth Secret with its key and a tekton annotation',
      (c) => {
        const v = new ClusterSecretStore(c, 'vault', { metadata: { name: 'vault-backend' }, provider: vault({ auth: VaultAuth.token({ name: 'vault-token', key: 'token', namespace: 'vault' }) }) });
        new ExternalSecret(c, 'es', {
          metadata: { name: 'git-ssh-secret' },
          store: v,
          refreshInterval: Duration.seconds(15),
          data: { 'ssh-privatekey': v.ref('secret/git-ssh-secret', { property: 'ssh-privatekey' }) },
          target: { template: { type: 'kubernetes.io/ssh-auth', annotations: { 'tekton.dev/git-0': 'gitlab.lab.arrowglance.io' } } },
        });
      }],
    ['external-secrets#1476: a tls Secret whose keys come from base64-decoded values',
      (c, s) => new ExternalSecret(c, 'es', {
        store: s,
        data: { tlscrt: s.ref('api-cert', { property: 'tls.crt', decodingStrategy: DecodingStrategy.NONE }), tlskey: s.ref('api-cert', { property: 'tls.key' }) },
        target: { name: 'api-custom-cert', template: { type: 'kubernetes.io/tls', data: { 'tls.crt': '{{ .tlscrt | b64dec }}', 'tls.key': '{{ .tlskey | b64dec }}' } } },
      })],
    ['external-secrets#2716: dict, set, contains and toJson | nindent over every key',
      (c, s) => new ExternalSecret(c, 'es', {
        store: s,
        dataFrom: [DataFrom.extract(s.ref('documents'))],
        target: { template: { data: { 'secret.json': '{{- $secret := dict }}\n{{- range $key, $value := . }}\n{{- if contains "test" $key }}\n{{- $_ := set $secret $key $value }}\n{{- end }}\n{{- end }}\n{{- toJson $secret | nindent 10 }}' } } },
      })],
    ['external-secrets#232: a TOML file with a quoted bind password',
      (c, s) => new ExternalSecret(c, 'es', {
        store: s,
        data: { password: s.ref('external-secret', { property: 'password', version: 'AWSCURRENT' }) },
        target: { name: 'grafana-config-from-vault', template: { type: 'Opaque', data: { 'ldap.toml': '[[servers]]\nhost = "192.168.100.1"\nport = 636\nbind_dn = "CN=Secret Password User,OU=ServiceAccounts,DC=infra,DC=local"\nbind_password = \'{{ .password | toString }}\'\n' } } },
      })],
    ['external-secrets#1999: a jdbc url built from four properties',
      (c, s) => new ExternalSecret(c, 'es', {
        store: s,
        data: { username: s.ref('my-secret', { property: 'username' }), password: s.ref('my-secret', { property: 'password' }), host: s.ref('my-secret', { property: 'host' }), port: s.ref('my-secret', { property: 'port' }) },
        target: { name: 'my-secret', template: { data: { username: '{{ .username }}', password: '{{ .password }}', url: 'jdbc://{{ .host }}:{{ .port }}' } } },
      })],
    ['external-secrets#4207: a webhook Authorization header templated from a referenced Secret (no credential inline)',
      (c) => new ClusterSecretStore(c, 'webhook', {
        metadata: { name: 'webhook-backend' },
        provider: SecretStoreProvider.custom('webhook', {
          url: 'https://mywebhookserver?parameter={{ .remoteRef.key }}',
          result: { jsonPath: '$.args.parameter' },
          headers: { 'Content-Type': 'application/json', 'Authorization': 'Basic {{ print .auth.username ":" .auth.password | b64enc }}' },
          secrets: [{ name: 'auth', secretRef: { name: 'webhook-credentials', namespace: 'addon-eso' } }],
        }),
      })],
    ['external-secrets#1445: alertmanager\'s own template escaped for eso with {{ "{{" }} … {{ "}}" }} (it reads no key of the ExternalSecret)',
      (c, s) => new ExternalSecret(c, 'es', {
        store: s,
        data: { eswebhook: s.ref('alertmanager/slack-webhook') },
        target: { template: { data: { 'alertmanager.yml': 'receivers:\n- name: slack-critical\n  slack_configs:\n  - api_url: "{{ .eswebhook }}"\n    title: \'{{ "{{" }} .Status | toUpper {{ "}}" }}\'\n' } } },
      })],
    ['external-secrets#2041: the ExternalSecret\'s own labels next to a template (they are for the ExternalSecret, not read on the Secret)',
      (c, s) => new ExternalSecret(c, 'es', {
        metadata: { name: 'example', labels: { 'acme.org/owned-by': 'q-team' }, annotations: { 'acme.org/sha': '1234' } },
        store: s,
        data: { password: s.ref('example') },
        target: { template: { labels: { 'argocd.argoproj.io/secret-type': 'repository' }, data: { password: '{{ .password }}' } } },
      })],
    ['external-secrets#1885: a Merge ExternalSecret adding a key to a Secret the app declares',
      (c, s) => {
        new kplus.Secret(c, 'argocd-secret1', { metadata: { name: 'argocd-secret1' }, stringData: { 'admin.password': 'bcrypt-hash-placeholder' } });
        new ExternalSecret(c, 'es', { metadata: { name: 'argocd-secret1' }, store: s, refreshInterval: Duration.hours(1), target: { creationPolicy: CreationPolicy.MERGE }, data: { 'webhook.github.secret': s.ref('argocd/webhook/github', { property: 'webhook.github.secret' }) } });
      }],
    ['external-secrets#4702: a find path that starts with the store\'s prefix',
      (c) => {
        const p = new SecretStore(c, 'ps', { provider: ps('us-east-1', '/myapp/prod/') });
        new ExternalSecret(c, 'es', { store: p, dataFrom: [p.find({ path: '/myapp/prod/database', rewrite: [Rewrite.regexp('^.*/', '')] })] });
      }],
    ['external-secrets#3825: a range over the data whose values are parsed with fromJson',
      (c, s) => new ExternalSecret(c, 'es', {
        store: s,
        data: { db: s.ref('path/to/secrets/db') },
        target: { name: 'my-secret', template: { templateFrom: [TemplateFrom.literal('{{- range $key, $val := . }}\n{{ $key }}: {{ ($val | fromJson).secret_key | quote }}\n{{- end }}', TemplateTarget.DATA)] } },
      })],
    ['external-secrets#1052: a kv v2 mount with a slash in its name as the store\'s path',
      (c) => new SecretStore(c, 'vault', { provider: vault({ path: 'teams/payments-kv', version: VaultKvVersion.V2 }) })],
  ])('%s', (_, build) => {
    expect(() => synthValid(declare(build))).not.toThrow();
  });

  test('external-secrets#2825: a 44-character ExternalSecret name in a 23-character namespace (eso hashes its created-by label)', () => {
    const c = declare((c2, s) => new ExternalSecret(c2, 'es', { metadata: { name: 'external-secret-name-with-44-chars-xxxxxxxx' }, store: s, data: { a: s.ref('a') } }), 'namespace-with-24-chars');
    expect(() => synthValid(c)).not.toThrow();
  });

  test('external-secrets#915: the path-only find renders the name regexp secrets manager and parameter store need', () => {
    const c = chart();
    const p = new SecretStore(c, 'ps', { provider: ps() });
    new ExternalSecret(c, 'es', { store: p, dataFrom: [p.find({ path: '/service-name/' })] });
    const es = synthValid(c).find((m) => m.kind === 'ExternalSecret');
    expect(es.spec.dataFrom).toEqual([{ find: { path: '/service-name/', name: { regexp: '.*' } } }]);
  });

  test('external-secrets#3978: a PEM caBundle lands base64-encoded, as the CRD\'s "byte" format wants', () => {
    const c = chart();
    new SecretStore(c, 'vault', { provider: vault({ caBundle: CERT }) });
    const store = synthValid(c).find((m) => m.kind === 'SecretStore');
    expect(Buffer.from(store.spec.provider.vault.caBundle, 'base64').toString()).toBe(`${CERT}\n`);
  });
});

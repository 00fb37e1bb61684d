/**
 * Templates as ESO's template engine v2 will treat them: each refusal with its exact message
 * (Go's reason, where, and the fix), valid templates that look odd accepted, and the checks in
 * place where templates are declared (template.data, labels, annotations, templateFrom literals,
 * dataFrom rewrite transforms). tools/go-semantics holds the parser against Go itself
 * (test/go-semantics/template-vectors.go-semantics.ts).
 */
import { Chart, Testing } from 'cdk8s';
import { ClusterSecretStore, DataFrom, ExternalSecret, Rewrite, SecretStore, SecretStoreProvider, TemplateFrom, TemplateMergePolicy } from '../../src';
import { ValidationError } from '../../src/core/model/errors';
import { StoreKind } from '../../src/core/model/kinds';
import { StoreHandle } from '../../src/core/model/store-handle';
import { renderExternalSecretSpec } from '../../src/core/resources/external-secret';
import { TemplateData, checkGoTemplate } from '../../src/core/resources/go-template/check';
import { arityOf, functionNames, hasFunction, insteadOf } from '../../src/core/resources/go-template/functions';
import { Item, ItemType } from '../../src/core/resources/go-template/items';
import { Lexer } from '../../src/core/resources/go-template/lexer';
import { GoTemplateError } from '../../src/core/resources/go-template/nodes';
import { parseTemplate } from '../../src/core/resources/go-template/parser';
import { RemoteReference } from '../../src/core/resources/remote-ref';
import { templateWarnings } from '../../src/core/resources/template';

const FIELD = 'target.template.data["config.json"]';

function refusal(template: string, data: TemplateData = {}): ValidationError | undefined {
  try {
    checkGoTemplate('c/es', FIELD, 'config.json', template, data);
    return undefined;
  } catch (e) {
    if (ValidationError.isValidationError(e)) {
      return e;
    }
    throw e;
  }
}

describe('templates esokit refuses, each with its message', () => {
  test.each([
    ['{{ .password | base64decode }}', { keys: ['password'] }, 'template.function.unknown',
      'target.template.data["config.json"] calls "base64decode" (line 1, column 16, in "{{ .password | base64decode }}"), which eso\'s template engine v2 does not provide; it is the v1 engine\'s name: engine v2 calls it b64dec'],
    ['{{ .cert | toBytes }}', { keys: ['cert'] }, 'template.function.unknown',
      'target.template.data["config.json"] calls "toBytes" (line 1, column 12, in "{{ .cert | toBytes }}"), which eso\'s template engine v2 does not provide; it is the v1 engine\'s and was removed: engine v2 passes strings, so drop it'],
    ['{{ .tls | pemPrivateKey }}', { keys: ['tls'] }, 'template.function.unknown',
      'target.template.data["config.json"] calls "pemPrivateKey" (line 1, column 11, in "{{ .tls | pemPrivateKey }}"), which eso\'s template engine v2 does not provide; it is the v1 engine\'s and was removed: pkcs12key and pkcs12keyPass already return PEM, so drop it'],
    ['{{ env "HOME" }}', {}, 'template.function.unknown',
      'target.template.data["config.json"] calls "env" (line 1, column 4, in "{{ env \\"HOME\\" }}"), which eso\'s template engine v2 does not provide; eso removes it from sprig so that templates cannot read the controller\'s environment; keep the value in the backend and read it as a key'],
    ['{{ getHostByName "db" }}', {}, 'template.function.unknown',
      'target.template.data["config.json"] calls "getHostByName" (line 1, column 4, in "{{ getHostByName \\"db\\" }}"), which eso\'s template engine v2 does not provide; eso removes it from sprig (no dns lookups from templates); keep the address in the backend or in the template'],
    ['{{ include "x" . }}', {}, 'template.function.unknown',
      'target.template.data["config.json"] calls "include" (line 1, column 4, in "{{ include \\"x\\" . }}"), which eso\'s template engine v2 does not provide; it is helm\'s, not sprig\'s: use {{ template "name" . }} with a {{ define "name" }}'],
    ['{{ required "x" .a }}', {}, 'template.function.unknown',
      'target.template.data["config.json"] calls "required" (line 1, column 4, in "{{ required \\"x\\" .a }}"), which eso\'s template engine v2 does not provide; it is helm\'s, not sprig\'s: a missing key already fails the sync (eso sets missingkey=error), so read it directly, or test it: {{ if not (index . "k") }}{{ fail "k is required" }}{{ end }}'],
    ['{{ .a | toYAML }}', {}, 'template.function.unknown',
      'target.template.data["config.json"] calls "toYAML" (line 1, column 9, in "{{ .a | toYAML }}"), which eso\'s template engine v2 does not provide; function names are case-sensitive: use toYaml'],
    ['{{ .a | b64Dec }}', {}, 'template.function.unknown',
      'target.template.data["config.json"] calls "b64Dec" (line 1, column 9, in "{{ .a | b64Dec }}"), which eso\'s template engine v2 does not provide; function names are case-sensitive: use b64dec'],
    ['{{ .a | trimSufix "x" }}', {}, 'template.function.unknown',
      'target.template.data["config.json"] calls "trimSufix" (line 1, column 9, in "{{ .a | trimSufix \\"x\\" }}"), which eso\'s template engine v2 does not provide; did you mean trimSuffix?'],
    ['{{ .a | frobnicate }}', {}, 'template.function.unknown',
      'target.template.data["config.json"] calls "frobnicate" (line 1, column 9, in "{{ .a | frobnicate }}"), which eso\'s template engine v2 does not provide; use one of the functions of eso\'s templating guide (sprig\'s and eso\'s own, e.g. b64dec, fromJson, toYaml, pkcs12key)'],
    ['{{ .tls.crt }}', { keys: ['tls.crt'] }, 'template.key.dotted',
      'target.template.data["config.json"] reads .tls.crt (line 1, column 4, in "{{ .tls.crt }}"), which go reads as field "crt" of key "tls", not as key "tls.crt"; read a key with a dot with index: {{ index . "tls.crt" }}'],
    ['{{ .tls.crt }}', {}, 'template.key.dotted',
      'target.template.data["config.json"] reads .tls.crt (line 1, column 4, in "{{ .tls.crt }}"), which go reads as field "crt" of key "tls", not as key "tls.crt"; read a key with a dot with index: {{ index . "tls.crt" }}, or, if "tls" holds json, parse it first: {{ (.tls | fromJson).crt }}'],
    ['{{ .tls.crt }}', { keys: ['cert'] }, 'template.key.unknown',
      'target.template.data["config.json"] reads .tls.crt (line 1, column 4, in "{{ .tls.crt }}"), but the template\'s data has no key "tls" (go reads .tls.crt as field "crt" of key "tls"; a key with a dot is read with {{ index . "tls.crt" }}): eso fails the sync on a missing key (missingkey=error); its keys are "cert"; read one of them, or add "tls" to data'],
    ['{{ .config.host }}', { keys: ['config'] }, 'template.key.nested',
      'target.template.data["config.json"] reads .config.host (line 1, column 4, in "{{ .config.host }}"), but the value of key "config" is a string (eso passes every key as a string) and has no field "host"; if it holds json, parse it first: {{ (.config | fromJson).host }}'],
    ['{{ $.config.host }}', { keys: ['config'] }, 'template.key.nested',
      'target.template.data["config.json"] reads $.config.host (line 1, column 4, in "{{ $.config.host }}"), but the value of key "config" is a string (eso passes every key as a string) and has no field "host"; if it holds json, parse it first: {{ (.config | fromJson).host }}'],
    ['{{ .pasword }}', { keys: ['password', 'user'] }, 'template.key.unknown',
      'target.template.data["config.json"] reads .pasword (line 1, column 4, in "{{ .pasword }}"), but the template\'s data has no key "pasword": eso fails the sync on a missing key (missingkey=error); its keys are "password", "user"; read one of them, or add "pasword" to data'],
    ['{{ .Password }}', { keys: ['password'] }, 'template.key.unknown',
      'target.template.data["config.json"] reads .Password (line 1, column 4, in "{{ .Password }}"), but the template\'s data has no key "Password": eso fails the sync on a missing key (missingkey=error); its keys are "password"; keys are case-sensitive: read "password"'],
    ['{{ .Values.password }}', { keys: ['password'] }, 'template.key.unknown',
      'target.template.data["config.json"] reads .Values.password (line 1, column 4, in "{{ .Values.password }}"), but the template\'s data has no key "Values" (a template reads the ExternalSecret\'s keys, e.g. {{ .password }}, not helm values): eso fails the sync on a missing key (missingkey=error); its keys are "password"; read one of them, or add "Values" to data'],
    ['{{ .API_URL }}', { keys: ['DB'], dataFrom: true }, 'template.key.unknown',
      'target.template.data["config.json"] reads .API_URL (line 1, column 4, in "{{ .API_URL }}"), but the template\'s data has no key "API_URL": eso fails the sync on a missing key (missingkey=error); its keys are "DB" (from data and dataFromKeys); if dataFrom produces "API_URL", add it to dataFromKeys; otherwise read one of the keys above (for a key that may be missing: {{ index . "API_URL" | default "…" }})'],
    ['{{ index . "missing" }}', { keys: ['a'] }, 'template.key.unknown',
      'target.template.data["config.json"] reads index . "missing" (line 1, column 12, in "{{ index . \\"missing\\" }}"), but the template\'s data has no key "missing": index gives an empty string for a missing key, so the Secret would get an empty value; its keys are "a"; read one of them, or add "missing" to data'],
    ['{{ .Value }}', { keys: ['value'], rewrite: true }, 'template.key.unknown',
      'target.template.data["config.json"] reads .Value (line 1, column 4, in "{{ .Value }}"), but a rewrite transform\'s data holds only .value (the key being rewritten), so go would write "<no value>" in its place; use .value, e.g. {{ .value | lower }}'],
    ['{{ if hasKey . "port" }}x{{ end }}', { keys: ['a'] }, 'template.data.not-a-dict',
      'target.template.data["config.json"] passes the template\'s data to hasKey (line 1, column 14, in "{{ if hasKey . \\"port\\" }}x{{ end }}"), but eso\'s data is a map of strings and sprig\'s dict functions take a dict, so go fails the sync with "wrong type for value"; read a key with index, which gives "" when the key is missing: {{ with index . "key" }}{{ . }}{{ else }}fallback{{ end }}'],
    ['{{ . | keys }}', { keys: ['a'] }, 'template.data.not-a-dict',
      'target.template.data["config.json"] passes the template\'s data to keys (line 1, column 8, in "{{ . | keys }}"), but eso\'s data is a map of strings and sprig\'s dict functions take a dict, so go fails the sync with "wrong type for value"; read a key with index, which gives "" when the key is missing: {{ with index . "key" }}{{ . }}{{ else }}fallback{{ end }}'],
    ['{{ htpasswd .user .password }}', { keys: ['user', 'password'] }, 'template.function.arity',
      'target.template.data["config.json"] calls htpasswd with 2 arguments (line 1, column 4, in "{{ htpasswd .user .password }}"), but htpasswd takes 3; go fails the sync with "wrong number of args"; eso\'s htpasswd takes the hash too: htpasswd .user .password "bcrypt" (or "sha")'],
    ['{{ .a | b64enc "x" }}', { keys: ['a'] }, 'template.function.arity',
      'target.template.data["config.json"] calls b64enc with 2 arguments, counting the piped value (line 1, column 9, in "{{ .a | b64enc \\"x\\" }}"), but b64enc takes 1; go fails the sync with "wrong number of args"; give it 1 (a value piped into it with "|" is its last argument)'],
    ['{{ printf }}', {}, 'template.function.arity',
      'target.template.data["config.json"] calls printf with 0 arguments (line 1, column 4, in "{{ printf }}"), but printf takes at least 1; go fails the sync with "wrong number of args"; give it at least 1 (a value piped into it with "|" is its last argument)'],
    ['{{ printf "%s" upper }}', {}, 'template.function.arity',
      'target.template.data["config.json"] calls upper with 0 arguments (line 1, column 16, in "{{ printf \\"%s\\" upper }}"), but upper takes 1; go fails the sync with "wrong number of args"; a function given as an argument is called with none: put it in parentheses with its arguments, e.g. (upper .key)'],
    ['{{ if eq .env }}x{{ end }}', { keys: ['env'] }, 'template.function.arity',
      'target.template.data["config.json"] calls eq with 1 argument (line 1, column 7, in "{{ if eq .env }}x{{ end }}"), but eq takes at least 2; go fails the sync with "missing argument for comparison"; give it at least 2 (a value piped into it with "|" is its last argument)'],
    ['url: {{ .API_URL ', {}, 'template.syntax',
      'target.template.data["config.json"] does not parse as a go template: unclosed action (line 1, column 18, in "url: {{ .API_URL"); close each action with "}}"'],
    ['line one\n{{ .a\n| upper\n', {}, 'template.syntax',
      'target.template.data["config.json"] does not parse as a go template: unclosed action started at config.json:2 (line 4, column 1); close each action with "}}"'],
    ['{{ if .enabled }}on', { keys: ['enabled'] }, 'template.syntax',
      'target.template.data["config.json"] does not parse as a go template: unexpected EOF (line 1, column 20, in "{{ if .enabled }}on"); an {{if}}, {{range}}, {{with}}, {{define}} or {{block}} has no {{end}}: add it'],
    ['{{ .a }}{{ end }}', { keys: ['a'] }, 'template.syntax',
      'target.template.data["config.json"] does not parse as a go template: unexpected {{end}} (line 1, column 16, in "{{ .a }}{{ end }}"); remove this {{end}}, or open the {{if}}, {{range}} or {{with}} it should end'],
    ['{{ else }}', {}, 'template.syntax',
      'target.template.data["config.json"] does not parse as a go template: unexpected {{else}} (line 1, column 9, in "{{ else }}"); {{else}} belongs inside an {{if}}, {{range}} or {{with}}, once (use {{else if …}} for more branches)'],
    ['{{ if .a }}x{{ else }}y{{ else }}z{{ end }}', { keys: ['a'] }, 'template.syntax',
      'target.template.data["config.json"] does not parse as a go template: expected end; found {{else}} (line 1, column 32, in "{{ if .a }}x{{ else }}y{{ else }}z{{ end }}"); {{else}} belongs inside an {{if}}, {{range}} or {{with}}, once (use {{else if …}} for more branches)'],
    ['{{/* note }}x', {}, 'template.syntax',
      'target.template.data["config.json"] does not parse as a go template: unclosed comment (line 1, column 3, in "{{/* note }}x"); write a comment as {{/* text */}}, with "*/" right before "}}"'],
    ['{{ /* note */ }}', {}, 'template.syntax',
      'target.template.data["config.json"] does not parse as a go template: unexpected "/" in command (line 1, column 4, in "{{ /* note */ }}"); a comment must touch the delimiters: {{/* text */}}, or {{- /* text */ -}} to trim the space around it'],
    ['{{ .my-key }}', {}, 'template.syntax',
      'target.template.data["config.json"] does not parse as a go template: bad character U+002D \'-\' (line 1, column 4, in "{{ .my-key }}"); a key with "-" in its name is read with index: {{ index . "my-key" }}'],
    ['{{ .a@b }}', {}, 'template.syntax',
      'target.template.data["config.json"] does not parse as a go template: bad character U+0040 \'@\' (line 1, column 4, in "{{ .a@b }}"); names of keys and functions are letters, digits and "_"; read any other key with index: {{ index . "the key" }}'],
    ['{{ "abc }}', {}, 'template.syntax',
      'target.template.data["config.json"] does not parse as a go template: unterminated quoted string (line 1, column 4, in "{{ \\"abc }}"); close the string with a double quote on the same line, or use a raw string in backquotes'],
    ['{{ `abc }}', {}, 'template.syntax',
      'target.template.data["config.json"] does not parse as a go template: unterminated raw quoted string (line 1, column 4, in "{{ `abc }}"); close the raw string with a backquote'],
    ['{{ regexMatch "^\\d+$" .port }}', { keys: ['port'] }, 'template.syntax',
      'target.template.data["config.json"] does not parse as a go template: invalid syntax (line 1, column 15, in "{{ regexMatch \\"^\\\\d+$\\" .port }}"); a double-quoted string takes only go escapes (\\n, \\t, \\", \\\\ …): write a regular expression or a path with backslashes as a raw string in backquotes, e.g. `\\d+`'],
    ['{{ $password }}', {}, 'template.syntax',
      'target.template.data["config.json"] does not parse as a go template: undefined variable "$password" (line 1, column 14, in "{{ $password }}"); declare it first with {{ $name := … }}; a variable lives until the {{end}} of the block that declares it'],
    ['{{ .1password }}', {}, 'template.syntax',
      'target.template.data["config.json"] does not parse as a go template: bad number syntax: ".1p" (line 1, column 4, in "{{ .1password }}"); a key that starts with a digit is read with index: {{ index . "1password" }}'],
    ['{{ 99999999999999999999 }}', {}, 'template.syntax',
      'target.template.data["config.json"] does not parse as a go template: integer overflow: "99999999999999999999" (line 1, column 4, in "{{ 99999999999999999999 }}"); write numbers as go literals, e.g. 42, 0x2a or 1.5'],
    ['{{ 0x }}', {}, 'template.syntax',
      'target.template.data["config.json"] does not parse as a go template: illegal number syntax: "0x" (line 1, column 4, in "{{ 0x }}"); write numbers as go literals, e.g. 42, 0x2a or 1.5'],
    ['{{ }}', {}, 'template.syntax',
      'target.template.data["config.json"] does not parse as a go template: missing value for command (line 1, column 4, in "{{ }}"); an action needs a value, e.g. {{ .key }}; to write "{{" itself, use {{ "{{" }}'],
    ['{{ .a | "x" }}', { keys: ['a'] }, 'template.syntax',
      'target.template.data["config.json"] does not parse as a go template: non executable command in pipeline stage 2 (line 1, column 13, in "{{ .a | \\"x\\" }}"); after "|" comes a function that takes the value, e.g. {{ .key | upper }}'],
    ['{{ \'abc\' }}', {}, 'template.syntax',
      'target.template.data["config.json"] does not parse as a go template: malformed character constant: \'abc\' (line 1, column 4, in "{{ \'abc\' }}"); single quotes make one character: write strings in double quotes'],
    ['{{ upper .a) }}', { keys: ['a'] }, 'template.syntax',
      'target.template.data["config.json"] does not parse as a go template: unexpected right paren (line 1, column 12, in "{{ upper .a) }}"); balance the parentheses'],
    ['{{ (upper .a }}', { keys: ['a'] }, 'template.syntax',
      'target.template.data["config.json"] does not parse as a go template: unclosed left paren (line 1, column 14, in "{{ (upper .a }}"); balance the parentheses'],
    ['{{ $x : .a }}', { keys: ['a'] }, 'template.syntax',
      'target.template.data["config.json"] does not parse as a go template: undefined variable "$x" (line 1, column 7, in "{{ $x : .a }}"); declare it first with {{ $name := … }}; a variable lives until the {{end}} of the block that declares it'],
    ['{{ break }}', {}, 'template.syntax',
      'target.template.data["config.json"] does not parse as a go template: {{break}} outside {{range}} (line 1, column 10, in "{{ break }}"); use {{break}} and {{continue}} only inside {{range}}'],
    ['{{ define "x" }}a{{ end }}{{ define "x" }}b{{ end }}', {}, 'template.syntax',
      'target.template.data["config.json"] does not parse as a go template: template: multiple definition of template "x" (line 1, column 51, in "…efine \\"x\\" }}b{{ end }}"); give each {{define}} its own name'],
    ['{{ if .a }}{{ define "x" }}{{ end }}{{ end }}', { keys: ['a'] }, 'template.syntax',
      'target.template.data["config.json"] does not parse as a go template: unexpected <define> in command (line 1, column 15, in "{{ if .a }}{{ define \\"x\\" }}{{ end }}{{ end }}"); {{define}} may only appear at the top level of a template'],
    ['{{{ .password }}}', { keys: ['password'] }, 'template.syntax',
      'target.template.data["config.json"] does not parse as a go template: unexpected "{" in command (line 1, column 3, in "{{{ .password }}}"); braces are not go template syntax inside an action: to write "{{" or "}}" itself, use {{ "{{" }} or {{ "}}" }}'],
    ['{{ "a".b }}', {}, 'template.syntax',
      'target.template.data["config.json"] does not parse as a go template: unexpected . after term "\\"a\\"" (line 1, column 9, in "{{ \\"a\\".b }}"); see the syntax of go templates at https://pkg.go.dev/text/template'],
    ['{{ range $a, $b, $c := . }}{{ end }}', {}, 'template.syntax',
      'target.template.data["config.json"] does not parse as a go template: too many declarations in range (line 1, column 16, in "{{ range $a, $b, $c := . }}{{ end }}"); range declares at most two variables ({{ range $key, $value := . }}), other actions one ({{ $x := … }})'],
    ['{{ with $x, $y := . }}{{ end }}', {}, 'template.syntax',
      'target.template.data["config.json"] does not parse as a go template: too many declarations in with (line 1, column 11, in "{{ with $x, $y := . }}{{ end }}"); range declares at most two variables ({{ range $key, $value := . }}), other actions one ({{ $x := … }})'],
    ['{{ .a \u00a0}}', {}, 'template.syntax',
      'target.template.data["config.json"] does not parse as a go template: unrecognized character in action: U+00A0 (line 1, column 7, in "{{ .a \u00a0}}"); replace the unicode space U+00A0 (often pasted from a web page or a chat) with a plain space'],
    ['{{ template x }}', {}, 'template.syntax',
      'target.template.data["config.json"] does not parse as a go template: unexpected "x" in template clause (line 1, column 13, in "{{ template x }}"); see the syntax of go templates at https://pkg.go.dev/text/template'],
    ['{{-.password}}', { keys: ['password'] }, 'template.syntax',
      'target.template.data["config.json"] does not parse as a go template: bad number syntax: "-.p" (line 1, column 3, in "{{-.password}}"); a trim marker needs a space after it: write "{{- "'],
    ['{{ .password-}}', { keys: ['password'] }, 'template.syntax',
      'target.template.data["config.json"] does not parse as a go template: bad character U+002D \'-\' (line 1, column 4, in "{{ .password-}}"); a trim marker needs a space before it: write " -}}"'],
    ['{{ .x }}', { keys: ['a'], dataFrom: true }, 'template.key.unknown',
      'target.template.data["config.json"] reads .x (line 1, column 4, in "{{ .x }}"), but the template\'s data has no key "x": eso fails the sync on a missing key (missingkey=error); its keys are "a" (from data and dataFromKeys); if dataFrom produces "x", add it to dataFromKeys; otherwise read one of the keys above (for a key that may be missing: {{ index . "x" | default "…" }})'],
    ['{{ template "dsn" . }}', { keys: ['a'] }, 'template.template.undefined',
      'target.template.data["config.json"] invokes template "dsn" (line 1, column 13, in "{{ template \\"dsn\\" . }}"), which it does not define, so go fails the sync (template "dsn" not defined); define it in the same template: {{ define "dsn" }}…{{ end }} (each key of template.data is a template of its own)'],
  ] as Array<[string, TemplateData, string, string]>)('%j (data %j): %s', (template, data, code, message) => {
    const e = refusal(template, data);
    expect(e?.message).toBe(`c/es: ${message}`);
    expect(e?.code).toBe(code);
  });

  test('messages start lowercase with the field, and quote a long template only in part', () => {
    const long = `${'x'.repeat(200)} {{ .missing }}`;
    const e = refusal(long, { keys: ['a'] })!;
    expect(e.message.startsWith(`c/es: ${FIELD} reads .missing (line 1, column 205, in "…${'x'.repeat(16)} {{ .missing }}"), `)).toBe(true);
  });

  test('messages name keys, never the values of the data', () => {
    // The data's values are secret; esokit never sees them, and the message names keys only.
    const e = refusal('{{ .pasword }}', { keys: ['password'] })!;
    expect(e.message).toContain('its keys are "password"');
  });

  test.each([
    ['helm\'s printf escape', 'password: {{ printf "{{ .password }}" }}', 'template.helm-escape',
      'target.template.data["config.json"] prints "{{" and "}}" as text (line 1, column 11, in "password: {{ printf \\"{{ .password }}\\" }}"), so the Secret would hold "password: {{ .password }}" instead of the value of key "password": that is helm\'s escape, and esokit gives templates to eso as written (no helm renders them); write the template itself: password: {{ .password }}'],
    ['helm\'s raw-string escape', '{{`{{ .user }}`}}', 'template.helm-escape',
      'target.template.data["config.json"] prints "{{" and "}}" as text (line 1, column 1, in "{{`{{ .user }}`}}"), so the Secret would hold "{{ .user }}" instead of the value of key "user": that is helm\'s escape, and esokit gives templates to eso as written (no helm renders them); write the template itself: {{ .user }}'],
    ['a lodash template reading data["key"]', 'token: <%= data["user"] %>', 'template.lodash',
      'target.template.data["config.json"] has a kubernetes-external-secrets (lodash) template (line 1, column 8, in "token: <%= data[\\"user\\"] %>"), which eso does not evaluate, so the Secret would hold it as text; eso\'s templates are go templates, which read key "user" as {{ .user }}'],
    ['a field of . in a range over the data', '{{ range . }}{{ .host }}{{ end }}', 'template.key.value-field',
      'target.template.data["config.json"] reads .host (line 1, column 17, in "{{ range . }}{{ .host }}{{ end }}"), but . is a value of the template\'s data in a range over it, and every value is a string (eso passes every key as a string), which has no field "host"; go fails the sync ("can\'t evaluate field host in type string"); if the values hold json, parse each first: (. | fromJson).host'],
    ['a field of the range variable over $', '{{ range $v := $ }}{{ $v.host }}{{ end }}', 'template.key.value-field',
      'target.template.data["config.json"] reads $v.host (line 1, column 23, in "{{ range $v := $ }}{{ $v.host }}{{ end }}"), but $v is a value of the template\'s data in a range over it, and every value is a string (eso passes every key as a string), which has no field "host"; go fails the sync ("can\'t evaluate field host in type string"); if the values hold json, parse each first: ($v | fromJson).host'],
  ])('%s', (_name, template, code, message) => {
    const e = refusal(template, { keys: ['user', 'password', 'config'] });
    expect([e?.code, e?.message]).toEqual([code, `c/es: ${message}`]);
  });

  test('a template spread over lines is placed by line and column', () => {
    expect(refusal('host = {{ .host }}\nport = {{ .port | upper "x" }}\n', { keys: ['host', 'port'] })?.message)
      .toBe(`c/es: ${FIELD} calls upper with 2 arguments, counting the piped value (line 2, column 19, in "port = {{ .port | upper \\"x\\" }}"), but upper takes 1; go fails the sync with "wrong number of args"; give it 1 (a value piped into it with "|" is its last argument)`);
  });
});

describe('templates esokit accepts', () => {
  const keys = ['user', 'password', 'config', 'tls.crt', 'hosts', 'env'];
  test.each([
    ['braces written as a string', '{{ "{{" }}{{ .user }}{{ "}}" }}'],
    ['a raw string with braces that read no key of the data', '{{ `{{ .Values.name }}` }}'],
    ['braces printed for a program that templates the value again', 'title: {{ "{{" }} .Status | toUpper {{ "}}" }} for {{ .user }}'],
    ['an erb tag for a ruby app, next to eso\'s own template', 'password: {{ .password }}\npool: <%= ENV.fetch("RAILS_MAX_THREADS") { 5 } %>'],
    ['a lodash-looking tag that reads no key of the data', '<%= data.unknown %>'],
    ['fields of a range over a list, not over the data', '{{ range $i, $c := (.config | fromJson).clients }}{{ $c.id }}{{ end }}'],
    ['a range variable redeclared over a dict', '{{ range $k, $v := . }}{{ with $v := dict "x" $k }}{{ $v.x }}{{ end }}{{ end }}'],
    ['a raw string over lines', '{{ `line one\nline {{ two }}` }}'],
    ['a comment', '{{/* written by esokit */}}{{ .user }}'],
    ['a trimmed comment', 'a {{- /* note */ -}} b'],
    ['a comment over lines', '{{/*\n  a note\n*/}}{{ .user }}'],
    ['trim markers', '  {{- .user -}}  '],
    ['nested range and with', '{{ with $c := .config | fromJson }}{{ range $k, $v := $c }}{{ with $v }}{{ $k }}={{ . }}{{ end }}{{ end }}{{ end }}'],
    ['$ inside range and with', '{{ range splitList "," .hosts }}{{ . }}@{{ $.user }}{{ end }}{{ with .env }}{{ $.password }}{{ end }}'],
    ['fields of the value inside with', '{{ with .config | fromJson }}{{ .host }}:{{ .port }}{{ end }}'],
    ['variables', '{{ $u := .user }}{{ $u = upper $u }}{{ $u }}{{ $d := . }}{{ $d.password }}'],
    ['printf', '{{ printf "%s:%s" .user .password | b64enc }}'],
    ['a dotted key with index', '{{ index . "tls.crt" }} {{ index $ "tls.crt" | b64enc }}'],
    ['a json field after fromJson', '{{ (.config | fromJson).host }}'],
    ['an optional key with index', '{{ with index . "port" }}{{ . }}{{ else }}5432{{ end }} {{ index . "port" | default "5432" }} {{ if index . "port" }}x{{ end }}'],
    ['else if and else with', '{{ if eq .env "prod" }}p{{ else if eq .env "dev" }}d{{ else }}o{{ end }}{{ with .user }}{{ . }}{{ else with .password }}{{ . }}{{ end }}'],
    ['range with break and continue', '{{ range $i, $h := splitList "," .hosts }}{{ if eq $i 3 }}{{ break }}{{ end }}{{ if not $h }}{{ continue }}{{ end }}{{ $h }}{{ end }}'],
    ['define, template and block', '{{ define "dsn" }}{{ .user }}@db{{ end }}{{ template "dsn" . }}{{ block "b" . }}{{ .password }}{{ end }}'],
    ['fields of the data passed to a defined template are not the template\'s', '{{ define "x" }}{{ .anything }}{{ end }}{{ template "x" (dict "anything" .user) }}'],
    ['literals', '{{ 42 }} {{ -1.5e3 }} {{ 0x1F }} {{ 0o17 }} {{ 0b101 }} {{ 1_000 }} {{ \'a\' }} {{ true }} {{ nil | default "x" }} {{ "a\\tb\\u00e9" }}'],
    ['eso\'s own functions', '{{ .config | b64dec | pkcs12cert }}{{ pkcs12keyPass "pw" .config }}{{ filterPEM "CERTIFICATE" .config }}{{ .config | fromYaml | toYaml }}{{ htpasswd .user .password "bcrypt" }}'],
    ['the double base64 encoding of a value', '{{ .password | b64enc }}'],
    ['text that is not a template at all', 'just text, $ and } and {'],
    ['an empty template', ''],
  ])('%s', (_name, template) => {
    expect(refusal(template, { keys })).toBeUndefined();
  });

  test('with the keys of a dataFrom unknown, reads of keys are not checked, everything else is', () => {
    expect(refusal('{{ .FROM_DATAFROM }}', {})).toBeUndefined();
    expect(refusal('{{ .FROM_DATAFROM | base64decode }}', {})?.code).toBe('template.function.unknown');
    expect(refusal('{{ .tls.crt }}', {})?.code).toBe('template.key.dotted');
  });
});

describe('the parser', () => {
  function items(text: string): Array<[ItemType, string]> {
    const l = new Lexer(text);
    const out: Array<[ItemType, string]> = [];
    for (let i: Item = l.nextItem(); ; i = l.nextItem()) {
      out.push([i.type, i.val]);
      if (i.type === ItemType.EOF || i.type === ItemType.ERROR) {
        return out;
      }
    }
  }

  test('trim markers take the space around the action, as Go\'s lexer does', () => {
    expect(items('a \n {{- .x -}} \n b')).toEqual([
      [ItemType.TEXT, 'a'], [ItemType.LEFT_DELIM, '{{'], [ItemType.FIELD, '.x'], [ItemType.RIGHT_DELIM, '}}'], [ItemType.TEXT, 'b'], [ItemType.EOF, ''],
    ]);
  });

  test('a comment is dropped, with the space a trim marker takes', () => {
    expect(items('a {{- /* c */ -}} b')).toEqual([[ItemType.TEXT, 'a'], [ItemType.TEXT, 'b'], [ItemType.EOF, '']]);
  });

  test('"-3" right after the delimiter is a number, not a trim marker', () => {
    expect(items('{{-3}}')).toEqual([[ItemType.LEFT_DELIM, '{{'], [ItemType.NUMBER, '-3'], [ItemType.RIGHT_DELIM, '}}'], [ItemType.EOF, '']]);
  });

  test('a field chain is one field node; a chain on a parenthesized pipeline is kept as a chain', () => {
    const { root } = parseTemplate('t', '{{ .a.b }}{{ (.c).d }}', hasFunction);
    const [first, second] = root.nodes as any[];
    expect(first.pipe.cmds[0].args[0]).toMatchObject({ kind: 'field', ident: ['a', 'b'] });
    expect(second.pipe.cmds[0].args[0]).toMatchObject({ kind: 'chain', field: ['d'] });
  });

  test('define and block bodies are kept apart from the template\'s own', () => {
    const parsed = parseTemplate('t', '{{ define "x" }}X{{ end }}{{ block "y" . }}Y{{ end }}', hasFunction);
    expect([...parsed.defined.keys()].sort()).toEqual(['x', 'y']);
    expect(parsed.root.nodes.map((n) => n.kind)).toEqual(['template']);
  });

  test('variables are scoped to their block', () => {
    expect(() => parseTemplate('t', '{{ if true }}{{ $x := 1 }}{{ end }}{{ $x }}', hasFunction)).toThrow(new GoTemplateError('undefined variable "$x"', 1, 0));
  });

  test('errors carry go\'s line', () => {
    let e: GoTemplateError | undefined;
    try {
      parseTemplate('t', 'a\nb\n{{ if .x }}\nc\n', hasFunction);
    } catch (err) {
      e = err as GoTemplateError;
    }
    expect([e?.reason, e?.line]).toEqual(['unexpected EOF', 5]);
  });
});

describe('the function map', () => {
  test('has the builtins, sprig\'s functions and eso\'s own, with their arities', () => {
    expect(functionNames()).toHaveLength(245);
    expect(arityOf('htpasswd')).toEqual({ min: 3, variadic: false });
    expect(arityOf('printf')).toEqual({ min: 1, variadic: true });
    expect(arityOf('rsaDecrypt')).toEqual({ min: 4, variadic: false });
    expect(arityOf('slice')).toEqual({ min: 1, variadic: true });
    for (const removed of ['env', 'expandenv', 'getHostByName', 'base64decode', 'pemCertificate', 'include']) {
      expect(hasFunction(removed)).toBe(false);
    }
  });

  test.each([
    ['base64encode', 'it is the v1 engine\'s name: engine v2 calls it b64enc'],
    ['fromJSON', 'it is the v1 engine\'s name: engine v2 calls it fromJson'],
    ['toJSON', 'it is the v1 engine\'s name: engine v2 calls it toJson'],
    ['pemCertificate', 'it is the v1 engine\'s and was removed: pkcs12cert and pkcs12certPass already return PEM, so drop it'],
    ['expandenv', 'eso removes it from sprig so that templates cannot read the controller\'s environment; keep the value in the backend and read it as a key'],
    ['tpl', 'it is helm\'s, not sprig\'s: eso renders each template once'],
    ['lookup', 'it is helm\'s, not sprig\'s: read the object with a Kubernetes store instead'],
    ['FromJson', 'function names are case-sensitive: use fromJson'],
    ['b64decc', 'did you mean b64dec or b64enc?'],
    ['toUpper', 'sprig calls it upper'],
    ['regexReplace', 'did you mean regexReplaceAll or regexReplaceAllLiteral?'],
  ])('instead of %s: %s', (name, instead) => {
    expect(insteadOf(name)).toBe(instead);
  });
});

describe('where templates are declared', () => {
  function chart() {
    const c = new Chart(Testing.app(), 'c', { namespace: 'app' });
    const store = new ClusterSecretStore(c, 's', { provider: SecretStoreProvider.awsSecretsManager({ region: 'us-east-1' }) });
    return { c, store };
  }

  test('template.data reads only the keys of data', () => {
    const { c, store } = chart();
    expect(() => new ExternalSecret(c, 'es', {
      store,
      data: { user: store.ref('db', { property: 'user' }) },
      target: { template: { data: { dsn: 'postgres://{{ .user }}:{{ .pass }}@db' } } },
    })).toThrow('c/es: target.template.data["dsn"] reads .pass (line 1, column 27, in "postgres://{{ .user }}:{{ .pass }}@db"), but the template\'s data has no key "pass": eso fails the sync on a missing key (missingkey=error); its keys are "user"; read one of them, or add "pass" to data');
  });

  test('labels and annotations are templates too', () => {
    const { c, store } = chart();
    expect(() => new ExternalSecret(c, 'es', {
      store,
      data: { user: store.ref('db', { property: 'user' }) },
      target: { template: { annotations: { owner: '{{ .user | toUpper }}' } } },
    })).toThrow('c/es: target.template.annotations["owner"] calls "toUpper" (line 1, column 12, in "{{ .user | toUpper }}"), which eso\'s template engine v2 does not provide; sprig calls it upper');
  });

  test('a templateFrom literal is parsed', () => {
    const { c, store } = chart();
    expect(() => new ExternalSecret(c, 'es', {
      store,
      data: { user: store.ref('db', { property: 'user' }) },
      target: { template: { mergePolicy: TemplateMergePolicy.MERGE, templateFrom: [TemplateFrom.literal('user: {{ .user }\n')] } },
    })).toThrow('c/es: target.template.templateFrom[0].literal does not parse as a go template: unexpected "}" in operand (line 1, column 16, in "user: {{ .user }"); braces are not go template syntax inside an action: to write "{{" or "}}" itself, use {{ "{{" }} or {{ "}}" }}');
  });

  test('with a dataFrom, a template reads only the dataFrom keys declared in dataFromKeys (as typed references do)', () => {
    const { c, store } = chart();
    expect(() => new ExternalSecret(c, 'es', {
      store,
      dataFrom: [store.find({ path: 'app/' })],
      target: { template: { data: { 'config.yaml': 'url: {{ .API_URL }}' } } },
    })).toThrow('c/es: target.template.data["config.yaml"] reads .API_URL (line 1, column 9, in "url: {{ .API_URL }}"), but the template\'s data has no key "API_URL": eso fails the sync on a missing key (missingkey=error); '
      + 'its keys are (none) (from data and dataFromKeys); if dataFrom produces "API_URL", add it to dataFromKeys');
    const es = new ExternalSecret(c, 'declared', {
      store,
      dataFrom: [store.find({ path: 'app/' })],
      dataFromKeys: ['API_URL'],
      target: { template: { data: { 'config.yaml': 'url: {{ .API_URL }}' } } },
    });
    expect(es.keys).toEqual(['config.yaml', 'API_URL']);
  });

  test('declared dataFromKeys are the keys a template may read beside data', () => {
    const store: StoreHandle = { where: 'stack/aws', name: 'aws', kind: StoreKind.CLUSTER_SECRET_STORE };
    const decl = (template: string) => ({
      where: 'stack/cfg',
      name: 'cfg',
      namespace: 'app',
      store,
      data: [{ secretKey: 'DB', ref: RemoteReference.of('db') }],
      dataFrom: [DataFrom.find({ path: 'app/' })],
      dataFromKeys: ['API_URL'],
      target: { template: { data: { 'config.yaml': template } } },
    });
    expect(() => renderExternalSecretSpec(decl('{{ .DB }} {{ .API_URL }}'))).not.toThrow();
    expect(() => renderExternalSecretSpec(decl('{{ .API_UR }}'))).toThrow('stack/cfg: target.template.data["config.yaml"] reads .API_UR (line 1, column 4, in "{{ .API_UR }}"), but the template\'s data has no key "API_UR": eso fails the sync on a missing key (missingkey=error); its keys are "DB", "API_URL" (from data and dataFromKeys); if dataFrom produces "API_UR", add it to dataFromKeys; otherwise read one of the keys above (for a key that may be missing: {{ index . "API_UR" | default "…" }})');
  });

  test('a rewrite transform reads .value', () => {
    const { c, store } = chart();
    expect(() => new ExternalSecret(c, 'es', {
      store,
      dataFrom: [store.find({ path: 'app/', rewrite: [Rewrite.transform('{{ .value | lower }}'), Rewrite.transform('{{ .Value | upper }}')] })],
    })).toThrow('c/es: dataFrom[0].rewrite[1].transform.template reads .Value (line 1, column 4, in "{{ .Value | upper }}"), but a rewrite transform\'s data holds only .value (the key being rewritten), so go would write "<no value>" in its place; use .value, e.g. {{ .value | lower }}');
  });

  test('a rewrite transform is parsed with the same function map', () => {
    const { c, store } = chart();
    expect(() => new ExternalSecret(c, 'es', {
      store,
      dataFrom: [store.find({ path: 'app/', rewrite: [Rewrite.transform('{{ .value | base64encode }}')] })],
    })).toThrow('c/es: dataFrom[0].rewrite[0].transform.template calls "base64encode" (line 1, column 13, in "{{ .value | base64encode }}"), which eso\'s template engine v2 does not provide; it is the v1 engine\'s name: engine v2 calls it b64enc');
  });

  test('the template check does not stop a valid ExternalSecret from synthesizing', () => {
    const { c, store } = chart();
    new ExternalSecret(c, 'es', {
      store,
      data: { 'tls.crt': store.ref('cert', { property: 'crt' }), 'user': store.ref('db', { property: 'user' }) },
      target: { template: { data: { 'ca.crt': '{{ index . "tls.crt" | filterPEM "CERTIFICATE" }}', 'owner': '{{ .user }}' }, labels: { team: 'a' } } },
    });
    expect(() => Testing.synth(c)).not.toThrow();
  });
});

describe('a value wholly base64-encoded by the template is double-encoded', () => {
  test.each([
    ['{{ .password | b64enc }}'],
    ['  {{- .password | b64enc -}}\n'],
    ['{{ index . "db.password" | b64enc }}'],
  ])('%p warns', (value) => {
    expect(templateWarnings('app/db', { data: { password: value } })).toEqual([
      `app/db: target.template.data["password"] ${JSON.stringify(value)} base64-encodes the value, so the Secret holds base64 text and the app reads it encoded `
        + '(kubernetes encodes Secret data itself); drop "| b64enc" unless the app expects base64 text',
    ]);
  });

  test.each([
    ['inside a larger value (dockerconfigjson auth)', '{"auths":{"r":{"auth":"{{ printf "%s:%s" .user .password | b64enc }}"}}}'],
    ['two actions', '{{ .a | b64enc }}{{ .b }}'],
    ['decoded, not encoded', '{{ .password | b64dec }}'],
    ['encoded then decoded', '{{ .password | b64enc | b64dec }}'],
  ])('%s does not warn', (_what, value) => {
    expect(templateWarnings('app/db', { data: { password: value } })).toEqual([]);
  });

  test('the construct lists it in its warnings', () => {
    const c = new Chart(Testing.app(), 'app', { namespace: 'p' });
    const s = new SecretStore(c, 's', { provider: SecretStoreProvider.awsSecretsManager({ region: 'eu-west-1' }) });
    const es = new ExternalSecret(c, 'db', { store: s, data: { pw: s.ref('/db') }, target: { template: { data: { password: '{{ .pw | b64enc }}' } } } });
    expect(es.warnings).toEqual([expect.stringMatching(/^app\/db: target\.template\.data\["password"\] "\{\{ \.pw \| b64enc \}\}" base64-encodes the value/)]);
  });
});

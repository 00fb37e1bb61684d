package main

// Mode "template": a template as ESO's template engine v2 parses and executes it.
//
// ESO's engine (runtime/template/v2/template.go in external-secrets/external-secrets, tag
// helm-chart-2.9.0) is Go's text/template with Option("missingkey=error"), the default {{ }}
// delimiters, the function map of ESO's vendored copy of sprig (runtime/template/v2/sprig/,
// taken from sprig v3 at commit 8cb06fe3c8b0) and ESO's own functions, executed over the
// ExternalSecret's keys as a map[string]string. A dataFrom rewrite transform
// (runtime/esutils/utils.go, RewriteTransform) is the same function map without the missingkey
// option, named "transform", executed over {"value": <key>}.
//
// ESO's runtime module, which holds the engine, has no version on the Go module proxy (it is not
// tagged, and it replaces its apis module with a local path), so this mode rebuilds that function
// map instead of importing it:
//   - sprig v3.3.0's text/template functions (the commit ESO copied is not in the checksum
//     database; its function names and signatures are v3.3.0's), less env, expandenv and
//     getHostByName, which ESO removes (sprig/README.md there);
//   - ESO's additions to its copy: hexdec, and htpasswd with a third argument (the hash);
//   - ESO's own functions (template.go's tplFuncs) with their signatures, so that Go checks
//     their names at parse time and their argument counts at execution. toYaml and fromYaml are
//     reproduced; the PEM, PKCS#12, JWK and RSA helpers are not, and fail when executed with an
//     error that says so: vectors that need their output do not belong here.
//
// Input:  {"template": "...", "data": {"k": "v"}, "name": "key", "rewrite": false}
//   name is the template's name in Go's messages (ESO names a template.data template by its
//   key), default "template"; rewrite selects the rewrite transform's engine.
// Result: {"parses": bool, "error": "parse or execution error, or empty", "output": "..."}

import (
	"bytes"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"text/template"

	sprig "github.com/Masterminds/sprig/v3"
	"sigs.k8s.io/yaml"
)

type templateInput struct {
	Template *string           `json:"template"`
	Data     map[string]string `json:"data"`
	Name     string            `json:"name"`
	Rewrite  bool              `json:"rewrite"`
}

type templateResult struct {
	Parses bool   `json:"parses"`
	Error  string `json:"error"`
	Output string `json:"output"`
}

func init() {
	modes["template"] = runTemplate
}

func runTemplate(raw json.RawMessage) (any, error) {
	var in templateInput
	if err := decodeVectorInput(raw, &in); err != nil {
		return nil, err
	}
	if in.Template == nil {
		return nil, errMissing("template")
	}
	name := in.Name
	if name == "" {
		name = "template"
	}
	t := template.New(name)
	if in.Rewrite {
		t = template.New("transform")
	} else {
		t = t.Option("missingkey=error")
	}
	t, err := t.Funcs(esoFuncs()).Parse(*in.Template)
	if err != nil {
		return templateResult{Parses: false, Error: err.Error()}, nil
	}
	data := in.Data
	if data == nil {
		data = map[string]string{}
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return templateResult{Parses: true, Error: err.Error(), Output: buf.String()}, nil
	}
	return templateResult{Parses: true, Output: buf.String()}, nil
}

// esoFuncs is the function map of ESO's engine v2, rebuilt as the file comment says.
func esoFuncs() template.FuncMap {
	funcs := sprig.TxtFuncMap()
	for _, removed := range []string{"env", "expandenv", "getHostByName"} {
		delete(funcs, removed)
	}
	bcrypt := funcs["bcrypt"].(func(string) string)

	// ESO's sprig/strings.go: hex-decodes; a malformed input yields the error's text.
	funcs["hexdec"] = func(v string) string {
		data, err := hex.DecodeString(v)
		if err != nil {
			return err.Error()
		}
		return string(data)
	}
	// ESO's sprig/crypto.go: htpasswd(user, password, hash), hash "sha" or anything else for bcrypt.
	funcs["htpasswd"] = func(username, password, hash string) string {
		if strings.Contains(username, ":") {
			return fmt.Sprintf("invalid username: %s", username)
		}
		if hash == "sha" {
			sum := sha1.Sum([]byte(password))
			return fmt.Sprintf("%s:{SHA}%s", username, base64.StdEncoding.EncodeToString(sum[:]))
		}
		return fmt.Sprintf("%s:%s", username, bcrypt(password))
	}

	// ESO's yaml.go: toYaml never fails (an empty string instead) and drops the final newline;
	// fromYaml puts a parse error under the key "Error".
	funcs["toYaml"] = func(v any) string {
		data, err := yaml.Marshal(v)
		if err != nil {
			return ""
		}
		return strings.TrimSuffix(string(data), "\n")
	}
	funcs["fromYaml"] = func(s string) map[string]any {
		m := map[string]any{}
		if err := yaml.Unmarshal([]byte(s), &m); err != nil {
			m["Error"] = err.Error()
		}
		return m
	}

	// ESO's pkcs12.go, pem.go, jwk.go and decrypt.go: signatures only.
	one := func(name string) func(string) (string, error) {
		return func(string) (string, error) { return "", notReproduced(name) }
	}
	two := func(name string) func(string, string) (string, error) {
		return func(string, string) (string, error) { return "", notReproduced(name) }
	}
	three := func(name string) func(string, string, string) (string, error) {
		return func(string, string, string) (string, error) { return "", notReproduced(name) }
	}
	for _, name := range []string{"pkcs12key", "pkcs12cert", "pemTruststoreToPKCS12", "jwkPublicKeyPem", "jwkPrivateKeyPem"} {
		funcs[name] = one(name)
	}
	for _, name := range []string{"pkcs12keyPass", "pkcs12certPass", "pemToPkcs12", "fullPemToPkcs12", "pemTruststoreToPKCS12Pass", "filterPEM", "filterCertChain"} {
		funcs[name] = two(name)
	}
	for _, name := range []string{"pemToPkcs12Pass", "fullPemToPkcs12Pass"} {
		funcs[name] = three(name)
	}
	funcs["certSANs"] = func(string) ([]string, error) { return nil, notReproduced("certSANs") }
	funcs["rsaDecrypt"] = func(scheme, hash, in, key string) (string, error) { return "", notReproduced("rsaDecrypt") }
	return funcs
}

func notReproduced(name string) error {
	return errors.New(name + " is not reproduced by go-semantics (only its signature is)")
}

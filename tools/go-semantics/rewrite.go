package main

import (
	"encoding/json"
	"regexp"
)

// Mode "rewrite": a dataFrom rewrite.regexp applied to one key the way ESO applies it
// (runtime/esutils/utils.go, RewriteRegexp): regexp.Compile(source), then
// ReplaceAllString(key, target), which expands $1, ${1}, $name and ${name} in target.
//
// Input: {"source", "target", "key"}. Result: {"ok", "error", "output"}.
func init() {
	modes["rewrite"] = func(input json.RawMessage) (any, error) {
		var in struct {
			Source *string `json:"source"`
			Target *string `json:"target"`
			Key    *string `json:"key"`
		}
		if err := decodeVectorInput(input, &in); err != nil {
			return nil, err
		}
		switch {
		case in.Source == nil:
			return nil, errMissing("source")
		case in.Target == nil:
			return nil, errMissing("target")
		case in.Key == nil:
			return nil, errMissing("key")
		}
		type result struct {
			OK     bool   `json:"ok"`
			Error  string `json:"error"`
			Output string `json:"output"`
		}
		re, err := regexp.Compile(*in.Source)
		if err != nil {
			return result{OK: false, Error: err.Error()}, nil
		}
		return result{OK: true, Output: re.ReplaceAllString(*in.Key, *in.Target)}, nil
	}
}

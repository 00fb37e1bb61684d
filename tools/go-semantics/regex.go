package main

import (
	"encoding/json"
	"regexp"
)

// Mode "regex": whether Go's regexp package compiles a pattern, as ESO does for find.name.regexp
// (runtime/find/find.go), rewrite.regexp.source (runtime/esutils/utils.go) and a
// ClusterSecretStore's conditions.namespaceRegexes (apis/externalsecrets/v1/secretstore_validator.go,
// matched with regexp.MatchString in pkg/controllers/secretstore/client_manager.go).
//
// Input: {"pattern": string, "subjects"?: [string]}. Result: {"ok", "error"}; when the pattern
// compiles, also "groups" (NumSubexp), "names" (SubexpNames) and, when subjects are given,
// "matches": whether MatchString finds the pattern in each subject.
func init() {
	modes["regex"] = func(input json.RawMessage) (any, error) {
		var in struct {
			Pattern  *string  `json:"pattern"`
			Subjects []string `json:"subjects"`
		}
		if err := decodeVectorInput(input, &in); err != nil {
			return nil, err
		}
		if in.Pattern == nil {
			return nil, errMissing("pattern")
		}
		type result struct {
			OK      bool     `json:"ok"`
			Error   string   `json:"error"`
			Groups  *int     `json:"groups,omitempty"`
			Names   []string `json:"names,omitempty"`
			Matches []bool   `json:"matches,omitempty"`
		}
		re, err := regexp.Compile(*in.Pattern)
		if err != nil {
			return result{OK: false, Error: err.Error()}, nil
		}
		groups := re.NumSubexp()
		r := result{OK: true, Groups: &groups, Names: re.SubexpNames()}
		for _, s := range in.Subjects {
			r.Matches = append(r.Matches, re.MatchString(s))
		}
		return r, nil
	}
}

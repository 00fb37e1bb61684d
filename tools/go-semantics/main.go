// Command go-semantics prints what Go itself does with test vectors, so that esokit's TypeScript
// checks of Go behaviour (regular expressions, rewrite targets, durations, ...) can be held
// against Go rather than against a reading of its documentation.
//
// Usage: go-semantics FILE.json...
//
// Each file is a JSON array of {"name", "mode", "input"}. Each mode lives in its own file and
// registers itself in modes from an init function. The program prints one JSON array with, per
// vector, {"file", "name", "mode"} and either "result" (what the mode returned) or "error" (the
// mode is unknown or the vector's input is malformed). "file" is the vector file's base name.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// modes maps a vector's "mode" to the function that runs its input through Go.
var modes = map[string]func(input json.RawMessage) (any, error){}

type vectorEntry struct {
	Name  string          `json:"name"`
	Mode  string          `json:"mode"`
	Input json.RawMessage `json:"input"`
}

type vectorOutcome struct {
	File   string `json:"file"`
	Name   string `json:"name"`
	Mode   string `json:"mode"`
	Result any    `json:"result,omitempty"`
	Error  string `json:"error,omitempty"`
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: go-semantics FILE.json...")
		os.Exit(2)
	}
	out := []vectorOutcome{}
	for _, path := range os.Args[1:] {
		data, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		var vectors []vectorEntry
		if err := json.Unmarshal(data, &vectors); err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", path, err)
			os.Exit(1)
		}
		for _, v := range vectors {
			o := vectorOutcome{File: filepath.Base(path), Name: v.Name, Mode: v.Mode}
			run, ok := modes[v.Mode]
			if !ok {
				o.Error = "unknown mode"
			} else if result, err := run(v.Input); err != nil {
				o.Error = err.Error()
			} else {
				o.Result = result
			}
			out = append(out, o)
		}
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// decodeVectorInput unmarshals a vector's input, refusing fields the mode does not know (a typo
// in a vector file would otherwise test nothing).
func decodeVectorInput(input json.RawMessage, into any) error {
	dec := json.NewDecoder(bytes.NewReader(input))
	dec.DisallowUnknownFields()
	if err := dec.Decode(into); err != nil {
		return fmt.Errorf("malformed input: %w", err)
	}
	return nil
}

// errMissing reports a required input field a vector does not give.
func errMissing(field string) error {
	return fmt.Errorf("malformed input: %q is missing", field)
}

#!/usr/bin/env bash
# CI: holds esokit's checks of Go behaviour (regular expressions, rewrite targets, durations, ...)
# against Go itself. Builds tools/go-semantics (its pinned modules come from the Go module proxy
# once; the binary is cached in .cache/go-semantics/), runs every test/vectors/*.json through it and through the TypeScript
# checks, and writes test-reports/go-semantics-junit.xml. Needs Go; `npm test` does not run this
# suite.
set -euo pipefail
cd "$(dirname "$0")/.."

export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
export JSII_SILENCE_SUPPORT_WARNING=1
export CI=true

if ! command -v go >/dev/null; then
  echo "go-semantics.sh: go is not installed (needs Go $(sed -n 's/^go //p' tools/go-semantics/go.mod) or later)" >&2
  exit 1
fi
echo "::: $(go version)"

[ -d node_modules ] || npm ci

rm -f test-reports/go-semantics-junit.xml
npx jest --ci --config test/go-semantics/jest.config.json "$@"

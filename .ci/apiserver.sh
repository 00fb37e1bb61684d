#!/usr/bin/env bash
# CI: checks everything esokit emits against a real kube-apiserver with ESO's CRDs (server-side
# apply, dry run). Builds the API server from its Go modules once per machine (cached; see
# tools/kube-apiserver/build.sh), then runs the jest suite in test/apiserver, which writes
# test-reports/apiserver-junit.xml. Needs Go; `npm test` does not run this suite.
set -euo pipefail
cd "$(dirname "$0")/.."

export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
export JSII_SILENCE_SUPPORT_WARNING=1
export CI=true

[ -d node_modules ] || npm ci

start=$(date +%s)
ESOKIT_KUBE_APISERVER=$(bash tools/kube-apiserver/build.sh)
export ESOKIT_KUBE_APISERVER
echo "::: kube-apiserver ready in $(( $(date +%s) - start ))s: $ESOKIT_KUBE_APISERVER"

rm -f test-reports/apiserver-junit.xml test-reports/apiserver-summary.txt test-reports/apiserver.log
status=0
npx jest --ci --config test/apiserver/jest.config.json "$@" || status=$?
# The one-line result, also when jest's output scrolled it away.
[ -f test-reports/apiserver-summary.txt ] && head -n1 test-reports/apiserver-summary.txt
exit "$status"

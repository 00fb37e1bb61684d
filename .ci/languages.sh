#!/usr/bin/env bash
# Builds esokit's Python wheel, Java jar and Go module with jsii-pacmak (for real, not --code-only),
# installs each in a scratch project together with cdk8s, cdk8s-plus-27 and constructs from that
# language's registry, runs the AWS Secrets Manager example written in that language
# (examples/python, examples/java, examples/go) and compares what it synthesizes, byte for byte,
# with the TypeScript example's (examples/aws-secrets-manager.ts).
#
#   .ci/languages.sh [--registry-only] [--keep] [python] [java] [go]    (default: all three)
#
# Run from anywhere inside a clone. It runs `npm ci` when node_modules/ is missing, always
# `npx projen pre-compile` (the generated sources; a no-op when they are current), and
# `npx projen compile` when the jsii assembly (.jsii) is missing or older than a file in src/;
# otherwise it uses them as they are. Besides those, nothing is written into the repository but
# test-reports/languages-junit.xml (one testcase per language): the packages, the apps and their
# output go to a scratch directory, removed at the end unless --keep is given.
#
# A dependency that the language's registry does not serve at the version the TypeScript project
# pins (at the time of writing: cdk8s-plus-27 on Maven Central; cdk8s and cdk8s-plus-27 on the Go
# module proxy) is built with jsii-pacmak from the npm package in node_modules/ (the same
# assembly and JavaScript bundle the registries' packages are generated from), and the result line
# says so. With --registry-only (or LANGS_REGISTRY_ONLY=1) that language is skipped instead.
#
# Downloads are cached between runs: pip's cache, the Go module cache, and two Maven local
# repositories under ${XDG_CACHE_HOME:-~/.cache}/esokit-languages: m2/ for the builds and the app
# (MAVEN_REPO_LOCAL overrides it; jsii-pacmak's builds install into it, so ~/.m2 never gets a
# locally built artifact) and m2-probe/, into which nothing is installed, to ask whether Maven
# Central serves a dependency. The packages built from npm are cached there too, keyed by their
# versions and jsii-pacmak's.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
export JSII_SILENCE_SUPPORT_WARNING=1
export PIP_DISABLE_PIP_VERSION_CHECK=1

registry_only=${LANGS_REGISTRY_ONLY:-0}
keep=0
langs=()
for arg in "$@"; do
  case "$arg" in
    --registry-only) registry_only=1 ;;
    --keep) keep=1 ;;
    python | java | go) langs+=("$arg") ;;
    -h | --help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "languages: unknown argument $arg (expected python, java, go, --registry-only, --keep)" >&2; exit 2 ;;
  esac
done
[ ${#langs[@]} -gt 0 ] || langs=(python java go)

work=$(mktemp -d -t esokit-languages.XXXXXX)
logs="$work/logs"
dist="$work/dist"
mkdir -p "$logs" "$dist"
cleanup() { if [ "$keep" = 1 ]; then echo "languages: scratch directory kept: $work"; else rm -rf "$work"; fi; }
trap cleanup EXIT

cache="${XDG_CACHE_HOME:-$HOME/.cache}/esokit-languages"
m2="${MAVEN_REPO_LOCAL:-$cache/m2}"
m2_probe="$cache/m2-probe"
example=aws-secrets-manager
script_start=$SECONDS

# --- helpers ---------------------------------------------------------------------------------

# log NAME CMD...: runs CMD with its output in $logs/NAME.log.
log() {
  local name=$1
  shift
  "$@" >"$logs/$name.log" 2>&1
}

# show_log NAME: the end of a step's log, for the reason of a failure.
show_log() {
  echo "    --- last lines of $1.log ---"
  tail -n 40 "$logs/$1.log" | sed 's/^/    /'
}

# npm_version PKG: the version of PKG in node_modules/.
npm_version() { node -p "require('./node_modules/$1/package.json').version"; }

pacmak_version=$(node -p "require('./node_modules/jsii-pacmak/package.json').version" 2>/dev/null || echo unknown)

# join SEP ITEM...: the items separated by SEP.
join() {
  local sep=$1 out=""
  shift
  for item in "$@"; do out+="${out:+$sep}$item"; done
  printf '%s' "$out"
}

xml_escape() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g'; }

declare -A result note seconds
# finish LANG STATUS MESSAGE: records a language's result (pass, fail or skip) and prints its line.
finish() {
  result[$1]=$2
  note[$1]=$3
  seconds[$1]=$(( SECONDS - lang_start ))
  echo "$1: $3 (${seconds[$1]}s)"
}

# compare LANG OUTDIR: the app's manifests against the TypeScript example's, byte for byte.
# Sets $differs to a description of the differing files; returns 1 if there are any.
compare() {
  local lang=$1 out=$2 ref="$work/ref/$example" f files=()
  differs=""
  diff -r "$ref" "$out" >"$logs/$lang-diff.log" 2>&1 && return 0
  for f in $( (cd "$ref" && find . -type f; cd "$out" 2>/dev/null && find . -type f) | sort -u); do
    if ! cmp -s "$ref/$f" "$out/$f"; then
      if [ ! -e "$out/$f" ]; then files+=("${f#./} missing"); elif [ ! -e "$ref/$f" ]; then files+=("${f#./} extra"); else files+=("${f#./}"); fi
    fi
  done
  differs=$(join ', ' "${files[@]}")
  return 1
}

# --- prerequisites ---------------------------------------------------------------------------

# not_run LOG MESSAGE: a prerequisite failed; every language fails with MESSAGE (and LOG's end).
not_run() {
  echo "languages: $2"
  show_log "$1"
  for lang in "${langs[@]}"; do
    result[$lang]=fail note[$lang]="not run — $2" seconds[$lang]=0
    echo "$lang: not run — $2"
    cp "$logs/$1.log" "$logs/$lang-$1.log"
  done
}

prerequisites() {
  if [ ! -d node_modules ]; then
    echo "languages: node_modules/ is missing: npm ci"
    log npm-ci npm ci || { not_run npm-ci "npm ci failed"; return 1; }
  fi
  # The generated sources (pre-compile: the provider schemas, git-ignored), which both the jsii
  # assembly and the TypeScript example need; a no-op when they are current.
  if node -e 'process.exit(require("./.projen/tasks.json").tasks["pre-compile"] ? 0 : 1)' 2>/dev/null; then
    log pre-compile npx projen pre-compile || { not_run pre-compile "npx projen pre-compile failed"; return 1; }
  fi
  if [ ! -f .jsii ] || [ -n "$(find src -name '*.ts' -newer .jsii -print -quit)" ]; then
    echo "languages: the jsii assembly is missing or older than src/: npx projen compile"
    log compile npx projen compile || { not_run compile "npx projen compile failed"; return 1; }
  fi
  # The reference: the TypeScript example apps, synthesized as `npm run example` does.
  if ! log ts-reference npx ts-node --transpile-only --project examples/tsconfig.json test/languages/synth-ts.ts "$work/ref" \
    || [ ! -d "$work/ref/$example" ]; then
    not_run ts-reference "the TypeScript example did not synthesize"
    return 1
  fi
}

# pins_match LANG FILE PATTERN...: the example's pinned versions equal node_modules/'s, so that the
# apps run the same cdk8s as the TypeScript reference. Each PATTERN is a fixed string that must
# occur in FILE.
pins_match() {
  local lang=$1 file=$2 missing=()
  shift 2
  for p in "$@"; do grep -qF -- "$p" "$file" || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  pin_problem="$file does not pin the versions in node_modules/ (cdk8s $cdk8s_v, cdk8s-plus-27 $kplus_v, constructs $constructs_v): missing $(join ', ' "${missing[@]}")"
  return 1
}

# --- Python ----------------------------------------------------------------------------------

run_python() {
  if ! command -v python3 >/dev/null || ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
    finish python skip "skipped — python3 with venv and ensurepip not found"; return
  fi
  if ! pins_match python examples/python/requirements.txt "cdk8s==$cdk8s_v" "cdk8s-plus-27==$kplus_v" "constructs==$constructs_v"; then
    finish python fail "not run — $pin_problem"; return
  fi
  # The wheel (and sdist), built in a venv jsii-pacmak makes, with setuptools, build and twine.
  if ! log python-package npx jsii-pacmak -v --target python -o "$dist"; then
    finish python fail "package build failed"; show_log python-package; return
  fi
  local wheel
  wheel=$(find "$dist/python" -name 'esokit-*.whl' 2>/dev/null | head -n 1)
  [ -n "$wheel" ] || { finish python fail "package build wrote no wheel"; return; }

  local venv="$work/python/venv" out="$work/python/out"
  if ! log python-install bash -c "python3 -m venv '$venv' && '$venv/bin/pip' install --quiet '$wheel' -r examples/python/requirements.txt"; then
    if grep -qE 'No matching distribution|Could not find a version' "$logs/python-install.log"; then
      finish python skip "skipped — $(grep -m1 -oE 'No matching distribution found for [^ ]+|Could not find a version that satisfies the requirement [^ ]+' "$logs/python-install.log") on PyPI"
    else
      finish python fail "install into a venv failed"; show_log python-install
    fi
    return
  fi
  if ! (cd examples/python && log python-run "$venv/bin/python" -B main.py "$out"); then
    finish python fail "app failed"; show_log python-run; return
  fi
  if compare python "$out/$example"; then
    finish python pass "app ran, output matches"
  else
    finish python fail "app ran, output differs (file $differs)"; show_log python-diff
  fi
}

# --- Java ------------------------------------------------------------------------------------

# maven_has GROUP:ARTIFACT:VERSION: whether Maven Central serves it (asked through a local
# repository that only ever holds downloads; Maven asks again for a missing one once a day).
maven_has() {
  local g a v
  IFS=: read -r g a v <<<"$1"
  [ -f "$m2_probe/${g//.//}/$a/$v/$a-$v.jar" ] && return 0
  mvn -B -q -Dstyle.color=never -Dmaven.repo.local="$m2_probe" dependency:get -Dtransitive=false -Dartifact="$1" \
    >>"$logs/java-availability.log" 2>&1
}

run_java() {
  if ! command -v mvn >/dev/null || ! command -v javac >/dev/null; then
    finish java skip "skipped — mvn and a JDK not found"; return
  fi
  if ! pins_match java examples/java/pom.xml "<cdk8s.version>$cdk8s_v<" "<cdk8s-plus-27.version>$kplus_v<" "<constructs.version>$constructs_v<"; then
    finish java fail "not run — $pin_problem"; return
  fi
  # Which of the dependencies Maven Central lacks: those are built from their npm packages.
  local missing=() coord pkg
  : >"$logs/java-availability.log"
  for coord in "software.constructs:constructs:$constructs_v:constructs" "org.cdk8s:cdk8s:$cdk8s_v:cdk8s" "org.cdk8s:cdk8s-plus-27:$kplus_v:cdk8s-plus-27"; do
    pkg=${coord##*:}
    maven_has "${coord%:*}" || missing+=("$pkg")
  done
  local local_repo="$dist/java" extra=""
  if [ ${#missing[@]} -gt 0 ]; then
    local names=() p
    for p in "${missing[@]}"; do names+=("$p $(npm_version "$p")"); done
    local what key
    what=$(join ', ' "${names[@]}")
    if [ "$registry_only" = 1 ]; then
      finish java skip "skipped — not on Maven Central: $what"; return
    fi
    # Built once per set of versions: the Maven repository layout jsii-pacmak writes to <outdir>/java.
    key="java-$(join _ "${names[@]}" | tr ' ' '-')-pacmak-$pacmak_version"
    if [ ! -d "$cache/$key/java" ]; then
      rm -rf "$cache/$key.tmp" && mkdir -p "$cache"
      local dirs=()
      for p in "${missing[@]}"; do dirs+=("node_modules/$p"); done
      if ! log java-dependencies npx jsii-pacmak -v --target java -o "$cache/$key.tmp" \
        --maven-local-repository="$m2" --mvn-define=maven.javadoc.skip=true "${dirs[@]}"; then
        finish java fail "building $what from npm failed"; show_log java-dependencies; return
      fi
      mv "$cache/$key.tmp" "$cache/$key"
    fi
    mkdir -p "$local_repo" && cp -R "$cache/$key/java/." "$local_repo/"
    extra=" ($what not on Maven Central: built from npm with jsii-pacmak)"
  fi

  # The jar, its sources and its javadoc, deployed into $dist/java (a Maven repository layout). An
  # <outdir>/java that already holds the dependencies built above is one of the repositories the
  # build resolves from.
  if ! log java-package npx jsii-pacmak -v --target java -o "$dist" --maven-local-repository="$m2"; then
    finish java fail "package build failed$extra"; show_log java-package; return
  fi
  ls "$dist"/java/dev/esokit/esokit/*/esokit-*.jar >/dev/null 2>&1 || { finish java fail "package build wrote no jar"; return; }

  local app="$work/java/app" out="$work/java/out"
  mkdir -p "$app" && cp -R examples/java/. "$app/"
  cat >"$work/java/settings.xml" <<EOF
<settings>
  <localRepository>$m2</localRepository>
  <profiles>
    <profile>
      <id>esokit-local</id>
      <repositories>
        <repository><id>esokit-local</id><url>file://$local_repo</url></repository>
      </repositories>
    </profile>
  </profiles>
  <activeProfiles><activeProfile>esokit-local</activeProfile></activeProfiles>
</settings>
EOF
  if ! (cd "$app" && log java-run mvn -B -q -Dstyle.color=never -s "$work/java/settings.xml" compile exec:java -Dexec.args="$out"); then
    finish java fail "app failed$extra"; show_log java-run; return
  fi
  if compare java "$out/$example"; then
    finish java pass "app ran, output matches$extra"
  else
    finish java fail "app ran, output differs (file $differs)$extra"; show_log java-diff
  fi
}

# --- Go --------------------------------------------------------------------------------------

# go_has MODULE@VERSION: whether the Go module proxy serves it (or it is in the module cache).
go_has() {
  (cd "$work" && go list -m -json "$1" >>"$logs/go-availability.log" 2>&1)
}

run_go() {
  if ! command -v go >/dev/null; then
    finish go skip "skipped — go not found"; return
  fi
  local core=github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2
  local plus=github.com/cdk8s-team/cdk8s-plus-go/cdk8splus27/v2
  local cons=github.com/aws/constructs-go/constructs/v10
  if ! pins_match go examples/go/go.mod "$core v$cdk8s_v" "$plus v$kplus_v" "$cons v$constructs_v"; then
    finish go fail "not run — $pin_problem"; return
  fi
  local runtime
  runtime=$(awk '$1 == "github.com/aws/jsii-runtime-go" { print $2 }' examples/go/go.mod)
  : >"$logs/go-availability.log"
  if ! go_has "github.com/aws/jsii-runtime-go@$runtime"; then
    finish go skip "skipped — github.com/aws/jsii-runtime-go $runtime not on the Go proxy"; return
  fi
  # Which Go modules the proxy lacks: those are built from their npm packages. Each entry is
  # "npm package|Go module|version|directory jsii-pacmak writes under <outdir>/go".
  local missing=() entry npm mod ver dir
  for entry in "constructs|$cons|$constructs_v|constructs" "cdk8s|$core|$cdk8s_v|cdk8s" "cdk8s-plus-27|$plus|$kplus_v|cdk8splus27"; do
    IFS='|' read -r npm mod ver dir <<<"$entry"
    go_has "$mod@v$ver" || missing+=("$entry")
  done
  local replaces=() extra=""
  mkdir -p "$dist/go"
  if [ ${#missing[@]} -gt 0 ]; then
    local names=() dirs=() keyparts=()
    for entry in "${missing[@]}"; do
      IFS='|' read -r npm mod ver dir <<<"$entry"
      names+=("$mod v$ver"); dirs+=("node_modules/$npm"); keyparts+=("$npm-$ver")
    done
    local what key
    what=$(join ', ' "${names[@]}")
    if [ "$registry_only" = 1 ]; then
      finish go skip "skipped — not on the Go proxy: $what"; return
    fi
    key="go-$(join _ "${keyparts[@]}")-pacmak-$pacmak_version"
    if [ ! -d "$cache/$key/go" ]; then
      rm -rf "$cache/$key.tmp" && mkdir -p "$cache"
      if ! log go-dependencies npx jsii-pacmak -v --target go -o "$cache/$key.tmp" "${dirs[@]}"; then
        finish go fail "building $what from npm failed"; show_log go-dependencies; return
      fi
      mv "$cache/$key.tmp" "$cache/$key"
    fi
    # Beside esokit's module in <outdir>/go, where jsii-pacmak's build resolves them with replace
    # directives of its own; the app gets the same.
    cp -R "$cache/$key/go/." "$dist/go/"
    for entry in "${missing[@]}"; do
      IFS='|' read -r npm mod ver dir <<<"$entry"
      replaces+=("-replace=$mod=$dist/go/$dir")
    done
    extra=" ($what not on the Go proxy: built from npm with jsii-pacmak)"
  fi

  # The module, generated and compiled (`go build ./...`) by jsii-pacmak into $dist/go/esokit.
  if ! log go-package npx jsii-pacmak -v --target go -o "$dist"; then
    finish go fail "package build failed$extra"; show_log go-package; return
  fi
  [ -f "$dist/go/esokit/go.mod" ] || { finish go fail "package build wrote no module"; return; }

  local app="$work/go/app" out="$work/go/out"
  mkdir -p "$app" && cp -R examples/go/. "$app/"
  if ! (cd "$app" && log go-run bash -c 'go mod edit "$@" && go mod tidy && go run . "'"$out"'"' _ \
    "-replace=github.com/esokit/esokit-go/esokit=$dist/go/esokit" "${replaces[@]}"); then
    finish go fail "app failed$extra"; show_log go-run; return
  fi
  if compare go "$out/$example"; then
    finish go pass "app ran, output matches$extra"
  else
    finish go fail "app ran, output differs (file $differs)$extra"; show_log go-diff
  fi
}

# --- run and report --------------------------------------------------------------------------

if prerequisites; then
  cdk8s_v=$(npm_version cdk8s)
  kplus_v=$(npm_version cdk8s-plus-27)
  constructs_v=$(npm_version constructs)
  for lang in "${langs[@]}"; do
    lang_start=$SECONDS
    "run_$lang"
  done
fi

mkdir -p test-reports
junit=test-reports/languages-junit.xml
passed=0 failed=0 skipped=0
for lang in "${langs[@]}"; do
  case "${result[$lang]}" in
    pass) passed=$((passed + 1)) ;;
    fail) failed=$((failed + 1)) ;;
    skip) skipped=$((skipped + 1)) ;;
  esac
done
{
  echo '<?xml version="1.0" encoding="UTF-8"?>'
  echo "<testsuites name=\"languages\" tests=\"${#langs[@]}\" failures=\"$failed\" errors=\"0\" skipped=\"$skipped\" time=\"$((SECONDS - script_start))\">"
  echo "  <testsuite name=\"languages\" tests=\"${#langs[@]}\" failures=\"$failed\" errors=\"0\" skipped=\"$skipped\" time=\"$((SECONDS - script_start))\">"
  for lang in "${langs[@]}"; do
    msg=$(printf '%s' "${note[$lang]}" | xml_escape)
    echo "    <testcase classname=\"languages\" name=\"$lang: the $example example synthesizes what the TypeScript one does\" time=\"${seconds[$lang]}\">"
    case "${result[$lang]}" in
      fail)
        echo "      <failure message=\"$msg\">"
        for f in "$logs/$lang"-*.log; do
          [ -f "$f" ] || continue
          echo "== $(basename "$f")"
          tail -n 60 "$f"
        done | xml_escape
        echo "      </failure>"
        ;;
      skip) echo "      <skipped message=\"$msg\"/>" ;;
      *) echo "      <system-out>$msg</system-out>" ;;
    esac
    echo "    </testcase>"
  done
  echo "  </testsuite>"
  echo "</testsuites>"
} >"$junit"

echo "languages: $((SECONDS - script_start))s, report in $junit"
echo "languages: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]

#!/usr/bin/env bash
# Builds esokit-kube-apiserver (kube-apiserver + embedded etcd, at the versions pinned in go.mod)
# once per machine and prints the binary's path. The build is cached under
# ${XDG_CACHE_HOME:-$HOME/.cache}/esokit/kube-apiserver/, keyed by the pinned versions, the
# sources, go.sum, this script and the Go toolchain, so a changed pin rebuilds and nothing else does.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v go >/dev/null; then
  echo "build.sh: go is not installed (needs Go $(sed -n 's/^go //p' go.mod) or later)" >&2
  exit 1
fi

version_of() { sed -n "s#^[[:space:]]*$1 \(v[^ ]*\).*#\1#p" go.mod | head -n1; }
k8s=$(version_of 'k8s.io/kubernetes')
etcd=$(version_of 'go.etcd.io/etcd/server/v3')
key=$( (cat go.mod go.sum ./*.go build.sh; go version) | sha256sum | cut -c1-16)

root="${XDG_CACHE_HOME:-$HOME/.cache}/esokit/kube-apiserver"
dir="$root/k8s-$k8s-etcd-$etcd-$key"
bin="$dir/esokit-kube-apiserver"

if [ ! -x "$bin" ]; then
  mkdir -p "$root"
  # Two runs on one machine build once: the second waits for the first.
  exec 9>"$root/.lock"
  command -v flock >/dev/null && flock 9
  if [ ! -x "$bin" ]; then
    echo "build.sh: building kube-apiserver $k8s with etcd $etcd (a cold build takes about 10 minutes on 2 cores)" >&2
    start=$(date +%s)
    tmp=$(mktemp -d "$root/.build-XXXXXX")
    trap 'rm -rf "$tmp"' EXIT
    # providerless drops the legacy cloud providers; the version stamp is what /version reports.
    CGO_ENABLED=0 go build -mod=readonly -trimpath -buildvcs=false -tags providerless \
      -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=$k8s \
        -X k8s.io/component-base/version.gitMajor=$(echo "${k8s#v}" | cut -d. -f1) \
        -X k8s.io/component-base/version.gitMinor=$(echo "${k8s#v}" | cut -d. -f2)" \
      -o "$tmp/esokit-kube-apiserver" .
    # Older builds are 120 MB each and never used again.
    find "$root" -mindepth 1 -maxdepth 1 -type d -name 'k8s-*' -exec rm -rf {} +
    mkdir -p "$dir"
    mv "$tmp/esokit-kube-apiserver" "$bin"
    echo "build.sh: built in $(( $(date +%s) - start ))s" >&2
  fi
fi
echo "$bin"

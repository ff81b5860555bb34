#!/usr/bin/env bash
# Builds the real Kubernetes components the tests start (test/kubernetes/), from the pinned Go
# modules in this folder: etcd (etcd/go.mod), kube-apiserver, kube-controller-manager and kubeadm
# (kubernetes/go.mod), kubeletconfig (kubernetes/kubeletconfig: the kubelet's own decoding and
# validation of a KubeletConfiguration file), and the tests' KMS v2 plugin (kms/, a program of ours
# on k8s.io/kms).
#
# The binaries go to a cache folder outside the clone, named by a hash of the go.mod and go.sum
# files (and the KMS plugin's source), the Go version and the build flags, so a second run (or
# another clone) on the same machine reuses them:
#   ${XDG_CACHE_HOME:-$HOME/.cache}/cdk8s-hardening/kube-<hash>/bin
# The last line of the output is that bin folder. Needs Go 1.26 and the Go module proxy.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

if ! command -v go >/dev/null 2>&1; then
  echo "kube/build.sh: Go 1.26 or later is needed to build etcd and kube-apiserver for the tests (https://go.dev/dl/)" >&2
  exit 1
fi

export GOFLAGS=-mod=readonly
FLAGS=(-trimpath "-ldflags=-s -w")
# The upstream CustomResourceDefinitions of the policy engines the library writes objects for,
# from the projects' own published Go modules (verified against the checksum database):
# module@version, the CRD's path in the module, the file name in the cache
CRDS=(
  "github.com/sigstore/policy-controller@v0.13.1 config/300-clusterimagepolicy.yaml sigstore-clusterimagepolicy.yaml"
  "github.com/kyverno/kyverno@v1.19.1 config/crds/kyverno/kyverno.io_clusterpolicies.yaml kyverno-clusterpolicy.yaml"
  # the Policy WG's PolicyReport and ClusterPolicyReport (wgpolicyk8s.io/v1alpha2): the WG's own module,
  # sigs.k8s.io/wg-policy-prototypes, is refused by the module proxy (403 "This module version is not
  # available"); Kyverno's module ships the same CRDs
  "github.com/kyverno/kyverno@v1.19.1 config/crds/policyreport/wgpolicyk8s.io_policyreports.yaml wgpolicyk8s-policyreport.yaml"
  "github.com/kyverno/kyverno@v1.19.1 config/crds/policyreport/wgpolicyk8s.io_clusterpolicyreports.yaml wgpolicyk8s-clusterpolicyreport.yaml"
)

# what the binaries are built from: a change to any of these builds them again
key="$(cd "$here" && {
  go version
  echo "${FLAGS[*]} version-stamp"
  printf '%s\n' "${CRDS[@]}"
  for f in etcd/go.mod etcd/go.sum kubernetes/go.mod kubernetes/go.sum kubernetes/kubeletconfig/*.go kms/go.mod kms/go.sum kms/*.go; do echo "== $f"; cat "$f"; done
} | sha256sum | cut -c1-16)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/cdk8s-hardening/kube-$key"
bin="$cache/bin"

# name (output binary), module folder, package, the module that holds it
TARGETS=(
  "etcd etcd go.etcd.io/etcd/server/v3 go.etcd.io/etcd/server/v3"
  "kube-apiserver kubernetes k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes"
  "kube-controller-manager kubernetes k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes"
  "kubeadm kubernetes k8s.io/kubernetes/cmd/kubeadm k8s.io/kubernetes"
  "kubeletconfig kubernetes ./kubeletconfig k8s.io/kubernetes"
  "kms-plugin kms github.com/cdk8s-hardening/cdk8s-hardening/kube/kms k8s.io/kms"
)

missing=()
for t in "${TARGETS[@]}"; do
  read -r name _ <<<"$t"
  [ -x "$bin/$name" ] || missing+=("$t")
done
crds="$cache/crds"
if [ ! -d "$crds" ]; then
  echo "kube/build.sh: fetching the CustomResourceDefinitions of sigstore policy-controller, Kyverno and the Policy WG ..." >&2
  tmp="$(mktemp -d "$cache.crds.XXXXXX")"
  for c in "${CRDS[@]}"; do
    read -r module file name <<<"$c"
    moddir="$(cd "$tmp" && GOFLAGS= go mod download -json "$module" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
    cp "$moddir/$file" "$tmp/$name"
  done
  mkdir -p "$cache"
  mv "$tmp" "$crds" 2>/dev/null || rm -rf "$tmp"
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "kube/build.sh: etcd, kube-apiserver, kube-controller-manager, kubeadm, kubeletconfig and kms-plugin are built already ($bin)" >&2
  echo "$bin"
  exit 0
fi

mkdir -p "$bin"
total_start=$SECONDS
for t in "${missing[@]}"; do
  read -r name dir pkg module <<<"$t"
  version="$(cd "$here/$dir" && go list -m -f '{{.Version}}' "$module")"
  echo "kube/build.sh: building $name from $pkg $version (first build: several minutes) ..." >&2
  start=$SECONDS
  tmp="$(mktemp "$bin/.$name.XXXXXX")"
  # the version a Kubernetes build stamps (hack/lib/version.sh), so that /version tells the release
  stamp=()
  if [ "$module" = k8s.io/kubernetes ]; then
    minor="${version#v1.}"; minor="${minor%%.*}"
    stamp=("-ldflags=-s -w -X k8s.io/component-base/version.gitVersion=$version -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/component-base/version.gitTreeState=clean")
  fi
  (cd "$here/$dir" && go build "${FLAGS[@]}" "${stamp[@]}" -o "$tmp" "$pkg")
  mv -f "$tmp" "$bin/$name"
  echo "kube/build.sh: $name built in $((SECONDS - start))s" >&2
done
echo "kube/build.sh: built in $((SECONDS - total_start))s to $bin" >&2
echo "$bin"

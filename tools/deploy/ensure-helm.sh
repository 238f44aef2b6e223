#!/usr/bin/env bash
# Prints the path of a cached helm binary, building it with `go install` from the Go module proxy
# on first use (a few minutes on a cold cache). Progress goes to stderr; only the path to stdout.
set -euo pipefail
HELM_VERSION="${HELM_VERSION:-v3.19.5}"
# Default Kubernetes version of `helm lint`/`helm template` (a plain `go install` would default to v1.20).
KUBE_MINOR="${HELM_KUBE_MINOR:-34}"
CACHE="${CONCIERGE_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/concierge/tools}"
BIN_DIR="$CACHE/helm-$HELM_VERSION-k1.$KUBE_MINOR"
HELM="$BIN_DIR/helm"

if [[ -x "$HELM" ]] && "$HELM" version --short >/dev/null 2>&1; then
  echo "$HELM"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "ensure-helm: helm $HELM_VERSION is not cached at $HELM and Go is not installed." >&2
  echo "ensure-helm: install Go >= 1.24 (https://go.dev/dl/) so helm can be built with 'go install', or put a helm $HELM_VERSION binary at $HELM." >&2
  exit 3
fi
mkdir -p "$BIN_DIR"
echo "ensure-helm: building helm $HELM_VERSION with 'go install helm.sh/helm/v3/cmd/helm@$HELM_VERSION' (first run only, takes a few minutes)…" >&2
start=$(date +%s)
if ! GOBIN="$BIN_DIR" GOFLAGS="${GOFLAGS:-} -mod=mod" CGO_ENABLED=0 \
    go install -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION \
      -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=$KUBE_MINOR \
      -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor=$KUBE_MINOR" "helm.sh/helm/v3/cmd/helm@$HELM_VERSION" >&2; then
  echo "ensure-helm: 'go install helm.sh/helm/v3/cmd/helm@$HELM_VERSION' failed (is the Go module proxy reachable? GOPROXY=$(go env GOPROXY))." >&2
  exit 3
fi
echo "ensure-helm: built $HELM in $(( $(date +%s) - start )) s" >&2
echo "$HELM"

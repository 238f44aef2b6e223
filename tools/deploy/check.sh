#!/usr/bin/env bash
# Deployment checks (CI: .ci/run; locally: npm run deploy:check). Offline after the first run:
#   helm (built with `go install`, cached) lint --strict + template for each values file,
#   every rendered manifest validated against the Kubernetes API schemas (kubernetes-validate, cached venv),
#   a bad values file must fail values.schema.json with a clear message,
#   docker-compose.yml loaded by compose-go (the loader of Docker Compose v2) plus our depends_on/healthcheck rules,
#   the Dockerfile parsed by BuildKit's parser plus our image rules (images cannot be built here: no Docker engine).
# The chart tests that assert on rendered output are a Jest spec: helm/test/charts.spec.ts (`npm test`).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
KUBE_VERSION="${KUBE_VERSION:-1.34.0}"
# CRDs the charts can render (optional ServiceMonitor, KEDA ScaledObject): no schema in kubernetes-validate.
CRD_KINDS='ServiceMonitor|ScaledObject'
T0=$(date +%s)
OUT="$(mktemp -d "${TMPDIR:-/tmp}/concierge-deploy-check.XXXXXX")"
trap 'rm -rf "$OUT"' EXIT
FAILED=0
step() { printf '\n== deploy: %s\n' "$*"; }
ok() { printf '   ok  %s\n' "$*"; }
bad() { printf '   FAIL %s\n' "$*" >&2; FAILED=1; }
elapsed() { echo "$(( $(date +%s) - $1 ))s"; }

step "tools (cached under ${CONCIERGE_TOOLS_CACHE:-~/.cache/concierge/tools})"
t=$(date +%s)
HELM="$(bash tools/deploy/ensure-helm.sh)" || { echo "deploy: helm is missing and could not be built (see above)" >&2; exit 3; }
KV="$(bash tools/deploy/ensure-validator.sh)" || { echo "deploy: kubernetes-validate is missing and could not be installed (see above)" >&2; exit 3; }
COMPOSE_CHECK="$(bash tools/deploy/ensure-compose-check.sh)" || { echo "deploy: compose-check could not be built (see above)" >&2; exit 3; }
ok "$("$HELM" version --short), kubernetes-validate $("$KV" --version 2>&1 | tail -1), compose-check ($(elapsed $t))"

step "helm dependency build helm/concierge (file:// subchart, no network)"
"$HELM" dependency build helm/concierge >/dev/null
ok "charts/ vendored from helm/concierge-service"

# name | chart | values file | extra args
RENDERS=(
  "service-ci|helm/concierge-service|helm/concierge-service/ci/lint-values.yaml|--api-versions monitoring.coreos.com/v1"
  "dev|helm/concierge|deploy/values-dev.yaml|"
  "production|helm/concierge|deploy/values-production.yaml|--api-versions monitoring.coreos.com/v1 --api-versions keda.sh/v1alpha1"
)

step "helm lint --strict (kube $KUBE_VERSION)"
t=$(date +%s)
for r in "${RENDERS[@]}"; do
  IFS='|' read -r name chart values extra <<<"$r"
  if "$HELM" lint --strict "$chart" -f "$values" --kube-version "$KUBE_VERSION" >"$OUT/lint-$name.log" 2>&1; then
    ok "$chart -f $values"
  else
    cat "$OUT/lint-$name.log" >&2
    bad "helm lint --strict $chart -f $values"
  fi
done
echo "   ($(elapsed $t))"

step "helm template + kubernetes-validate --strict (kube $KUBE_VERSION)"
t=$(date +%s)
for r in "${RENDERS[@]}"; do
  IFS='|' read -r name chart values extra <<<"$r"
  # shellcheck disable=SC2086
  if ! "$HELM" template concierge "$chart" -n concierge -f "$values" --kube-version "$KUBE_VERSION" $extra >"$OUT/$name.yaml" 2>"$OUT/$name.err"; then
    cat "$OUT/$name.err" >&2
    bad "helm template $chart -f $values"
    continue
  fi
  count=$(grep -c '^kind:' "$OUT/$name.yaml" || true)
  "$KV" --strict --kubernetes-version "$KUBE_VERSION" "$OUT/$name.yaml" >"$OUT/$name.validate" 2>&1 || true
  problems=$(grep -v '^INFO ' "$OUT/$name.validate" | grep -Ev "Couldn't find schema for kind ($CRD_KINDS) " || true)
  if [[ -n "$problems" ]]; then
    echo "$problems" >&2
    bad "$name: rendered manifests do not validate against Kubernetes $KUBE_VERSION"
  else
    passed=$(grep -c '^INFO .* passed' "$OUT/$name.validate" || true)
    crds=$(grep -Ec "Couldn't find schema for kind ($CRD_KINDS) " "$OUT/$name.validate" || true)
    ok "$name ($values): $count objects, $passed valid against the API schemas, $crds CRD objects ($CRD_KINDS) not schema-checked"
  fi
  if [[ -n "${DEPLOY_CHECK_KEEP:-}" ]]; then mkdir -p "$DEPLOY_CHECK_KEEP" && cp "$OUT/$name.yaml" "$DEPLOY_CHECK_KEEP/"; fi
done
echo "   ($(elapsed $t))"

step "values.schema.json rejects bad values with a clear message"
BAD=helm/test/fixtures/values-bad.yaml
if "$HELM" template concierge helm/concierge -f "$BAD" --kube-version "$KUBE_VERSION" >/dev/null 2>"$OUT/bad.err"; then
  bad "helm template accepted $BAD"
else
  missing=0
  for expect in "/global/concierge/postgres/sslMode': value must be one of" "/identity-graph/replicaCount': got string, want integer" "/identity-graph/securityContext/runAsNonRoot': value must be true"; do
    grep -qF "$expect" "$OUT/bad.err" || { bad "schema error for $BAD does not mention: $expect"; missing=1; }
  done
  [[ $missing == 0 ]] && ok "$BAD rejected: $(grep -c "at '/" "$OUT/bad.err") schema errors, e.g. $(grep -m1 -F "sslMode" "$OUT/bad.err" | sed 's/^ *//')"
fi

step "Dockerfile (BuildKit's parser; non-root numeric USER, tini as PID 1, multi-stage)"
if "$COMPOSE_CHECK" --dockerfile Dockerfile; then ok "Dockerfile parses and follows the rules"; else bad "Dockerfile"; fi

step "docker-compose.yml (compose-go loader; no Docker engine needed)"
if "$COMPOSE_CHECK" docker-compose.yml; then ok "compose file parses and follows the rules"; else bad "docker-compose.yml"; fi

echo
if [[ $FAILED != 0 ]]; then
  echo "deploy: checks FAILED ($(elapsed $T0))" >&2
  exit 1
fi
echo "deploy: all checks passed ($(elapsed $T0))"

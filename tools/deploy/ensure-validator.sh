#!/usr/bin/env bash
# Prints the path of a cached `kubernetes-validate` (PyPI; bundles the Kubernetes API schemas, so it
# validates offline), installing it into a venv under the tools cache on first use.
set -euo pipefail
KV_VERSION="${KUBERNETES_VALIDATE_VERSION:-1.35.0}"
CACHE="${CONCIERGE_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/concierge/tools}"
VENV="$CACHE/kubernetes-validate-$KV_VERSION"
KV="$VENV/bin/kubernetes-validate"

if [[ -x "$KV" ]] && "$KV" --version >/dev/null 2>&1; then
  echo "$KV"
  exit 0
fi
PY="$(command -v python3 || true)"
if [[ -z "$PY" ]]; then
  echo "ensure-validator: kubernetes-validate is not cached at $KV and python3 is not installed (need Python >= 3.9 with venv)." >&2
  exit 3
fi
echo "ensure-validator: installing kubernetes-validate==$KV_VERSION into $VENV (first run only)…" >&2
rm -rf "$VENV"
if ! "$PY" -m venv "$VENV" >&2; then
  echo "ensure-validator: '$PY -m venv' failed: install the python3-venv package." >&2
  exit 3
fi
if ! "$VENV/bin/pip" install --disable-pip-version-check -q "kubernetes-validate==$KV_VERSION" >&2; then
  rm -rf "$VENV"
  echo "ensure-validator: 'pip install kubernetes-validate==$KV_VERSION' failed (is PyPI reachable?)." >&2
  exit 3
fi
echo "$KV"

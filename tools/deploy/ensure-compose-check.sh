#!/usr/bin/env bash
# Prints the path of the cached compose-check binary (tools/deploy/compose-check: compose-go, the loader of
# Docker Compose v2, and BuildKit's Dockerfile parser for --dockerfile), building it with Go from the module proxy when its sources changed.
set -euo pipefail
SRC="$(cd "$(dirname "$0")/compose-check" && pwd)"
CACHE="${CONCIERGE_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/concierge/tools}"
HASH="$(cat "$SRC"/*.go "$SRC/go.mod" "$SRC/go.sum" | sha256sum | cut -c1-12)"
BIN="$CACHE/compose-check-$HASH/compose-check"
if [[ -x "$BIN" ]]; then
  echo "$BIN"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "ensure-compose-check: $BIN is not built and Go is not installed (need Go >= 1.24 to build tools/deploy/compose-check)." >&2
  exit 3
fi
echo "ensure-compose-check: building compose-check (compose-go) into $BIN (first run only)…" >&2
mkdir -p "$(dirname "$BIN")"
if ! (cd "$SRC" && CGO_ENABLED=0 go build -trimpath -o "$BIN.tmp" . >&2); then
  echo "ensure-compose-check: 'go build' in $SRC failed (is the Go module proxy reachable? GOPROXY=$(go env GOPROXY))." >&2
  exit 3
fi
mv "$BIN.tmp" "$BIN"
echo "$BIN"

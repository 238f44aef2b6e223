#!/usr/bin/env bash
# Builds one image from the repository's Dockerfile: tools/deploy/docker-build.sh <service|tools> [extra docker build args]
# Image name: ${IMAGE_REGISTRY:-concierge}/<service>:${IMAGE_TAG:-dev}. Needs a Docker engine (BuildKit).
set -euo pipefail
SERVICE="${1:?usage: docker-build.sh <channel-ingress|identity-graph|dialogue-agent|prediction|commerce-checkout|insights|tools> [docker build args…]}"
shift
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
IMAGE="${IMAGE_REGISTRY:-concierge}/$SERVICE:${IMAGE_TAG:-dev}"
if ! command -v docker >/dev/null 2>&1; then
  echo "docker-build: the docker CLI is not installed; building $IMAGE needs Docker (or run 'node tools/deploy/build.mjs $SERVICE' for the plain build)." >&2
  exit 3
fi
if ! docker info >/dev/null 2>&1; then
  echo "docker-build: no Docker engine answers (docker info failed): building $IMAGE needs a running Docker engine with BuildKit." >&2
  exit 3
fi
echo "docker-build: $IMAGE (SERVICE=$SERVICE)"
DOCKER_BUILDKIT=1 exec docker build --build-arg "SERVICE=$SERVICE" -t "$IMAGE" "$@" "$ROOT"

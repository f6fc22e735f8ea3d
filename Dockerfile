# syntax=docker/dockerfile:1
#
# One image for every role of Absensi Live; the command picks the role:
#   node dist/server/main.js                 app node (the default; listens on PORT=3000)
#   node dist/workers/broadcast.js           broadcast worker
#   node dist/workers/scheduler.js           scheduler (device monitor, outbox relay and pruning)
#   node dist/workers/cli/migrate.js         migrations, then exits
#   node dist/workers/cli/create-admin.js    the first admin (also seed.js, monitor-status.js)
#
# `npm run build` bundles the TypeScript with esbuild, one file per entry point
# with the npm packages left as imports (package.json, build:server), and builds
# the web app: plain `node` runs it, with no compiler in the runtime image and
# no transpiling at every start (a faster start makes a rolling update shorter).
# Source maps keep stack traces pointing at the .ts files.

# Node 24, the current LTS (Node 20 reached its end of life on 2026-04-30),
# pinned to a full release so a rebuild gets the same runtime. No registry is
# reachable where this file is maintained, so it is pinned by tag; pin it by
# digest too where you build (`docker buildx imagetools inspect node:24.19.0-bookworm-slim`
# prints it): NODE_IMAGE=node:24.19.0-bookworm-slim@sha256:…
# The bundles target Node 20 (package.json engines), which CI still tests on.
ARG NODE_IMAGE=node:24.19.0-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY tsconfig.json ./
COPY server server
COPY workers workers
COPY migrations migrations
COPY web web
# The migrations are bundled too: the bundled migrate CLI (dist/workers/cli/)
# finds them at ../../migrations, i.e. dist/migrations (server/db/migrate.ts).
RUN npm run build

FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
# The release in absensi_build_info (scripts/deploy-swarm.sh passes the image tag).
ARG BUILD_REVISION=unknown
# HOST: inside a container the nodes and worker metrics must be reachable from the network.
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps \
    HOST=0.0.0.0 \
    PORT=3000 \
    BUILD_REVISION=${BUILD_REVISION}
WORKDIR /app
# Owned by root and read-only to the app: a compromised process cannot rewrite its own code.
COPY package.json ./
COPY --from=prod-deps /app/node_modules node_modules
COPY --from=build /app/dist dist
# Served by the app node, which looks for web/dist beside package.json.
COPY --from=build /app/web/dist web/dist
COPY --chmod=755 scripts/container-health.sh /app/scripts/container-health.sh
USER node
EXPOSE 3000
# Healthy once the process has reached MariaDB and Redis since its start: an
# app node's /api/health on PORT, a worker's /healthz on WORKER_METRICS_PORT.
# Every 2 s while starting, then every 10 s; failures count after 30 s, and
# three in a row mark the task unhealthy. The Swarm update monitor waits longer
# than that (docker-stack-production.yml). The migration job disables it.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --start-interval=2s --retries=3 \
  CMD ["/app/scripts/container-health.sh"]
CMD ["node", "dist/server/main.js"]

# syntax=docker/dockerfile:1
#
# One image for every role of Absensi Live; the command picks the role:
#   node dist/server/main.js                 app node (the default; listens on PORT=3000)
#   node dist/workers/broadcast.js           broadcast worker
#   node dist/workers/scheduler.js           scheduler (device monitor, outbox relay and pruning)
#   node dist/workers/cli/migrate.js         migrations, then exits
#   node dist/workers/cli/create-admin.js    the first admin (also seed.js, monitor-status.js)
#
# The TypeScript is bundled by esbuild, one file per entry point with the npm
# packages left as imports: plain `node` runs it, with no compiler in the
# runtime image and no transpiling at every start (a faster start makes a
# rolling update shorter). Source maps keep stack traces pointing at the .ts files.

ARG NODE_IMAGE=node:20-bookworm-slim

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
RUN node_modules/.bin/esbuild \
      server/main.ts workers/broadcast.ts workers/scheduler.ts \
      workers/cli/migrate.ts workers/cli/seed.ts workers/cli/create-admin.ts workers/cli/monitor-status.ts \
      migrations/*.ts \
      --bundle --platform=node --target=node20 --format=esm --packages=external \
      --sourcemap --outbase=. --outdir=dist --log-level=warning
RUN npm run build

FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps \
    PORT=3000
WORKDIR /app
# Owned by root and read-only to the app: a compromised process cannot rewrite its own code.
COPY package.json ./
COPY --from=prod-deps /app/node_modules node_modules
COPY --from=build /app/dist dist
# Served by the app node, which looks for web/dist beside package.json.
COPY --from=build /app/web/dist web/dist
USER node
EXPOSE 3000
# An app node answers /api/health on PORT; a worker serves /metrics on
# WORKER_METRICS_PORT when that is set. The migration job disables the check.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "const m=process.env.WORKER_METRICS_PORT;const u=m&&m!=='0'?'http://127.0.0.1:'+m+'/metrics':'http://127.0.0.1:'+process.env.PORT+'/api/health';fetch(u).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/server/main.js"]

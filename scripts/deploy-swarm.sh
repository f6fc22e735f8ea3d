#!/usr/bin/env bash
# Deploys or upgrades Absensi Live on Docker Swarm (docker-stack-production.yml).
# Idempotent: it creates only what is missing, and re-running it with the same
# version changes nothing.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
STACK_FILE="$ROOT/docker-stack-production.yml"
NGINX_CONFS=("$ROOT/nginx/nginx.conf" "$ROOT/nginx/real-ip.conf")

usage() {
  cat <<'EOF'
Usage: scripts/deploy-swarm.sh --image REGISTRY/absensi-live [options]

Builds the image, pushes it with a version tag, creates missing Swarm secrets
(values are generated and never printed), runs the database migrations, rolls
the app services over one task at a time, waits until every service has
converged and smoke-tests through nginx. If convergence or the smoke test
fails it rolls the app services back to their previous version.

Run it on a Swarm manager, from a checkout of the version to deploy.

Options:
  --image NAME      image repository, pushed to and pulled by every node ($ABSENSI_IMAGE)
  --version TAG     image tag (default: git commit, plus -dirty-<time> for uncommitted changes)
  --stack NAME      stack name (default: absensi)
  --no-push         do not push (a single-node swarm that builds the image itself)
  --smoke-url URL   nginx as seen from here (default: http://127.0.0.1:${HTTP_PORT:-8080})
  --timeout SEC     how long to wait for each convergence (default: 600)
  --dry-run         print every command that would change something, change nothing
  -h, --help        this text

Settings for the app (ORG_TIMEZONE, WORK_START, LATE_TOLERANCE_MINUTES,
ALLOWED_ORIGINS, COOKIE_SECURE, LOG_LEVEL, HTTP_PORT) are read from the
environment when set; see the top of docker-stack-production.yml. The
session cookie is Secure unless COOKIE_SECURE=false (plain HTTP, to try it out).

Secrets it creates when missing:
  absensi_db_password and absensi_database_url (together, same password),
  absensi_redis_password, absensi_session_secret, absensi_pin_pepper,
  absensi_service_token, absensi_alert_secret_key.
To use a database outside the stack, create absensi_database_url first:
  printf '%s' 'mysql://user:password@host:3306/absensi' | docker secret create absensi_database_url -

Examples:
  scripts/deploy-swarm.sh --image registry.example.com/absensi-live
  scripts/deploy-swarm.sh --image registry.example.com/absensi-live --version 1.4.0 --dry-run
EOF
}

say() { printf '[deploy] %s\n' "$*"; }
fail() { printf '[deploy] error: %s\n' "$*" >&2; exit 1; }

IMAGE=${ABSENSI_IMAGE:-}
VERSION=${ABSENSI_VERSION:-}
STACK=absensi
PUSH=1
SMOKE_URL="http://127.0.0.1:${HTTP_PORT:-8080}"
TIMEOUT=600
DRY_RUN=0

while [ $# -gt 0 ]; do
  case "$1" in
    --image) IMAGE=${2:?--image needs a value}; shift 2 ;;
    --version) VERSION=${2:?--version needs a value}; shift 2 ;;
    --stack) STACK=${2:?--stack needs a value}; shift 2 ;;
    --no-push) PUSH=0; shift ;;
    --smoke-url) SMOKE_URL=${2:?--smoke-url needs a value}; shift 2 ;;
    --timeout) TIMEOUT=${2:?--timeout needs a value}; shift 2 ;;
    --dry-run) DRY_RUN=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; fail "unknown argument: $1" ;;
  esac
done

[ -n "$IMAGE" ] || { usage >&2; fail "--image is required (or set ABSENSI_IMAGE)"; }
[[ "$TIMEOUT" =~ ^[0-9]+$ ]] || fail "--timeout must be a number of seconds"

default_version() {
  local commit
  commit=$(git -C "$ROOT" rev-parse --short=12 HEAD 2>/dev/null) || { date -u +%Y%m%d%H%M%S; return; }
  if [ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
    printf '%s-dirty-%s\n' "$commit" "$(date -u +%Y%m%d%H%M%S)"
  else
    printf '%s\n' "$commit"
  fi
}
VERSION=${VERSION:-$(default_version)}
[[ "$VERSION" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]] || fail "not a valid image tag: $VERSION"

# Commands that change something go through run(): printed in a dry run.
run() {
  if [ "$DRY_RUN" = 1 ]; then printf '+'; printf ' %q' "$@"; printf '\n'; else "$@"; fi
}

random_hex() { od -An -vtx1 -N"$1" /dev/urandom | tr -d ' \n'; }

secret_exists() { docker secret inspect "$1" >/dev/null 2>&1; }

# The value goes through stdin only: never on a command line, never printed.
create_secret() {
  local name=$1 value=$2
  if [ "$DRY_RUN" = 1 ]; then
    printf '+ docker secret create %s -   (generated value, not shown)\n' "$name"
    return
  fi
  printf '%s' "$value" | docker secret create "$name" - >/dev/null
  say "created secret $name"
}

check_manager() {
  if [ "$DRY_RUN" = 1 ]; then say "would check that this is a Swarm manager"; return; fi
  command -v docker >/dev/null 2>&1 || fail "docker is not installed"
  local state
  state=$(docker info --format '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}' 2>/dev/null) ||
    fail "cannot reach the Docker engine (is dockerd running, may this user use it?)"
  [ "$state" = "active true" ] ||
    fail "this node is not a Swarm manager (state: $state). Run on a manager, or start a swarm with: docker swarm init"
}

ensure_data_node() {
  if [ "$DRY_RUN" = 0 ] && [ -n "$(docker node ls --filter node.label=absensi.data=true -q)" ]; then return; fi
  local self=THIS_NODE_ID
  [ "$DRY_RUN" = 1 ] || self=$(docker info --format '{{.Swarm.NodeID}}')
  say "MariaDB and Redis keep their volumes on the node labelled absensi.data=true; labelling this node (when none is)"
  run docker node update --label-add absensi.data=true "$self"
}

ensure_secrets() {
  local name
  if [ "$DRY_RUN" = 1 ]; then
    say "would create, when missing: absensi_db_password + absensi_database_url, absensi_redis_password, absensi_session_secret, absensi_pin_pepper, absensi_service_token, absensi_alert_secret_key"
    create_secret absensi_db_password x
    create_secret absensi_database_url x
  elif ! secret_exists absensi_database_url; then
    secret_exists absensi_db_password &&
      fail "absensi_db_password exists but absensi_database_url does not, and a secret cannot be read back. Create it with the same password:
  printf '%s' 'mysql://absensi:<password>@mariadb:3306/absensi' | docker secret create absensi_database_url -"
    local password
    password=$(random_hex 24)
    create_secret absensi_db_password "$password"
    create_secret absensi_database_url "mysql://absensi:$password@mariadb:3306/absensi"
  elif ! secret_exists absensi_db_password; then
    # The stack's own MariaDB needs it even when the app uses another server.
    create_secret absensi_db_password "$(random_hex 24)"
  fi
  for name in absensi_redis_password absensi_session_secret absensi_pin_pepper absensi_service_token absensi_alert_secret_key; do
    if [ "$DRY_RUN" = 1 ] || ! secret_exists "$name"; then create_secret "$name" "$(random_hex 32)"; fi
  done
}

build_and_push() {
  say "building $IMAGE:$VERSION"
  run docker build --target runtime --build-arg BUILD_REVISION="$VERSION" --tag "$IMAGE:$VERSION" "$ROOT"
  if [ "$PUSH" = 1 ]; then run docker push "$IMAGE:$VERSION"; fi
}

# The version the app service runs now (its label), empty on the first deploy.
running_version() {
  [ "$DRY_RUN" = 1 ] && return 0
  docker service inspect --format '{{index .Spec.Labels "absensi.version"}}' "${STACK}_app" 2>/dev/null || true
}

deploy_stack() {
  local app_version=$1 migrate_version=$2
  run env ABSENSI_IMAGE="$IMAGE" ABSENSI_VERSION="$app_version" MIGRATE_VERSION="$migrate_version" \
    NGINX_CONF_DIGEST="$(cat "${NGINX_CONFS[@]}" | sha256sum | cut -c1-12)" \
    docker stack deploy --with-registry-auth --compose-file "$STACK_FILE" "$STACK"
}

# Succeeds once a migration task of this version has completed.
wait_for_migrations() {
  if [ "$DRY_RUN" = 1 ]; then say "would wait until the migration job of $VERSION completes"; return; fi
  say "waiting for the migrations of $VERSION"
  local deadline=$((SECONDS + TIMEOUT)) tasks
  while [ $SECONDS -lt $deadline ]; do
    tasks=$(docker service ps "${STACK}_migrate" --no-trunc --format '{{.Image}}|{{.CurrentState}}|{{.Error}}' 2>/dev/null || true)
    if grep -F -e "$IMAGE:$VERSION@" -e "$IMAGE:$VERSION|" <<<"$tasks" | grep -q '|Complete'; then say "migrations done"; return 0; fi
    sleep 3
  done
  printf '%s\n' "$tasks" >&2
  fail "the migrations did not complete within ${TIMEOUT}s; the app services were not changed. See: docker service logs ${STACK}_migrate"
}

# Every long-running service has all its tasks running and no update in
# progress; a paused or rolled-back update means Swarm refused this version.
wait_for_convergence() {
  if [ "$DRY_RUN" = 1 ]; then say "would wait until every service of $STACK has converged"; return 0; fi
  say "waiting for every service to converge"
  local deadline=$((SECONDS + TIMEOUT)) pending name mode replicas state
  while [ $SECONDS -lt $deadline ]; do
    pending=0
    while IFS='|' read -r name mode replicas; do
      case "$mode" in *job*) continue ;; esac
      [ "${replicas%%/*}" = "${replicas#*/}" ] || pending=1
      state=$(docker service inspect --format '{{if .UpdateStatus}}{{.UpdateStatus.State}}{{end}}' "$name")
      case "$state" in
        ''|completed) ;;
        updating) pending=1 ;;
        *) say "$name: update $state"; return 1 ;;
      esac
    done < <(docker stack services "$STACK" --format '{{.Name}}|{{.Mode}}|{{.Replicas}}')
    if [ "$pending" = 0 ]; then say "converged"; return 0; fi
    sleep 5
  done
  say "not converged within ${TIMEOUT}s:"
  docker stack services "$STACK" >&2
  return 1
}

smoke_test() {
  if [ "$DRY_RUN" = 1 ]; then say "would check $SMOKE_URL: /api/health and /api/ready answer 200, /metrics is not exposed"; return 0; fi
  command -v curl >/dev/null 2>&1 || { say "curl is missing: cannot smoke-test"; return 1; }
  local attempt status
  # A few tries: nginx re-resolves the app tasks every 5 s.
  for attempt in 1 2 3 4 5; do
    if curl -fsS --max-time 5 -o /dev/null "$SMOKE_URL/api/health" && curl -fsS --max-time 5 -o /dev/null "$SMOKE_URL/api/ready"; then
      status=$(curl -sS --max-time 5 -o /dev/null -w '%{http_code}' "$SMOKE_URL/metrics")
      [ "$status" = 404 ] || { say "smoke test: $SMOKE_URL/metrics answered $status, expected 404"; return 1; }
      say "smoke test passed: $SMOKE_URL"
      return 0
    fi
    say "smoke test attempt $attempt failed"
    sleep 2
  done
  return 1
}

rollback() {
  local service rolled=0
  say "rolling the app services back to their previous version"
  for service in app broadcast scheduler nginx; do
    if [ -n "$(docker service inspect --format '{{if .PreviousSpec}}yes{{end}}' "${STACK}_$service" 2>/dev/null)" ]; then
      docker service rollback --detach=false "${STACK}_$service" >/dev/null && rolled=1
    fi
  done
  if [ "$rolled" = 0 ]; then
    say "nothing to roll back to (first deploy). Inspect with:"
    say "  docker stack ps --no-trunc $STACK; docker service logs ${STACK}_app"
    say "then fix and deploy again, or remove the stack: docker stack rm $STACK"
  else
    say "rolled back. Migrations are not reverted (they must stay compatible with the previous version)."
    say "Inspect the failed version with: docker service ps --no-trunc ${STACK}_app"
  fi
}

main() {
  if [ "$DRY_RUN" = 1 ]; then say "dry run: nothing will be changed"; fi
  say "stack $STACK, image $IMAGE:$VERSION"
  check_manager
  ensure_data_node
  ensure_secrets
  build_and_push

  local current
  current=$(running_version)
  if [ "$DRY_RUN" = 1 ]; then
    say "when an older version runs, its migration job is deployed first and the app services keep that version:"
    current=RUNNING_VERSION
  fi
  if [ -n "$current" ] && [ "$current" != "$VERSION" ]; then
    # Old nodes keep serving on the new schema during the rollout, so
    # migrations must stay compatible with the previous version.
    say "running $current: migrating with $VERSION before any app task changes"
    deploy_stack "$current" "$VERSION"
    wait_for_migrations
    deploy_stack "$VERSION" "$VERSION"
  else
    deploy_stack "$VERSION" "$VERSION"
    wait_for_migrations
  fi

  if wait_for_convergence && smoke_test; then
    if [ "$DRY_RUN" = 1 ]; then say "dry run complete: nothing was changed"; else say "deployed $IMAGE:$VERSION"; fi
    return 0
  fi
  rollback
  fail "deploy of $VERSION failed"
}

main

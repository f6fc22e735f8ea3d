#!/usr/bin/env bash
# Consistent, compressed, timestamped dump of the Absensi Live database, with
# a retention count. The restore commands are in --help.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/backup-db.sh [--container NAME | --url mysql://…] [options]

Writes DIR/absensi-YYYYMMDDTHHMMSSZ.sql.gz: one InnoDB snapshot
(--single-transaction, so the app keeps writing while it runs), gzip-compressed.
Keeps the newest --keep dumps in DIR and deletes older ones.

Where the database is:
  --container NAME   run mariadb-dump inside this MariaDB container (docker exec) with
                     the container's own user and password. Compose: absensi-mariadb-1.
                     Swarm, on the node labelled absensi.data=true:
                       $(docker ps -q -f label=com.docker.swarm.service.name=absensi_mariadb)
  --url URL          dump with the local mariadb-dump (or mysqldump) from this server
                     (default: $DATABASE_URL, or the file named by $DATABASE_URL_FILE)
Options:
  --dir DIR          where dumps go (default: ./backups)
  --keep N           how many dumps to keep (default: 14)
  --dry-run          print the dump command and what retention would delete; write nothing
  -h, --help         this text

Restore (stop the app services first, so nothing writes meanwhile):
  Compose:
    docker compose stop app-1 app-2 app-3 app-4 broadcast scheduler
    gunzip -c backups/absensi-20261122T020000Z.sql.gz |
      docker compose exec -T mariadb sh -c 'exec mariadb -u"$MARIADB_USER" -p"$(cat "$MARIADB_PASSWORD_FILE")" "$MARIADB_DATABASE"'
    docker compose start app-1 app-2 app-3 app-4 broadcast scheduler
  Swarm (on the data node; scale app, broadcast and scheduler to 0 first, back afterwards):
    gunzip -c backups/absensi-20261122T020000Z.sql.gz |
      docker exec -i "$(docker ps -q -f label=com.docker.swarm.service.name=absensi_mariadb)" \
        sh -c 'exec mariadb -u"$MARIADB_USER" -p"$(cat "$MARIADB_PASSWORD_FILE")" "$MARIADB_DATABASE"'
  Any server:
    gunzip -c backups/absensi-20261122T020000Z.sql.gz | mariadb -h HOST -u USER -p DATABASE

Every night at 02:00, keeping two weeks (crontab -e):
  0 2 * * * cd /srv/absensi && scripts/backup-db.sh --container absensi-mariadb-1 >>backups/backup.log 2>&1
EOF
}

say() { printf '[backup] %s\n' "$*"; }
fail() { printf '[backup] error: %s\n' "$*" >&2; exit 1; }

CONTAINER=
URL=
DIR=backups
KEEP=14
DRY_RUN=0

while [ $# -gt 0 ]; do
  case "$1" in
    --container) CONTAINER=${2:?--container needs a value}; shift 2 ;;
    --url) URL=${2:?--url needs a value}; shift 2 ;;
    --dir) DIR=${2:?--dir needs a value}; shift 2 ;;
    --keep) KEEP=${2:?--keep needs a value}; shift 2 ;;
    --dry-run) DRY_RUN=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; fail "unknown argument: $1" ;;
  esac
done

[[ "$KEEP" =~ ^[1-9][0-9]*$ ]] || fail "--keep must be a whole number of at least 1"
if [ -z "$CONTAINER" ] && [ -z "$URL" ]; then
  if [ -n "${DATABASE_URL_FILE:-}" ]; then URL=$(<"$DATABASE_URL_FILE"); else URL=${DATABASE_URL:-}; fi
  [ -n "$URL" ] || { usage >&2; fail "say where the database is: --container, --url or DATABASE_URL"; }
fi

# Same for MariaDB and MySQL 8: one consistent snapshot without locking the
# tables; --no-tablespaces needs no PROCESS privilege.
DUMP_OPTIONS=(--single-transaction --quick --routines --triggers --events --hex-blob --no-tablespaces --default-character-set=utf8mb4)

urldecode() { local s=${1//+/ }; printf '%b' "${s//%/\\x}"; }

# Sets DUMP (the command) and DUMP_PASSWORD from --container or --url.
prepare_dump() {
  if [ -n "$CONTAINER" ]; then
    # Inside the container: its own credentials, the password from the
    # environment (Compose) or the secret file (Swarm); never on a command line.
    # shellcheck disable=SC2016 # expanded by the container's shell
    DUMP=(docker exec "$CONTAINER" sh -c 'MYSQL_PWD="${MARIADB_PASSWORD:-$(cat "$MARIADB_PASSWORD_FILE")}" exec mariadb-dump "$@" -u"$MARIADB_USER" "$MARIADB_DATABASE"' dump "${DUMP_OPTIONS[@]}")
    DUMP_PASSWORD=
    return
  fi
  [[ "$URL" =~ ^mysql://(([^:@/]*)(:([^@/]*))?@)?([^:/?]+)(:([0-9]+))?/([^?]+) ]] ||
    fail "not a database URL (mysql://user:password@host:port/database): ${URL%%@*}…"
  local user host port database tool
  user=$(urldecode "${BASH_REMATCH[2]:-root}")
  DUMP_PASSWORD=$(urldecode "${BASH_REMATCH[4]}")
  host=${BASH_REMATCH[5]}
  port=${BASH_REMATCH[7]:-3306}
  database=$(urldecode "${BASH_REMATCH[8]}")
  tool=$(command -v mariadb-dump || command -v mysqldump || true)
  [ -n "$tool" ] || [ "$DRY_RUN" = 1 ] || fail "neither mariadb-dump nor mysqldump is installed (apt-get install mariadb-client)"
  DUMP=("${tool:-mariadb-dump}" "${DUMP_OPTIONS[@]}" --protocol=tcp -h "$host" -P "$port" -u "$user" "$database")
}

# Dumps in DIR beyond the newest $1 (names sort by time).
expired_dumps() {
  [ -d "$DIR" ] || return 0
  find "$DIR" -maxdepth 1 -name 'absensi-*.sql.gz' -printf '%f\n' 2>/dev/null | sort -r | tail -n +"$(($1 + 1))"
}

main() {
  prepare_dump
  local file
  file="$DIR/absensi-$(date -u +%Y%m%dT%H%M%SZ).sql.gz"
  if [ "$DRY_RUN" = 1 ]; then
    say "dry run: would write $file with:"
    printf '+'; printf ' %q' "${DUMP[@]}"; printf ' | gzip\n'
    # The new dump will be the newest one kept.
    expired_dumps "$((KEEP - 1))" | sed "s|^|[backup] would delete $DIR/|"
    return
  fi

  mkdir -p "$DIR"
  # Written under a temporary name and renamed when complete, so a failed or
  # interrupted dump never looks like a backup.
  PARTIAL="$file.partial"
  trap 'rm -f -- "$PARTIAL"' EXIT
  MYSQL_PWD=$DUMP_PASSWORD "${DUMP[@]}" | gzip -6 >"$PARTIAL"
  gzip -t "$PARTIAL"
  mv "$PARTIAL" "$file"
  say "wrote $file ($(du -h "$file" | cut -f1))"

  local old
  for old in $(expired_dumps "$KEEP"); do
    rm -f "$DIR/$old"
    say "deleted $DIR/$old (keeping the newest $KEEP)"
  done
}

main

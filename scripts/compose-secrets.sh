#!/usr/bin/env bash
# Creates the secret files docker-compose.yml hands to its containers, each
# only to the containers that use it. Idempotent: an existing file is kept.
set -euo pipefail

usage() {
  cat <<'EOF_USAGE'
Usage: scripts/compose-secrets.sh [--dir DIR]

Writes, when missing, one file per secret into DIR (default: ./secrets, next
to docker-compose.yml, which only root may enter), from random bytes, and
prints no value:
  db_password      MariaDB's absensi user (the mariadb container)
  database_url     mysql://absensi:<db_password>@mariadb:3306/absensi (app nodes, workers, migrate)
  redis_password   Redis's requirepass (redis, app nodes, workers)
  session_secret   signs session cookies (app nodes)
  pin_pepper       mixed into kiosk PIN hashes (app nodes)
  service_token    the external ping service's Bearer token (app nodes)
  alert_secret_key seals alert channels' secrets in the database (app nodes, broadcast workers)

Keep DIR out of git and backed up: a new pin_pepper makes every PIN invalid.
To use a database outside Compose, write database_url yourself first.
EOF_USAGE
}

DIR=$(cd "$(dirname "$0")/.." && pwd)/secrets
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) DIR=${2:?--dir needs a value}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; printf '[secrets] error: unknown argument: %s\n' "$1" >&2; exit 1 ;;
  esac
done

random_hex() { od -An -vtx1 -N"$1" /dev/urandom | tr -d ' \n'; }

# Only root gets into the directory. The files themselves must be readable by
# any user: Compose bind-mounts them into /run/secrets as they are, and the app
# runs as the unprivileged node user (Swarm secrets are owned by the container
# instead). Each container is handed only its own.
umask 077
mkdir -p "$DIR"
chmod 700 "$DIR"
write() {
  local name=$1 value=$2
  if [ -e "$DIR/$name" ]; then printf '[secrets] %s exists, kept\n' "$name"; return; fi
  printf '%s' "$value" >"$DIR/$name"
  chmod 644 "$DIR/$name"
  printf '[secrets] created %s\n' "$name"
}

write db_password "$(random_hex 24)"
# The password MariaDB is created with (hex, so it needs no URL escaping).
write database_url "mysql://absensi:$(cat "$DIR/db_password")@mariadb:3306/absensi"
write redis_password "$(random_hex 32)"
for name in session_secret pin_pepper service_token alert_secret_key; do write "$name" "$(random_hex 32)"; done

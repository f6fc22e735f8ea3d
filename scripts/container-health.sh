#!/bin/bash
# The image's HEALTHCHECK (Dockerfile). An app node must answer /api/health on
# PORT, a worker /healthz on WORKER_METRICS_PORT (when that is set): 200 only
# once the process has reached MariaDB and Redis since it started
# (server/dependency-checks.ts).
#
# bash's /dev/tcp speaks the one request: the slim Node image has no curl or
# wget, and a probe every few seconds per container should not start a
# process of node (some 40 ms of CPU and 40 MB each time) nor add a package.
set -u
if [ "${WORKER_METRICS_PORT:-0}" != 0 ]; then
  port=$WORKER_METRICS_PORT path=/healthz
else
  port=${PORT:-3000} path=/api/health
fi
# A refused connection is reported on stderr, which Docker keeps in the health log.
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$path" >&3
# The status line: HTTP/1.1 200 OK. Docker's --timeout bounds the wait; -t keeps a run by hand from hanging.
read -r -t 5 _ status _ <&3 || exit 1
[ "$status" = 200 ]

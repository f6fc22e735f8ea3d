#!/usr/bin/env bash
# Checks a running deployment across its nodes, or measures a rolling restart
# (--rolling). The work is in scripts/test-multi-node.ts; --help describes it.
set -euo pipefail
cd "$(dirname "$0")/.."
exec node --import tsx scripts/test-multi-node.ts "$@"

#!/usr/bin/env bash
# One command from a fresh clone to a measured LL-HLS stream, no webcam needed:
# installs what is missing (apt + npm), builds, serves the built-in test source with
# `llhls serve --test-src`, measures it with both clients for 30 s (`llhls measure`, hls.js
# allowed to catch up with the live edge), and prints
# where the run was written. Pass a duration to change the measuring time, e.g. `... 60s`.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-30s}"
PORT="${LLHLS_QUICKSTART_PORT:-8080}"
bash scripts/install-deps.sh
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run build --silent
node bin/run.js serve --test-src --http-port "$PORT" &
SERVE_PID=$!
trap 'kill "$SERVE_PID" 2>/dev/null || true; wait "$SERVE_PID" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  if node -e "fetch('http://127.0.0.1:$PORT/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"; then break; fi
  sleep 0.2
done
node bin/run.js measure --url "http://127.0.0.1:$PORT/playlist.m3u8" --client node,browser --catch-up \
  --duration "$DURATION" --label quickstart

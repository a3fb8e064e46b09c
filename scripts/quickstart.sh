#!/usr/bin/env bash
# One command from a fresh clone to a measured LL-HLS stream and its report, no webcam needed:
# installs what is missing (apt + npm), builds, and runs `llhls demo`: the built-in test source
# served as `llhls serve --test-src` would, measured with both clients for 30 s (hls.js allowed
# to catch up with the live edge), and `llhls report` on the run; it prints where both are.
# Pass a duration to change the measuring time, e.g. `... 60s`.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-30s}"
bash scripts/install-deps.sh
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run build --silent
node bin/run.js demo --duration "$DURATION"

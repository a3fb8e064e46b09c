#!/usr/bin/env bash
# Runs the unit and spec suites on the other supported Node.js majors (22 and 24 by default), with
# the binaries of the npm registry's versioned `node` package (`npx node@24`): no download from
# anywhere else. The full suite (e2e included) runs on the machine's own Node with `npm test`.
# Usage: scripts/test-runtimes.sh [MAJOR...]
set -euo pipefail
cd "$(dirname "$0")/.."
majors=("$@")
[ "${#majors[@]}" -gt 0 ] || majors=(22 24)
for major in "${majors[@]}"; do
  echo "llhls: unit and spec tests on Node.js $major" >&2
  npx -y "node@$major" scripts/test.js test/unit test/spec
done

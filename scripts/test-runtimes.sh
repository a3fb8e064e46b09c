#!/usr/bin/env bash
# Runs the unit and spec suites on the other supported Node.js majors (22 and 24 by default), with
# the binaries of the npm registry's versioned `node` package (`npx node@24`): no download from
# anywhere else. The full suite (e2e included) runs on the machine's own Node with `npm test`.
# The majors run side by side (the unit and spec suites hold no timing-sensitive e2e test, and
# each runner takes one file at a time): CI's wall time counts. Each major's output is printed
# whole when it ends, in order; the exit status is non-zero if any major failed.
# Usage: scripts/test-runtimes.sh [MAJOR...]
set -euo pipefail
cd "$(dirname "$0")/.."
majors=("$@")
[ "${#majors[@]}" -gt 0 ] || majors=(22 24)
logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT
# Fetch the binaries one at a time first: two npx installs into one cache at once can collide.
for major in "${majors[@]}"; do
  echo "llhls: Node.js $major is $(npx -y "node@$major" --version)" >&2
done
pids=()
for major in "${majors[@]}"; do
  npx -y "node@$major" scripts/test.js test/unit test/spec >"$logs/$major.log" 2>&1 &
  pids+=("$!")
done
status=0
for i in "${!majors[@]}"; do
  if wait "${pids[$i]}"; then result=passed; else result=FAILED; status=1; fi
  echo "llhls: unit and spec tests on Node.js ${majors[$i]}: $result" >&2
  if [ "$result" = FAILED ]; then cat "$logs/${majors[$i]}.log"; else grep -E '^# (tests|pass|fail|duration_ms)' "$logs/${majors[$i]}.log" || true; fi
done
exit "$status"

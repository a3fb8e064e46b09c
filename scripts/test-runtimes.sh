#!/usr/bin/env bash
# Runs the unit and spec suites on the other supported Node.js majors (22 and 24 by default), with
# the binaries of the npm registry's versioned `node` package (`npx node@24`): no download from
# anywhere else. The full suite (e2e included) runs on the machine's own Node with `npm test`.
# The majors run one after the other, each two files at a time like `npm test`: side by side
# (four files at once on two cores) took as long in all (257 s each) and made the suites' few
# loopback-timing tests fail (stop 22's CI: a clock probe 5 ms off, a timestamps refresh cut
# short). Each major's output is printed whole when it ends; the exit status is non-zero if any
# major failed.
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
status=0
for major in "${majors[@]}"; do
  if npx -y "node@$major" scripts/test.js test/unit test/spec >"$logs/$major.log" 2>&1; then result=passed; else result=FAILED; status=1; fi
  echo "llhls: unit and spec tests on Node.js $major: $result" >&2
  if [ "$result" = FAILED ]; then cat "$logs/$major.log"; else grep -E '^# (tests|pass|fail|duration_ms)' "$logs/$major.log" || true; fi
done
exit "$status"

#!/usr/bin/env bash
# Faults under load, counted (issue 18): the whole pipeline under a fleet's traffic while one fault after another is
# injected, then a count of what was sent, stored, opened and mailed.
#
#   bench/faults.sh [-Dbench.faults.targets=2000] [-o -DskipImages=true]
#
# Starts its own Kafka broker and OpenSearch node as child processes (SIGKILLed and restarted on the same ports and
# data), GreenMail in the run's JVM (stopped for 15 minutes), two packaged alert-service instances, dashboard-api,
# one real monitor-agent (its spool on a 2 MiB tmpfs that the run fills: root only) and 2,000 simulated targets
# (10 s heartbeats, checks, resource samples, batch runs; 100 of them with clocks jumping ±10 minutes). The
# plan, the outages and what is counted: e2e-tests/src/test/java/io/mihari/e2e/FaultsBenchmarkTest.java and
# docs/testing.md ("Faults under load"). About 20 minutes on 2 cores (build ~2 min included); deploy/local/stack is
# neither used nor disturbed. Exits non-zero on any loss, duplicate or invented incident. Prints a Markdown block and
# appends it to docs/benchmarks.md (also left in e2e-tests/target/e2e-logs/faults-full/results.md, beside every
# process's log).
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"
RESULTS=e2e-tests/target/e2e-logs/faults-full/results.md
rm -f "$RESULTS"

status=0
# -Dgroups/-DexcludedGroups= lift the exclusion of @Tag("benchmark") that e2e-tests/pom.xml sets for ./mvnw verify.
./mvnw -q -pl e2e-tests -am verify -Dtest=FaultsBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dgroups=benchmark -DexcludedGroups= "$@" || status=$?

if [[ -f $RESULTS ]]; then
  echo
  cat "$RESULTS"
  { echo; echo "## Issue 18 — faults under load ($(date -u +%F), exit $status)"; echo; cat "$RESULTS"; } >> docs/benchmarks.md
  echo "(appended to docs/benchmarks.md)" >&2
fi
exit "$status"

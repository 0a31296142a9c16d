#!/usr/bin/env bash
# Availability benchmark: the monthly availability of every service through the packaged dashboard-api with 1,000 and
# 10,000 targets' transitions in OpenSearch (p50/p95), against a baseline in the same run (reading the same month's
# transitions straight from OpenSearch).
#
#   bench/availability.sh [-Dbench.availability.targets=1000,10000] [-Dbench.availability.outages=5]
#                         [-Dbench.availability.rounds=20]
#
# By default the month so far (issue 15: this month up to now, the old full computation as the baseline, then the
# transitions kept in memory); BENCH_AVAILABILITY=finished measures a finished month instead (computed, reused,
# frozen), as before issue 15.
#
# Builds dashboard-api (and what e2e-tests depends on) without running their tests, then runs only
# e2e-tests' AvailabilityBenchmarkTest, which starts its own OpenSearch/Kafka through test-support and the packaged
# dashboard-api with a generated catalog. About 5 min on 2 cores. Prints a Markdown block for docs/benchmarks.md,
# also left in e2e-tests/target/e2e-logs/bench-availability/results.md.
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"
RESULTS=e2e-tests/target/e2e-logs/bench-availability/results.md
rm -f "$RESULTS"
status=0
case ${BENCH_AVAILABILITY:-month-so-far} in
  finished) TEST='AvailabilityBenchmarkTest#monthlyAvailabilityOfAllServices' ;;
  *) TEST='AvailabilityBenchmarkTest#monthSoFarOfAllServices' ;;
esac
./mvnw -q -pl e2e-tests -am verify -Dtest="$TEST" -Dsurefire.failIfNoSpecifiedTests=false \
  -Dgroups=benchmark -DexcludedGroups= "$@" || status=$?
[[ -f $RESULTS ]] && cat "$RESULTS"
exit $status

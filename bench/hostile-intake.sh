#!/usr/bin/env bash
# Hostile-intake benchmark, with its baseline in the same run:
#   A) a valid event once a second among registered targets heartbeating every 10 s: send -> stored and
#      send -> judged (realtime GETs of the event and of the target's status), p50/p95/max,
#   B) the same with 1,000 junk records a second of every kind (garbage, truncated JSON, 900 KB records, unknown
#      types, wrong keys and partitions, dates years ahead or before the kept days, another system): p95 B/A,
#      and every junk record dead-lettered by reason,
#   flood) 10,000 junk records among 1,000 valid heartbeats as fast as possible: time until all valid are stored
#      and every junk record is dead-lettered; ingest restarts, false DOWNs/incidents, alert-service's RSS.
# Fails if a junk record is unaccounted for, ingest restarted, or junk made a target DOWN or opened an incident.
#
#   bench/hostile-intake.sh [-Dbench.hostile.seconds=75] [-Dbench.hostile.junk-rate=1000] [-D...]
#
# Every size is a -D property; the list is at the top of
# e2e-tests/src/test/java/io/mihari/e2e/HostileIntakeBenchmarkTest.java. Builds alert-service (and the other
# modules e2e-tests depends on) without running their tests, then runs only that benchmark class, with its own
# Kafka (in the benchmark's JVM), OpenSearch and SMTP server on free ports (test-support) and the packaged
# alert-service as a child process with a generated catalog; deploy/local/stack is neither used nor disturbed.
# About 6-8 min with the defaults on 2 cores (build ~2 min included). Prints a Markdown block for
# docs/benchmarks.md, also left in e2e-tests/target/e2e-logs/bench-hostile/results.md (alert-service's log beside it).
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"
RESULTS=e2e-tests/target/e2e-logs/bench-hostile/results.md
rm -f "$RESULTS"

echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB RAM, $(java -version 2>&1 | head -1)" >&2
echo "load average at the start (1/5/15 min): $(cut -d' ' -f1-3 /proc/loadavg)" >&2

status=0
# -Dtest picks the class in e2e-tests (the other modules have none of that name and run no tests);
# -Dgroups/-DexcludedGroups= lift the exclusion of @Tag("benchmark") that e2e-tests/pom.xml sets for ./mvnw verify.
./mvnw -q -pl e2e-tests -am verify -Dtest=HostileIntakeBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dgroups=benchmark -DexcludedGroups= "$@" || status=$?

echo "load average at the end (1/5/15 min): $(cut -d' ' -f1-3 /proc/loadavg)" >&2
if [[ -f $RESULTS ]]; then
  echo
  cat "$RESULTS"
fi
exit "$status"

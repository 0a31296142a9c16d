#!/usr/bin/env bash
# Ingest benchmark, with its baseline in the same run:
#   a) raw `_bulk` of alert-service's documents into OpenSearch (the baseline),
#   b) the same shapes through Kafka and the packaged alert-service, as a ratio to a (goal >= 0.8);
#      a and b run in alternating pairs (a1 b1 a2 b2 a3 b3, -Dbench.ingest.pairs=3), each pair's ratio, the median
#      ratio and the ratio of the medians printed; b meets a warm alert-service (an untimed backlog of the same
#      shapes first, -Dbench.ingest.b-warmup=<events>, then the timed one produced while it runs);
#      -Dbench.ingest.b=cold is issue 4's b (backlog produced with alert-service stopped, then a cold start),
#      -Dbench.ingest.b=both runs a, warm b and cold b in each pair,
#   c) event -> searchable latency p50/p95,
#   d) last heartbeat -> incident opened at default settings p50/p95,
#   e) targets at 10 s heartbeats one alert-service instance holds before detection slips.
#
#   bench/ingest.sh [-Dbench.events=200000] [-Dbench.capacity.steps=1000,5000,10000,20000] [-D...]
#
# Profiling and JVM switches for the packaged alert-service: -Dbench.alert.heap=256m (its -Xmx),
# -Dbench.alert.jvm-options="-XX:+UseParallelGC ..." (more options), -Dbench.alert.jfr=true (a Java Flight Recording
# of every start beside its log, and from each timed b's start on in alert-service-phase-b<pair>[-cold].jfr — whole
# chunks, so it may begin earlier: filter by time; read with `jfr print`).
# Every size is a -D property; the list is at the top of
# e2e-tests/src/test/java/io/mihari/e2e/IngestBenchmarkTest.java. Builds alert-service (and the other modules
# e2e-tests depends on) without running their tests, then runs only that benchmark class. It starts its own Kafka
# (in the benchmark's JVM), OpenSearch and SMTP server on free ports through test-support, and the packaged
# alert-service as a child process with a generated catalog; deploy/local/stack is neither used nor disturbed.
# About 10-12 min with the defaults on 2 cores (build ~2 min included). Prints a Markdown block for
# docs/benchmarks.md, also left in e2e-tests/target/e2e-logs/bench-ingest/results.md (alert-service's log beside it).
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"
RESULTS=e2e-tests/target/e2e-logs/bench-ingest/results.md
rm -f "$RESULTS"

echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB RAM, $(java -version 2>&1 | head -1)" >&2

status=0
# -Dtest picks the class in e2e-tests (the other modules have none of that name and run no tests);
# -Dgroups/-DexcludedGroups= lift the exclusion of @Tag("benchmark") that e2e-tests/pom.xml sets for ./mvnw verify.
./mvnw -q -pl e2e-tests -am verify -Dtest=IngestBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dgroups=benchmark -DexcludedGroups= "$@" || status=$?

if [[ -f $RESULTS ]]; then
  echo
  cat "$RESULTS"
fi
exit "$status"

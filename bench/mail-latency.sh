#!/usr/bin/env bash
# Kill → mail latency benchmark: from the instant the benchmark kills a thing to the mail accepted by the SMTP server,
# with the per-stage breakdown read from the stored documents, in two setups, each its own alert-service start:
#   matched:    10 s HTTP checks, DOWN on the first failure, grouping wait 0; heartbeats 10 s × 3 missed;
#   as shipped: nothing set — the agent's, the sample catalog's and alert-service's defaults of this checkout.
# Per setup, 20 HTTP trials (a JDK HTTP server each, checked by the packaged monitor-agent, stopped by the benchmark)
# and 20 silent-server trials (heartbeats sent by the benchmark in the agent's wire format, stopped by it) run at once,
# one service each, killed at random phases.
#
#   bench/mail-latency.sh [-Dbench.mail.trials=20] [-Dbench.mail.setups=matched,shipped] [-Dbench.mail.seed=…]
#                         [-Dbench.mail.spread-intervals=1]
#
# Builds the modules e2e-tests depends on without running their tests, then runs only MailLatencyBenchmarkTest. It
# starts its own Kafka (in the benchmark's JVM), OpenSearch and SMTP server (GreenMail, in the benchmark's JVM: the
# instant it accepts each mail is taken in its delivery handler) on free ports, and the packaged alert-service and
# monitor-agent as child processes; deploy/local/stack is neither used nor disturbed. With today's defaults the runs
# take 7.5-11 min on 2 cores shared with other builds (as shipped alone ~4-5 min: 30 s checks, 3 failures, 30 s
# grouping), plus the build. Prints a Markdown block for docs/benchmarks.md, also left in
# e2e-tests/target/e2e-logs/bench-mail/results.md (the alert-service and agent logs beside it).
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"
RESULTS=e2e-tests/target/e2e-logs/bench-mail/results.md
rm -f "$RESULTS"

echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB RAM, $(java -version 2>&1 | head -1)" >&2

status=0
# -Dgroups/-DexcludedGroups= lift the exclusion of @Tag("benchmark") that e2e-tests/pom.xml sets for ./mvnw verify.
./mvnw -q -pl e2e-tests -am verify -Dtest=MailLatencyBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dgroups=benchmark -DexcludedGroups= "$@" || status=$?

if [[ -f $RESULTS ]]; then
  echo
  cat "$RESULTS"
fi
exit "$status"

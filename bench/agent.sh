#!/usr/bin/env bash
# Agent footprint and throughput, measured next to prometheus-node-exporter in the same run.
#
#   bench/agent.sh [minutes]          (default 5)
#
# Needs the local stack (started here if it is not running) and the built agent
# (./mvnw -q -pl monitor-agent -am package -DskipTests). Installs prometheus-node-exporter
# from Debian's packages when missing (root). Prints a Markdown block for docs/benchmarks.md.
set -euo pipefail
MINUTES=${1:-5}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR=$REPO/monitor-agent/target/quarkus-app/quarkus-run.jar
WORK=$(mktemp -d /tmp/mihari-bench-XXXXXX)
HZ=$(getconf CLK_TCK)
[[ -f $JAR ]] || { echo "build the agent first: ./mvnw -q -pl monitor-agent -am package -DskipTests" >&2; exit 1; }

if ! command -v prometheus-node-exporter >/dev/null 2>&1; then
  echo "installing prometheus-node-exporter (Debian package) ..." >&2
  apt-get install -y -qq prometheus-node-exporter >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq prometheus-node-exporter >/dev/null; }
  systemctl stop prometheus-node-exporter >/dev/null 2>&1 || true
fi

"$REPO/deploy/local/stack" up >&2
# shellcheck disable=SC1091
source "${MIHARI_STATE_DIR:-/var/tmp/mihari-local}/stack.env"

cleanup() { kill "$AGENT_PID" "$EXPORTER_PID" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

cat > "$WORK/agent.yaml" <<YAML
mihari:
  agent:
    tenant: bench
    system: bench
    host: bench-host
    spool:
      dir: $WORK/spool
    checks:
      - {name: opensearch-http, kind: HTTP, url: "$MIHARI_OPENSEARCH_URL", interval: 30s}
      - {name: kafka-port, kind: TCP, host: 127.0.0.1, port: ${MIHARI_KAFKA_BOOTSTRAP_SERVERS##*:}, interval: 30s}
YAML

# The agent as the systemd unit runs it (deploy/agent/mihari-agent.service), default intervals.
MALLOC_ARENA_MAX=2 java -Xmx32m -Xss256k -XX:ReservedCodeCacheSize=16m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Dkafka.bootstrap.servers="$MIHARI_KAFKA_BOOTSTRAP_SERVERS" \
  -Dquarkus.config.locations="$WORK/agent.yaml" -jar "$JAR" run >"$WORK/agent.log" 2>&1 &
AGENT_PID=$!
EXPORTER_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
prometheus-node-exporter --web.listen-address="127.0.0.1:$EXPORTER_PORT" >"$WORK/exporter.log" 2>&1 &
EXPORTER_PID=$!

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

# Let both settle (JIT, first samples), then measure CPU over the window and sample RSS every 10 s.
sleep 30
a0=$(ticks $AGENT_PID); e0=$(ticks $EXPORTER_PID); t0=$(date +%s.%N)
a_rss_max=0; e_rss_max=0; a_rss_sum=0; e_rss_sum=0; n=0
end=$(( $(date +%s) + MINUTES * 60 ))
while (( $(date +%s) < end )); do
  # A scrape every 15 s, as a Prometheus server would, so the exporter does its real work.
  curl -s "http://127.0.0.1:$EXPORTER_PORT/metrics" >/dev/null
  a=$(rss_kb $AGENT_PID); e=$(rss_kb $EXPORTER_PID)
  (( a > a_rss_max )) && a_rss_max=$a; (( e > e_rss_max )) && e_rss_max=$e
  a_rss_sum=$((a_rss_sum + a)); e_rss_sum=$((e_rss_sum + e)); n=$((n + 1))
  sleep 15
done
a1=$(ticks $AGENT_PID); e1=$(ticks $EXPORTER_PID); t1=$(date +%s.%N)

cpu() { python3 -c "print(f'{100 * ($2 - $1) / $HZ / ($t1 - $t0):.3f}')"; }

echo "### Agent footprint, $(date -u +%Y-%m-%d), $(nproc) cores, $(java -version 2>&1 | head -1)"
echo
echo "Command: \`bench/agent.sh $MINUTES\` (window ${MINUTES} min after 30 s warm-up; default intervals: heartbeat 10 s, resources 60 s, 2 checks every 30 s)"
echo
echo "| process | RSS avg | RSS max | CPU (% of one core) |"
echo "|---|---|---|---|"
echo "| mihari-agent (flags of deploy/agent/mihari-agent.service) | $((a_rss_sum / n / 1024)) MB | $((a_rss_max / 1024)) MB | $(cpu "$a0" "$a1") |"
echo "| prometheus-node-exporter (scraped every 15 s) | $((e_rss_sum / n / 1024)) MB | $((e_rss_max / 1024)) MB | $(cpu "$e0" "$e1") |"
echo
echo "Throughput (\`java -jar quarkus-run.jar bench --events 20000\`):"
echo
echo '```'
# both spool passes (fsync, no fsync) in one JVM, each against that run's own baseline
java -Xmx256m -Dkafka.bootstrap.servers="$MIHARI_KAFKA_BOOTSTRAP_SERVERS" -Dmihari.agent.tenant=bench \
  -Dmihari.agent.system=bench -jar "$JAR" bench --events 20000 --sync=both 2>/dev/null
echo '```'

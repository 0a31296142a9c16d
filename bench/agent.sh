#!/usr/bin/env bash
# Agent footprint, measured next to prometheus-node-exporter in the same run (issue 16).
#
#   bench/agent.sh [minutes] [--plain]       (default 10 minutes; TLS + SASL to Kafka unless --plain)
#
# In one window, with default intervals (heartbeat 10 s, resources 60 s, two checks every 30 s):
#   - the agent as shipped: the lean daemon (io.mihari.agent.lean.LeanAgent, deploy/agent/mihari-agent.service);
#   - the same agent started through Quarkus (java -jar quarkus-run.jar run, the form before issue 16);
#   - the lean daemon with an AppCDS archive (made first by a 40 s run with -XX:ArchiveClassesAtExit), the optional
#     install-time step of deploy/agent/README.md;
#   - the lean daemon once more with native memory tracking, for the breakdown of what is left (jcmd at the end);
#   - prometheus-node-exporter, scraped every 15 s as a Prometheus server would.
# With TLS (the default) it runs on the local secure stack (deploy/local/stack up --secure: Kafka over SASL_SSL,
# SCRAM-SHA-512, ACLs), each agent logging in as kurashiki/krs-juki-mon1's principal; a running plain stack is
# stopped first. --plain uses the plain stack and adds the spool/replay throughput of `mihari-agent bench` (each
# pass against the bare-producer baseline of the same JVM).
#
# Needs the built agent (./mvnw -q -pl monitor-agent -am package -DskipTests). Installs prometheus-node-exporter
# from Debian's packages when missing (root). Prints a Markdown block for docs/benchmarks.md.
set -euo pipefail
MINUTES=10
TLS=true
for arg in "$@"; do
  case $arg in
    --plain) TLS=false ;;
    ''|*[!0-9]*|0) echo "usage: bench/agent.sh [minutes ≥ 1] [--plain]" >&2; exit 2 ;;
    *) MINUTES=$arg ;;
  esac
done
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
APP=$REPO/monitor-agent/target/quarkus-app
JAR=$APP/quarkus-run.jar
LEAN_CP="$APP/lib/boot/*:$APP/lib/main/*:$APP/app/*"
WORK=$(mktemp -d /tmp/mihari-bench-XXXXXX)
chmod 700 "$WORK"
HZ=$(getconf CLK_TCK)
[[ -f $JAR ]] || { echo "build the agent first: ./mvnw -q -pl monitor-agent -am package -DskipTests" >&2; exit 1; }

if ! command -v prometheus-node-exporter >/dev/null 2>&1; then
  echo "installing prometheus-node-exporter (Debian package) ..." >&2
  apt-get install -y -qq prometheus-node-exporter >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq prometheus-node-exporter >/dev/null; }
  systemctl stop prometheus-node-exporter >/dev/null 2>&1 || true
fi

STATE=${MIHARI_STATE_DIR:-/var/tmp/mihari-local}
if [[ $TLS == true ]]; then
  if [[ -f $STATE/stack.env ]] && ! grep -q '^export MIHARI_SECURE=1' "$STATE/stack.env" \
      && "$REPO/deploy/local/stack" status >/dev/null 2>&1; then
    echo "stopping the plain local stack: the secure one takes its ports (deploy/local/stack up to go back)" >&2
    "$REPO/deploy/local/stack" down >&2
  fi
  "$REPO/deploy/local/stack" up --secure >&2
else
  "$REPO/deploy/local/stack" up >&2
fi
# shellcheck disable=SC1091
source "$STATE/stack.env"
if [[ $TLS == true && ${MIHARI_SECURE:-} != 1 ]]; then
  echo "the running stack is the plain one: stop it (deploy/local/stack down) and run again" >&2
  exit 1
fi

PIDS=()
cleanup() { kill "${PIDS[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

TENANT=kurashiki HOST=krs-juki-mon1
if [[ $TLS == true ]]; then
  # the city's topic, as alert-service makes it at start (an agent may write it, not create it)
  java -cp "$LEAN_CP" "$REPO/bench/CreateTopic.java" "$MIHARI_KAFKA_ADMIN_CONFIG" "mihari.events.v1.$TENANT" \
    >"$WORK/create-topic.log" 2>&1 || { cat "$WORK/create-topic.log" >&2; exit 1; }
fi
# The JVM flags of deploy/agent/mihari-agent.service, and the Kafka login (in an @argfile of mode 600: no
# password on a command line).
FLAGS=(-Xms8m -Xmx32m -Xss256k -XX:ReservedCodeCacheSize=16m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData)
: >"$WORK/kafka.args"
if [[ $TLS == true ]]; then
  principal="agent.$TENANT.$HOST"
  password=$(cat "$MIHARI_PASSWORD_DIR/kafka-$principal")
  truststore_password=$(cat "$MIHARI_TLS_TRUSTSTORE_PASSWORD_FILE")
  {
    printf '"-Dmihari.agent.kafka.security.protocol=%s"\n' "$MIHARI_KAFKA_SECURITY_PROTOCOL"
    printf '"-Dmihari.agent.kafka.sasl.mechanism=%s"\n' "$MIHARI_KAFKA_SASL_MECHANISM"
    printf '"-Dmihari.agent.kafka.ssl.truststore.type=%s"\n' "$MIHARI_TLS_TRUSTSTORE_TYPE"
    printf '"-Dmihari.agent.kafka.ssl.truststore.location=%s"\n' "$MIHARI_TLS_TRUSTSTORE"
    printf '"-Dmihari.agent.kafka.ssl.truststore.password=%s"\n' "$truststore_password"
    printf '"-Dmihari.agent.kafka.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\\"%s\\" password=\\"%s\\";"\n' "$principal" "$password"
    # the HTTPS check of OpenSearch trusts the stack's CA
    printf '"-Djavax.net.ssl.trustStore=%s"\n' "$MIHARI_TLS_TRUSTSTORE"
    printf '"-Djavax.net.ssl.trustStoreType=%s"\n' "$MIHARI_TLS_TRUSTSTORE_TYPE"
    printf '"-Djavax.net.ssl.trustStorePassword=%s"\n' "$truststore_password"
  } >"$WORK/kafka.args"
fi

config() { # name -> the agent's YAML
  cat > "$WORK/$1.yaml" <<YAML
mihari:
  agent:
    tenant: $TENANT
    system: juki
    host: $HOST
    spool:
      dir: $WORK/spool-$1
    checks:
      # 401 without a login on the secure stack: the TLS handshake and the request are the work measured
      - {name: opensearch-http, kind: HTTP, url: "$MIHARI_OPENSEARCH_URL", expect-status: "200-499", interval: 30s}
      - {name: kafka-port, kind: TCP, host: 127.0.0.1, port: ${MIHARI_KAFKA_BOOTSTRAP_SERVERS##*:}, interval: 30s}
YAML
  echo "$WORK/$1.yaml"
}

STARTED=""
start() { # name, java arguments after the common ones... (its pid in STARTED)
  local name=$1 yaml
  shift
  yaml=$(config "$name")
  MALLOC_ARENA_MAX=2 java "${FLAGS[@]}" "@$WORK/kafka.args" -Dkafka.bootstrap.servers="$MIHARI_KAFKA_BOOTSTRAP_SERVERS" \
    -Dquarkus.config.locations="$yaml" "$@" >"$WORK/$name.log" 2>&1 &
  STARTED=$!
  PIDS+=("$STARTED")
}
# The AppCDS archive: the classes a running agent loaded, written when it stops (as an installer would do once).
start cds-training -XX:ArchiveClassesAtExit="$WORK/agent.jsa" -cp "$LEAN_CP" io.mihari.agent.lean.LeanAgent run
sleep 40
kill "$STARTED" 2>/dev/null || true
wait "$STARTED" 2>/dev/null || true
PIDS=() # the training run was the only one and is reaped: its pid may be another process's by the end
[[ -s $WORK/agent.jsa ]] || { echo "no AppCDS archive was written:" >&2; tail -n 20 "$WORK/cds-training.log" >&2; exit 1; }
start lean -cp "$LEAN_CP" io.mihari.agent.lean.LeanAgent run
LEAN_PID=$STARTED
start cds -XX:SharedArchiveFile="$WORK/agent.jsa" -cp "$LEAN_CP" io.mihari.agent.lean.LeanAgent run
CDS_PID=$STARTED
start quarkus -jar "$JAR" run
QUARKUS_PID=$STARTED
start nmt -XX:NativeMemoryTracking=summary -cp "$LEAN_CP" io.mihari.agent.lean.LeanAgent run
NMT_PID=$STARTED
EXPORTER_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
prometheus-node-exporter --web.listen-address="127.0.0.1:$EXPORTER_PORT" >"$WORK/exporter.log" 2>&1 &
EXPORTER_PID=$!
PIDS+=("$EXPORTER_PID")

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
alive() { for p in "$@"; do kill -0 "$p" 2>/dev/null || { echo "process $p ended; logs:" >&2; tail -n 30 "$WORK"/*.log >&2; exit 1; }; done; }

# Each agent must be running and shipping before the window opens.
for name in lean cds quarkus nmt; do
  for _ in $(seq 1 60); do grep -q 'mihari-agent running' "$WORK/$name.log" && break; sleep 1; done
  grep -q 'mihari-agent running' "$WORK/$name.log" || { echo "the $name agent did not start:" >&2; tail -n 30 "$WORK/$name.log" >&2; exit 1; }
done
# Let all settle (JIT, first samples), then measure CPU over the window and sample RSS every 15 s.
sleep 30
alive "$LEAN_PID" "$CDS_PID" "$QUARKUS_PID" "$NMT_PID" "$EXPORTER_PID"
declare -A c0 c1 rmax rsum
PROCS=(lean cds quarkus exporter)
declare -A PID=([lean]=$LEAN_PID [cds]=$CDS_PID [quarkus]=$QUARKUS_PID [exporter]=$EXPORTER_PID)
for p in "${PROCS[@]}"; do c0[$p]=$(ticks "${PID[$p]}"); rmax[$p]=0; rsum[$p]=0; done
t0=$(date +%s.%N); n=0
end=$(( $(date +%s) + MINUTES * 60 ))
while (( $(date +%s) < end )); do
  curl -s "http://127.0.0.1:$EXPORTER_PORT/metrics" >/dev/null
  alive "$LEAN_PID" "$CDS_PID" "$QUARKUS_PID" "$NMT_PID" "$EXPORTER_PID"
  for p in "${PROCS[@]}"; do
    r=$(rss_kb "${PID[$p]}")
    (( r > rmax[$p] )) && rmax[$p]=$r
    rsum[$p]=$(( rsum[$p] + r ))
  done
  n=$((n + 1))
  sleep 15
done
for p in "${PROCS[@]}"; do c1[$p]=$(ticks "${PID[$p]}"); done
t1=$(date +%s.%N)
NMT=$(jcmd "$NMT_PID" VM.native_memory summary 2>&1 || true)
NMT_RSS=$(rss_kb "$NMT_PID")

cpu() { python3 -c "print(f'{100 * ($2 - $1) / $HZ / ($t1 - $t0):.3f}')"; }
mb() { python3 -c "print(f'{$1 / 1024:.1f}')"; }
row() { echo "| $2 | $(mb $(( rsum[$1] / n ))) MB | $(mb "${rmax[$1]}") MB | $(cpu "${c0[$1]}" "${c1[$1]}") |"; }

echo "### Agent footprint, $(date -u +%Y-%m-%d), $(nproc) cores, $(java -version 2>&1 | head -1)"
echo
echo "Command: \`bench/agent.sh $*\` (window ${MINUTES} min after 30 s warm-up, $n RSS samples; default intervals:"
echo "heartbeat 10 s, resources 60 s, 2 checks every 30 s; Kafka $([[ $TLS == true ]] && echo "over SASL_SSL (TLS, SCRAM-SHA-512)" || echo "plaintext");"
echo "agent JVM flags: \`${FLAGS[*]}\`, MALLOC_ARENA_MAX=2)"
echo
echo "| process | RSS avg | RSS max | CPU (% of one core) |"
echo "|---|---|---|---|"
row lean "mihari-agent, lean daemon (as shipped: \`LeanAgent run\`)"
row cds "mihari-agent, lean daemon + AppCDS archive (\`-XX:SharedArchiveFile\`, optional)"
row quarkus "mihari-agent through Quarkus (\`java -jar quarkus-run.jar run\`)"
row exporter "prometheus-node-exporter (scraped every 15 s)"
echo
echo "Lean daemon with native memory tracking (RSS $(mb "$NMT_RSS") MB at the end), committed by the JVM:"
echo
echo '```'
{ echo "$NMT" | grep -E '^(Total|-  *[A-Z][A-Za-z ]+ \(reserved)' | sed -E 's/reserved=[0-9]+KB, //; s/^-  *//'; } || echo "(jcmd: $NMT)"
echo '```'
for name in lean cds quarkus; do
  if grep -q 'ERROR' "$WORK/$name.log"; then echo; echo "($name logged errors: $(grep -c ERROR "$WORK/$name.log"))"; fi
done

if [[ $TLS == false ]]; then
  echo
  echo "Throughput (\`java -jar quarkus-run.jar bench --events 20000 --sync=both\`, one JVM: each spool pass"
  echo "against the bare-producer baseline of the same run):"
  echo
  echo '```'
  java -Xmx256m -Dkafka.bootstrap.servers="$MIHARI_KAFKA_BOOTSTRAP_SERVERS" -Dmihari.agent.tenant=bench \
    -Dmihari.agent.system=bench -jar "$JAR" bench --events 20000 --sync=both 2>/dev/null
  echo '```'
fi

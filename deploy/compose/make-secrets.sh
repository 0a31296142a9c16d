#!/usr/bin/env bash
# Makes the secrets compose.yaml mounts, once, in deploy/compose/secrets (never committed):
#   dashboard-token-secret                 signs dashboard-api's login tokens (48 random bytes, base64)
#   command-signing-key.jwk.json           dashboard-api's private key for people's commands
#   command-verification-keys.jwks.json    the public key alert-service trusts
# The keys are made by dashboard-api's CommandKeyTool, run from the dashboard-api image (or, with
# MIHARI_USE_BUILD=1, from this repository's build: ./mvnw -pl dashboard-api -am package -DskipTests).
# The files are readable by everyone (0644) because Compose mounts them as they are and the services run as
# another user than you; the folder itself is yours alone (0700).
set -euo pipefail
DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/secrets
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
IMAGE=mihari/dashboard-api:${MIHARI_VERSION:-0.1.0-SNAPSHOT}
mkdir -p "$DIR"
chmod 700 "$DIR"
if [[ ! -s $DIR/dashboard-token-secret ]]; then
  head -c 48 /dev/urandom | base64 -w0 >"$DIR/dashboard-token-secret"
fi
if [[ ! -s $DIR/command-signing-key.jwk.json ]]; then
  keys=$(mktemp -d)
  if [[ ${MIHARI_USE_BUILD:-0} == 1 ]]; then
    app=$REPO/dashboard-api/target/quarkus-app
    java -cp "$app/lib/main/*:$app/app/*" io.mihari.dashboard.command.CommandKeyTool new-key "$keys"
  else
    chmod 777 "$keys"
    docker run --rm --user "$(id -u)" -v "$keys:/keys" --entrypoint java "$IMAGE" \
      -cp '/deployments/lib/main/*:/deployments/app/*' io.mihari.dashboard.command.CommandKeyTool new-key /keys
  fi
  cp "$keys/command-signing-key.jwk.json" "$keys/command-verification-keys.jwks.json" "$DIR/"
  rm -rf "$keys"
fi
chmod 644 "$DIR"/*
echo "secrets in $DIR"

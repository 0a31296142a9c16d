#!/usr/bin/env bash
# Makes the Secrets and the ConfigMap of public keys that overlays/local does not generate, in the namespace mihari
# of the current kubectl context (a laptop cluster): self-signed certificates for the two services' HTTPS, the
# token secret, the command-signing key pair (dashboard-api's CommandKeyTool, from this repository's build:
# ./mvnw -pl dashboard-api -am package -DskipTests). Run once before kubectl apply -k overlays/local; existing
# objects are left alone. Needs kubectl, openssl and java.
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)
NS=mihari
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
kubectl get namespace "$NS" >/dev/null 2>&1 || kubectl create namespace "$NS"
exists() { kubectl -n "$NS" get "$1" "$2" >/dev/null 2>&1; }

for svc in alert-service dashboard-api; do
  if ! exists secret "mihari-$svc-tls"; then
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 90 -subj "/CN=$svc" \
      -addext "subjectAltName=DNS:$svc,DNS:$svc.$NS.svc,DNS:localhost" \
      -keyout "$WORK/$svc.key" -out "$WORK/$svc.crt" 2>/dev/null
    kubectl -n "$NS" create secret tls "mihari-$svc-tls" --cert="$WORK/$svc.crt" --key="$WORK/$svc.key"
  fi
done
if ! exists secret mihari-dashboard-token; then
  head -c 48 /dev/urandom | base64 -w0 >"$WORK/token-secret"
  kubectl -n "$NS" create secret generic mihari-dashboard-token --from-file=token-secret="$WORK/token-secret"
fi
if ! exists secret mihari-command-signing-key; then
  app=$REPO/dashboard-api/target/quarkus-app
  [[ -d $app ]] || { echo "build dashboard-api first: ./mvnw -pl dashboard-api -am package -DskipTests" >&2; exit 1; }
  java -cp "$app/lib/main/*:$app/app/*" io.mihari.dashboard.command.CommandKeyTool new-key "$WORK/keys"
  kubectl -n "$NS" create secret generic mihari-command-signing-key \
    --from-file=command-signing-key.jwk.json="$WORK/keys/command-signing-key.jwk.json"
  kubectl -n "$NS" create configmap mihari-command-verification-keys \
    --from-file=command-verification-keys.jwks.json="$WORK/keys/command-verification-keys.jwks.json"
fi
echo "Secrets ready in namespace $NS: kubectl apply -k $(dirname "${BASH_SOURCE[0]}")"

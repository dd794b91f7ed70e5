#!/usr/bin/env bash
# Starts Keycloak with the extension on http://localhost:8080, the demo realm imported from realm-config/,
# on the embedded H2 database. Needs Java 17, Maven, and Node.js 20+ with npm (to build the token page); Maven fetches
# Keycloak from Maven Central. The admin console runs with declarative-ui, so Realm settings shows an "API tokens" tab.
# Data lives in target/dev-server until `mvn clean`. Stop with Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-8080}"
ADMIN_USER="${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}"
ADMIN_PASSWORD="${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}"

echo "Building the extension and fetching the Keycloak distribution..."
mvn -B -q -Pdev-server -DskipTests package

KC_HOME="$(ls -d target/dev-server/keycloak-* | head -n 1)"
cp target/keycloak-api-tokens.jar "$KC_HOME/providers/"
mkdir -p "$KC_HOME/data/import"
cp realm-config/*.json "$KC_HOME/data/import/"
chmod +x "$KC_HOME/bin/kc.sh"

KC_BOOTSTRAP_ADMIN_USERNAME="$ADMIN_USER" KC_BOOTSTRAP_ADMIN_PASSWORD="$ADMIN_PASSWORD" \
  "$KC_HOME/bin/kc.sh" start-dev --import-realm --http-port="$PORT" --health-enabled=true --features=declarative-ui &
KC_PID=$!
trap 'kill "$KC_PID" 2>/dev/null; wait "$KC_PID" 2>/dev/null' INT TERM EXIT

until curl -sf "http://localhost:9000/health/ready" >/dev/null 2>&1; do
  if ! kill -0 "$KC_PID" 2>/dev/null; then echo "Keycloak did not start" >&2; exit 1; fi
  sleep 2
done

cat <<INFO

================================================================================
 Keycloak with API tokens is running on http://localhost:$PORT
 Admin console: http://localhost:$PORT/admin   login: $ADMIN_USER / $ADMIN_PASSWORD
 Demo realm "demo": user demo / demo (and demo-admin / demo-admin, a token administrator and realm manager)

 The token page (sign in as demo):  http://localhost:$PORT/realms/demo/api-tokens/ui/
 The realm policy in the admin console: Realm settings -> API tokens

 Get a bearer token as the demo user:
   ACCESS=\$(curl -s -d grant_type=password -d client_id=api-tokens-cli -d username=demo -d password=demo \\
     http://localhost:$PORT/realms/demo/protocol/openid-connect/token | jq -r .access_token)

 Create a first API token (the secret is in "token", shown once):
   curl -s -H "Authorization: Bearer \$ACCESS" -H "Content-Type: application/json" \\
     -d '{"name":"first token","expires_at":"2030-01-01 00:00:00","allowed_scopes":["members.read","token.read-all"]}' \\
     http://localhost:$PORT/realms/demo/api-tokens/api/v1/token | jq

 Exchange it for a JWT (client_credentials; client_id and token from the answer above):
   curl -s -d grant_type=client_credentials -d client_id=CLIENT_ID -d client_secret=TOKEN \\
     http://localhost:$PORT/realms/demo/protocol/openid-connect/token | jq
================================================================================
 Ctrl-C stops Keycloak.
INFO

wait "$KC_PID"

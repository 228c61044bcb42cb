#!/usr/bin/env bash
# Training run for the JDK 25 AOT cache (JEP 483 class loading and linking, JEP 514 one-step creation with
# -XX:AOTCacheOutput, JEP 515 method profiles), or for a JDK 17 AppCDS archive when the output ends in .jsa
# (-XX:ArchiveClassesAtExit, a dynamic archive of every class loaded, run with -XX:SharedArchiveFile): starts the
# packaged application with the JVM options it runs with,
# waits until it is ready, drives one MCP session through the sandbox (initialize, tools/list, get_session,
# read_catalog, preview_changeset, apply_changeset of a T1 price move: Token Vault, Sheets write and read-back,
# receipt, Gmail), then stops it with SIGTERM; the JVM writes the cache as it exits.
# https://openjdk.org/jeps/483 https://openjdk.org/jeps/514 https://openjdk.org/jeps/515
# https://docs.oracle.com/en/java/javase/17/vm/class-data-sharing.html (dynamic CDS archives)
#
#   aot-train.sh <quarkus-app dir> <output .aot or .jsa file> <sandbox base URL> [port] [management port]
#
# The cache is only valid for the same JDK build and the same class path (so the same quarkus-app directory path)
# as the run that uses it: train where it will run (native/Dockerfile.jvm does this in the runtime image).
# Environment: JAVA (default: java on PATH), JVM_OPTIONS_FILE (default: jvm.options beside this script),
# HEALTH_URL_BASE (where /q/health/ready is served; default http://127.0.0.1:<management port>),
# CHANGESET_DB_URL / _USER / _PASSWORD (PostgreSQL: the production profile migrates it at start).
# Needs only curl, sed and a POSIX shell besides the JDK (no jq), so it runs in the UBI runtime image.
set -euo pipefail
app="${1:?quarkus-app directory}"
out="${2:?output .aot file (JDK 25 AOT cache) or .jsa file (JDK 17 AppCDS archive)}"
sandbox="${3:?sandbox base URL, e.g. http://127.0.0.1:8787}"
port="${4:-18590}"
management_port="${5:-$((port + 1))}" # health answers on the management interface only
java="${JAVA:-java}"
options="${JVM_OPTIONS_FILE:-$(dirname "$0")/jvm.options}"
log="${out}.train.log"
case "$out" in
  *.jsa) archive="-XX:ArchiveClassesAtExit=$out" ;;
  *) archive="-XX:AOTCacheOutput=$out" ;;
esac

"$java" @"$options" "$archive" -Dquarkus.http.port="$port" \
  -Dquarkus.management.port="$management_port" -D%prod.changeset.identity.issuer="$sandbox/" \
  -Dchangeset.vault.client-id=sandbox-custom-api-client \
  -Dchangeset.vault.client-secret=sandbox-custom-api-client-secret \
  -Dchangeset.approval.client-id=sandbox-ciba-client -Dchangeset.approval.client-secret=sandbox-ciba-secret \
  -Dchangeset.catalog.sheets-root-url="$sandbox" \
  -Dchangeset.catalog.spreadsheet-id=1SbxCommerceChangesetDemoCatalog2026 \
  -Dchangeset.notify.gmail-root-url="$sandbox/" -jar "$app/quarkus-run.jar" > "$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT

deadline=$(( $(date +%s) + 300 ))
until curl -fsS -o /dev/null "${HEALTH_URL_BASE:-http://127.0.0.1:$management_port}/q/health/ready" 2>/dev/null; do
  kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; echo "training run: the application stopped" >&2; exit 1; }
  [ "$(date +%s)" -lt "$deadline" ] || { cat "$log" >&2; echo "training run: not ready in 300 s" >&2; exit 1; }
  sleep 0.2
done

token=$(curl -fsS -X POST "$sandbox/sandbox/tokens" -H 'Content-Type: application/json' \
  -d '{"user":"alice","scope":"openid changeset:read changeset:write"}' | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "training run: the sandbox gave no token" >&2; exit 1; }
session=$(curl -fsS -D - -o /dev/null -X POST "http://127.0.0.1:$port/mcp" -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
  -d '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"aot-training","version":"1"}}}' \
  | sed -n 's/^[Mm]cp-[Ss]ession-[Ii]d: *//p' | tr -d '\r')
[ -n "$session" ] || { echo "training run: no MCP session" >&2; exit 1; }
mcp() { # one JSON-RPC message -> its answer (SSE data lines or plain JSON)
  curl -fsS -X POST "http://127.0.0.1:$port/mcp" -H "Authorization: Bearer $token" -H "Mcp-Session-Id: $session" \
    -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' -d "$1"
}
mcp '{"jsonrpc":"2.0","method":"notifications/initialized"}' >/dev/null || true
answers=""
for round in 1 2 3; do
  answers+=$(mcp '{"jsonrpc":"2.0","id":2,"method":"tools/list"}')
  answers+=$(mcp '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"get_session","arguments":{}}}')
  answers+=$(mcp '{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"read_catalog","arguments":{"skus":["APP-1000"]}}}')
  price=$([ $((round % 2)) -eq 1 ] && echo 66.99 || echo 67.66)
  preview=$(mcp "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"preview_changeset\",\"arguments\":{\"operations\":[{\"op\":\"set_price\",\"sku\":\"APP-1000\",\"price\":$price}]}}}")
  id=$(sed -n 's/.*"changesetId":"\([^"]*\)".*/\1/p' <<< "$preview" | head -1)
  [ -n "$id" ] || { echo "training run: preview_changeset gave no changeset: $preview" >&2; exit 1; }
  answers+=$(mcp "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/call\",\"params\":{\"name\":\"apply_changeset\",\"arguments\":{\"changesetId\":\"$id\",\"waitSeconds\":20}}}")
done
case "$answers" in
  *'"isError":true'*|*'"error":'*) echo "training run: a tool call failed: $answers" >&2; exit 1 ;;
esac

kill -TERM "$pid"
wait "$pid" || true
trap - EXIT
[ -s "$out" ] || { cat "$log" >&2; echo "training run: no archive written to $out$(case "$out" in *.jsa) echo \
  " (a dynamic AppCDS archive needs the JDK's base archive, lib/server/classes.jsa: java -Xshare:dump makes it)" ;; esac)" >&2
  exit 1; }
echo "archive: $out ($(du -h "$out" | cut -f1))"

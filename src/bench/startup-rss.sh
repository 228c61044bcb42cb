#!/usr/bin/env bash
# Measures the packaged JVM application: time from launch to started and to ready, CPU time to ready, resident
# memory idle, then resident memory after CALLS tool calls over MCP. Production profile (PostgreSQL, JSON logs),
# the sandbox standing in for Auth0 and Google as a process of its own (not counted).
#
#   ./mvnw -B package -DskipTests                                   # the application as production builds it
#   CHANGESET_DB_URL=jdbc:postgresql://127.0.0.1:5432/changeset_test CHANGESET_DB_USER=changeset \
#   CHANGESET_DB_PASSWORD=changeset-test src/bench/startup-rss.sh [runs] [port]   # default: 3 runs on 18501
#
# Environment: IDLE_SECONDS (default 20) of idleness before the idle figure; CALLS (default 1000) tool calls after
# it, as one assistant session: 40% get_session, 30% read_catalog, 25% preview_changeset (a 1% price move, T1),
# 5% apply_changeset (verified write, receipt, email). Readiness includes the identity provider's keys check
# (discovery + JWKS from the sandbox), as it does against Auth0 in a cluster. Nothing is asserted: these are the
# figures behind k8s/README.md ("Measured").
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-3}"
port="${2:-18501}"
sandbox_port=$((port + 1))
idle="${IDLE_SECONDS:-20}"
calls="${CALLS:-1000}"
app="$PWD/target/quarkus-app"
jar="$app/quarkus-run.jar"
[ -f "$jar" ] || { echo "build first: ./mvnw -B package -DskipTests" >&2; exit 1; }
: "${CHANGESET_DB_URL:?set CHANGESET_DB_URL (and _USER, _PASSWORD) to a PostgreSQL database}"
command -v jq >/dev/null || { echo "jq is needed" >&2; exit 1; }
work="$(mktemp -d)"
sandbox_pid=""
app_pid=""
cleanup() {
  [ -z "$app_pid" ] || kill "$app_pid" 2>/dev/null || true
  [ -z "$sandbox_pid" ] || kill "$sandbox_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

now_ms() { date +%s%3N; }
wait_for() { # url deadline_ms -> prints elapsed ms since $start, or fails
  local url="$1" deadline="$2"
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    [ "$(now_ms)" -lt "$deadline" ] || return 1
    sleep 0.05
  done
  echo $(( $(now_ms) - start ))
}
mib() { awk -v k="$1" '$1 == k":" {print int($2 / 1024)}' "/proc/$2/status"; }

sandbox="http://127.0.0.1:$sandbox_port"
java -cp "$app/app/*:$app/lib/boot/*:$app/lib/main/*" dev.changeset.sandbox.SandboxMain "$sandbox_port" \
  > "$work/sandbox.log" 2>&1 &
sandbox_pid=$!
start=$(now_ms)
wait_for "$sandbox/.well-known/openid-configuration" $(( start + 60000 )) >/dev/null \
  || { cat "$work/sandbox.log" >&2; exit 1; }
curl -fsS -X POST "$sandbox/sandbox/ciba/settings" -H 'Content-Type: application/json' -d '{"interval":1}' >/dev/null

mcp() { # session json -> the JSON-RPC answer (the last data: event when the answer became a stream)
  curl -fsS -X POST "http://127.0.0.1:$port/mcp" -H "Authorization: Bearer $token" -H "Mcp-Session-Id: $1" \
    -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' -d "$2" \
    | sed -n 's/^data: //p; /^{/p' | tail -1
}

load() { # runs $calls tool calls in one session; prints calls, errors and seconds
  token=$(curl -fsS -X POST "$sandbox/sandbox/tokens" -H 'Content-Type: application/json' \
    -d '{"user":"alice","scope":"openid changeset:read changeset:write"}' | jq -r .access_token)
  local session errors=0 t0 id="" price="67.66" answer
  session=$(curl -fsS -D - -o /dev/null -X POST "http://127.0.0.1:$port/mcp" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
    -d '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}' \
    | awk -F': ' 'tolower($1) == "mcp-session-id" {print $2}' | tr -d '\r')
  mcp "$session" '{"jsonrpc":"2.0","method":"notifications/initialized"}' >/dev/null || true
  t0=$(now_ms)
  for i in $(seq 1 "$calls"); do
    case $(( i % 20 )) in
      0|1|2|3|4|5|6|7) body='{"name":"get_session","arguments":{}}' ;;
      8|9|10|11|12|13) body='{"name":"read_catalog","arguments":{"skus":["APP-1000"]}}' ;;
      19) body="{\"name\":\"apply_changeset\",\"arguments\":{\"changesetId\":\"$id\",\"waitSeconds\":20}}" ;;
      *) body="{\"name\":\"preview_changeset\",\"arguments\":{\"operations\":[{\"op\":\"set_price\",\"sku\":\"APP-1000\",\"price\":$price}]}}" ;;
    esac
    answer=$(mcp "$session" "{\"jsonrpc\":\"2.0\",\"id\":$((i + 1)),\"method\":\"tools/call\",\"params\":$body}") \
      || { errors=$((errors + 1)); continue; }
    if [ "$(jq -r '.result.isError // false' <<< "$answer")" != "false" ] || jq -e .error <<< "$answer" >/dev/null; then
      errors=$((errors + 1))
    fi
    case "$body" in
      *preview_changeset*) id=$(jq -r '.result.structuredContent.changesetId // empty' <<< "$answer") ;;
      *apply_changeset*) [ "$(jq -r .result.structuredContent.state <<< "$answer")" != SEALED ] \
        || { [ "$price" = 67.66 ] && price=66.99 || price=67.66; } ;;
    esac
  done
  echo "$calls $errors $(( ($(now_ms) - t0) / 1000 ))"
}

echo "java: $(java -version 2>&1 | head -1); cores: $(nproc); load average before: $(cut -d" " -f1-3 /proc/loadavg)"
for run in $(seq 1 "$runs"); do
  start=$(now_ms)
  (cd "$work" && exec java -Dquarkus.http.port="$port" -D%prod.changeset.identity.issuer="$sandbox/" \
      -Dchangeset.vault.client-id=sandbox-custom-api-client \
      -Dchangeset.vault.client-secret=sandbox-custom-api-client-secret \
      -Dchangeset.approval.client-id=sandbox-ciba-client -Dchangeset.approval.client-secret=sandbox-ciba-secret \
      -Dchangeset.catalog.sheets-root-url="$sandbox" -Dchangeset.catalog.spreadsheet-id=1SbxCommerceChangesetDemoCatalog2026 \
      -Dchangeset.notify.gmail-root-url="$sandbox/" -jar "$jar" > "$work/run-$run.log" 2>&1) &
  app_pid=$!
  deadline=$(( start + 180000 ))
  started=$(wait_for "http://127.0.0.1:$port/q/health/started" "$deadline") || { cat "$work/run-$run.log" >&2; exit 1; }
  ready=$(wait_for "http://127.0.0.1:$port/q/health/ready" "$deadline") || { cat "$work/run-$run.log" >&2; exit 1; }
  # CPU time the process used until ready (user + system, in clock ticks): independent of how busy the machine
  # is, and what a CPU limit or request stretches: wall time at N cores ~ cpu_ms / N.
  cpu_ms=$(awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$app_pid/stat")
  sleep "$idle"
  idle_rss=$(mib VmRSS "$app_pid")
  read -r done errors seconds < <(load)
  loaded_rss=$(mib VmRSS "$app_pid")
  loaded_hwm=$(mib VmHWM "$app_pid")
  echo "run $run (load $(cut -d" " -f1 /proc/loadavg)): started ${started} ms, ready ${ready} ms, CPU to ready ${cpu_ms} ms;" \
    "after ${idle}s idle: VmRSS ${idle_rss} MiB; after ${done} tool calls (${errors} errors, ${seconds} s):" \
    "VmRSS ${loaded_rss} MiB, VmHWM ${loaded_hwm} MiB"
  kill "$app_pid"
  wait "$app_pid" 2>/dev/null || true
  app_pid=""
done

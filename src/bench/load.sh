#!/usr/bin/env bash
# Load proof: authenticated MCP tool calls at 1, 16 and 64 connections against the packaged application,
# beside the official TypeScript SDK reference server (../shared/bench/mcp-peer), both pinned to one core and
# wrk on the other. Prints a table and writes target/proof/load.json (read by src/bench/proof.sh).
#
#   src/bench/load.sh                      # build, then measure (about 5 minutes of load)
#   SKIP_BUILD=1 DURATION=5 ROUNDS=1 WARMUP=30 src/bench/load.sh   # quicker, noisier
#
# Our server runs as in production: `java -jar target/quarkus-app/quarkus-run.jar`, prod profile, PostgreSQL
# database changeset_bench (made anew each run), its identity provider the sandbox run as a process of its own
# (dev.changeset.sandbox.SandboxMain), configured by src/test/resources/prod-on-sandbox.properties as the
# end-to-end tests are. Installs what it needs (wrk, Node.js) when it is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)

DURATION=${DURATION:-8}                  # seconds per measurement
CONNECTIONS=${CONNECTIONS:-"1 16 64"}
ROUNDS=${ROUNDS:-3}                      # interleaved rounds; the table shows the median of the rounds
WARMUP=${WARMUP:-60}                     # seconds of unrecorded load per server first: the JIT needs it
SKIP_BUILD=${SKIP_BUILD:-0}
SERVER_CPU=${SERVER_CPU:-0}              # the core both servers are pinned to
LOAD_CPU=${LOAD_CPU:-1}                  # the core wrk (and the sandbox) run on
PEER_SRC=${PEER_SRC:-$ROOT/../shared/bench/mcp-peer}
JAVA_OPTS=${JAVA_OPTS:-}
OUT=$ROOT/target/bench
PROOF=$ROOT/target/proof
mkdir -p "$OUT" "$PROOF"

# ---- Scenarios: one line per tool measured on our server -------------------------------------------------
# scenario NAME TOOL ARGUMENTS-JSON TEXT-EVERY-GOOD-ANSWER-CONTAINS
SCENARIO_NAMES=() SCENARIO_TOOLS=() SCENARIO_ARGS=() SCENARIO_EXPECT=()
scenario() { SCENARIO_NAMES+=("$1"); SCENARIO_TOOLS+=("$2"); SCENARIO_ARGS+=("$3"); SCENARIO_EXPECT+=("$4"); }
scenario get_session get_session '{}' '"subject":"auth0|alice"'
scenario read_catalog read_catalog '{"skus":["APP-1000"]}' '"sku":"APP-1000"'
if [ -n "${SCENARIOS:-}" ]; then # SCENARIOS="get_session": measure only those (for a profile of one call)
  N=() T=() A=() E=()
  for i in "${!SCENARIO_NAMES[@]}"; do
    [[ " $SCENARIOS " == *" ${SCENARIO_NAMES[$i]} "* ]] || continue
    N+=("${SCENARIO_NAMES[$i]}") T+=("${SCENARIO_TOOLS[$i]}") A+=("${SCENARIO_ARGS[$i]}") E+=("${SCENARIO_EXPECT[$i]}")
  done
  SCENARIO_NAMES=("${N[@]}") SCENARIO_TOOLS=("${T[@]}") SCENARIO_ARGS=("${A[@]}") SCENARIO_EXPECT=("${E[@]}")
fi
# The reference server's one tool, measured at the same connection counts.
PEER_TOOL=echo PEER_ARGS='{"text":"hello"}' PEER_EXPECT='hello'
BASELINE_SCENARIO=get_session            # the ratio and the target are stated on this one

# ---- Tools -------------------------------------------------------------------------------------------------
. src/bench/need.sh
need wrk wrk
need taskset util-linux
need curl curl
need node nodejs
need npm npm

PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

# ---- Build -------------------------------------------------------------------------------------------------
if [ "$SKIP_BUILD" != 1 ] || [ ! -f target/quarkus-app/quarkus-run.jar ]; then
  echo "packaging the application (./mvnw -B -q package -DskipTests)" >&2
  ./mvnw -B -q package -DskipTests >&2
fi
CLASSPATH_FILE=$OUT/classpath.txt
if [ ! -s "$CLASSPATH_FILE" ] || [ pom.xml -nt "$CLASSPATH_FILE" ]; then
  ./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$CLASSPATH_FILE" -Dmdep.includeScope=test >&2
fi

# ---- The reference server ------------------------------------------------------------------------------------
PEER_DIR=$ROOT/target/mcp-peer
if [ ! -d "$PEER_DIR/node_modules" ] || ! cmp -s "$PEER_SRC/package.json" "$PEER_DIR/package.json"; then
  rm -rf "$PEER_DIR" && cp -r "$PEER_SRC" "$PEER_DIR"
  (cd "$PEER_DIR" && npm install --no-audit --no-fund --loglevel=error >&2)
fi

# ---- Database: PostgreSQL as in production, when this machine has it ----------------------------------------
DB_PROPS=()
if [ -x .ci/start-postgres ] && .ci/start-postgres >/dev/null 2>&1; then
  su postgres -c "dropdb --if-exists --force changeset_bench" >&2
  su postgres -c "createdb -O changeset changeset_bench" >&2
  DB_PROPS=(-D%prod.quarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:5432/changeset_bench
    -D%prod.quarkus.datasource.username=changeset -D%prod.quarkus.datasource.password=changeset-test)
  DATABASE=postgresql
else
  echo "no PostgreSQL here: the server runs without migrations (get_session does not touch the database)" >&2
  DB_PROPS=(-Dquarkus.flyway.migrate-at-start=false)
  DATABASE=none
fi

# ---- Start: sandbox, our server, the reference ----------------------------------------------------------------
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
wait_for() { # wait_for SECONDS COMMAND...
  local deadline=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.5
  done
}

rm -f "$OUT/sandbox.log" "$OUT/app.log" "$OUT/peer.log" # the logs are polled: never read an old one
taskset -c "$LOAD_CPU" java -cp "target/classes:$(cat "$CLASSPATH_FILE")" dev.changeset.sandbox.SandboxMain 0 \
  >"$OUT/sandbox.log" 2>&1 &
PIDS+=($!)
wait_for 90 grep -q '^SANDBOX_URL=' "$OUT/sandbox.log" || { cat "$OUT/sandbox.log" >&2; exit 1; }
SANDBOX_URL=$(sed -n 's/^SANDBOX_URL=//p' "$OUT/sandbox.log")

APP_PORT=$(free_port)
MANAGEMENT_PORT=$(free_port) # health answers on the management interface only
PROD_PROPS=() PROD_ENV=() # lower-case keys: system properties; UPPER_CASE keys: environment variables
while IFS= read -r line; do
  line=${line//'${sandbox.url}'/$SANDBOX_URL}
  case "$line" in
    ''|'#'*) ;;
    [A-Z]*) [[ "${line%%=*}" =~ ^[A-Z0-9_]+$ ]] && PROD_ENV+=("$line") || PROD_PROPS+=("-D$line") ;;
    *) PROD_PROPS+=("-D$line") ;;
  esac
done < src/test/resources/prod-on-sandbox.properties
# shellcheck disable=SC2086
env "${PROD_ENV[@]}" taskset -c "$SERVER_CPU" java $JAVA_OPTS -Dquarkus.http.port="$APP_PORT" \
  -Dquarkus.management.port="$MANAGEMENT_PORT" "${PROD_PROPS[@]}" "${DB_PROPS[@]}" -jar target/quarkus-app/quarkus-run.jar >"$OUT/app.log" 2>&1 &
APP_PID=$!
PIDS+=("$APP_PID")
APP_URL=http://127.0.0.1:$APP_PORT
wait_for 120 curl -sf "http://127.0.0.1:$MANAGEMENT_PORT/q/health/ready" || { tail -50 "$OUT/app.log" >&2; exit 1; }

PEER_PORT=$(free_port)
PEER_TOKEN=peer-$RANDOM$RANDOM
(cd "$PEER_DIR" && PORT=$PEER_PORT TOKEN=$PEER_TOKEN exec taskset -c "$SERVER_CPU" node perf-server.mjs) \
  >"$OUT/peer.log" 2>&1 &
PEER_PID=$!
PIDS+=("$PEER_PID")
PEER_URL=http://127.0.0.1:$PEER_PORT
wait_for 30 grep -q READY "$OUT/peer.log" || { cat "$OUT/peer.log" >&2; exit 1; }

TOKEN=$(curl -sf -X POST "$SANDBOX_URL/sandbox/tokens" -H 'Content-Type: application/json' \
  -d '{"user":"alice","scope":"changeset:read","ttl_seconds":7200}' \
  | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).access_token))')

# open_session URL TOKEN: initialize + notifications/initialized; prints the session id
open_session() {
  local headers=(-H "Authorization: Bearer $2" -H 'Content-Type: application/json'
    -H 'Accept: application/json, text/event-stream')
  local sid
  sid=$(curl -sf -D - -o /dev/null "$1/mcp" "${headers[@]}" -d '{"jsonrpc":"2.0","id":1,"method":"initialize",
    "params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"load.sh","version":"1"}}}' \
    | tr -d '\r' | awk -F': ' 'tolower($1)=="mcp-session-id"{print $2}')
  [ -n "$sid" ] || { echo "no session from $1" >&2; return 1; }
  curl -sf -o /dev/null "$1/mcp" "${headers[@]}" -H "Mcp-Session-Id: $sid" -H 'Mcp-Protocol-Version: 2025-06-18' \
    -d '{"jsonrpc":"2.0","method":"notifications/initialized"}'
  echo "$sid"
}

RESULTS=$OUT/load-results.jsonl
: >"$RESULTS"
CLK_TCK=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # user + system time of a process, in ticks
# use_ours I / use_reference: what the next measure runs against
use_ours() {
  SERVER=ours SCENARIO=${SCENARIO_NAMES[$1]} URL=$APP_URL TOK=$TOKEN SESSION=${SESSIONS[$1]} PID=$APP_PID
  TOOL=${SCENARIO_TOOLS[$1]} ARGS=${SCENARIO_ARGS[$1]} EXPECT=${SCENARIO_EXPECT[$1]}
}
use_reference() {
  SERVER=reference SCENARIO=$PEER_TOOL URL=$PEER_URL TOK=$PEER_TOKEN SESSION=$PEER_SESSION PID=$PEER_PID
  TOOL=$PEER_TOOL ARGS=$PEER_ARGS EXPECT=$PEER_EXPECT
}
# measure CONNECTIONS SECONDS ROUND (round 0 is a warm-up: not recorded)
measure() {
  local line before after
  before=$(cpu_ticks "$PID")
  line=$(MCP_SESSION=$SESSION TOKEN=$TOK MCP_TOOL=$TOOL MCP_ARGS=$ARGS MCP_EXPECT=$EXPECT taskset -c "$LOAD_CPU" \
    wrk -t1 -c"$1" -d"$2s" --timeout 10s -s src/bench/mcp-call.lua "$URL/mcp" | sed -n 's/^MCP_LOAD //p')
  after=$(cpu_ticks "$PID")
  [ -n "$line" ] || { echo "wrk printed no figures for $SERVER $SCENARIO" >&2; return 1; }
  [ "$3" = 0 ] && return 0
  echo "{\"server\":\"$SERVER\",\"scenario\":\"$SCENARIO\",\"connections\":$1,\"round\":$3,\
\"server_cpu_ms\":$(( (after - before) * 1000 / CLK_TCK )),\"figures\":$line}" >>"$RESULTS"
  echo "  $SERVER $SCENARIO c=$1 round $3: $line" >&2
}

SESSIONS=()
for i in "${!SCENARIO_NAMES[@]}"; do SESSIONS[i]=$(open_session "$APP_URL" "$TOKEN"); done
PEER_SESSION=$(open_session "$PEER_URL" "$PEER_TOKEN")

LOADAVG_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
echo "warming up ($WARMUP s per server)" >&2
for i in "${!SCENARIO_NAMES[@]}"; do use_ours "$i"; measure 16 "$WARMUP" 0; done
use_reference; measure 16 "$WARMUP" 0

for round in $(seq 1 "$ROUNDS"); do
  for c in $CONNECTIONS; do
    for i in "${!SCENARIO_NAMES[@]}"; do use_ours "$i"; measure "$c" "$DURATION" "$round"; done
    use_reference; measure "$c" "$DURATION" "$round"
  done
done
LOADAVG_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

CONTEXT="{\"duration_s\":$DURATION,\"rounds\":$ROUNDS,\"warmup_s\":$WARMUP,\"database\":\"$DATABASE\",\
\"server_cpu\":\"$SERVER_CPU\",\"load_cpu\":\"$LOAD_CPU\",\"cpus\":$(nproc),\
\"loadavg_before\":\"$LOADAVG_BEFORE\",\"loadavg_after\":\"$LOADAVG_AFTER\",\"baseline\":\"$BASELINE_SCENARIO\"}"
node src/bench/load-report.mjs "$RESULTS" "$CONTEXT" "$PROOF/load.json"

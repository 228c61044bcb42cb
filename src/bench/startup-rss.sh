#!/usr/bin/env bash
# Start-up and memory of the packaged JVM application, as a table: JDK 17, JDK 17 with an AppCDS archive, JDK 25,
# JDK 25 with the AOT cache (and a baseline build beside them when BASELINE_APP names one), measured interleaved (one run of each in turn, RUNS
# times), medians per variant and the ratio to the first variant. Production profile (PostgreSQL, JSON logs), the
# JVM options of src/main/jvm/jvm.options (what native/Dockerfile.jvm ships), the sandbox standing in for Auth0 and
# Google as a process of its own (not counted).
#
#   ./mvnw -B package -DskipTests                  # the application (a non-production build: the bench needs the
#                                                  # sandbox's SandboxMain from it)
#   CHANGESET_DB_URL=jdbc:postgresql://127.0.0.1:5432/changeset_test CHANGESET_DB_USER=changeset \
#   CHANGESET_DB_PASSWORD=changeset-test src/bench/startup-rss.sh [runs] [port]   # default: 5 runs on 18501
#
# Per run: time from launch to /q/health/started and to /q/health/ready, CPU time (user + system) the process used
# until ready (steadier than wall time on a busy machine, and what a CPU limit stretches: wall ~ cpu / cores), VmRSS
# after IDLE_SECONDS (default 20) idle (and its anonymous part, RssAnon: the rest is mapped files, such as the
# AppCDS archive or AOT cache, which processes of one image share and the kernel can drop), then, if CALLS > 0 (default 0), VmRSS and VmHWM after CALLS tool calls in
# one assistant session (40% get_session, 30% read_catalog, 25% preview_changeset of a 1% price move (T1), 5%
# apply_changeset: write, receipt, email). Readiness includes the identity provider's keys check (discovery + JWKS
# from the sandbox) and the database migrated by Flyway.
#
# Environment:
#   VARIANTS        default "jdk17 jdk17-cds jdk25 jdk25-aot"; "base" is put first when BASELINE_APP is set
#   BASELINE_APP    a quarkus-app directory of another build (for example main's), run on JDK 17 with
#                   BASELINE_OPTIONS (default: none, as main ran before src/main/jvm/jvm.options existed; for a
#                   later main, @<a copy of its src/main/jvm/jvm.options>)
#   HEALTH_URL_BASE where /q/health/started and /ready are served (default http://127.0.0.1:<port + 2>, the
#                   management interface); BASELINE_HEALTH_URL_BASE the same for "base" (default the same; for a
#                   build from before the management interface, http://127.0.0.1:<port>)
#   JDK17_HOME      default: the JDK of `java` on PATH;  JDK25_HOME default /usr/lib/jvm/temurin-25-jdk-amd64
#   BASELINE_DB_URL database for the baseline (default CHANGESET_DB_URL; its migrations may differ from ours)
# jdk17-cds and jdk25-aot first make their archive with src/main/jvm/aot-train.sh (one training run each, not
# counted). Nothing is
# asserted: these are the figures behind README.md ("Start-up") and k8s/README.md ("Measured").
set -euo pipefail
cd "$(dirname "$0")/../.."
repo="$PWD"
runs="${1:-5}"
port="${2:-18501}"
sandbox_port=$((port + 1))
management_port=$((port + 2)) # health answers on the management interface only
idle="${IDLE_SECONDS:-20}"
calls="${CALLS:-0}"
app="$repo/target/quarkus-app"
options="$repo/src/main/jvm/jvm.options"
jdk17="${JDK17_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
jdk25="${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
variants="${VARIANTS:-jdk17 jdk17-cds jdk25 jdk25-aot}"
health="${HEALTH_URL_BASE:-http://127.0.0.1:$management_port}"
[ -z "${BASELINE_APP:-}" ] || variants="base $variants"
[ -f "$app/quarkus-run.jar" ] || { echo "build first: ./mvnw -B package -DskipTests" >&2; exit 1; }
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
    sleep 0.02
  done
  echo $(( $(now_ms) - start ))
}
mib() { awk -v k="$1" '$1 == k":" {print int($2 / 1024)}' "/proc/$2/status"; }
median() { sort -n | awk '{v[NR] = $1} END {if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2)}'; }

sandbox="http://127.0.0.1:$sandbox_port"
"$jdk17/bin/java" -cp "$app/app/*:$app/lib/boot/*:$app/lib/main/*" dev.changeset.sandbox.SandboxMain "$sandbox_port" \
  > "$work/sandbox.log" 2>&1 &
sandbox_pid=$!
start=$(now_ms)
wait_for "$sandbox/.well-known/openid-configuration" $(( start + 120000 )) >/dev/null \
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

# variant -> "java-home|quarkus-app dir|JVM arguments"
spec() {
  case "$1" in
    base) echo "$jdk17|$BASELINE_APP|${BASELINE_OPTIONS:-}" ;;
    jdk17) echo "$jdk17|$app|@$options" ;;
    jdk17-cds) echo "$jdk17|$app|@$options -XX:SharedArchiveFile=$work/app.jsa" ;;
    jdk25) echo "$jdk25|$app|@$options" ;;
    jdk25-aot) echo "$jdk25|$app|@$options -XX:AOTCache=$work/app.aot" ;;
    *) echo "unknown variant $1 (base, jdk17, jdk17-cds, jdk25, jdk25-aot)" >&2; exit 1 ;;
  esac
}

train() { # java home, archive file
  echo "training run for $2 (not counted) ..."
  HEALTH_URL_BASE="$health" JAVA="$1/bin/java" JVM_OPTIONS_FILE="$options" src/main/jvm/aot-train.sh "$app" "$2" "$sandbox" "$port" \
    "$management_port" | tail -1
}
case " $variants " in *" jdk17-cds "*) train "$jdk17" "$work/app.jsa" ;; esac
case " $variants " in *" jdk25-aot "*) train "$jdk25" "$work/app.aot" ;; esac

echo "$("$jdk17/bin/java" -version 2>&1 | head -1) / $("$jdk25/bin/java" -version 2>&1 | head -1); cores: $(nproc);" \
  "load average before: $(cut -d" " -f1-3 /proc/loadavg); $runs runs of: $variants (interleaved)"
printf '%s\n' "JVM options ($options): $(grep -v '^#' "$options" | tr '\n' ' ')"
: > "$work/results"
for run in $(seq 1 "$runs"); do
  for variant in $variants; do
    IFS='|' read -r home dir args <<< "$(spec "$variant")"
    db_url="$CHANGESET_DB_URL"
    probe="$health"
    [ "$variant" != base ] || { db_url="${BASELINE_DB_URL:-$CHANGESET_DB_URL}"; probe="${BASELINE_HEALTH_URL_BASE:-$health}"; }
    start=$(now_ms)
    # shellcheck disable=SC2086 # args is a list of JVM arguments
    (cd "$work" && CHANGESET_DB_URL="$db_url" exec "$home/bin/java" $args -Dquarkus.http.port="$port" -Dquarkus.management.port="$management_port" \
        -D%prod.changeset.identity.issuer="$sandbox/" \
        -Dchangeset.vault.client-id=sandbox-custom-api-client \
        -Dchangeset.vault.client-secret=sandbox-custom-api-client-secret \
        -Dchangeset.approval.client-id=sandbox-ciba-client -Dchangeset.approval.client-secret=sandbox-ciba-secret \
        -Dchangeset.catalog.sheets-root-url="$sandbox" -Dchangeset.catalog.spreadsheet-id=1SbxCommerceChangesetDemoCatalog2026 \
        -Dchangeset.notify.gmail-root-url="$sandbox/" -jar "$dir/quarkus-run.jar" > "$work/$variant-$run.log" 2>&1) &
    app_pid=$!
    deadline=$(( start + 180000 ))
    started=$(wait_for "$probe/q/health/started" "$deadline") || { cat "$work/$variant-$run.log" >&2; exit 1; }
    ready=$(wait_for "$probe/q/health/ready" "$deadline") || { cat "$work/$variant-$run.log" >&2; exit 1; }
    cpu_ms=$(awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$app_pid/stat")
    load_avg=$(cut -d" " -f1 /proc/loadavg)
    sleep "$idle"
    idle_rss=$(mib VmRSS "$app_pid")
    idle_anon=$(mib RssAnon "$app_pid")
    loaded="-"
    if [ "$calls" -gt 0 ]; then
      read -r done errors seconds < <(load)
      loaded="$(mib VmRSS "$app_pid") $(mib VmHWM "$app_pid") $errors $seconds"
    fi
    echo "$variant $run $started $ready $cpu_ms $idle_rss $idle_anon $loaded" >> "$work/results"
    echo "run $run $variant (load $load_avg): started ${started} ms, ready ${ready} ms, CPU to ready ${cpu_ms} ms;" \
      "after ${idle}s idle: VmRSS ${idle_rss} MiB (RssAnon ${idle_anon})$([ "$loaded" = - ] || echo "; after $calls tool calls (VmRSS," \
      "VmHWM MiB, errors, s): $loaded")"
    kill "$app_pid"
    wait "$app_pid" 2>/dev/null || true
    app_pid=""
  done
done

col() { awk -v v="$1" -v c="$2" '$1 == v {print $c}' "$work/results" | median; }
first="${variants%% *}"
echo
echo "Medians of $runs interleaved runs (ratio to $first); load average after: $(cut -d" " -f1-3 /proc/loadavg)"
echo
echo "| variant | started | ready | CPU to ready | VmRSS after ${idle} s idle | RssAnon |$([ "$calls" -gt 0 ] && echo " VmHWM after $calls calls |")"
echo "|---|---|---|---|---|---|$([ "$calls" -gt 0 ] && echo "---|")"
for variant in $variants; do
  row="| $variant"
  for c in 3 4 5 6 7 $([ "$calls" -gt 0 ] && echo 9); do
    value=$(col "$variant" "$c")
    base=$(col "$first" "$c")
    unit=$([ "$c" -ge 6 ] && echo " MiB" || echo " ms")
    row+=" | ${value}${unit} ($(awk -v a="$value" -v b="$base" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}'))"
  done
  echo "$row |"
done

#!/usr/bin/env bash
# Measures the packaged JVM application's time to ready and its idle resident memory, on the sandbox.
#
#   ./mvnw -B package -DskipTests -Dquarkus.profile=dev     # the packaged app with the embedded sandbox and H2
#   src/bench/startup-rss.sh [runs] [port]                  # default: 3 runs on port 18501
#
# "Dev-like config": the fast-jar built with the dev profile (H2 file database, embedded sandbox standing in for
# Auth0 and Google), run with -Dquarkus.profile=dev. A production build (PostgreSQL, real Auth0) starts the same
# extensions minus the sandbox, so these figures are an upper bound for the JVM image. Readiness includes the
# identity provider's keys check (discovery + JWKS from the sandbox), as it does against Auth0 in a cluster.
# Prints, per run: ms from launch to /q/health/started 200 and to /q/health/ready 200, the CPU time used until
# ready, then VmRSS and VmHWM after IDLE_SECONDS (default 20) of idleness. Nothing is asserted: these are figures for k8s/README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-3}"
port="${2:-18501}"
sandbox_port=$((port + 1))
idle="${IDLE_SECONDS:-20}"
jar="$PWD/target/quarkus-app/quarkus-run.jar"
[ -f "$jar" ] || { echo "build first: ./mvnw -B package -DskipTests -Dquarkus.profile=dev" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

now_ms() { date +%s%3N; }
wait_for() { # url deadline_ms -> prints elapsed ms since $start, or fails
  local url="$1" deadline="$2"
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    [ "$(now_ms)" -lt "$deadline" ] || return 1
    sleep 0.05
  done
  echo $(( $(now_ms) - start ))
}

echo "java: $(java -version 2>&1 | head -1); cores: $(nproc); load average before: $(cut -d" " -f1-3 /proc/loadavg)"
for run in $(seq 1 "$runs"); do
  rm -rf "$work/target"
  start=$(now_ms)
  (cd "$work" && exec java -Dquarkus.profile=dev -Dquarkus.http.port="$port" \
      -Dsandbox.url="http://127.0.0.1:$sandbox_port" -jar "$jar" > "$work/run-$run.log" 2>&1) &
  pid=$!
  deadline=$(( start + 120000 ))
  started=$(wait_for "http://127.0.0.1:$port/q/health/started" "$deadline") || { kill "$pid"; cat "$work/run-$run.log" >&2; exit 1; }
  ready=$(wait_for "http://127.0.0.1:$port/q/health/ready" "$deadline") || { kill "$pid"; cat "$work/run-$run.log" >&2; exit 1; }
  # CPU time the process used until ready (user + system, in clock ticks): independent of how busy the machine
  # is, and what a CPU limit or request stretches: wall time at N cores ~ cpu_ms / N.
  cpu_ms=$(awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$pid/stat")
  sleep "$idle"
  # the java process itself (the subshell exec'd into it)
  rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
  hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status")
  quarkus_says=$(grep -o 'started in [0-9.]*s' "$work/run-$run.log" | head -1 || true)
  echo "run $run (load $(cut -d" " -f1 /proc/loadavg)): started ${started} ms, ready ${ready} ms, CPU to ready ${cpu_ms} ms (Quarkus: ${quarkus_says:-?}), after ${idle}s idle: VmRSS $((rss / 1024)) MiB, VmHWM $((hwm / 1024)) MiB"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
done

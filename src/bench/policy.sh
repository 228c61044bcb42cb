#!/usr/bin/env bash
# The policy benchmark of issue 4: the seed design's engine (json-rules-engine, seven rules) and ours (Drools,
# src/main/resources/dev/changeset/policy) on the same ten operations, single-operation evaluations, each on one
# core (taskset -c $BENCH_CPU), in one run. Prints both figures and the ratio.
#
#   src/bench/policy.sh                      # baseline from ../shared/bench/policy-baseline
#   POLICY_BASELINE=/path/to/policy-baseline BENCH_CPU=1 src/bench/policy.sh
#
# Ours runs under JMH (PolicyBench, in a forked JVM pinned to the same core); the baseline is its own
# rules-bench.mjs, unchanged. The baseline runs before and after ours, and its mean is the reference.
set -euo pipefail
cd "$(dirname "$0")/../.."
CPU=${BENCH_CPU:-1}
BASELINE_SRC=${POLICY_BASELINE:-../shared/bench/policy-baseline}
OUT=target/policy-bench
mkdir -p "$OUT"

command -v taskset >/dev/null || { echo "taskset (util-linux) is needed" >&2; exit 1; }
command -v node >/dev/null || { echo "node is needed for the baseline" >&2; exit 1; }
[ -f "$BASELINE_SRC/rules-bench.mjs" ] || { echo "no baseline at $BASELINE_SRC (set POLICY_BASELINE)" >&2; exit 1; }

rm -rf "$OUT/baseline" && cp -r "$BASELINE_SRC" "$OUT/baseline"
(cd "$OUT/baseline" && npm install --no-audit --no-fund --silent >/dev/null)

# The measured JVM is pinned; Maven and the JMH host JVM are not (they only wait).
JAVA_BIN=${JAVA_HOME:+$JAVA_HOME/bin/}java
cat > "$OUT/java-on-one-core" <<SH
#!/bin/sh
exec taskset -c $CPU $(command -v "$JAVA_BIN") "\$@"
SH
chmod +x "$OUT/java-on-one-core"

load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "load average before: $(load) (on $(nproc) cores; other load skews both engines' rates, less their p50)"

run_baseline() {
  (cd "$OUT/baseline" && taskset -c "$CPU" node rules-bench.mjs) > "$OUT/baseline-$1.txt"
  grep 'shared engine, sequential awaited' "$OUT/baseline-$1.txt"
}
run_baseline 1
./mvnw -B -q test -Pbench -Dtest=PolicyBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.jvm="$PWD/$OUT/java-on-one-core" > "$OUT/drools.txt" 2>&1 || { tail -50 "$OUT/drools.txt"; exit 1; }
grep 'POLICY-BENCH' "$OUT/drools.txt" | grep -v decision
run_baseline 2
echo "load average after: $(load)"

python3 - "$OUT" <<'PY'
import re, sys
out = sys.argv[1]
def grab(pattern, text):
    m = re.search(pattern, text)
    return float(m.group(1)) if m else None
base = [open(f"{out}/baseline-{i}.txt").read() for i in (1, 2)]
base_rate = sum(grab(r"shared engine, sequential awaited.*rate=([\d.]+)/s", b) for b in base) / 2
base_p50 = sum(grab(r"shared engine, sequential awaited.*p50=([\d.]+)us", b) for b in base) / 2
ours = open(f"{out}/drools.txt").read()
print()
print(f"baseline json-rules-engine (mean of 2 runs): {base_rate:,.0f} evaluations/s, p50 {base_p50:.1f} us")
for pool in ("4", "0"):
    rate = grab(rf"singleOperation pool={pool} throughput rate=([\d.]+)/s", ours)
    p50 = grab(rf"singleOperation pool={pool} latency p50=([\d.]+)us", ours)
    label = "as configured (session pool 4)" if pool == "4" else "no session pool"
    print(f"ours, Drools, {label}: {rate:,.0f} evaluations/s, p50 {p50:.2f} us"
          f"  ->  throughput x{rate / base_rate:.1f}, p50 x{base_p50 / p50:.1f} faster")
PY

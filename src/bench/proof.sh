#!/usr/bin/env bash
# The proof suite in one command: the end-to-end and attack tests against the packaged application (failsafe
# *IT tests, which write target/proof/<proof>.json), then the load comparison (src/bench/load.sh, which writes
# target/proof/load.json), then one table of everything (src/bench/proof-table.mjs). A proof that has not run
# or does not exist yet is printed as "not yet measured", never as a number.
#
#   src/bench/proof.sh                         # everything
#   PROOF_ITS='TokenAttackCorpusIT' SKIP_LOAD=1 src/bench/proof.sh
#   SOAK_MINUTES=10 src/bench/proof.sh         # also the soak (SoakBench: soak.json, receipts.json)
#
# Exits non-zero when a test failed, the load could not be measured, or a proof did not hold.
set -uo pipefail
cd "$(dirname "$0")/../.."
. src/bench/need.sh
need node nodejs # the table
mkdir -p target/proof
rm -f target/proof/*.json # never print an earlier run's figures

status=0
its=()
[ -n "${PROOF_ITS:-}" ] && its=(-Dit.test="$PROOF_ITS")
echo "== proof tests (./mvnw -B verify -Dtest=none ${its[*]})" >&2
./mvnw -B verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false "${its[@]}" >target/proof/verify.log 2>&1 \
  || { status=1; echo "the proof tests failed: see target/proof/verify.log" >&2; }
grep -E 'Tests run:|FAIL' target/proof/verify.log | tail -15 >&2

if [ -n "${SOAK_MINUTES:-}" ]; then
  echo "== soak (SoakBench, $SOAK_MINUTES min)" >&2
  ./mvnw -B verify -Pbench -Dtest=SoakBench -Dsoak.minutes="$SOAK_MINUTES" -DskipITs \
    -Dsurefire.failIfNoSpecifiedTests=false >target/proof/soak.log 2>&1 \
    || { status=1; echo "the soak failed: see target/proof/soak.log" >&2; }
  grep -E '^(=== SoakBench|baseline|live threads|heap after|calls |per tool|errors |changesets|audit chain|load av)' \
    target/proof/soak.log >&2
fi

if [ "${SKIP_LOAD:-0}" != 1 ]; then
  echo "== load (src/bench/load.sh)" >&2
  SKIP_BUILD=1 src/bench/load.sh >target/proof/load.log 2>&1 \
    || { status=1; echo "the load run failed: see target/proof/load.log" >&2; }
fi

node src/bench/proof-table.mjs target/proof || status=1
exit $status

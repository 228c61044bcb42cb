#!/usr/bin/env bash
# The proof suite in one command: the end-to-end and attack tests against the packaged application (failsafe
# *IT tests) and the in-JVM proofs (bad inputs, the right user, faults), which write target/proof/<proof>.json,
# then the load comparison (src/bench/load.sh, which writes target/proof/load.json),
# then the ten-minute soak (SoakBench: soak.json, receipts.json), then one table of everything
# (src/bench/proof-table.mjs). A proof that has not run is printed as "not yet measured", never as a number.
#
#   src/bench/proof.sh                         # everything (about 35 minutes here)
#   PROOF_ITS='TokenAttackCorpusIT' PROOF_TESTS=none SOAK_MINUTES=0 SKIP_LOAD=1 src/bench/proof.sh
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
# The proofs that run inside the test JVM (surefire); PROOF_TESTS=none leaves them out.
tests="${PROOF_TESTS:-BadInputCorpusTest,RightUserTest,FaultsTest,DatabaseFaultsTest,DoorAttackTest,SecondLockAttackTest,AssistantNoteAttackTest,UserStateSignalsAttackTest,EmailApprovalAttackTest,ChangesetPushLimitsTest,SessionBoundsAttackTest,MetricsBoundsAttackTest,ManagementPortAttackTest,RouteInventoryTest,SalamiDriftTest,SalamiDriftWindowTest}"
echo "== proof tests (./mvnw -B verify -Dtest=$tests ${its[*]})" >&2
./mvnw -B verify -Dtest="$tests" -Dsurefire.failIfNoSpecifiedTests=false "${its[@]}" >target/proof/verify.log 2>&1 \
  || { status=1; echo "the proof tests failed: see target/proof/verify.log" >&2; }
grep -E 'Tests run:|FAIL' target/proof/verify.log | tail -15 >&2

SOAK_MINUTES="${SOAK_MINUTES:-10}"
SOAK=SoakBench # on H2; on PostgreSQL, as in production, when .ci/start-postgres's variables are set
[ -n "${CHANGESET_TEST_PG_URL:-}" ] && SOAK=SoakPostgresBench
if [ "$SOAK_MINUTES" != 0 ]; then
  echo "== soak ($SOAK, $SOAK_MINUTES min)" >&2
  ./mvnw -B verify -Pbench -Dtest="$SOAK" -Dsoak.minutes="$SOAK_MINUTES" -DskipITs \
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

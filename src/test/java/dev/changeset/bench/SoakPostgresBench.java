package dev.changeset.bench;

import dev.changeset.support.PostgresProfile;
import dev.changeset.support.RequiresPostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The soak of {@link SoakBench} with the server on PostgreSQL, as in production (row claims with FOR UPDATE SKIP
 * LOCKED, the append-only receipt table's triggers). {@code src/bench/proof.sh} runs this one when PostgreSQL is
 * configured. Run with {@code ./mvnw verify -Pbench -Dtest=SoakPostgresBench -Dsurefire.failIfNoSpecifiedTests=false}
 * and the {@code CHANGESET_TEST_PG_*} variables {@code .ci/start-postgres} prints.
 */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@RequiresPostgres
@WithTestResource(SoakSandbox.class)
class SoakPostgresBench extends SoakBench {
}

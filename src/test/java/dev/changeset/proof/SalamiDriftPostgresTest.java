package dev.changeset.proof;

import dev.changeset.support.PostgresProfile;
import dev.changeset.support.RequiresPostgres;
import dev.changeset.support.SandboxResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * {@link SalamiDriftTest} on PostgreSQL: the executed changes' table (V4_2), its index and the baseline look-up
 * ({@code FETCH FIRST}, timestamps with time zone) run there too. It writes the same tally file (salami.json).
 */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@RequiresPostgres
@WithTestResource(SandboxResource.class)
class SalamiDriftPostgresTest extends SalamiDriftTest {
}

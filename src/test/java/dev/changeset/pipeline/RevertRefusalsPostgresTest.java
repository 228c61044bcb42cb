package dev.changeset.pipeline;

import dev.changeset.support.PostgresProfile;
import dev.changeset.support.RequiresPostgres;
import dev.changeset.support.SandboxResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link RevertRefusalsTest} on PostgreSQL: the revert hold's unique index, and receipts under the append-only trigger. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@RequiresPostgres
@WithTestResource(SandboxResource.class)
class RevertRefusalsPostgresTest extends RevertRefusalsTest {
}

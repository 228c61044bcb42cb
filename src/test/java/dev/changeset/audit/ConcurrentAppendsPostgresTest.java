package dev.changeset.audit;

import dev.changeset.support.PostgresProfile;
import dev.changeset.support.RequiresPostgres;
import dev.changeset.support.SandboxResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link ConcurrentAppendsContract} on PostgreSQL. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@RequiresPostgres
@WithTestResource(SandboxResource.class)
class ConcurrentAppendsPostgresTest extends ConcurrentAppendsContract {
}

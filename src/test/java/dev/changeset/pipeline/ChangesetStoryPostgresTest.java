package dev.changeset.pipeline;

import dev.changeset.support.PostgresProfile;
import dev.changeset.support.RequiresPostgres;
import dev.changeset.support.SandboxResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The whole story of {@link ChangesetStoryTest} on PostgreSQL (row claims with FOR UPDATE SKIP LOCKED). */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@RequiresPostgres
@WithTestResource(SandboxResource.class)
class ChangesetStoryPostgresTest extends ChangesetStoryTest {
}

package dev.changeset.proof;

import dev.changeset.support.PostgresProfile;
import dev.changeset.support.RequiresPostgres;
import dev.changeset.support.SandboxResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * {@link EmailApprovalAttackTest} on PostgreSQL: the purpose column (V2_2), the mail requests' table and its unique
 * open key (V4_1), and the push counts run there too. Its attempts join the same tally.
 */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@RequiresPostgres
@WithTestResource(SandboxResource.class)
class EmailApprovalAttackPostgresTest extends EmailApprovalAttackTest {
}

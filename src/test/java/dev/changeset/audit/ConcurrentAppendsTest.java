package dev.changeset.audit;

import dev.changeset.support.SandboxResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** {@link ConcurrentAppendsContract} on the default H2 database. */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class ConcurrentAppendsTest extends ConcurrentAppendsContract {
}

package dev.changeset.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Issue 17 item 1: the policy decides from facts it is handed and keeps nothing. Its sources name no class of the
 * packages that call it or hold state for it (mcp, pipeline, catalog, vault, signals), no cache and no REST
 * endpoint. Read from the source files, imports and fully qualified names alike.
 */
class PolicyDependenciesTest {

    private static final List<String> FORBIDDEN = List.of("dev.changeset.mcp.", "dev.changeset.pipeline.",
            "dev.changeset.catalog.", "dev.changeset.vault.", "dev.changeset.signals.",
            "com.github.benmanes.caffeine", "jakarta.ws.rs", "io.quarkus.cache");

    @Test
    void the_policy_names_no_caller_no_cache_and_no_endpoint() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/java/dev/changeset/policy"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                FORBIDDEN.stream().filter(source::contains).forEach(f -> found.add(file.getFileName() + ": " + f));
            }
        }
        assertEquals(List.of(), found);
    }
}

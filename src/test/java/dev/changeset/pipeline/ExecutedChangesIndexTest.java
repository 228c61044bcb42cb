package dev.changeset.pipeline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.changeset.jdbc.Timestamps;
import dev.changeset.support.SandboxResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A preview's baseline look-up reads the index on (sku, field, executed_at), never the whole table of executed changes:
 * the database's own plan for each of the two queries names the index (H2's EXPLAIN, the default database).
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class ExecutedChangesIndexTest {

    @Inject
    DataSource db;

    @ParameterizedTest
    @ValueSource(strings = { ExecutedChanges.FIRST_IN_WINDOW, ExecutedChanges.COUNT_IN_WINDOW })
    void the_baseline_look_up_is_a_range_read_of_the_drift_index(String query) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("EXPLAIN " + query)) {
            s.setString(1, "APP-1000");
            s.setString(2, "price");
            s.setObject(3, Timestamps.utc(Instant.now()));
            StringBuilder plan = new StringBuilder();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    plan.append(r.getString(1));
                }
            }
            // H2 names the index it reads and the conditions it reads it by in a comment: /* PUBLIC.INDEX: ... */
            String text = plan.toString().replaceAll("\\s+", " ");
            int at = text.indexOf("/* PUBLIC.EXECUTED_CHANGE_DRIFT:");
            assertTrue(at >= 0, "the plan reads no index: " + text);
            String range = text.substring(at, text.indexOf("*/", at));
            for (String condition : List.of("SKU = ?1", "FIELD = ?2", "EXECUTED_AT >= ?3")) {
                assertTrue(range.contains(condition), condition + " is not read from the index: " + text);
            }
        }
    }
}

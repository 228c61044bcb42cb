package dev.changeset.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.changeset.support.SandboxResource;
import dev.changeset.support.SandboxStory;
import dev.changeset.support.Story;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Invalid operations over MCP: each gets a specific error naming the operation and field, and nothing is stored. */
@QuarkusTest
@WithTestResource(SandboxResource.class)
@ExtendWith(SandboxStory.class)
class InvalidPreviewTest {

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;
    @Inject
    DataSource db;

    Story alice;

    @BeforeEach
    void setUp() {
        alice = new Story(publicUrl, sandboxUrl, "alice");
    }

    @AfterEach
    void tearDown() {
        alice.close();
    }

    String refused(Map<String, Object>... operations) throws SQLException {
        long before = changesets();
        String message = alice.error("preview_changeset", Map.of("operations", List.of(operations)));
        assertEquals(before, changesets(), "nothing is stored for a refused preview");
        return message;
    }

    @Test
    void each_invalid_operation_names_its_field() throws SQLException {
        assertTrue(refused(Map.of("op", "set_price", "sku", "APP-1000", "price", -5))
                .contains("operation 1 (set_price APP-1000) field price: must be above 0"));
        assertTrue(refused(Map.of("op", "set_price", "sku", "APP-1000", "price", 12.345))
                .contains("field price: at most 2 decimals, got 12.345"));
        assertTrue(refused(Map.of("op", "set_price", "sku", "NOPE-1", "price", 10))
                .contains("no product with SKU NOPE-1 in the catalog"));
        assertTrue(refused(Map.of("op", "set_price", "sku", "APP-1000", "price", 10),
                Map.of("op", "set_price", "sku", "APP-1000", "price", 11))
                .contains("operation 2 (set_price APP-1000): a second operation on the price of APP-1000"));
        assertTrue(refused(Map.of("op", "adjust_inventory", "sku", "APP-1000", "delta", -1000))
                .contains("stock would be -979 (now 21); it cannot go below 0"));
        assertTrue(refused(Map.of("op", "set_promotion", "sku", "APP-1000", "active", true, "percent", 95))
                .contains("field percent: must be 0 to 90, got 95"));
    }

    @Test
    void more_than_500_operations_are_refused() throws SQLException {
        List<Map<String, Object>> ops = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            ops.add(Map.of("op", "set_price", "sku", "SKU-" + i, "price", 10));
        }
        @SuppressWarnings("unchecked")
        String message = refused(ops.toArray(Map[]::new));
        assertTrue(message.contains("501 operations is more than the 500"), message);
    }

    @Test
    void wrong_types_are_refused_before_anything_runs() throws SQLException {
        long before = changesets();
        for (Object price : List.of("NaN", "twelve", List.of(1), Map.of("x", 1), true)) {
            String message = alice.error("preview_changeset", Map.of("operations",
                    List.of(Map.of("op", "set_price", "sku", "APP-1000", "price", price))));
            assertTrue(message.contains("operations item 1 field price: must be a number, not "), message);
        }
        assertTrue(alice.error("preview_changeset", Map.of("operations", List.of(Map.of("op", "set_price",
                "sku", 1000, "price", 5, "colour", "red")))).contains("operations item 1: field 'colour' is not one of"));
        assertTrue(alice.error("preview_changeset", Map.of("operations", List.of("set_price APP-1000 5")))
                .contains("operations item 1: must be an object"));
        assertEquals(before, changesets());
    }

    private long changesets() throws SQLException {
        try (Connection c = db.getConnection(); ResultSet r = c.createStatement().executeQuery(
                "SELECT COUNT(*) FROM changeset")) {
            r.next();
            return r.getLong(1);
        }
    }
}

package dev.changeset.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.changeset.support.SandboxResource;
import dev.changeset.support.Story;
import dev.changeset.vault.TokenVault;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;

/**
 * Sealing a receipt names the Token Vault exchanges the execution used, from its trail; it never asks Token Vault
 * again. Shown where it used to: a verified write whose receipt the database would not take is sealed later, after
 * the Google token cache lost the entry, and no exchange happens (before, that seal exchanged anew). The caller's
 * token carries no email address here, so no receipt mail (the Notifier exchanges for itself) blurs the count.
 */
@QuarkusTest
@TestProfile(SealingWithoutVaultTest.ShortLeaseNoMail.class)
@WithTestResource(SandboxResource.class)
class SealingWithoutVaultTest extends AliceOverMcp {

    /** A one-second receipt append deadline, a two-second execution lease, no email claim in tokens. */
    public static class ShortLeaseNoMail implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("changeset.audit.append-timeout", "1S", "changeset.pipeline.execution-lease", "2S",
                    "changeset.identity.email-claim", "https://changeset.test/no-such-claim");
        }
    }

    @Inject
    DataSource db;
    @Inject
    TokenVault vault;

    @Test
    void a_late_seal_asks_token_vault_for_nothing() throws Exception {
        String id = alice.preview(Story.setPrice("APP-1000", "67.99")).getString("changesetId");
        JsonObject verified;
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("SELECT sequence FROM receipt_chain_head WHERE id = 1 FOR UPDATE"); // appends must wait
            verified = alice.apply(id, 0);
            c.rollback();
            c.setAutoCommit(true);
        }
        assertEquals("VERIFIED", verified.getString("state"), "written, its receipt not stored: " + verified.encode());
        assertNull(verified.getString("receiptId"));

        vault.invalidate("auth0|alice"); // the cache has lost alice's Google token, as after its expiry
        long exchanges = sandbox.exchanges("alice");
        Thread.sleep(2500); // past the execution lease: the next look seals it
        JsonObject sealed = alice.ok("get_changeset", Map.of("changesetId", id));
        assertEquals("SEALED", sealed.getString("state"), sealed.encode());
        assertNotNull(sealed.getString("receiptId"));
        assertEquals(exchanges, sandbox.exchanges("alice"), "sealing exchanged no token");

        JsonObject receipt = alice.ok("get_receipt", Map.of("receiptId", sealed.getString("receiptId")));
        assertTrue(receipt.getJsonArray("notes").encode().contains("verified at"), receipt.encode());
    }
}

package dev.changeset.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.changeset.jdbc.Timestamps;
import dev.changeset.pipeline.PreviewPurge;
import dev.changeset.support.ProofRecord;
import dev.changeset.support.SandboxResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Issue 14, door review F7: a token with only changeset:read stored a 500-operation preview per call, for ever (20 of
 * them added 8.3 MB). Over real HTTP against the running server and the sandbox, with the bound at 3: carol's fourth
 * open preview is refused naming the bound, and stores nothing; previews that expired a validity ago are deleted by
 * the scheduled purge (called here directly, no clock waited on), and a preview can be made again. The tally goes to
 * {@code target/proof/preview-bounds.json}.
 */
@QuarkusTest
@TestProfile(PreviewBoundsAttackTest.ThreeOpen.class)
@WithTestResource(SandboxResource.class)
class PreviewBoundsAttackTest extends AttackProof {

    /** At most 3 open previews per person. */
    public static class ThreeOpen implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("changeset.pipeline.max-open-previews", "3");
        }
    }

    static final ProofRecord PROOF = new ProofRecord("preview-bounds");

    @Inject
    AgroalDataSource db;
    @Inject
    PreviewPurge purge;

    @Override
    ProofRecord proof() {
        return PROOF;
    }

    @AfterAll
    static void writeTally() {
        PROOF.write();
    }

    @Test
    void open_previews_are_bounded_per_person_and_expired_ones_are_purged() throws SQLException {
        String reader = sandbox.token("carol", "openid changeset:read");
        String session = http.open(reader);
        expireAll("carol", Duration.ofHours(2)); // earlier classes' previews of carol's, if any, are old now
        purge.purge();
        List<String> states = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            states.add(String.valueOf(preview(reader, session).getString("state")));
        }
        record("3 previews with a read-only token", "3 PREVIEWED", states.toString(),
                states.equals(List.of("PREVIEWED", "PREVIEWED", "PREVIEWED")));
        WorldState before = WorldState.of(sandbox, db);
        JsonObject fourth = preview(reader, session);
        String changed = before.changesSince(sandbox, db).orElse("nothing");
        record("a fourth open preview", "refused naming changeset.pipeline.max-open-previews, nothing stored",
                fourth.encode() + "; changed: " + changed, Boolean.TRUE.equals(fourth.getBoolean("isError"))
                        && fourth.encode().contains("changeset.pipeline.max-open-previews")
                        && changed.equals("nothing"));

        int stored = previews("carol");
        expireAll("carol", Duration.ofHours(2)); // as two hours later: expired, and a validity past that
        int deleted = purge.purge();
        record("the purge after the previews expired", stored + " deleted, none left", deleted + " deleted, "
                + previews("carol") + " left", deleted >= stored && stored >= 3 && previews("carol") == 0);
        JsonObject again = preview(reader, session);
        record("a preview after the purge", "PREVIEWED", again.encode(), "PREVIEWED".equals(again.getString("state")));
        assertEquals(List.of(), failures);
    }

    /** A one-operation preview; its structured content, or the tool error as {isError, text}. */
    private JsonObject preview(String token, String session) {
        JsonObject arguments = new JsonObject().put("operations", new JsonArray().add(new JsonObject()
                .put("op", "set_price").put("sku", "APP-1000").put("price", 68.99)));
        RawHttp.Answer answer = http.post("/mcp", token, session, RawHttp.toolCall("preview_changeset", arguments));
        JsonObject message = answer.json();
        JsonObject result = message == null ? null : message.getJsonObject("result");
        if (result == null) {
            return new JsonObject().put("isError", true).put("text", answer.brief());
        }
        if (Boolean.TRUE.equals(result.getBoolean("isError"))) {
            return new JsonObject().put("isError", true).put("text", result.getJsonArray("content").encode());
        }
        return result.getJsonObject("structuredContent");
    }

    private void expireAll(String user, Duration ago) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE changeset SET preview_expires_at = ? WHERE subject = ? AND state = 'PREVIEWED'")) {
            s.setObject(1, Timestamps.utc(Instant.now().minus(ago)));
            s.setString(2, "auth0|" + user);
            s.executeUpdate();
        }
    }

    private int previews(String user) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT COUNT(*) FROM changeset WHERE subject = ? AND state = 'PREVIEWED'")) {
            s.setString(1, "auth0|" + user);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }
}

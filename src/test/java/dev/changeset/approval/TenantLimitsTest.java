package dev.changeset.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.changeset.support.SandboxResource;
import dev.changeset.support.Story;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;

/**
 * The tenant's CIBA limits counted by the server itself (issue 15 item 5): with
 * {@code changeset.approval.tenant-limits.per-minute=3}, the fourth request in a minute is not sent at all (the
 * sandbox, which would take five from this user, sees three) and the changeset fails saying it is the tenant's limit.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
@TestProfile(TenantLimitsTest.ThreeAMinute.class)
class TenantLimitsTest extends GateStory {

    public static class ThreeAMinute implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("changeset.approval.tenant-limits.per-minute", "3");
        }
    }

    @Test
    void past_the_tenants_requests_a_minute_no_request_is_sent_and_the_answer_names_the_tenant_limit() {
        List<String> pending = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            JsonObject preview = alice.preview(Story.setPrice("APP-1000", "80.00"));
            JsonObject applied = alice.apply(preview.getString("changesetId"), 0);
            assertEquals("AWAITING_APPROVAL", applied.getString("state"), applied.encode());
            pending.add(applied.getString("changesetId"));
        }
        JsonObject preview = alice.preview(Story.setPrice("APP-1000", "80.00"));
        JsonObject fourth = alice.apply(preview.getString("changesetId"), 0);

        assertEquals("FAILED", fourth.getString("state"), fourth.encode());
        assertTrue(fourth.getString("detail").contains("a tenant limit: 3 were sent in the last minute, at most 3"),
                fourth.getString("detail"));
        assertEquals(3, alice.cibaRequests("alice").size(), "the fourth never reached Auth0");
        assertEquals(before, alice.sheetHash());
        pending.forEach(id -> alice.ok("cancel_changeset", Map.of("changesetId", id)));
    }
}

package dev.changeset.approval;

import static dev.changeset.approval.ApprovalScenes.onlyRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.changeset.support.SandboxResource;
import dev.changeset.support.Story;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Auth0's email approval (issue 15 item 5): frank has no Guardian push enrollment, so the tenant, whose CIBA
 * application has the email channel, mails him its "Action Required" message instead of refusing; he opens its
 * link, accepts on the consent page, and the change runs. The tool's answer says which channel was used: "by email"
 * for frank, "by Guardian push" for alice. Everything over HTTP: MCP client -> server -> sandbox tenant.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class EmailApprovalChannelTest extends GateStory {

    @Test
    void a_user_without_guardian_push_approves_by_the_link_in_auth0s_email_and_the_answer_says_by_email()
            throws Exception {
        try (Story frank = new Story(publicUrl, sandboxUrl, "frank")) {
            JsonObject preview = frank.preview(Story.setPrice("APP-1000", "80.00"));
            String id = preview.getString("changesetId");
            JsonObject waiting = frank.apply(id, 0);
            assertEquals("AWAITING_APPROVAL", waiting.getString("state"), waiting.encode());
            assertTrue(waiting.getString("next").contains("Auth0's approval email"), waiting.getString("next"));

            JsonObject request = onlyRequest(frank, "frank");
            assertEquals("email", request.getString("channel"), request.encode());
            JsonArray emails = frank.sandbox.get("/sandbox/ciba/emails?user=frank").getJsonArray("emails");
            assertEquals(1, emails.size(), emails.encode());
            JsonObject email = emails.getJsonObject(0);
            assertEquals("frank@example.com", email.getString("to"));
            assertTrue(email.getString("text").contains(preview.getString("code")), email.encode());

            HttpClient http = HttpClient.newHttpClient();
            String mailbox = http.send(HttpRequest.newBuilder(URI.create(sandboxUrl + "/auth0-mail/frank")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(mailbox.contains(email.getString("url").replace("&", "&amp;")), mailbox);
            String consentPage = http.send(HttpRequest.newBuilder(URI.create(email.getString("url"))).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(consentPage.contains(preview.getString("code")) && consentPage.contains("APP-1000"),
                    consentPage);
            String consent = email.getString("url").substring(email.getString("url").indexOf("consent=") + 8);
            HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(sandboxUrl + "/bc-verify"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("consent=" + consent + "&decision=accept")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, accepted.statusCode(), accepted.body());

            var result = frank.call("apply_changeset", Map.of("changesetId", id, "waitSeconds", 30));
            JsonObject sealed = JsonObject.mapFrom(result.structuredContent());
            assertEquals("SEALED", sealed.getString("state"), sealed.encode());
            JsonObject approval = sealed.getJsonArray("approvals").getJsonObject(0);
            assertEquals("email", approval.getString("channel"), approval.encode());
            assertTrue(Story.text(result).contains("Approved by auth0|frank by email"), Story.text(result));
            assertEquals(80.0, ((Number) frank.product("APP-1000").getValue("price")).doubleValue());
        }
    }

    @Test
    void a_push_approval_says_by_guardian_push() throws Exception {
        JsonObject preview = alice.preview(Story.setPrice("APP-1000", "80.00"));
        String id = preview.getString("changesetId");
        alice.apply(id, 0);
        JsonObject request = onlyRequest(alice, "alice");
        assertEquals("guardian-push", request.getString("channel"));
        assertTrue(alice.sandbox.get("/sandbox/ciba/emails?user=alice").getJsonArray("emails").isEmpty());
        alice.sandbox.post("/sandbox/ciba/requests/" + request.getString("id") + "/approve", new JsonObject());

        var result = alice.call("apply_changeset", Map.of("changesetId", id, "waitSeconds", 30));
        JsonObject sealed = JsonObject.mapFrom(result.structuredContent());
        assertEquals("SEALED", sealed.getString("state"), sealed.encode());
        assertEquals("guardian-push", sealed.getJsonArray("approvals").getJsonObject(0).getString("channel"));
        assertTrue(Story.text(result).contains("Approved by auth0|alice by Guardian push"), Story.text(result));
    }

    @Test
    void without_the_email_channel_a_user_without_push_is_told_to_enroll_and_nothing_is_sent() throws Exception {
        alice.sandbox.post("/sandbox/ciba/settings", new JsonObject().put("email_channel", false));
        try (Story frank = new Story(publicUrl, sandboxUrl, "frank")) {
            JsonObject preview = frank.preview(Story.setPrice("APP-1000", "80.00"));
            JsonObject failed = frank.ok("apply_changeset", Map.of("changesetId", preview.getString("changesetId"),
                    "waitSeconds", 0));
            assertEquals("FAILED", failed.getString("state"), failed.encode());
            assertTrue(failed.getString("next").contains("no Guardian push enrollment"), failed.getString("next"));
            assertTrue(frank.sandbox.get("/sandbox/ciba/emails?user=frank").getJsonArray("emails").isEmpty());
            assertEquals(before, frank.sheetHash(), "nothing written");
        }
    }
}

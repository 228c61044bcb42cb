package dev.changeset.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.api.client.googleapis.json.GoogleJsonError;
import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.services.sheets.v4.Sheets;

import dev.changeset.support.SandboxClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What the sandbox answers at Google's per-minute limits, body and headers, checked against the shapes cited in
 * {@link SheetsError} and {@link GmailErrors}: Sheets 429 {@code RESOURCE_EXHAUSTED} with an ErrorInfo
 * {@code RATE_LIMIT_EXCEEDED} naming the limit and no {@code errors[]} or {@code Retry-After}; Gmail 403
 * {@code usageLimits} {@code userRateLimitExceeded} and {@code rateLimitExceeded}; Google's documented limits on
 * {@code {"limits":"google"}}.
 */
class GoogleQuotaAnswersTest {

    static Sandbox running;
    static SandboxClient sandbox;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        running = Sandbox.start(0);
        sandbox = new SandboxClient(running.url());
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    @BeforeEach
    void reset() {
        sandbox.post("/sandbox/google/reset", new JsonObject());
        sandbox.post("/sandbox/gmail/quota", new JsonObject().put("limits", "unlimited").put("refill", true));
    }

    @Test
    void google_numbers_on_request() {
        JsonObject sheets = sandbox.post("/sandbox/google/quota", new JsonObject().put("limits", "google"));
        assertEquals(new JsonObject().put("perUser", 60).put("perProject", 300).put("usedByProject", 0),
                sheets.getJsonObject("read"));
        assertEquals(60, sheets.getJsonObject("write").getInteger("perUser"));
        JsonObject gmail = sandbox.post("/sandbox/gmail/quota", new JsonObject().put("limits", "google"));
        assertEquals(15_000, gmail.getJsonObject("units").getInteger("perUser"));
        assertEquals(1_200_000, gmail.getJsonObject("units").getInteger("perProject"));
        assertEquals(400, sandbox.postForm("/sandbox/google/quota", Map.of("limits", "google")).getInteger("_status", 400),
                "not JSON");
    }

    @Test
    void sheets_over_the_users_read_quota_answers_as_sheets_does() throws IOException {
        Sheets alice = SandboxGoogleClient.sheets(running.url(),
                SandboxGoogleClient.exchange(sandbox, "alice").getString("access_token"));
        sandbox.post("/sandbox/google/quota", new JsonObject().put("read", new JsonObject().put("perUser", 1)));
        alice.spreadsheets().values().get(SandboxSheetsTest.ID, "Products!A1").execute();
        GoogleJsonResponseException e = assertThrows(GoogleJsonResponseException.class,
                () -> alice.spreadsheets().values().get(SandboxSheetsTest.ID, "Products!A1").execute());
        assertEquals(429, e.getStatusCode());
        GoogleJsonError error = e.getDetails();
        assertEquals("RESOURCE_EXHAUSTED", error.get("status"));
        assertTrue(error.getMessage().startsWith("Quota exceeded for quota metric 'Read requests' and limit 'Read "
                + "requests per minute per user' of service 'sheets.googleapis.com'"), error.getMessage());
        assertNull(error.getErrors(), "no errors[] in Sheets' quota answer");
        GoogleJsonError.Details info = error.getDetails().get(0);
        assertEquals("type.googleapis.com/google.rpc.ErrorInfo", info.getType());
        assertEquals("RATE_LIMIT_EXCEEDED", info.getReason());
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) info.get("metadata");
        assertEquals("ReadRequestsPerMinutePerUser", metadata.get("quota_limit"));
        assertEquals("sheets.googleapis.com/read_requests", metadata.get("quota_metric"));
        assertEquals("1", metadata.get("quota_limit_value"));
        assertNull(e.getHeaders().getRetryAfter(), "no Retry-After documented for Sheets");

        alice.spreadsheets().values().batchUpdate(SandboxSheetsTest.ID,
                new com.google.api.services.sheets.v4.model.BatchUpdateValuesRequest().setValueInputOption("RAW")
                        .setData(java.util.List.of(new com.google.api.services.sheets.v4.model.ValueRange()
                                .setRange("Products!J2").setValues(java.util.List.of(java.util.List.of(1))))))
                .execute(); // writes are counted apart
        sandbox.post("/sandbox/google/quota", new JsonObject().put("refill", true));
        alice.spreadsheets().values().get(SandboxSheetsTest.ID, "Products!A1").execute();
    }

    @Test
    void gmail_over_the_users_and_the_projects_units() throws Exception {
        String token = sandbox.post("/sandbox/gmail/tokens", new JsonObject().put("user", "alice")
                .put("scopes", new JsonArray().add(DemoUsers.GMAIL_SEND))).getString("access_token");
        sandbox.post("/sandbox/gmail/quota", new JsonObject().put("units", new JsonObject().put("perUser", 150)));
        assertEquals(400, send(token).statusCode(), "the first send is counted (and then refused as empty)");
        HttpResponse<String> user = send(token);
        assertEquals(403, user.statusCode());
        JsonObject error = new JsonObject(user.body()).getJsonObject("error");
        assertEquals(new JsonObject().put("domain", "usageLimits").put("reason", "userRateLimitExceeded")
                .put("message", "User Rate Limit Exceeded"), error.getJsonArray("errors").getJsonObject(0));
        assertEquals("User Rate Limit Exceeded", error.getString("message"));
        assertFalse(user.headers().firstValue("Retry-After").isPresent());

        sandbox.post("/sandbox/gmail/quota", new JsonObject().put("refill", true).put("units", new JsonObject()
                .put("perUser", 15_000).put("perProject", 0)));
        JsonObject project = new JsonObject(send(token).body()).getJsonObject("error");
        assertEquals("rateLimitExceeded", project.getJsonArray("errors").getJsonObject(0).getString("reason"));
    }

    private HttpResponse<String> send(String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(running.url() + "/gmail/v1/users/me/messages/send"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    }
}

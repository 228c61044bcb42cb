package dev.changeset.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.changeset.support.SandboxResource;
import dev.changeset.support.Story;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * Gmail as it answers, through email_receipt over MCP (the official Java SDK client, the server, the sandbox's Gmail
 * over HTTP): its rate and quota limits (403 {@code userRateLimitExceeded}, {@code dailyLimitExceeded}, 429) leave
 * the email PENDING and it is sent later, once; a 401 drops the cached Google token and exchanges once more; a
 * scope refusal in either of Google's forms asks to grant {@code gmail.send}. {@code changeset.notify.limit-wait}
 * is 2 s in tests.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class GmailLimitsTest {

    private static final String GMAIL_SEND = "https://www.googleapis.com/auth/gmail.send";

    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;
    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @Inject
    ReceiptDelivery deliveries;

    Story alice;
    String code;
    String receiptId;

    /** A sealed price change of alice's, its own email already delivered, then an empty outbox. */
    @BeforeEach
    void sealedReceipt() throws InterruptedException {
        alice = new Story(publicUrl, sandboxUrl, "alice");
        Story.resetSandbox(alice.sandbox);
        BigDecimal price = new BigDecimal(alice.product("APP-1008").getString("price"));
        JsonObject done = alice.ok("update_price", Map.of("sku", "APP-1008",
                "price", price.multiply(new BigDecimal("1.01")).setScale(2, RoundingMode.HALF_UP)));
        assertEquals("SEALED", done.getString("state"), done.encode());
        code = done.getString("code");
        receiptId = done.getString("receiptId");
        assertEquals(1, alice.outboxFor(code, 1, Duration.ofSeconds(30)).size(), "the seal's own email");
        alice.sandbox.delete("/sandbox/gmail/outbox");
    }

    @AfterEach
    void close() {
        alice.sandbox.post("/sandbox/gmail/quota", new JsonObject().put("limits", "unlimited").put("refill", true));
        alice.close();
    }

    JsonObject emailReceipt() {
        return alice.ok("email_receipt", Map.of("receiptId", receiptId));
    }

    /** The delivery's state once it is no longer PENDING, or PENDING when {@code within} is over. */
    String settled(JsonObject result, Duration within) throws InterruptedException {
        String id = result.getJsonObject("delivery").getString("deliveryId");
        Instant end = Instant.now().plus(within);
        String state;
        do {
            state = deliveries.status(receiptId, id).state();
            if (!state.equals("PENDING")) {
                return state;
            }
            Thread.sleep(100);
        } while (Instant.now().isBefore(end));
        return state;
    }

    void assertWaitingThenSentOnce(JsonObject result, String why) throws InterruptedException {
        assertFalse(result.getBoolean("sent"), result.encode());
        assertEquals("PENDING", result.getJsonObject("delivery").getString("state"), result.encode());
        String detail = result.getString("detail");
        assertTrue(detail.startsWith("Gmail is limiting sends (" + why) && detail.contains("nothing was sent yet. It "
                + "will be sent again at "), detail);
        assertEquals(0, result.getJsonObject("delivery").getInteger("attempts"), "a limit uses up no attempt");
        assertEquals("SENT", settled(result, Duration.ofSeconds(30)));
        assertEquals(1, alice.outboxFor(code, 1, Duration.ofSeconds(5)).size(), "sent once, later");
    }

    @Test
    void gmail_users_quota_leaves_the_email_pending_and_it_goes_out_once_the_minute_turns()
            throws InterruptedException {
        alice.sandbox.post("/sandbox/gmail/quota", new JsonObject().put("limits", "google")
                .put("units", new JsonObject().put("perUser", 0)));
        JsonObject result = emailReceipt();
        alice.sandbox.post("/sandbox/gmail/quota", new JsonObject().put("limits", "google").put("refill", true));
        assertWaitingThenSentOnce(result, "HTTP 403 userRateLimitExceeded: User Rate Limit Exceeded");
    }

    @Test
    void too_many_concurrent_requests_429_is_retried_later() throws InterruptedException {
        alice.sandbox.post("/sandbox/gmail/fail-next", new JsonObject().put("reason", "concurrentRequests"));
        assertWaitingThenSentOnce(emailReceipt(), "HTTP 429 rateLimitExceeded: Too many concurrent requests for user");
    }

    @Test
    void the_daily_limit_is_retried_later_not_failed_for_good() throws InterruptedException {
        alice.sandbox.post("/sandbox/gmail/fail-next", new JsonObject().put("reason", "dailyLimitExceeded"));
        assertWaitingThenSentOnce(emailReceipt(), "HTTP 403 dailyLimitExceeded: Daily Limit Exceeded");
    }

    @Test
    void the_mail_sending_limit_is_retried_when_gmail_says() throws InterruptedException {
        alice.sandbox.post("/sandbox/gmail/fail-next", new JsonObject().put("reason", "mailSending")
                .put("retryAfterSeconds", 3));
        JsonObject result = emailReceipt();
        assertTrue(result.getString("detail").contains("Retry after "), result.getString("detail"));
        assertWaitingThenSentOnce(result, "HTTP 429 rateLimitExceeded: User-rate limit exceeded.");
    }

    @Test
    void a_401_drops_the_cached_token_and_exchanges_once_more() {
        long exchanges = alice.sandbox.exchanges("alice");
        alice.sandbox.post("/sandbox/google/tokens/revoke", new JsonObject().put("user", "alice"));
        JsonObject result = emailReceipt();
        assertTrue(result.getBoolean("sent"), result.encode());
        assertEquals(exchanges + 1, alice.sandbox.exchanges("alice"), "one fresh exchange after Gmail's 401");
    }

    @Test
    void gmail_refusing_the_fresh_token_too_asks_to_reconnect() {
        alice.sandbox.post("/sandbox/gmail/fail-next", new JsonObject().put("reason", "authError").put("count", 2));
        JsonObject result = emailReceipt();
        assertEquals("FAILED", result.getJsonObject("delivery").getString("state"), result.encode());
        assertTrue(result.getString("detail").contains("Reconnect Google"), result.getString("detail"));
    }

    @Test
    void a_scope_refusal_in_either_form_asks_to_grant_gmail_send() {
        for (String form : new String[] { "legacy", "details" }) {
            alice.sandbox.post("/sandbox/gmail/fail-next", new JsonObject().put("reason", "insufficientPermissions")
                    .put("form", form));
            JsonObject result = emailReceipt();
            assertEquals("FAILED", result.getJsonObject("delivery").getString("state"), form + result.encode());
            assertTrue(result.getString("detail").contains("does not grant the scope " + GMAIL_SEND), form + ": "
                    + result.getString("detail"));
        }
    }
}

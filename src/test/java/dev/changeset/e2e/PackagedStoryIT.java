package dev.changeset.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.changeset.support.GuardianPhone;
import dev.changeset.support.McpClients;
import dev.changeset.support.PackagedApp;
import dev.changeset.support.ProdOnSandbox;
import dev.changeset.support.ProofRecord;
import dev.changeset.support.RequiresPostgres;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxProcess;
import dev.changeset.support.Story;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The whole story on the official MCP Java SDK client against the packaged application (its own process,
 * production profile on PostgreSQL, configured through its environment variables) whose Auth0, Google and Gmail
 * are the sandbox (another process): read, preview, apply while the user taps Approve on the Guardian page,
 * progress notifications during that wait, verify, receipt, email. TypeScriptClientIT runs the same story on the
 * TypeScript SDK.
 */
@RequiresPostgres
class PackagedStoryIT {

    static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    static final Duration APPROVE_AFTER = Duration.ofSeconds(20);
    static final int WAIT_SECONDS = 40;
    private static final ProofRecord RECORD = new ProofRecord("e2e-java");

    private static SandboxProcess sandbox;
    private static PackagedApp app;

    @BeforeAll
    static void start() throws Exception {
        sandbox = SandboxProcess.start("java-story");
        app = startOnTestDatabase("java-story", sandbox.url());
    }

    /** The packaged application on the test database, progress every {@link #PROGRESS_EVERY}. */
    static PackagedApp startOnTestDatabase(String name, String sandboxUrl) throws Exception {
        ProdOnSandbox.Settings db = ProdOnSandbox.testDatabase();
        Map<String, String> environment = new HashMap<>(db.environment());
        environment.put("CHANGESET_MCP_PROGRESS_EVERY", PROGRESS_EVERY.toSeconds() + "S");
        return ProdOnSandbox.start(name, sandboxUrl, db.properties(), environment);
    }

    @AfterAll
    static void stop() throws Exception {
        RECORD.write();
        if (app != null) {
            app.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void the_java_client_previews_applies_waits_with_progress_for_the_tap_and_gets_receipt_sheet_and_email()
            throws Exception {
        String token = new SandboxClient(sandbox.url()).token("alice", "openid changeset:read changeset:write");
        List<Instant> progressAt = new CopyOnWriteArrayList<>();
        List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
        McpSyncClient client = McpClients.builder(app.url(), token, Duration.ofSeconds(WAIT_SECONDS + 30))
                .progressConsumer(p -> {
                    progressAt.add(Instant.now());
                    progress.add(p);
                }).build();
        try {
            client.initialize();
            story(client, progress, progressAt);
        } catch (AssertionError | RuntimeException e) {
            RECORD.add(new ProofRecord.Attempt("story on the MCP Java SDK client", "every check passes",
                    "failed: " + e.getMessage(), false));
            throw e;
        } finally {
            client.closeGracefully();
        }
    }

    private static void story(McpSyncClient client, List<McpSchema.ProgressNotification> progress,
            List<Instant> progressAt) throws Exception {
        JsonObject product = ok(client, "read_catalog", Map.of("limit", 50)).getJsonArray("products").stream()
                .map(JsonObject.class::cast).filter(p -> p.getValue("price") instanceof Number
                        && p.getValue("cost") instanceof Number)
                .findFirst().orElseThrow(() -> new AssertionError("no product with a price in the catalog"));
        String sku = product.getString("sku");
        BigDecimal price = new BigDecimal(product.getValue("price").toString());
        BigDecimal newPrice = price.multiply(new BigDecimal("1.20")).setScale(2, RoundingMode.HALF_UP);

        JsonObject preview = ok(client, "preview_changeset", Map.of("operations", List.of(Story.setPrice(sku,
                newPrice.toPlainString())), "note", "End-to-end story (Java SDK)"));
        String code = preview.getString("code");
        assertEquals("PREVIEWED", preview.getString("state"));
        assertTrue(code.matches("CS-[0-9A-Z]{4}"), code);
        assertEquals("T2", preview.getString("maxTier"), "a move of more than 10%: " + preview.encode());
        assertEquals("ONE_TAP", preview.getString("approval"));
        JsonObject cell = preview.getJsonArray("operations").getJsonObject(0).getJsonArray("changes").getJsonObject(0);
        assertEquals(0, price.compareTo(decimal(cell.getValue("before"))), cell.encode());
        assertEquals(0, newPrice.compareTo(decimal(cell.getValue("after"))), cell.encode());
        assertEquals(0, price.compareTo(priceOf(client, sku)), "a preview writes nothing");

        Instant start = Instant.now();
        GuardianPhone phone = new GuardianPhone(sandbox.url(), "alice");
        CompletableFuture<Optional<GuardianPhone.Tap>> tapping = CompletableFuture.supplyAsync(() -> {
            try {
                return phone.approveAt(code, start.plus(APPROVE_AFTER), start.plusSeconds(WAIT_SECONDS));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        McpSchema.CallToolResult result = client.callTool(McpSchema.CallToolRequest.builder().name("apply_changeset")
                .arguments(Map.of("changesetId", preview.getString("changesetId"), "waitSeconds", WAIT_SECONDS))
                .progressToken("apply-" + code).build());
        Instant answered = Instant.now();
        JsonObject applied = structured(result, "apply_changeset");
        GuardianPhone.Tap tap = tapping.get().orElseThrow(() -> new AssertionError(
                "the request naming " + code + " never showed pending on the Guardian page"));
        assertEquals(303, tap.status(), "the Approve form answers as a browser expects");
        assertEquals("/guardian/alice", tap.location());
        assertTrue(tap.shown().binding().contains(code), tap.shown().binding());
        assertTrue(tap.shown().html().contains(price.toPlainString())
                && tap.shown().html().contains(newPrice.toPlainString()), "the page shows the price before and after: "
                + tap.shown().html());
        assertFalse(answered.isBefore(tap.at()), "the answer came after the tap");

        List<Long> offsets = progressAt.stream().map(t -> Duration.between(start, t).toMillis()).toList();
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < offsets.size(); i++) {
            gaps.add(offsets.get(i) - offsets.get(i - 1));
        }
        long every = PROGRESS_EVERY.toMillis();
        long waited = Duration.between(start, answered).toMillis();
        String figures = progress.size() + " progress notifications at " + offsets + " ms (gaps " + gaps
                + " ms, every " + every + " ms), tap at " + Duration.between(start, tap.at()).toMillis()
                + " ms, answer at " + waited + " ms";
        assertTrue(progress.size() >= 1, figures);
        assertTrue(offsets.get(0) >= every - 300 && gaps.stream().allMatch(g -> g >= every - 300), figures);
        assertTrue(progress.size() <= waited / every + 1, "no more than one per progress-every: " + figures);
        assertTrue(progress.stream().allMatch(p -> ("apply-" + code).equals(p.progressToken())
                && p.message().contains(code) && Double.valueOf(WAIT_SECONDS).equals(p.total())), progress.toString());

        assertEquals("SEALED", applied.getString("state"), applied.encode());
        String receiptId = applied.getString("receiptId");
        assertEquals("APPROVED", applied.getJsonArray("approvals").getJsonObject(0).getString("status"));
        assertEquals(true, applied.getJsonArray("operations").getJsonObject(0).getBoolean("verified"));

        JsonObject receipt = ok(client, "get_receipt", Map.of("receiptId", receiptId));
        assertEquals("SEALED", receipt.getString("outcome"));
        assertEquals(code, receipt.getString("changesetCode"));
        assertTrue(receipt.getString("hash").matches("[0-9a-f]{64}"), receipt.getString("hash"));
        assertTrue(receipt.getString("previousHash").matches("[0-9a-f]{64}"), receipt.getString("previousHash"));
        JsonObject op = receipt.getJsonArray("operations").getJsonObject(0);
        JsonObject change = op.getJsonArray("changes").getJsonObject(0);
        assertEquals(sku, op.getString("sku"));
        assertEquals("price", change.getString("field"));
        assertEquals(0, price.compareTo(new BigDecimal(change.getString("before"))), change.encode());
        assertEquals(0, newPrice.compareTo(new BigDecimal(change.getString("after"))), change.encode());
        assertTrue(receipt.getJsonObject("verification").getBoolean("ok"), receipt.encode());
        assertEquals(0, newPrice.compareTo(priceOf(client, sku)), "the sheet shows the new price");

        JsonObject mail = mailNaming(code, Duration.ofSeconds(15));
        assertEquals(List.of("alice@example.com"), mail.getJsonArray("to").getList());
        assertEquals(receipt.getString("hash"), mail.getJsonObject("headers").getString("X-Changeset-Receipt-Hash"));

        RECORD.add(new ProofRecord.Attempt("story on the MCP Java SDK client: read, preview, apply, tap Approve"
                + " on the Guardian page, receipt, sheet, email", "SEALED with receipt, new price, email",
                "SEALED " + code + ", receipt " + receipt.getString("hash").substring(0, 12) + "…, email sent", true));
        RECORD.add(new ProofRecord.Attempt("progress notifications while waiting for the tap (Java SDK)",
                "at least 1, spaced by progress-every (" + every + " ms)", figures, true));
        System.out.println("E2E_JAVA_PROGRESS " + figures);
    }

    private static BigDecimal priceOf(McpSyncClient client, String sku) {
        JsonObject product = ok(client, "read_catalog", Map.of("skus", List.of(sku))).getJsonArray("products")
                .getJsonObject(0);
        return decimal(product.getValue("price"));
    }

    private static BigDecimal decimal(Object value) {
        return new BigDecimal(String.valueOf(value));
    }

    private static JsonObject mailNaming(String code, Duration within) throws InterruptedException {
        SandboxClient control = new SandboxClient(sandbox.url());
        Instant end = Instant.now().plus(within);
        do {
            JsonArray messages = control.get("/sandbox/gmail/outbox").getJsonArray("messages");
            Optional<JsonObject> mail = messages.stream().map(JsonObject.class::cast)
                    .filter(m -> m.getString("text", "").contains(code)).findFirst();
            if (mail.isPresent()) {
                return mail.get();
            }
            Thread.sleep(250);
        } while (Instant.now().isBefore(end));
        throw new AssertionError("no email naming " + code + " within " + within);
    }

    private static JsonObject ok(McpSyncClient client, String tool, Map<String, Object> arguments) {
        return structured(client.callTool(new McpSchema.CallToolRequest(tool, arguments)), tool);
    }

    @SuppressWarnings("unchecked")
    private static JsonObject structured(McpSchema.CallToolResult result, String tool) {
        assertFalse(Boolean.TRUE.equals(result.isError()), tool + " failed: " + Story.text(result));
        return new JsonObject((Map<String, Object>) result.structuredContent());
    }
}

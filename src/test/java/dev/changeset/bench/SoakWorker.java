package dev.changeset.bench;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;

import dev.changeset.support.McpWire;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.Story;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One assistant of the soak, in a loop until told to stop. Each round: read_catalog of its two SKUs; a T1 price move
 * on the first (preview, apply: runs at once, SEALED, get_receipt); a T2 price move on the second (preview, apply
 * without waiting: AWAITING_APPROVAL), then by turns approved (twice), denied or cancelled: the approval and the
 * denial are scripted at the sandbox for that one CIBA request and come after {@value #DECISION_MS} ms; then
 * get_changeset, and every tenth round verify_audit_log. Each worker owns its SKUs, so no two rounds race for a cell.
 */
final class SoakWorker implements Runnable {

    static final int DECISION_MS = 300;
    static final BigDecimal BASE = new BigDecimal("100.00");

    /** A client for one user: calls a tool and returns its structured content, or throws {@link ToolFailed}. */
    interface Tools {
        JsonObject call(String tool, JsonObject arguments);
    }

    /** A tool answered with an error (isError), its text as the message. */
    static final class ToolFailed extends RuntimeException {
        ToolFailed(String tool, String text) {
            super(tool + ": " + text);
        }
    }

    private final String name;
    private final String user;
    private final Tools tools;
    private final SandboxClient sandbox;
    private final String t1Sku;
    private final String t2Sku;
    private final String note;
    private final SoakTally tally;
    private final BooleanSupplier running;

    SoakWorker(String name, String user, Tools tools, SandboxClient sandbox, String t1Sku, String t2Sku, String note,
            SoakTally tally, BooleanSupplier running) {
        this.name = name;
        this.user = user;
        this.tools = tools;
        this.sandbox = sandbox;
        this.t1Sku = t1Sku;
        this.t2Sku = t2Sku;
        this.note = note;
        this.tally = tally;
        this.running = running;
    }

    /** The official MCP Java SDK client of {@link Story}. */
    @SuppressWarnings("unchecked")
    static Tools sdk(Story story) {
        return (tool, arguments) -> {
            McpSchema.CallToolResult result = story.call(tool, new JsonObject(arguments.encode()).getMap());
            if (Boolean.TRUE.equals(result.isError())) {
                throw new ToolFailed(tool, Story.text(result));
            }
            return new JsonObject((Map<String, Object>) result.structuredContent());
        };
    }

    /** The lean raw HTTP client of the benchmarks. */
    static Tools raw(McpWire mcp) {
        return (tool, arguments) -> {
            try {
                return mcp.call(tool, arguments);
            } catch (IllegalStateException e) {
                throw new ToolFailed(tool, e.getMessage());
            }
        };
    }

    @Override
    public void run() {
        for (int round = 0; running.getAsBoolean(); round++) {
            try {
                round(round);
            } catch (ToolFailed e) {
                tally.failed(name, e.getMessage());
            } catch (RuntimeException e) {
                tally.unexpected(name + ": " + e);
            }
        }
    }

    private void round(int round) {
        JsonArray products = call("read_catalog", new JsonObject().put("skus", new JsonArray().add(t1Sku).add(t2Sku)))
                .getJsonArray("products");
        JsonObject t1 = call("preview_changeset", change(t1Sku, toggle(price(products, t1Sku), "101.00")));
        expect(t1, "PREVIEWED", "T1 preview");
        JsonObject applied = call("apply_changeset", new JsonObject().put("changesetId", t1.getString("changesetId"))
                .put("waitSeconds", 20));
        if (expect(applied, "SEALED", "T1 apply")) {
            call("get_receipt", new JsonObject().put("receiptId", applied.getString("receiptId")));
        }

        JsonObject t2 = call("preview_changeset", change(t2Sku, toggle(price(products, t2Sku), "120.00")));
        if (!expect(t2, "PREVIEWED", "T2 preview") || !"T2".equals(t2.getString("maxTier"))) {
            tally.unexpected(name + " T2 preview: tier " + t2.getString("maxTier"));
            return;
        }
        String id = t2.getString("changesetId");
        JsonObject waiting = call("apply_changeset", new JsonObject().put("changesetId", id).put("waitSeconds", 0));
        if (!expect(waiting, "AWAITING_APPROVAL", "T2 apply")) {
            return;
        }
        JsonObject ended;
        switch (round % 4) {
            case 2 -> ended = decide(id, t2.getString("code"), "deny", "DENIED");
            case 3 -> {
                ended = call("cancel_changeset", new JsonObject().put("changesetId", id));
                expect(ended, "CANCELLED", "T2 cancel");
            }
            default -> ended = decide(id, t2.getString("code"), "approve", "SEALED");
        }
        JsonObject now = call("get_changeset", new JsonObject().put("changesetId", id));
        expect(now, ended.getString("state"), "get_changeset after the end");
        if (now.getString("receiptId") != null) {
            call("get_receipt", new JsonObject().put("receiptId", now.getString("receiptId")));
        }
        if (round % 10 == 0) {
            JsonObject chain = call("verify_audit_log", new JsonObject());
            if (!chain.getBoolean("intact", false)) {
                tally.unexpected(name + " verify_audit_log: " + chain.encode());
            }
        }
    }

    /** Scripts this changeset's one CIBA request to be decided shortly, then waits for the outcome over MCP. */
    private JsonObject decide(String id, String code, String action, String expected) {
        sandbox.post("/sandbox/ciba/requests/" + pendingRequest(code) + "/script", new JsonObject()
                .put("action", action).put("after_ms", DECISION_MS));
        JsonObject ended = call("apply_changeset", new JsonObject().put("changesetId", id).put("waitSeconds", 30));
        expect(ended, expected, "T2 " + action);
        return ended;
    }

    private String pendingRequest(String code) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        do {
            for (Object o : sandbox.get("/sandbox/ciba/requests?user=" + user + "&status=pending")
                    .getJsonArray("requests")) {
                JsonObject request = (JsonObject) o;
                if (request.getString("binding_message", "").contains(code)) {
                    return request.getString("id");
                }
            }
            pause(100);
        } while (Instant.now().isBefore(deadline));
        throw new IllegalStateException("no pending CIBA request for " + code + " within 10 s");
    }

    /** True when the changeset is in the expected state; else counts it (injected if its detail names a fault). */
    private boolean expect(JsonObject changeset, String state, String what) {
        if (state.equals(changeset.getString("state"))) {
            return true;
        }
        tally.failed(name + " " + what, "expected " + state + ", got " + changeset.getString("state") + ": "
                + changeset.getString("detail"));
        return false;
    }

    private JsonObject call(String tool, JsonObject arguments) {
        tally.called(tool);
        return tools.call(tool, arguments);
    }

    private JsonObject change(String sku, BigDecimal price) {
        return new JsonObject().put("operations", new JsonArray().add(new JsonObject().put("op", "set_price")
                .put("sku", sku).put("price", price))).put("note", note);
    }

    /** From the base price to {@code other} and back: the same tier both ways (+1 %/-1 %, +20 %/-16.7 %). */
    private static BigDecimal toggle(BigDecimal now, String other) {
        return now.compareTo(BASE) == 0 ? new BigDecimal(other) : BASE;
    }

    private static BigDecimal price(JsonArray products, String sku) {
        for (Object o : products) {
            JsonObject product = (JsonObject) o;
            if (sku.equals(product.getString("sku"))) {
                return new BigDecimal(product.getValue("price").toString());
            }
        }
        throw new IllegalStateException("read_catalog did not return " + sku + ": " + products.encode());
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

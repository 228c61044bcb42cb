package dev.changeset.proof;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;

import dev.changeset.support.ProofRecord;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.Story;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The sandbox's fault switches and what every fault proof checks afterwards: the sheet (unchanged, or changed by
 * exactly the one write that was approved), the Google writes that landed (never two for one changeset), the CIBA
 * pushes, and recovery once the fault is cleared (a fresh T1 change runs to SEALED).
 */
final class FaultScenes {

    private final SandboxClient sandbox;
    private final Story alice;
    private final ProofRecord proof;

    FaultScenes(SandboxClient sandbox, Story alice, ProofRecord proof) {
        this.sandbox = sandbox;
        this.alice = alice;
        this.proof = proof;
    }

    /** Token Vault's own switch: the next {@code count} exchanges answer {@code status}, each after a delay. */
    void tokenVault(int status, int count, long latencyMillis) {
        sandbox.post("/sandbox/auth0/token-vault/faults", new JsonObject().put("status", status).put("count", count)
                .put("latencyMillis", latencyMillis));
    }

    /** A fault in front of the tenant: {@code on} bc-authorize, ciba-poll or token-vault; error, latency or drop. */
    void auth0(String on, String kind, int status, long millis, int count) {
        sandbox.post("/sandbox/auth0/faults", new JsonObject().put("on", on).put("kind", kind).put("status", status)
                .put("millis", millis).put("count", count));
    }

    /** A Google Sheets fault (see the sandbox's GoogleFaults). */
    void google(String kind, String on, int status, long millis, int count) {
        sandbox.post("/sandbox/google/faults", new JsonObject().put("kind", kind).put("on", on)
                .put("status", status).put("millis", millis).put("count", count));
    }

    void clear() {
        sandbox.delete("/sandbox/google/faults");
        sandbox.delete("/sandbox/auth0/faults");
        tokenVault(503, 0, 0);
    }

    /** Every Google exchange goes to the Token Vault (its tokens live 60 s, the server's cache skew). */
    void noTokenCache() {
        sandbox.post("/sandbox/auth0/token-vault/settings", new JsonObject().put("expiresIn", 60));
    }

    String sheet() {
        return alice.sheetHash();
    }

    long mark() {
        return sandbox.callMark();
    }

    /** Google writes since {@code mark}: {@code [attempts, landed]} (landed: answered 200, or applied and dropped). */
    int[] writes(long mark) {
        JsonArray calls = sandbox.callsSince(mark);
        int attempts = 0;
        int landed = 0;
        for (Object o : calls) {
            JsonObject call = (JsonObject) o;
            if (call.getString("method").equals("values.batchUpdate")) {
                attempts++;
                int status = call.getInteger("status");
                landed += status == 200 || status == 0 ? 1 : 0;
            }
        }
        return new int[] { attempts, landed };
    }

    int pushes() {
        return alice.cibaRequests("alice").size();
    }

    /** A T1 price change on {@code sku} (+2 %), previewed; its changeset id. */
    String previewT1(String sku) {
        return previewT1(sku, t1(sku));
    }

    String previewT1(String sku, String price) {
        return alice.preview(Story.setPrice(sku, price)).getString("changesetId");
    }

    /** Applies; when the changeset is SEALED, waits for its receipt mail, whose exchange must not meet a fault. */
    JsonObject apply(String changesetId, int waitSeconds) {
        int mails = mails();
        JsonObject applied = alice.apply(changesetId, waitSeconds);
        if (applied.getString("state").equals("SEALED")) {
            try {
                alice.outbox(mails + 1, Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return applied;
    }

    /** After clearing the faults: a fresh T1 change runs through to SEALED. */
    boolean recovers(String sku) {
        clear();
        JsonObject applied = apply(previewT1(sku), 20);
        return applied.getString("state").equals("SEALED") && applied.getString("receiptId") != null;
    }

    /** After clearing the faults: a fresh T2 change, approved on the phone, runs through to SEALED. */
    boolean recoversWithApproval(String sku) {
        clear();
        sandbox.post("/sandbox/ciba/script", new JsonObject().put("user", "alice").put("action", "approve")
                .put("after_ms", 300));
        JsonObject applied = apply(alice.preview(Story.setPrice(sku, t2(sku))).getString("changesetId"), 12);
        return applied.getString("state").equals("SEALED");
    }

    BigDecimal price(String sku) {
        return new BigDecimal(alice.product(sku).getValue("price").toString());
    }

    /** A T1 move (+2 %) from the current price. */
    String t1(String sku) {
        return price(sku).multiply(new BigDecimal("1.02")).setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    /** A T2 move (+25 %) from the current price. */
    String t2(String sku) {
        return price(sku).multiply(new BigDecimal("1.25")).setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    private int mails() {
        return sandbox.get("/sandbox/gmail/outbox").getJsonArray("messages").size();
    }

    /** Records one fault's result; returns it as a failure line when it did not hold. */
    List<String> record(String fault, String expected, String observed, boolean held) {
        proof.add(new ProofRecord.Attempt(fault, expected, observed, held));
        return held ? List.of() : List.of(fault + ": " + observed);
    }
}

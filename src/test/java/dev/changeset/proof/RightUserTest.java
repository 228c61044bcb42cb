package dev.changeset.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.changeset.support.ProofRecord;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxResource;
import dev.changeset.support.SandboxStory;
import dev.changeset.support.Story;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The right user, always. alice and dave (both connected to Google) and bob (never connected) interleave 100
 * concurrent tasks through separate MCP clients: read_catalog, preview_changeset, and preview-then-apply of T1 price
 * changes, each user on SKUs of their own. The sandbox's Sheets call log then shows that every Google call carried
 * a token the Token Vault issued to exactly that call's user, that each user's Google calls number exactly what
 * their own MCP calls need, that every write and guard touched only the rows of that user's own changesets, and
 * that no Google call was ever made for bob. Then each user is refused the other's changesets and receipts.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
@ExtendWith(SandboxStory.class)
class RightUserTest {

    private static final int CLIENTS_PER_USER = 3;
    private static final List<String> USERS = List.of("alice", "dave", "bob");

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;

    SandboxClient sandbox;
    final Map<String, List<Story>> clients = new HashMap<>();

    @BeforeEach
    void setUp() {
        sandbox = new SandboxClient(sandboxUrl);
        for (String user : USERS) {
            List<Story> own = new ArrayList<>();
            for (int i = 0; i < CLIENTS_PER_USER; i++) {
                own.add(new Story(publicUrl, sandboxUrl, user));
            }
            clients.put(user, own);
        }
    }

    @AfterEach
    void tearDown() {
        clients.values().forEach(list -> list.forEach(Story::close));
    }

    @Test
    void every_google_call_carries_the_token_of_the_validated_caller() throws Exception {
        ProofRecord proof = new ProofRecord("right-user");
        List<JsonObject> products = usable(clients.get("alice").get(0).ok("read_catalog", Map.of("limit", 200))
                .getJsonArray("products"));
        Map<String, Integer> perCall = calibrate(products.get(0), products.get(1));
        Map<String, List<JsonObject>> skus = Map.of("alice", products.subList(2, 14),
                "dave", products.subList(14, 26));

        List<Callable<Outcome>> tasks = new ArrayList<>();
        for (String user : List.of("alice", "dave")) {
            for (int i = 0; i < 16; i++) {
                JsonObject read = products.get(30);
                tasks.add(task(user, tasks.size(), "read_catalog", (u, s) -> read(u, s, read)));
            }
            for (int i = 0; i < 12; i++) {
                JsonObject p = products.get(40 + i);
                tasks.add(task(user, tasks.size(), "preview_changeset", (u, s) -> preview(u, s, p)));
            }
            for (JsonObject p : skus.get(user)) {
                tasks.add(task(user, tasks.size(), "apply_changeset", (u, s) -> apply(u, s, p)));
            }
        }
        for (int i = 0; i < 20; i++) {
            JsonObject p = products.get(60 + i);
            tasks.add(i % 2 == 0
                    ? task("bob", tasks.size(), "read_catalog", (u, s) -> bobRefused(s, "read_catalog",
                            Map.of("limit", 5)))
                    : task("bob", tasks.size(), "preview_changeset", (u, s) -> bobRefused(s, "preview_changeset",
                            Map.of("operations", List.of(setPrice(p))))));
        }
        assertEquals(100, tasks.size());
        Collections.shuffle(tasks, new Random(20261128));

        long mark = sandbox.callMark();
        List<Outcome> outcomes = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            for (Future<Outcome> f : pool.invokeAll(tasks, 5, TimeUnit.MINUTES)) {
                outcomes.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        JsonArray calls = sandbox.callsSince(mark);

        List<String> failures = new ArrayList<>();
        outcomes.stream().filter(o -> !o.ok())
                .forEach(o -> failures.add(o.user() + " " + o.tool() + ": " + o.detail()));
        Map<String, Set<String>> issued = CallLog.issued(sandbox, USERS);
        Map<String, Integer> counted = new HashMap<>();
        for (Object o : calls) {
            JsonObject call = (JsonObject) o;
            String user = CallLog.handle(call.getString("user"));
            counted.merge(user, 1, Integer::sum);
            if (!issued.getOrDefault(user, Set.of()).contains(call.getString("exchangeId") + "/"
                    + call.getString("tokenFingerprint"))) {
                failures.add("Google call " + call.getLong("seq") + " carried a token the Token Vault did not issue"
                        + " to " + user + ": " + call.encode());
            }
            Set<Integer> rows = CallLog.rowsOf(call);
            Set<Integer> own = rowsOfUser(outcomes, user);
            if (!rows.isEmpty() && !own.containsAll(rows)) {
                failures.add("Google call " + call.getLong("seq") + " by " + user + " touched rows " + rows
                        + " outside that user's changesets " + own);
            }
        }
        for (String user : List.of("alice", "dave")) {
            int expected = 16 * perCall.get("read_catalog") + 12 * perCall.get("preview_changeset")
                    + 12 * (perCall.get("preview_changeset") + perCall.get("apply_changeset"));
            if (counted.getOrDefault(user, 0) != expected) {
                failures.add(user + "'s MCP calls need " + expected + " Google calls; the log shows "
                        + counted.getOrDefault(user, 0));
            }
        }
        if (counted.containsKey("bob") || counted.containsKey("(none)")) {
            failures.add("Google calls were made for bob or without a known token: " + counted);
        }
        long bobExchanges = sandbox.exchanges("bob");
        if (bobExchanges != 0) {
            failures.add("the Token Vault issued bob " + bobExchanges + " Google tokens");
        }
        proof.add(new ProofRecord.Attempt("100 interleaved calls of alice, dave and bob",
                "every Google call carries the caller's own exchanged token; none for bob",
                calls.size() + " Google calls: " + counted, failures.isEmpty()));
        failures.addAll(crossUserRefusals(proof, outcomes));
        proof.write();
        assertEquals(List.of(), failures);
    }

    /** dave names alice's changesets and receipts; alice names dave's: "not yours", and nothing moves. */
    private List<String> crossUserRefusals(ProofRecord proof, List<Outcome> outcomes) {
        List<String> failures = new ArrayList<>();
        Story alice = clients.get("alice").get(0);
        Story dave = clients.get("dave").get(0);
        JsonObject pending = alice.preview(setPrice(usable(alice.ok("read_catalog", Map.of("skus",
                List.of("APP-1020"))).getJsonArray("products")).get(0)));
        String alicesReceipt = outcomes.stream().filter(o -> o.user().equals("alice") && o.receiptId() != null)
                .findFirst().orElseThrow().receiptId();
        String davesReceipt = outcomes.stream().filter(o -> o.user().equals("dave") && o.receiptId() != null)
                .findFirst().orElseThrow().receiptId();
        String id = pending.getString("changesetId");
        String code = pending.getString("code");
        Map<String, Object[]> attempts = new LinkedHashMap<>();
        attempts.put("dave gets alice's changeset", new Object[] { dave, "get_changeset",
                Map.of("changesetId", id), "of yours" });
        attempts.put("dave applies alice's changeset", new Object[] { dave, "apply_changeset",
                Map.of("changesetId", id, "waitSeconds", 0), "of yours" });
        attempts.put("dave cancels alice's changeset by code", new Object[] { dave, "cancel_changeset",
                Map.of("changesetId", code), "of yours" });
        attempts.put("dave reads alice's receipt", new Object[] { dave, "get_receipt",
                Map.of("receiptId", alicesReceipt), "that you may read" });
        attempts.put("dave mails alice's receipt", new Object[] { dave, "email_receipt",
                Map.of("receiptId", alicesReceipt, "waitSeconds", 0), "no receipt" });
        attempts.put("dave lists alice's receipts", new Object[] { dave, "list_receipts",
                Map.of("user", "auth0|alice"), "only your own receipts" });
        attempts.put("alice reads dave's receipt", new Object[] { alice, "get_receipt",
                Map.of("receiptId", davesReceipt), "that you may read" });
        for (Map.Entry<String, Object[]> a : attempts.entrySet()) {
            Story who = (Story) a.getValue()[0];
            @SuppressWarnings("unchecked")
            Map<String, Object> arguments = (Map<String, Object>) a.getValue()[2];
            String error = who.error((String) a.getValue()[1], arguments);
            boolean held = error.contains((String) a.getValue()[3]) && !error.contains("auth0|alice>")
                    && !error.contains("APP-1020");
            proof.add(new ProofRecord.Attempt(a.getKey(), "refused: " + a.getValue()[3], error, held));
            if (!held) {
                failures.add(a.getKey() + ": " + error);
            }
        }
        JsonObject still = alice.ok("get_changeset", Map.of("changesetId", id));
        boolean untouched = still.getString("state").equals("PREVIEWED") && alice.cibaRequests("alice").isEmpty();
        proof.add(new ProofRecord.Attempt("alice's changeset after dave's attempts", "still PREVIEWED, no push",
                still.getString("state"), untouched));
        if (!untouched) {
            failures.add("alice's changeset moved to " + still.getString("state"));
        }
        return failures;
    }

    /** How many Google calls one read_catalog, preview_changeset and apply_changeset (T1) make, measured alone. */
    private Map<String, Integer> calibrate(JsonObject first, JsonObject second) {
        Story alice = clients.get("alice").get(0);
        Map<String, Integer> counts = new HashMap<>();
        long mark = sandbox.callMark();
        read("alice", alice, first);
        counts.put("read_catalog", sandbox.callsSince(mark).size());
        mark = sandbox.callMark();
        JsonObject preview = alice.preview(setPrice(second));
        counts.put("preview_changeset", sandbox.callsSince(mark).size());
        mark = sandbox.callMark();
        alice.apply(preview.getString("changesetId"), 20);
        counts.put("apply_changeset", sandbox.callsSince(mark).size());
        return counts;
    }

    private record Outcome(String user, String tool, boolean ok, String detail, Set<Integer> rows, String receiptId) {
    }

    private interface Step {
        Outcome run(String user, Story story);
    }

    private Callable<Outcome> task(String user, int n, String tool, Step step) {
        Story story = clients.get(user).get(n % CLIENTS_PER_USER);
        return () -> {
            try {
                return step.run(user, story);
            } catch (RuntimeException | AssertionError e) {
                return new Outcome(user, tool, false, e.toString(), Set.of(), null);
            }
        };
    }

    // A read or a preview reads its target row (through the SKU index), so that row is the user's for this check.
    private static Outcome read(String user, Story s, JsonObject product) {
        String sku = product.getString("sku");
        JsonObject page = s.ok("read_catalog", Map.of("skus", List.of(sku)));
        return new Outcome(user, "read_catalog", page.getJsonArray("products").size() == 1, sku,
                Set.of(product.getInteger("row")), null);
    }

    private static Outcome preview(String user, Story s, JsonObject product) {
        JsonObject preview = s.preview(setPrice(product));
        return new Outcome(user, "preview_changeset", preview.getString("state").equals("PREVIEWED"),
                preview.getString("code"), Set.of(product.getInteger("row")), null);
    }

    private static Outcome apply(String user, Story s, JsonObject product) {
        JsonObject applied = s.apply(s.preview(setPrice(product)).getString("changesetId"), 30);
        return new Outcome(user, "apply_changeset", applied.getString("state").equals("SEALED"),
                applied.getString("state") + " " + applied.getString("detail"), Set.of(product.getInteger("row")),
                applied.getString("receiptId"));
    }

    private static Outcome bobRefused(Story s, String tool, Map<String, Object> arguments) {
        String error = s.error(tool, arguments);
        return new Outcome("bob", tool, error.contains("not connected") && error.contains("Connect it"), error,
                Set.of(), null);
    }

    private static Map<String, Object> setPrice(JsonObject product) {
        BigDecimal price = new BigDecimal(product.getValue("price").toString());
        return Story.setPrice(product.getString("sku"),
                price.multiply(new BigDecimal("1.05")).setScale(2, RoundingMode.HALF_UP).toPlainString());
    }

    /** Products whose price and cost read cleanly (the seed has a few broken rows on purpose). */
    private static List<JsonObject> usable(JsonArray products) {
        List<JsonObject> out = new ArrayList<>();
        products.forEach(p -> {
            JsonObject product = (JsonObject) p;
            if (product.getValue("price") != null && product.getValue("cost") != null) {
                out.add(product);
            }
        });
        return out;
    }

    private static Set<Integer> rowsOfUser(List<Outcome> outcomes, String user) {
        Set<Integer> rows = new HashSet<>();
        outcomes.stream().filter(o -> o.user().equals(user)).forEach(o -> rows.addAll(o.rows()));
        return rows;
    }
}

package dev.changeset.sandbox;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

import dev.changeset.sandbox.CibaLedger.Action;
import dev.changeset.sandbox.CibaLedger.Entry;
import dev.changeset.sandbox.CibaLedger.Script;
import dev.changeset.sandbox.DemoUsers.DemoUser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * How tests drive the sandbox's CIBA over HTTP, under {@code /sandbox/ciba}:
 * <ul>
 * <li>{@code POST /reset}: forget every request, script and setting.</li>
 * <li>{@code POST /settings} {@code {"interval":1,"per_user_per_minute":5,"expired_error":"access_denied",
 * "ignore_expiry":false}}: the poll interval new requests get, Auth0's per-user limit, what an expired request
 * answers ({@code access_denied} as Auth0 does, or {@code expired_token} as CIBA Core allows), and whether requests
 * never expire (a tenant that never answers: {@code authorization_pending} for ever). Also
 * {@code "slow_down_status":400|429} (the status a {@code slow_down} comes with) and
 * {@code "slow_down_body_interval":true|false} (whether its body names the {@code interval}) and
 * {@code "tenant_per_minute":500,"max_pending":5000} (the tenant's limits: /bc-authorize calls a minute, and
 * requests pending at once; beyond either a 429) and {@code "email_channel":true|false} (whether the CIBA application has Auth0's email channel: on, a user without
 * Guardian push enrollment gets the request by email, {@link CibaEmails}; off, such a request is refused).</li>
 * <li>{@code POST /slow-down} {@code {"user":"alice","polls":1,"retry_after":9}}: that user's next polls of pending
 * requests are answered {@code slow_down} (and their interval grows by 5 s, or to {@code retry_after} seconds when
 * that is more; {@code Retry-After} says the new interval), however they are timed.</li>
 * <li>{@code POST /enrollment} {@code {"user":"bob","enrolled":false}}: the user's Guardian enrollment.</li>
 * <li>{@code POST /script} {@code {"user":"alice","action":"approve|deny|expire|never|manual","after_ms":200}}:
 * what happens to that user's next requests ({@code manual} clears it: someone taps on the Guardian page).</li>
 * <li>{@code POST /requests/{id}/script} (same body without {@code user}), {@code POST /requests/{id}/approve},
 * {@code POST /requests/{id}/deny}: one request. {@code POST /requests/{id}/echo}
 * {@code {"authorization_details":[...]}}: its token answer echoes these details instead (a tampered approval).</li>
 * <li>{@code POST /hold}: nothing is decided until {@code POST /release} {@code {"action":"approve"}} (decides
 * every pending request) or {@code {}} (scripts resume).</li>
 * <li>{@code GET /requests?user=alice&status=pending}: what was received, with binding message, requested expiry,
 * audience, details, poll count and times; never the {@code auth_req_id}.</li>
 * </ul>
 */
final class SandboxCibaControl {

    private final CibaLedger ledger;

    SandboxCibaControl(CibaLedger ledger) {
        this.ledger = ledger;
    }

    void mount(Router router) {
        router.post("/sandbox/ciba/reset").handler(ctx -> answer(ctx, () -> {
            ledger.reset();
            return new JsonObject().put("reset", true);
        }));
        router.post("/sandbox/ciba/settings").handler(ctx -> answer(ctx, () -> ledger.settings(body(ctx))));
        router.post("/sandbox/ciba/enrollment").handler(ctx -> answer(ctx, () -> {
            JsonObject body = body(ctx);
            ledger.setEnrolled(user(body.getString("user")), body.getBoolean("enrolled", true));
            return body;
        }));
        router.post("/sandbox/ciba/slow-down").handler(ctx -> answer(ctx, () -> {
            JsonObject body = body(ctx);
            ledger.forceSlowDown(user(body.getString("user")), body.getInteger("polls", 1),
                    body.getInteger("retry_after"));
            return body;
        }));
        router.post("/sandbox/ciba/script").handler(ctx -> answer(ctx, () -> {
            JsonObject body = body(ctx);
            ledger.scriptUser(user(body.getString("user")), script(body));
            return body;
        }));
        router.get("/sandbox/ciba/requests").handler(ctx -> answer(ctx, () -> {
            String user = ctx.request().getParam("user");
            String status = ctx.request().getParam("status");
            Optional<DemoUser> who = Optional.ofNullable(user).map(SandboxCibaControl::user);
            return new JsonObject().put("requests", new JsonArray(ledger.list(e ->
                    who.map(u -> u.equals(e.user)).orElse(true)
                            && (status == null || e.status.name().equalsIgnoreCase(status)))));
        }));
        router.post("/sandbox/ciba/requests/:id/script").handler(ctx -> onRequest(ctx, entry -> {
            ledger.scriptRequest(entry, script(body(ctx)));
            Sandbox.json(ctx, 200, entry.toJson());
        }));
        router.post("/sandbox/ciba/requests/:id/echo").handler(ctx -> onRequest(ctx, entry -> {
            JsonArray details = body(ctx).getJsonArray("authorization_details");
            if (details == null) {
                throw new IllegalArgumentException("authorization_details (a JSON array) is required");
            }
            ledger.echo(entry, details);
            Sandbox.json(ctx, 200, entry.toJson());
        }));
        router.post("/sandbox/ciba/requests/:id/approve").handler(ctx -> onRequest(ctx, e -> decide(ctx, e,
                Action.APPROVE)));
        router.post("/sandbox/ciba/requests/:id/deny").handler(ctx -> onRequest(ctx, e -> decide(ctx, e,
                Action.DENY)));
        router.post("/sandbox/ciba/hold").handler(ctx -> answer(ctx, () -> {
            ledger.hold();
            return new JsonObject().put("held", true);
        }));
        router.post("/sandbox/ciba/release").handler(ctx -> answer(ctx, () -> {
            Optional<Action> action = Optional.ofNullable(body(ctx).getString("action")).map(this::action);
            return new JsonObject().put("held", false).put("decided", ledger.release(action));
        }));
    }

    private void decide(RoutingContext ctx, Entry entry, Action action) {
        if (ledger.decide(entry, action)) {
            Sandbox.json(ctx, 200, entry.toJson());
        } else {
            Sandbox.error(ctx, 409, "not_pending", "request " + entry.id + " is " + entry.status.name()
                    .toLowerCase(Locale.ROOT));
        }
    }

    private void onRequest(RoutingContext ctx, Consumer<Entry> then) {
        Optional<Entry> entry = ledger.byId(ctx.pathParam("id"));
        if (entry.isEmpty()) {
            Sandbox.error(ctx, 404, "not_found", "no CIBA request " + ctx.pathParam("id"));
            return;
        }
        try {
            then.accept(entry.get());
        } catch (IllegalArgumentException e) {
            Sandbox.error(ctx, 400, "invalid_request", e.getMessage());
        }
    }

    private interface Answer {
        JsonObject get();
    }

    private static void answer(RoutingContext ctx, Answer answer) {
        try {
            Sandbox.json(ctx, 200, answer.get());
        } catch (IllegalArgumentException | ClassCastException e) {
            Sandbox.error(ctx, 400, "invalid_request", e.getMessage());
        }
    }

    private Script script(JsonObject body) {
        String action = body.getString("action");
        if ("manual".equals(action)) {
            return null;
        }
        long after = body.getLong("after_ms", 0L);
        if (after < 0) {
            throw new IllegalArgumentException("after_ms cannot be negative");
        }
        return new Script(action(action), Duration.ofMillis(after));
    }

    private Action action(String name) {
        try {
            return Action.valueOf(String.valueOf(name).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("action is approve, deny, expire, never or manual, not " + name);
        }
    }

    private static DemoUser user(String handleOrSubject) {
        return DemoUsers.find(String.valueOf(handleOrSubject))
                .orElseThrow(() -> new IllegalArgumentException("no demo user '" + handleOrSubject + "'"));
    }

    private static JsonObject body(RoutingContext ctx) {
        return ctx.body().length() == 0 ? new JsonObject() : ctx.body().asJsonObject();
    }
}

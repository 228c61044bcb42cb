package dev.changeset.sandbox;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Faults in front of the sandbox tenant's endpoints, for the proof that approvals and token exchanges end closed and
 * recover: {@code POST /sandbox/auth0/faults} with {@code {"on":"bc-authorize","kind":"error","status":503,
 * "count":1}}, where
 * <ul>
 * <li>{@code on} is {@code bc-authorize} (starting a CIBA request), {@code ciba-poll} (the CIBA grant on
 * {@code /oauth/token}), {@code token-vault} (the Token Vault grant) or {@code jwks} (the tenant's signing keys,
 * {@code /.well-known/jwks.json});</li>
 * <li>{@code kind} is {@code error} (answer {@code status}, 429 or 5xx, with Auth0's error JSON), {@code latency}
 * (answer {@code millis} later; what the endpoint then does still happens, as at a real tenant whose answer comes too
 * late) or {@code drop} (close the connection without answering: Auth0 down);</li>
 * <li>{@code count} is how many matching requests it applies to, -1 until cleared ({@code DELETE}); latency
 * defaults to -1, the others to 1.</li>
 * </ul>
 * {@code POST /sandbox/auth0/reset} clears them too. (Token Vault's own {@code /sandbox/auth0/token-vault/faults}
 * stays as it was; these run before it.)
 */
final class Auth0Faults {

    private static final Set<String> PLACES = Set.of("bc-authorize", "ciba-poll", "token-vault", "jwks");
    private static final Set<String> KINDS = Set.of("error", "latency", "drop");

    private record Fault(String on, String kind, int status, long millis, AtomicInteger remaining) {

        boolean take(String place) {
            return on.equals(place) && remaining.getAndUpdate(n -> n > 0 ? n - 1 : n) != 0;
        }

        JsonObject describe() {
            return new JsonObject().put("on", on).put("kind", kind).put("status", status).put("millis", millis)
                    .put("remaining", remaining.get());
        }
    }

    private final List<Fault> faults = new CopyOnWriteArrayList<>();

    private Auth0Faults() {
    }

    /** Mount before the tenant's own routes: these handlers run first and pass on what they do not fail. */
    static void mount(Router router) {
        Auth0Faults f = new Auth0Faults();
        router.post("/bc-authorize").handler(ctx -> f.apply(ctx, "bc-authorize"));
        router.get("/.well-known/jwks.json").handler(ctx -> f.apply(ctx, "jwks"));
        router.post("/oauth/token").handler(ctx -> {
            String grant = SandboxTokenEndpoint.params(ctx).get("grant_type");
            f.apply(ctx, SandboxCiba.GRANT_TYPE.equals(grant) ? "ciba-poll"
                    : SandboxTokenVault.GRANT.equals(grant) ? "token-vault" : "other");
        });
        router.post("/sandbox/auth0/faults").handler(ctx -> {
            try {
                Sandbox.json(ctx, 200, f.add(SandboxTokenVault.body(ctx)));
            } catch (IllegalArgumentException e) {
                Sandbox.error(ctx, 400, "invalid_request", e.getMessage());
            }
        });
        router.get("/sandbox/auth0/faults").handler(ctx -> Sandbox.json(ctx, 200, f.describe()));
        router.delete("/sandbox/auth0/faults").handler(ctx -> {
            f.faults.clear();
            Sandbox.json(ctx, 200, f.describe());
        });
        router.post("/sandbox/auth0/reset").handler(ctx -> {
            f.faults.clear();
            ctx.next(); // the Token Vault's reset answers
        });
    }

    private JsonObject add(JsonObject spec) {
        String on = spec.getString("on", "");
        String kind = spec.getString("kind", "");
        if (!PLACES.contains(on) || !KINDS.contains(kind)) {
            throw new IllegalArgumentException("on must be one of " + PLACES + " and kind one of " + KINDS);
        }
        int status = spec.getInteger("status", 503);
        if (kind.equals("error") && status != 429 && (status < 500 || status > 599)) {
            throw new IllegalArgumentException("status must be 429 or 5xx");
        }
        Fault fault = new Fault(on, kind, status, spec.getLong("millis", 0L),
                new AtomicInteger(spec.getInteger("count", kind.equals("latency") ? -1 : 1)));
        faults.add(fault);
        return fault.describe();
    }

    private void apply(RoutingContext ctx, String place) {
        Optional<Fault> fault = faults.stream().filter(f -> f.take(place)).findFirst();
        if (fault.isEmpty()) {
            ctx.next();
            return;
        }
        Fault f = fault.get();
        switch (f.kind()) {
            case "drop" -> ctx.request().connection().close();
            case "latency" -> ctx.vertx().setTimer(Math.max(1, f.millis()), id -> ctx.next());
            default -> {
                if (f.status() == 429) {
                    ctx.response().putHeader("retry-after", "1");
                    Sandbox.error(ctx, 429, "too_many_requests", "Global limit has been reached");
                } else {
                    Sandbox.error(ctx, f.status(), "server_error", "The service is temporarily unavailable.");
                }
            }
        }
    }

    private JsonObject describe() {
        JsonArray list = new JsonArray();
        faults.forEach(f -> list.add(f.describe()));
        return new JsonObject().put("faults", list);
    }
}

package dev.changeset.sandbox;

import java.util.HashMap;
import java.util.Map;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /oauth/token}: Auth0's one token endpoint, which accepts form or JSON bodies and dispatches on
 * {@code grant_type}. Each sandbox feature registers the grant it emulates (Token Vault's federated connection
 * exchange, CIBA polling).
 */
public final class SandboxTokenEndpoint {

    /** A grant handler receives the request parameters, whatever the body's encoding. */
    public interface Grant {
        void handle(RoutingContext ctx, MultiMap params);
    }

    private final Map<String, Grant> grants = new HashMap<>();

    void mount(Router router) {
        router.post("/oauth/token").handler(this::dispatch);
    }

    public void register(String grantType, Grant grant) {
        grants.put(grantType, grant);
    }

    private void dispatch(RoutingContext ctx) {
        MultiMap params = params(ctx);
        Grant grant = grants.get(params.get("grant_type"));
        if (grant == null) {
            Sandbox.error(ctx, 403, "unsupported_grant_type", "Unsupported grant type: " + params.get("grant_type"));
            return;
        }
        grant.handle(ctx, params);
    }

    /** Form parameters, or the members of a JSON body (Auth0 accepts both). */
    static MultiMap params(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (type != null && type.startsWith("application/json")) {
            MultiMap params = MultiMap.caseInsensitiveMultiMap();
            JsonObject body = ctx.body().length() == 0 ? new JsonObject() : ctx.body().asJsonObject();
            body.forEach(e -> params.add(e.getKey(), e.getValue() instanceof String s ? s : String.valueOf(e.getValue())));
            return params;
        }
        return ctx.request().formAttributes();
    }
}

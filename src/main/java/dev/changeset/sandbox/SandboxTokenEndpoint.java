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
 * exchange, CIBA polling). Without {@code grant_type} the answer is 400 {@code invalid_request}, for a grant type
 * the tenant does not know 400 {@code unsupported_grant_type} (RFC 6749 section 5.2; Auth0's wording,
 * main/docs/oas/authentication/authentication-api-oas.json, {@code POST /oauth/token}, 400 example).
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
        String grantType = params.get("grant_type");
        if (grantType == null || grantType.isBlank()) {
            Sandbox.error(ctx, 400, "invalid_request", "Missing required parameter: grant_type");
            return;
        }
        Grant grant = grants.get(grantType);
        if (grant == null) {
            Sandbox.error(ctx, 400, "unsupported_grant_type", "Grant type not supported: " + grantType);
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

package dev.changeset.sandbox;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;

import dev.changeset.sandbox.Applications.Application;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /oidc/register}: Auth0's open Dynamic Client Registration (main/docs/get-started/applications/
 * dynamic-client-registration.mdx), when the tenant setting is on. Every application it makes is third-party with
 * the enhanced security controls: a {@code tpc_} client id, PKCE required, only {@code authorization_code} and
 * {@code refresh_token} ("Filtered down in response to reflect the ones it will be allowed to use"), no change after
 * registration. {@code redirect_uris} is required, each https or http on localhost ({@link RedirectUris#clientProblem},
 * MCP 2025-11-25 "Communication Security"); {@code token_endpoint_auth_method} is {@code none} (public) or
 * {@code client_secret_post} (the default); the answer carries {@code client_secret} only for the latter and
 * {@code client_secret_expires_at} 0. At most 5 registrations a second per tenant ("Rate limits"), beyond which the
 * answer is Auth0's 429 {@code too_many_requests}.
 *
 * <p>
 * Errors use RFC 7591 section 3.2.2's codes ({@code invalid_redirect_uri}, {@code invalid_client_metadata}), since
 * Auth0 builds DCR on the OpenID Connect registration specification; the status of success is 201 as both
 * specifications require (Auth0's OAS lists it as a "successful response"). With the setting off the sandbox answers
 * 403 {@code access_denied}: Auth0 does not publish that answer.
 */
final class DynamicClientRegistration {

    private static final Set<String> AUTH_METHODS = Set.of("none", "client_secret_post");
    private static final int PER_SECOND = 5;

    private final TenantSettings tenant;
    private final Applications apps;
    private final Deque<Instant> recent = new ArrayDeque<>();

    DynamicClientRegistration(TenantSettings tenant, Applications apps) {
        this.tenant = tenant;
        this.apps = apps;
    }

    void mount(Router router) {
        router.post("/oidc/register").handler(this::register);
    }

    private void register(RoutingContext ctx) {
        if (!tenant.dynamicClientRegistration()) {
            Sandbox.error(ctx, 403, "access_denied", "Dynamic Client Registration is not enabled for this tenant");
            return;
        }
        if (!admitted()) {
            Sandbox.error(ctx, 429, "too_many_requests", "Rate limit exceeded. Please retry after some time.");
            return;
        }
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            body = null;
        }
        if (body == null) {
            Sandbox.error(ctx, 400, "invalid_client_metadata", "The body must be a JSON object of client metadata");
            return;
        }
        Object uris = body.getValue("redirect_uris");
        if (!(uris instanceof JsonArray list) || list.isEmpty()
                || list.stream().anyMatch(u -> !(u instanceof String))) {
            Sandbox.error(ctx, 400, "invalid_redirect_uri", "redirect_uris is required: a non-empty array of URLs");
            return;
        }
        for (Object uri : list) {
            String problem = RedirectUris.clientProblem((String) uri, true);
            if (problem != null) {
                Sandbox.error(ctx, 400, "invalid_redirect_uri", problem);
                return;
            }
        }
        String method = body.getValue("token_endpoint_auth_method", "client_secret_post") instanceof String m ? m : "";
        if (!AUTH_METHODS.contains(method)) {
            Sandbox.error(ctx, 400, "invalid_client_metadata", "token_endpoint_auth_method must be none or"
                    + " client_secret_post");
            return;
        }
        JsonArray responseTypes = body.getValue("response_types") instanceof JsonArray r ? r : new JsonArray(
                List.of("code"));
        if (!responseTypes.equals(new JsonArray(List.of("code")))) {
            Sandbox.error(ctx, 400, "invalid_client_metadata", "response_types may only be [\"code\"]");
            return;
        }
        JsonArray grants = body.getValue("grant_types") instanceof JsonArray g ? g : new JsonArray(
                List.of("authorization_code"));
        List<String> allowed = grants.stream().filter(Applications.USER_GRANTS::contains).map(String::valueOf)
                .distinct().toList();
        if (allowed.isEmpty()) {
            Sandbox.error(ctx, 400, "invalid_client_metadata", "grant_types holds none of authorization_code and"
                    + " refresh_token");
            return;
        }
        String name = body.getValue("client_name") instanceof String n && !n.isBlank() ? n
                : "Dynamically registered application";
        Application app = apps.add(name, false, "none".equals(method) ? "native" : "regular_web", method,
                list.stream().map(String::valueOf).toList(), Set.copyOf(allowed), null);
        JsonObject answer = new JsonObject().put("client_name", app.name()).put("client_id", app.clientId())
                .put("redirect_uris", new JsonArray(app.callbacks())).put("client_secret_expires_at", 0)
                .put("grant_types", new JsonArray(allowed)).put("token_endpoint_auth_method", method);
        if (app.secret() != null) {
            answer.put("client_secret", app.secret());
        }
        Sandbox.json(ctx, 201, answer);
    }

    private synchronized boolean admitted() {
        Instant now = Instant.now();
        while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minusSeconds(1))) {
            recent.pollFirst();
        }
        if (recent.size() >= PER_SECOND) {
            return false;
        }
        recent.addLast(now);
        return true;
    }
}

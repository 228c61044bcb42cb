package dev.changeset.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Makes every 401 carry {@code WWW-Authenticate: Bearer scope="changeset:read", resource_metadata="<metadata URL>"}
 * (RFC 9728 section 5.1; RFC 6750 section 3), with {@code error="invalid_token"} when a token was presented (RFC 6750
 * section 3.1). The scope is the least that lets a client work (it reads; it steps up when a write asks for more):
 * MCP authorization 2025-11-25, "Protected Resource Metadata Discovery Requirements" and "Scope Selection Strategy",
 * https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization. The 403 {@code insufficient_scope}
 * challenge ("Scope Challenge Handling", same page) names the scopes the token already holds plus the one needed,
 * so a client that re-authorizes with exactly that list keeps what it had (read access) and gains the new scope.
 */
@ApplicationScoped
public class BearerChallenge {

    private final ProtectedResource resource;

    BearerChallenge(ProtectedResource resource) {
        this.resource = resource;
    }

    void register(@Observes Filters filters) {
        filters.register(this::addChallengeOn401, 1000);
    }

    private void addChallengeOn401(RoutingContext ctx) {
        ctx.addHeadersEndHandler(v -> {
            if (ctx.response().getStatusCode() == 401) {
                boolean presented = ctx.request().getHeader(HttpHeaders.AUTHORIZATION) != null;
                ctx.response().headers().set("WWW-Authenticate", unauthorized(presented));
            }
        });
        ctx.next();
    }

    /** The challenge for a request without a valid token. */
    public String unauthorized(boolean tokenPresented) {
        return "Bearer " + (tokenPresented ? "error=\"invalid_token\", " : "")
                + "scope=\"" + McpScope.READ.value() + "\", resource_metadata=\"" + resource.metadataUrl() + "\"";
    }

    /**
     * The challenge for a valid token that lacks {@code needed}: the scope list is this server's scopes the token
     * holds plus {@code needed}, in a stable order (RFC 6750 section 3.1 {@code insufficient_scope}).
     */
    public String insufficientScope(Set<String> held, McpScope needed) {
        return "Bearer error=\"insufficient_scope\", scope=\"" + String.join(" ", scopesAfterStepUp(held, needed))
                + "\", resource_metadata=\"" + resource.metadataUrl() + "\", error_description=\"this request needs "
                + "scope " + needed.value() + "\"";
    }

    /** This server's scopes in {@code held}, plus {@code needed}: what a client should ask for on step-up. */
    public static List<String> scopesAfterStepUp(Set<String> held, McpScope needed) {
        List<String> out = new ArrayList<>();
        for (McpScope scope : McpScope.values()) {
            if (scope == needed || held.contains(scope.value())) {
                out.add(scope.value());
            }
        }
        return out;
    }
}

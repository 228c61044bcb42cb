package dev.changeset.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Makes every 401 carry {@code WWW-Authenticate: Bearer resource_metadata="<metadata URL>"} (RFC 9728 section
 * 5.1, MCP authorization), with {@code error="invalid_token"} when a token was presented (RFC 6750 section 3.1).
 * The 403 {@code insufficient_scope} challenge is built in the MCP gate, which knows the missing scope.
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
                + "resource_metadata=\"" + resource.metadataUrl() + "\"";
    }

    /** The challenge for a valid token that lacks {@code scope}. */
    public String insufficientScope(McpScope scope) {
        return "Bearer error=\"insufficient_scope\", scope=\"" + scope.value() + "\", resource_metadata=\""
                + resource.metadataUrl() + "\"";
    }
}

package dev.changeset.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkiverse.mcp.server.JsonRpcErrorCodes;
import io.quarkus.security.AuthenticationException;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Makes every 401 carry {@code WWW-Authenticate: Bearer scope="changeset:read", resource_metadata="<metadata URL>"}
 * (RFC 9728 section 5.1; RFC 6750 section 3), with {@code error="invalid_token"} when a token was presented (RFC 6750
 * section 3.1). The scope is the least that lets a client work (it reads; it steps up when a write asks for more):
 * MCP authorization 2025-11-25, "Protected Resource Metadata Discovery Requirements" and "Scope Selection Strategy",
 * https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization. The 403 {@code insufficient_scope}
 * challenge ("Scope Challenge Handling", same page) names the scopes the token already holds plus the one needed,
 * so a client that re-authorizes with exactly that list keeps what it had (read access) and gains the new scope.
 *
 * <p>
 * The body of the 401 for a refused token is a JSON-RPC error with one message for every cause
 * ({@link #INVALID_TOKEN}): quarkus-mcp-server's own failure route for {@code /mcp} would put the exception's
 * {@code toString()} there ("io.quarkus.security.AuthenticationFailedException"), and the cause (signature,
 * audience, expiry...) is for the server's log, not the caller (RFC 6750 section 3.1 leaves the description
 * optional).
 */
@ApplicationScoped
public class BearerChallenge {

    private final ProtectedResource resource;

    BearerChallenge(ProtectedResource resource) {
        this.resource = resource;
    }

    /** The JSON-RPC error message of the 401 for a presented token that was refused. */
    static final String INVALID_TOKEN = "The access token is invalid or expired: get a new one from the"
            + " authorization server";

    void register(@Observes Filters filters) {
        filters.register(this::addChallengeOn401, 1000);
    }

    /** Before every other failure route: quarkus-mcp-server's has the default order. */
    void routeFailures(@Observes Router router) {
        router.route(ProtectedResource.MCP_PATH).order(Integer.MIN_VALUE).failureHandler(this::tokenRefused);
    }

    private void tokenRefused(RoutingContext ctx) {
        if (!(ctx.failure() instanceof AuthenticationException) || ctx.response().headWritten()) {
            ctx.next();
            return;
        }
        ctx.response().setStatusCode(401);
        if (!ctx.request().isEnded()) {
            ctx.request().resume();
        }
        ctx.request().body().onComplete(read -> {
            JsonObject error = new JsonObject().put("jsonrpc", "2.0").put("id", requestId(read.result()))
                    .put("error", new JsonObject().put("code", JsonRpcErrorCodes.SECURITY_ERROR)
                            .put("message", INVALID_TOKEN));
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(error.toBuffer());
        });
    }

    /** The {@code id} of the JSON-RPC request in {@code body}, or null when there is none to read. */
    private static Object requestId(Buffer body) {
        try {
            return body == null || body.length() == 0 ? null : new JsonObject(body).getValue("id");
        } catch (DecodeException | ClassCastException e) {
            return null;
        }
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

package dev.changeset.mcp;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.changeset.ChangesetConfig;
import dev.changeset.identity.BearerChallenge;
import dev.changeset.identity.Caller;
import dev.changeset.identity.Callers;
import dev.changeset.identity.McpScope;
import dev.changeset.identity.McpSessions;
import dev.changeset.identity.ProtectedResource;
import io.quarkiverse.mcp.server.JsonRpcErrorCodes;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Runs on {@code /mcp} after authentication and before the MCP endpoint: the request's {@code Host} must be
 * one this server answers to; the session id must belong to the caller; a posted message must have the shape
 * {@link JsonRpcFraming} checks (else HTTP 400 with its JSON-RPC error); the JSON-RPC method (for
 * {@code tools/call}, the tool) must be covered by the token's scopes, else HTTP 403 with
 * {@code error="insufficient_scope"} naming the scope. It also records who opened each session and when.
 */
@ApplicationScoped
public class McpAccessGate {

    private static final Logger LOG = Logger.getLogger(McpAccessGate.class);
    static final String SESSION_HEADER = "Mcp-Session-Id";
    /** Higher runs first: before the authentication (200) and authorization (100) handlers. */
    static final int OFF_PATH_PRIORITY = 3000;
    /** A cancel notification's requestId as a string: short, plain (F9 below). */
    private static final java.util.regex.Pattern REQUEST_ID = java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final Callers callers;
    private final McpSessions sessions;
    private final BearerChallenge challenge;
    private final List<String> allowedHosts;
    private final long maxBodyBytes;

    McpAccessGate(Callers callers, McpSessions sessions, BearerChallenge challenge, ProtectedResource resource,
            ChangesetConfig config, @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody) {
        this.callers = callers;
        this.sessions = sessions;
        this.challenge = challenge;
        this.allowedHosts = java.util.stream.Stream.concat(config.identity().allowedHosts().stream(),
                java.util.stream.Stream.of(resource.publicHost()))
                .map(h -> h.toLowerCase(Locale.ROOT)).toList();
        this.maxBodyBytes = maxBody.asLongValue();
    }

    /**
     * Two filters after authentication (priority 200) and authorization (100): the first reads the body of
     * {@code /mcp} requests (the MCP route's own body handler then sees it read and passes), the second checks.
     */
    void install(@Observes Filters filters) {
        // Before authentication (priority 200): any other path under /mcp is no MCP endpoint here, whoever asks.
        filters.register(ctx -> {
            if (offMcpPath(ctx)) {
                LOG.debugf("refused MCP path variant %s", printable(ctx.request().path()));
                reject(ctx, 404, null, JsonRpcErrorCodes.INVALID_REQUEST, "not found: the MCP endpoint is "
                        + ProtectedResource.MCP_PATH + " exactly");
            } else {
                ctx.next();
            }
        }, OFF_PATH_PRIORITY);
        BodyHandler body = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
        filters.register(ctx -> {
            if (onMcpPath(ctx)) {
                body.handle(ctx);
            } else {
                ctx.next();
            }
        }, 20);
        filters.register(ctx -> {
            if (onMcpPath(ctx)) {
                check(ctx);
            } else {
                ctx.next();
            }
        }, 10);
    }

    /**
     * Every path that reaches the MCP extension's routes, in any spelling: the normalised path starting with
     * {@code /mcp} in any case. Every such path other than {@code /mcp} itself was already refused (404,
     * {@link #offMcpPath}); the door still guards by prefix, so dropping or reordering that filter can never let a
     * spelling past the checks below.
     */
    static boolean onMcpPath(RoutingContext ctx) {
        return ctx.normalizedPath().toLowerCase(Locale.ROOT).startsWith(ProtectedResource.MCP_PATH);
    }

    /**
     * True for every path that starts like the MCP endpoint but is not exactly it: the router also sends
     * {@code /mcp/} and {@code /mcp/.} (which normalise to {@code /mcp/}) to the MCP route, and quarkus-mcp-server
     * serves its old HTTP+SSE transport at {@code /mcp/sse} and {@code /mcp/messages/:id} with no switch to turn
     * it off. This server answers Streamable HTTP on {@code /mcp} only; the checks below guard that one path.
     * Compared without case, so a case-insensitive router or proxy in front cannot open another way in.
     */
    static boolean offMcpPath(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        return !ProtectedResource.MCP_PATH.equals(path)
                && path.toLowerCase(Locale.ROOT).startsWith(ProtectedResource.MCP_PATH);
    }

    private void check(RoutingContext ctx) {
        HostAndPort authority = ctx.request().authority(); // Host (HTTP/1.1) or :authority (HTTP/2)
        if (authority == null || !hostAllowed(authority)) {
            reject(ctx, 421, null, JsonRpcErrorCodes.INVALID_REQUEST, "this server does not answer to host '"
                    + (authority == null ? "" : printable(authority.host())) + "'");
            return;
        }
        if (!(ctx.user() instanceof QuarkusHttpUser user) || user.getSecurityIdentity().isAnonymous()) {
            // The HTTP permission on /mcp answers 401 before this runs; this is a second lock.
            ctx.fail(401);
            return;
        }
        Caller caller = callers.of(user.getSecurityIdentity());
        String sessionId = ctx.request().getHeader(SESSION_HEADER);
        // A session id this server does not know for this caller (another's, or expired, evicted, ended by the
        // per-user cap, never issued) is a session that does not exist: 404, as MCP says for a session that is gone
        // (https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#session-management).
        if (sessionId != null && !sessions.ownedBy(sessionId, caller.subject())) {
            if (sessions.ownedByAnother(sessionId, caller.subject())) {
                LOG.warnf("MCP session %s presented by a subject that did not open it", printable(sessionId));
            } else {
                LOG.debugf("unknown MCP session %s", printable(sessionId));
            }
            reject(ctx, 404, null, JsonRpcErrorCodes.INVALID_REQUEST, "no such MCP session");
            return;
        }
        HttpMethod method = ctx.request().method();
        Optional<JsonObject> message = Optional.empty();
        if (HttpMethod.POST.equals(method)) {
            if (!isJson(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
                reject(ctx, 415, null, JsonRpcErrorCodes.INVALID_REQUEST, "Content-Type must be application/json");
                return;
            }
            JsonRpcFraming.Read read = JsonRpcFraming.read(ctx.body().buffer());
            if (read.refusal().isPresent()) {
                JsonRpcFraming.Refusal refusal = read.refusal().get();
                reject(ctx, 400, null, refusal.code(), refusal.message(), refusal.id());
                return;
            }
            message = read.message();
        }
        String rpcMethod = message.map(m -> m.getString("method")).orElse(null);
        McpScope needed = neededScope(rpcMethod, message.orElse(null));
        boolean allowed = needed == null
                ? caller.holds(McpScope.READ) || caller.holds(McpScope.WRITE)
                : caller.holds(needed);
        if (!allowed) {
            McpScope named = needed == null ? McpScope.READ : needed;
            reject(ctx, 403, challenge.insufficientScope(caller.scopes(), named), JsonRpcErrorCodes.SECURITY_ERROR,
                    "insufficient_scope: " + describe(rpcMethod, message.orElse(null)) + " needs scope '"
                            + named.value() + "'",
                    message.map(m -> m.getValue("id")).orElse(null));
            return;
        }
        Optional<String> unsessioned = outsideSession(sessionId, rpcMethod, message.orElse(null));
        if (unsessioned.isPresent()) {
            reject(ctx, 400, null, JsonRpcErrorCodes.INVALID_REQUEST, unsessioned.get());
            return;
        }
        Optional<String> nulls = nullArguments(rpcMethod, message.orElse(null));
        if (nulls.isPresent()) {
            reject(ctx, 200, null, JsonRpcErrorCodes.INVALID_PARAMS, nulls.get(),
                    message.map(m -> m.getValue("id")).orElse(null));
            return;
        }
        if ("initialize".equals(rpcMethod)) {
            ctx.addHeadersEndHandler(v -> {
                String id = ctx.response().headers().get(SESSION_HEADER);
                if (id != null) {
                    sessions.started(id, caller.subject());
                }
            });
        } else if (HttpMethod.DELETE.equals(method) && sessionId != null) {
            ctx.addEndHandler(v -> sessions.ended(sessionId));
        }
        ctx.next();
    }

    /** The scope a JSON-RPC message needs, or null when either MCP scope will do. */
    private static McpScope neededScope(String rpcMethod, JsonObject message) {
        if ("tools/call".equals(rpcMethod)) {
            JsonObject params = message.getValue("params") instanceof JsonObject p ? p : new JsonObject();
            return ToolScopes.required(params.getValue("name") instanceof String name ? name : "");
        }
        if ("resources/read".equals(rpcMethod)) {
            return McpScope.READ;
        }
        return null;
    }

    /**
     * Door review (issue 14) F1 and F9. A POST without {@code Mcp-Session-Id} must be an initialize request: the
     * extension kept a connection for every other message (a JSON-RPC response or error, most of all) that no
     * session records, so none was ever bounded. A {@code notifications/cancelled} must name its request by a JSON
     * number or a short plain string: the extension logs the id of an unknown request verbatim (a megabyte, a line
     * break that forges a log line). Refused with a fixed message that repeats nothing the caller sent.
     */
    static Optional<String> outsideSession(String sessionId, String rpcMethod, JsonObject message) {
        if (message == null) {
            return Optional.empty();
        }
        if (sessionId == null && !"initialize".equals(rpcMethod)) {
            return Optional.of("a message without an Mcp-Session-Id header must be an initialize request");
        }
        if ("notifications/cancelled".equals(rpcMethod)) {
            Object id = message.getValue("params") instanceof JsonObject p ? p.getValue("requestId") : null;
            boolean plain = id instanceof Number || (id instanceof String text && REQUEST_ID.matcher(text).matches());
            if (!plain) {
                return Optional.of("notifications/cancelled: requestId must be a number or a string of at most 64"
                        + " letters, digits and . _ : -");
            }
        }
        return Optional.empty();
    }

    /**
     * A tool argument sent as JSON {@code null} is neither absent nor a value: quarkus-mcp-server 1.13 fails on it
     * with a NullPointerException before any guardrail runs (-32603, "Internal error"). It is refused here as
     * invalid params, naming each such argument; an optional argument is left out to mean "not given".
     */
    static Optional<String> nullArguments(String rpcMethod, JsonObject message) {
        if (!"tools/call".equals(rpcMethod) || !(message.getValue("params") instanceof JsonObject params)
                || !(params.getValue("arguments") instanceof JsonObject arguments)) {
            return Optional.empty();
        }
        List<String> nulls = new java.util.ArrayList<>();
        for (String name : new java.util.TreeSet<>(arguments.fieldNames())) {
            if (arguments.getValue(name) == null) {
                nulls.add("'" + printable(name) + "'");
            }
        }
        if (nulls.isEmpty()) {
            return Optional.empty();
        }
        String tool = params.getValue("name") instanceof String name ? printable(name) : "tools/call";
        return Optional.of(tool + ": argument" + (nulls.size() > 1 ? "s " : " ") + String.join(", ", nulls)
                + (nulls.size() > 1 ? " are" : " is") + " null; leave an optional argument out instead of sending"
                + " null. Nothing was done.");
    }

    private static String describe(String rpcMethod, JsonObject message) {
        if ("tools/call".equals(rpcMethod) && message.getValue("params") instanceof JsonObject p
                && p.getValue("name") instanceof String name) {
            return "tool '" + printable(name) + "'";
        }
        return rpcMethod == null ? "this request" : "method '" + printable(rpcMethod) + "'";
    }

    private static boolean isJson(String contentType) {
        return contentType != null && contentType.split(";", 2)[0].trim().equalsIgnoreCase("application/json");
    }

    private boolean hostAllowed(HostAndPort authority) {
        String host = authority.host().toLowerCase(Locale.ROOT);
        return allowedHosts.contains(host) || (host.contains(":") && allowedHosts.contains("[" + host + "]"));
    }

    private static void reject(RoutingContext ctx, int status, String wwwAuthenticate, int code, String message) {
        reject(ctx, status, wwwAuthenticate, code, message, null);
    }

    private static void reject(RoutingContext ctx, int status, String wwwAuthenticate, int code, String message,
            Object id) {
        if (wwwAuthenticate != null) {
            ctx.response().putHeader("WWW-Authenticate", wwwAuthenticate);
        }
        JsonObject error = new JsonObject().put("jsonrpc", "2.0").put("id", id)
                .put("error", new JsonObject().put("code", code).put("message", message));
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(error.toBuffer());
    }

    private static String printable(String s) {
        if (s == null) {
            return "";
        }
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7E]", "?");
    }
}

package dev.changeset.mcp;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.changeset.identity.ProtectedResource;
import io.quarkiverse.mcp.server.JsonRpcErrorCodes;
import io.quarkus.security.AuthenticationException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * Door review (issue 14) F2: a failed authentication on {@code /mcp} is answered 401 here, before quarkus-mcp-server's
 * own failure handler (1.13, {@code HttpMcpServerRecorder}) sees it. That handler reads the body as a JSON object to
 * echo its integer id: a body that is not one (not JSON, an array, a string id) threw on the event loop, so the
 * request was never answered (the 30 s idle timeout closed it) and each one logged an ERROR with an 80-line stack.
 * The answer names no id (the body of an unauthenticated request is not read) and {@code BearerChallenge} adds the
 * challenge to the 401; the log gets one DEBUG line.
 */
@ApplicationScoped
public class McpAuthFailures {

    private static final Logger LOG = Logger.getLogger(McpAuthFailures.class);
    /** Failure handlers run in route order: this one before the MCP route's (registered with a later order). */
    static final int ORDER = Integer.MIN_VALUE + 1;

    void install(@Observes Router router) {
        router.route(ProtectedResource.MCP_PATH).order(ORDER).failureHandler(ctx -> {
            Throwable failure = ctx.failure();
            if (!(failure instanceof AuthenticationException || failure instanceof UnauthorizedException)
                    || ctx.response().ended()) {
                ctx.next();
                return;
            }
            LOG.debugf("authentication failed on %s: %s", ProtectedResource.MCP_PATH, failure.getClass().getName());
            JsonObject error = new JsonObject().put("jsonrpc", "2.0").putNull("id").put("error", new JsonObject()
                    .put("code", JsonRpcErrorCodes.SECURITY_ERROR).put("message", "unauthorized: a valid bearer"
                            + " token is required"));
            ctx.response().setStatusCode(401).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(error.toBuffer());
        });
    }
}

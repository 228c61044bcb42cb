package dev.changeset.proof;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkiverse.mcp.server.McpServer;
import io.quarkiverse.mcp.server.http.runtime.StreamableHttpMcpMessageHandler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Test only, and only under {@link SecondLockProfile}: the extension's Streamable HTTP handler on a path the door
 * ({@code McpAccessGate}) does not guard, standing for "a route someone missed". Authentication still applies (every
 * path needs a token); the scope check must then hold inside the tools ({@code ToolScopeCheck}).
 */
@ApplicationScoped
public class UngatedMcpRoute {

    static final String PATH = "/test-only/ungated-mcp";

    void install(@Observes Router router, StreamableHttpMcpMessageHandler handler,
            @ConfigProperty(name = "door-test.ungated-route", defaultValue = "false") boolean enabled) {
        if (!enabled) {
            return;
        }
        router.route(PATH).handler(BodyHandler.create()).handler(ctx -> {
            ctx.put("mcp.http.server-name", McpServer.DEFAULT); // HttpMcpServerRecorder.CONTEXT_KEY (package-private)
            handler.handle(ctx);
        });
    }
}

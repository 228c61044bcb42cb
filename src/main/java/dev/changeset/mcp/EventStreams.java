package dev.changeset.mcp;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;

/**
 * The {@code GET /mcp} event streams this instance holds open, ended when shutdown starts. Quarkus' graceful
 * shutdown waits for every request in flight (up to {@code quarkus.shutdown.timeout}), and a client's event stream
 * never ends by itself: measured here, one open stream kept a stopping instance alive for the whole timeout. Ended
 * streams are reopened by their clients, and through the Ingress they reach another pod, which does not know the
 * session (404): the client starts a new one. Tool calls in flight are let finish (their waits end at once too,
 * see {@code ChangesetWatch}); pending approvals are rows that the other replicas' pollers serve.
 */
@ApplicationScoped
class EventStreams {

    private static final Logger LOG = Logger.getLogger(EventStreams.class);

    private record Open(HttpServerResponse response, Context context) {
    }

    private final Set<Open> open = ConcurrentHashMap.newKeySet();

    /** After the access gate (priority 10): only streams the gate let through are tracked. */
    void install(@Observes Filters filters) {
        filters.register(ctx -> {
            if (ctx.request().method() == HttpMethod.GET && McpAccessGate.onMcpPath(ctx)) {
                Open stream = new Open(ctx.response(), Vertx.currentContext());
                open.add(stream);
                ctx.addEndHandler(done -> open.remove(stream));
            }
            ctx.next();
        }, 5);
    }

    void endAll(@Observes ShutdownDelayInitiatedEvent event) {
        LOG.infof("shutting down: ending %d open MCP event stream(s); their clients reconnect elsewhere", open.size());
        for (Open stream : open) {
            stream.context().runOnContext(v -> {
                if (!stream.response().ended() && !stream.response().closed()) {
                    stream.response().end();
                }
            });
        }
    }

    int openStreams() {
        return open.size();
    }
}

package dev.changeset.mcp;

import java.util.function.Supplier;

import org.jboss.logging.Logger;

import dev.changeset.pipeline.PersistenceException;
import dev.changeset.pipeline.UserActionable;
import dev.changeset.policy.PolicyUnavailableException;
import io.quarkiverse.mcp.server.ToolCallException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * What the assistant is told when a step refuses or fails: for a {@link UserActionable} refusal, the pipeline's own
 * message, which names what to do (fix an operation, connect Google, preview again). Unknown failures report no success and point to get_changeset (they
 * may strike after the sheet was written), and are logged.
 */
final class ToolErrors {

    private static final Logger LOG = Logger.getLogger(ToolErrors.class);

    private ToolErrors() {
    }

    /** Runs a step; whatever it throws becomes the tool error {@link #of} says. */
    static <T> T call(Supplier<T> step) {
        try {
            return step.get();
        } catch (RuntimeException e) {
            throw of(e);
        }
    }

    /** As {@link #call}, on a worker thread (pipeline steps block). */
    static <T> Uni<T> blocking(Supplier<T> step) {
        return Uni.createFrom().item(() -> call(step)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    static ToolCallException of(RuntimeException e) {
        if (e instanceof ToolCallException t) {
            return t;
        }
        if (e instanceof UserActionable) { // its message says what to do
            return new ToolCallException(e.getMessage());
        }
        if (e instanceof PolicyUnavailableException) {
            return new ToolCallException("The policy could not decide (" + e.getMessage() + "): nothing was stored"
                    + " and nothing will be written.");
        }
        if (e instanceof PersistenceException) {
            LOG.error("a database step failed", e);
            return new ToolCallException("The server could not store or read the changeset (" + e.getMessage()
                    + "); no success is reported. Try again in a moment.");
        }
        LOG.error("a tool call failed unexpectedly", e);
        return new ToolCallException("The server failed (" + e.getClass().getSimpleName()
                + "); no success is reported. Call get_changeset to see where the changeset stands before trying"
                + " again.");
    }
}

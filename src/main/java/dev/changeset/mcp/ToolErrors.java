package dev.changeset.mcp;

import org.jboss.logging.Logger;

import dev.changeset.approval.PushLimitReached;
import dev.changeset.catalog.CatalogException;
import dev.changeset.pipeline.ChangesetConflictException;
import dev.changeset.pipeline.ChangesetNotFoundException;
import dev.changeset.pipeline.InvalidChangesetException;
import dev.changeset.pipeline.PersistenceException;
import dev.changeset.policy.PolicyUnavailableException;
import dev.changeset.vault.TokenVaultException;
import io.quarkiverse.mcp.server.ToolCallException;

/**
 * What the assistant is told when a step refuses or fails: the step's own message, which names what to do (fix an
 * operation, connect Google, preview again). Unknown failures report no success and point to get_changeset (they
 * may strike after the sheet was written), and are logged.
 */
final class ToolErrors {

    private static final Logger LOG = Logger.getLogger(ToolErrors.class);

    private ToolErrors() {
    }

    static ToolCallException of(RuntimeException e) {
        if (e instanceof ToolCallException t) {
            return t;
        }
        if (e instanceof InvalidChangesetException || e instanceof TokenVaultException || e instanceof PushLimitReached
                || e instanceof CatalogException || e instanceof ChangesetNotFoundException
                || e instanceof ChangesetConflictException) {
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

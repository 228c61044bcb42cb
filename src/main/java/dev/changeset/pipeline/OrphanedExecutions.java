package dev.changeset.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * Makes changesets left EXECUTING by a stopped process visible at start-up, without anyone calling: one log line
 * each, naming the changeset, its owner (an id, never a token) and since when it waits.
 * <p>
 * It does not reconcile them itself, and cannot: deciding from the sheet needs a Google token, and a Google token
 * needs a Token Vault exchange with a subject token of the owner's (their own access token, or the one their
 * approval returned). Neither is kept across a restart (tokens are never stored), so no read and no write can
 * happen without the owner. Their next get_changeset or apply_changeset reconciles the changeset with their token,
 * once the execution lease is over (see {@link Reconciliation}); get_changeset only reads, so a changeset the sheet
 * shows unwritten waits for apply_changeset, the one call that may write it (docs/architecture.md, states).
 */
@ApplicationScoped
class OrphanedExecutions {

    private static final Logger LOG = Logger.getLogger(OrphanedExecutions.class);
    private static final int SHOWN = 100;

    private final ChangesetStore store;
    private final PipelineConfig config;

    OrphanedExecutions(ChangesetStore store, PipelineConfig config) {
        this.store = store;
        this.config = config;
    }

    void atStart(@Observes StartupEvent event) {
        List<String> ids;
        try {
            ids = store.idsIn(ChangesetState.EXECUTING, SHOWN + 1);
        } catch (PersistenceException e) {
            LOG.warnf("could not look for changesets left EXECUTING: %s", e.getMessage());
            return;
        }
        if (ids.isEmpty()) {
            return;
        }
        LOG.warnf("%s changeset(s) were left EXECUTING by a stopped process; each waits for its owner's next"
                + " get_changeset or apply_changeset, which reconciles it from the sheet (a write, if one is still due, only"
                + " under apply_changeset with the owner's token)", ids.size() > SHOWN ? "More than " + SHOWN : String.valueOf(ids.size()));
        ids.stream().limit(SHOWN).map(store::find).flatMap(Optional::stream).forEach(this::log);
    }

    private void log(Changeset c) {
        Duration waiting = Duration.between(c.updatedAt(), Instant.now());
        Instant from = c.updatedAt().plus(config.executionLease());
        LOG.warnf("changeset %s (%s) of %s: EXECUTING since %s (%d s), %d operation(s); reconciled on its owner's"
                + " next call from %s", c.id(), c.code(), c.subject(), c.updatedAt(), waiting.toSeconds(),
                c.operations().size(), from);
    }
}

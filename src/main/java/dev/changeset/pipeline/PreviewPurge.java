package dev.changeset.pipeline;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/**
 * Deletes previews that expired at least one preview validity ago (door review F7, issue 14: a preview needs only
 * changeset:read, may hold 500 operations, and was kept for ever: 20 of them added 8.3 MB). Such a changeset was never
 * applied: nothing was written, no approval was asked, no receipt names it. The grace of one more validity lets an
 * apply_changeset that read it just before its expiry end it EXPIRED as usual. Applied, cancelled and ended
 * changesets are never touched. Runs every {@code changeset.pipeline.preview-purge-interval}, one replica or many
 * (a DELETE twice is harmless).
 */
@ApplicationScoped
public class PreviewPurge {

    private static final Logger LOG = Logger.getLogger(PreviewPurge.class);

    private final ChangesetStore store;
    private final PipelineConfig config;

    PreviewPurge(ChangesetStore store, PipelineConfig config) {
        this.store = store;
        this.config = config;
    }

    @Scheduled(every = "${changeset.pipeline.preview-purge-interval:5M}", delayed = "1M",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        purge();
    }

    /** Deletes every preview that expired before now minus one preview validity; how many were deleted. */
    public int purge() {
        int deleted = store.purgePreviewsExpiredBefore(Instant.now().minus(config.previewValidity()));
        if (deleted > 0) {
            LOG.infof("%d expired preview(s) deleted", deleted);
        }
        return deleted;
    }
}

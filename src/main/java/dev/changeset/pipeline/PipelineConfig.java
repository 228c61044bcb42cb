package dev.changeset.pipeline;

import java.math.BigDecimal;
import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits on what a changeset may hold, and how long a preview stays applicable. */
@ConfigMapping(prefix = "changeset.pipeline")
public interface PipelineConfig {

    /** The most operations one changeset may hold. */
    @WithDefault("500")
    int maxOperations();

    /** Prices must stay below this (a typo guard: 19999 instead of 199.99). */
    @WithDefault("100000")
    BigDecimal priceCeiling();

    /** The most units one stock level may hold. */
    @WithDefault("10000000")
    long inventoryCeiling();

    /** SKUs must match this; it keeps control characters and look-alike letters out of lookups and messages. */
    @WithDefault("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
    String skuPattern();

    /** The longest note an assistant may attach to a changeset. */
    @WithDefault("500")
    int maxNoteLength();

    /** How long a previewed changeset may still be applied; after that it must be previewed again. */
    @WithDefault("30M")
    Duration previewValidity();

    /**
     * The most previews one user may hold open (PREVIEWED, not yet expired); one more is refused, nothing stored.
     * A preview needs only changeset:read and may hold 500 operations (door review F7, issue 14).
     */
    @WithDefault("20")
    int maxOpenPreviews();

    /**
     * How often previews that expired at least a preview validity ago are deleted (never applied: nothing was written,
     * no approval asked, no receipt made). PreviewPurge.
     */
    @WithDefault("5M")
    Duration previewPurgeInterval();

    /** How often waiters re-read the states of watched changesets (another replica may have moved them). */
    @WithDefault("1S")
    Duration watchRecheck();

    /**
     * When the process holding an approval's token is gone (restart, another replica), an APPROVED changeset runs
     * with the caller's own token on their next apply_changeset. Off: such a changeset waits until it expires.
     */
    @WithDefault("true")
    boolean callerTokenFallback();

    /**
     * A changeset EXECUTING for longer than this has lost its process (crash, kill): its owner's next call
     * reconciles it from the sheet.
     */
    @WithDefault("60S")
    Duration executionLease();

    /**
     * How long an execution waits for another one to finish writing the catalog (they take turns, see
     * CatalogWriteLock); after that it ends FAILED with nothing written. Keep it below the execution lease.
     */
    @WithDefault("30S")
    Duration writeLockWait();

    /** How long an approval stays good for writing, when a stopped execution must write again. */
    @WithDefault("1H")
    Duration approvalValidity();

    /**
     * A write that got no answer (timeout, dropped connection, 5xx) and whose read-back finds nothing written is read
     * back once more after this long before its receipt says so: Google may still be applying it. About the catalog
     * client's read timeout.
     */
    @WithDefault("20S")
    Duration unknownWriteSettle();

    /** Test hook only: hold an execution this long between its write and its read-back (crash tests). */
    @WithDefault("0S")
    Duration pauseAfterWrite();
}

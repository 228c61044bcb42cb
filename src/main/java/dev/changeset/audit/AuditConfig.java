package dev.changeset.audit;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the receipt log. */
@ConfigMapping(prefix = "changeset.audit")
public interface AuditConfig {

    /**
     * Deadline of one append: waiting for the chain head's row lock plus the insert. Past it the append fails
     * (and the caller must not report success).
     */
    @WithDefault("10S")
    Duration appendTimeout();

    /**
     * Auth0 subjects who may read every receipt (auditors). Everyone else reads the receipts they are the subject
     * of, or approved.
     */
    Optional<List<String>> auditors();

    /** The largest page {@code list_receipts} returns. */
    @WithDefault("100")
    int maxPage();
}
